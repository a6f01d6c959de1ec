"""Near-duplicates: fingerprints, the copy test, grouping in the store, comparing two copies."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.cli.compare import format_comparison
from indexer.enrich import duplicates as dup, fingerprint_text as text_words
from indexer.enrich.bates import find_bates
from indexer.enrich.grouping import group_documents
from indexer.errors import UnknownDocumentError
from indexer.extractors import extractor_for
from indexer.model.document import Document, Page
from indexer.reading.compare import compare
from indexer.store import database as store_module
from indexer.store.database import Store
from indexer.store.duplicates import (
    duplicates_for,
    duplicates_of,
    groups_for,
    unsigned_documents,
    update_duplicates,
)

CORPUS_PDF = Path(__file__).resolve().parents[2] / "corpus" / "pdf"

EMAIL = """\
From: Penney, Marc
Sent: Tuesday, May 11, 2010 9:14 AM
To: Rodriguez, Alma; Chen, David
Cc: Walker, Thomas
Subject: RE: Arlington County request to opt out of Secure Communities

Alma, thanks for the call this morning. As we discussed, the county board voted last week to
ask whether it can decline to take part in Secure Communities once the state signs the
memorandum of agreement. Our position has not changed: the fingerprints that the sheriff
submits at booking go to the FBI under the existing agreement with the state identification
bureau, and the FBI shares them with DHS under the interoperability arrangement. The county
cannot withdraw from that exchange by itself. Please make sure the field office director has
the talking points before the meeting with the board chair on Thursday. David will send the
revised fact sheet to the deputy sheriff, Laura Mendez, this afternoon, and Thomas will call
the state bureau chief to confirm the deployment date for the remaining jurisdictions.
If the board asks for a written answer, route the draft through the Office of the Principal
Legal Advisor before anything goes out. We should also expect a records request from the
advocacy groups that attended the last hearing, so keep every exchange on this subject in
the shared folder rather than in personal mail. Call me at the office if anything changes.
"""
SECOND_PAGE = """\
-----Original Message-----
From: Rodriguez, Alma
Sent: Monday, May 10, 2010 4:52 PM
To: Penney, Marc
Subject: Arlington County request to opt out of Secure Communities

Marc, the Arlington board chair called the field office this afternoon to say that the board
will vote on a resolution asking to leave the program. She asked whether the county can stop
the fingerprint sharing at the jail and whether the sheriff has any say in it. I told her we
would get back to her after we talk with headquarters. The deputy sheriff also asked for a
copy of the standard operating procedures and the letter the state signed in January, and
wants to know how many detainers were lodged at the county jail since activation last fall.
"""
LETTER = """\
Dear Sheriff {sheriff}:

Thank you for your letter about the participation of the {county} County Sheriff's Office in
the 287(g) program. The {county} County Sheriff's Office has been approved for the Task Force
Model. Officers of the {county} County Sheriff's Office who complete the four week training at
the academy will be authorized to interview, arrest and process aliens under the supervision of
the Field Office Director. The {county} County detention center will hold detainees for up to
forty eight hours. Please return the signed agreement to the {city} field office, where the
liaison officer, {liaison}, will schedule the training for your officers and review the
reporting requirements with the {county} County jail administrator. We look forward to working
with you and with the people of {county} County on this partnership.
"""
LETTER_A = LETTER.format(sheriff="Hollis", county="Owyhee", city="Boise", liaison="Dana Whitfield")
LETTER_B = LETTER.format(
    sheriff="Barnett", county="Lawrence", city="Atlanta", liaison="Carl Ostrander"
)
UNRELATED = """\
The detention standards review covered medical intake, access to counsel and the handling of
grievances at the three contract facilities inspected in the second quarter. Inspectors found
that intake screening was completed within twelve hours for most detainees, but that the
records of two facilities did not show when the tuberculosis test was read. Grievance logs were
kept on paper at one facility and were incomplete for the month of March.
"""
SLIP_SHEET = "Page withheld in full pursuant to FOIA Exemptions (b)(6), (b)(7)(C)."


def hide(text: str, *phrases: str, label: str = "(b)(6)") -> str:
    """`text` with each phrase replaced by an exemption label, as a redacting office prints it."""
    for phrase in phrases:
        text = text.replace(phrase, label)
    return text


def stamped(text: str, stamp: str) -> str:
    return f"{text}\n{stamp}\n"


def misread(text: str, every: int = 40) -> str:
    """Every `every`-th word misread the way OCR misreads it (rn/m, l/1, a letter lost)."""
    words = text.split(" ")
    for index in range(0, len(words), every):
        word = words[index]
        words[index] = word.replace("m", "rn", 1) if "m" in word else word.replace("l", "1", 1)
    return " ".join(words)


# -- fingerprints ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["(b)(6)", "(b) (6)", "(b)(7)(C)", "(b) (7) (c)", "b7c", "b6", "█████", "[REDACTED]", "■■"],
)
def test_a_redaction_in_any_printed_form_cuts_the_words(label: str) -> None:
    assert text_words.page_words(f"sent by {label} to the office") == [
        ["sent", "by"],
        ["to", "the", "office"],
    ]


def test_visa_classes_and_plain_words_do_not_cut() -> None:
    assert text_words.page_words("a B1/B2 visa holder, bob") == [
        ["a", "b1b2", "visa", "holder", "bob"]
    ]


def test_words_are_folded_as_the_index_folds_them() -> None:
    assert text_words.page_words("Peña SAID “yes”") == [["pena", "said", "yes"]]


@pytest.mark.parametrize(
    ("printed", "stamp"),
    [
        ("ICE FOIA 10-2674.0007281", "ICE FOIA 10-2674.0007281"),
        ("ICE FOIA 10-2674 000 7281", "ICE FOIA 10-2674.0007281"),  # OCR: lost dot, split
        ("DHS-ICE-000345", "DHS-ICE-000345"),
    ],
)
def test_the_bates_stamp_is_left_out(printed: str, stamp: str) -> None:
    words = text_words.page_words(f"the field office replied\n{printed}\n", stamp)
    assert words == [["the", "field", "office", "replied"]]
    found = text_words.document_words([f"the field office replied\n{printed}\n"])
    assert found == [[["the", "field", "office", "replied"]]]


def test_copies_differing_in_stamps_and_redactions_share_their_remaining_shingles() -> None:
    first = text_words.document_words([stamped(EMAIL, "ICE FOIA 10-2674.0007281")])
    second = text_words.document_words([stamped(hide(EMAIL, "Laura Mendez"), "DHS-ICE-000345")])
    assert dup.document_shingles(second) < dup.document_shingles(first)  # it gained none


def test_the_signature_is_stable_across_runs_and_machines() -> None:
    # Stored signatures stay valid only while the hash family is the same: keyed BLAKE2b.
    signature = dup.signature(text_words.document_words([EMAIL]))
    assert signature is not None and len(signature) == dup.SIGNATURE_SIZE
    assert signature[:4] == (2624881582, 4265413117, 1610977356, 3251508891)
    assert dup.unpack(dup.pack(signature)) == signature


def test_too_little_text_has_no_signature() -> None:
    assert dup.signature(text_words.document_words([SLIP_SHEET])) is None
    assert dup.signature(text_words.document_words([""])) is None


def test_the_estimate_follows_the_exact_jaccard_index() -> None:
    rng = random.Random(3)
    vocabulary = [f"word{n}" for n in range(400)]
    base = rng.choices(vocabulary, k=900)
    for changed in (0, 90, 250, 500, 900):
        other = list(base)
        for index in rng.sample(range(len(base)), changed):
            other[index] = rng.choice(vocabulary)
        first, second = dup.shingles([base]), dup.shingles([other])
        signature_a, signature_b = dup.minhash(first), dup.minhash(second)
        assert signature_a is not None and signature_b is not None
        exact = dup.jaccard(first, second)
        # 128 bins: standard error at most 0.045; allow three of them.
        assert abs(dup.estimate(signature_a, signature_b) - exact) <= 0.135


def test_identical_signatures_share_every_band_and_buckets_fit_sqlite() -> None:
    signature = dup.signature(text_words.document_words([EMAIL]))
    assert signature is not None
    keys = dup.band_keys(signature)
    assert len(keys) == dup.BANDS and keys == dup.band_keys(tuple(signature))
    assert all(0 <= bucket < 2**63 for _, bucket in keys)


# -- the copy test ---------------------------------------------------------------------------


def _words(*texts: str) -> list[dup.Runs]:
    return text_words.document_words(list(texts))


def test_copies_with_different_redactions_are_one_record() -> None:
    first = _words(hide(EMAIL, "Laura Mendez", "Walker, Thomas"), SECOND_PAGE)
    second = _words(
        hide(EMAIL, "Penney, Marc", "Rodriguez, Alma; Chen, David", label="(b)(6), (b)(7)(C)"),
        hide(SECOND_PAGE, "Arlington board chair", label="(b)(7)(C)"),
    )
    assert dup.is_same_record(first, second)


def test_an_ocr_reading_of_a_page_is_the_same_record() -> None:
    assert dup.is_same_record(_words(EMAIL), _words(misread(EMAIL)))


def test_one_template_filled_in_for_two_counties_is_two_records() -> None:
    first, second = _words(LETTER_A), _words(LETTER_B)
    # Shingle similarity alone would call them copies ...
    assert dup.jaccard(dup.document_shingles(first), dup.document_shingles(second)) > 0.45
    # ... the words that differ are different words, not redactions or misreadings.
    assert dup.substitution_share(first, second) > 3 * dup.MAX_SUBSTITUTION_SHARE
    assert not dup.is_same_record(first, second)


def test_group_documents_joins_copies_and_nothing_else() -> None:
    documents = [
        ("original", [stamped(EMAIL, "ICE FOIA 10-2674.0007281"), SECOND_PAGE]),
        ("letter-a", [LETTER_A]),
        ("slip-1", [SLIP_SHEET]),
        ("redacted", [hide(EMAIL, "Laura Mendez"), hide(SECOND_PAGE, "Marc")]),
        ("letter-b", [LETTER_B]),
        ("slip-2", [SLIP_SHEET]),
        ("re-released", ["RELEASED 2012\n" + stamped(EMAIL, "DHS-ICE-000345"), SECOND_PAGE]),
        ("unrelated", [UNRELATED * 2]),
    ]
    assert group_documents(documents) == [
        ["original", "redacted", "re-released"],
        ["letter-a"],
        ["slip-1"],
        ["letter-b"],
        ["slip-2"],
        ["unrelated"],
    ]


def _corpus_pdf(name: str) -> list[str]:
    path = CORPUS_PDF / name
    if not path.is_file():
        pytest.skip(f"corpus/pdf/{name} is not present")
    return [page.text for page in extractor_for(path).extract(path).pages]


def test_two_real_287g_agreements_from_one_ice_template_stay_apart() -> None:
    owyhee = text_words.document_words(_corpus_pdf("OwyheeCoID_TFM_MOA_03.07.25.pdf"))
    lawrence = text_words.document_words(
        _corpus_pdf("LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf")
    )
    finney = text_words.document_words(_corpus_pdf("287gWSO_FinneyCoKs2020-03-17.pdf"))
    # Measured: 0.854 (same Task Force Model template, 2025), 0.200 (another model, 2020).
    similarity = dup.jaccard(dup.document_shingles(owyhee), dup.document_shingles(lawrence))
    assert similarity > 0.8
    assert dup.jaccard(dup.document_shingles(owyhee), dup.document_shingles(finney)) < 0.3
    assert not dup.is_same_record(owyhee, lawrence)
    assert not dup.is_same_record(owyhee, finney)


def test_a_real_agreement_released_again_with_redactions_is_one_record() -> None:
    pages = _corpus_pdf("OwyheeCoID_TFM_MOA_03.07.25.pdf")
    rng = random.Random(7)

    def redact(text: str) -> str:
        words = text.split(" ")
        for index in rng.sample(range(len(words)), len(words) // 30):
            words[index] = "(b)(6)"
        return " ".join(words)

    first = text_words.document_words([redact(page) for page in pages])
    second = text_words.document_words([redact(page) for page in pages])
    assert dup.is_same_record(first, second)


# -- grouping in the store -------------------------------------------------------------------


def save(store: Store, doc_id: str, texts: list[str]) -> None:
    """Store a document as ingest does (extraction cache, then the enriched document)."""
    sha = hashlib.sha256(("\f".join(texts) + doc_id).encode()).hexdigest()
    pages = tuple(
        Page(page=n, text=text, bates=find_bates(text)) for n, text in enumerate(texts, start=1)
    )
    doc = Document(doc_id, sha, f"/records/{doc_id}.pdf", "pdf", doc_id, pages)
    store.save_extraction(sha, doc)
    store.save_document(doc, 100, {})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "home")
    yield opened  # type: ignore[misc]
    opened.close()


def test_copies_are_grouped_under_the_earliest_ingested(store: Store) -> None:
    save(store, "zz-original", [EMAIL, SECOND_PAGE])
    save(store, "letter-a", [LETTER_A])
    save(store, "aa-redacted", [hide(EMAIL, "Laura Mendez"), SECOND_PAGE])
    save(store, "letter-b", [LETTER_B])
    assert update_duplicates(store, ["zz-original", "letter-a", "aa-redacted", "letter-b"]) == 2
    assert groups_for(store, ["aa-redacted", "zz-original", "letter-a", "unknown"]) == {
        "aa-redacted": "zz-original",
        "zz-original": "zz-original",
        "letter-a": "letter-a",
        "unknown": "unknown",
    }
    assert duplicates_of(store, "zz-original") == ["aa-redacted"]
    assert duplicates_of(store, "aa-redacted") == ["zz-original"]
    assert duplicates_of(store, "letter-a") == []


def test_a_later_copy_joins_the_existing_group(store: Store) -> None:
    save(store, "original", [EMAIL, SECOND_PAGE])
    save(store, "unrelated", [UNRELATED * 2])
    assert update_duplicates(store, ["original", "unrelated"]) == 0
    save(store, "copy-2", [hide(EMAIL, "Penney, Marc"), SECOND_PAGE])
    save(store, "copy-3", [misread(EMAIL), hide(SECOND_PAGE, "Marc")])
    assert update_duplicates(store, ["copy-2"]) == 1
    assert update_duplicates(store, ["copy-3"]) == 1
    assert duplicates_for(store, ["copy-3", "unrelated"]) == {
        "copy-3": ["original", "copy-2"],
        "unrelated": [],
    }


def test_a_document_whose_text_changed_leaves_its_group(store: Store) -> None:
    save(store, "original", [EMAIL])
    save(store, "copy", [hide(EMAIL, "Laura Mendez")])
    update_duplicates(store, ["original", "copy"])
    assert duplicates_of(store, "original") == ["copy"]
    save(store, "copy", [UNRELATED * 2])  # re-extracted: another file at the same path
    assert update_duplicates(store, ["copy"]) == 0
    assert duplicates_of(store, "original") == []


def test_a_group_that_lost_its_representative_is_rebuilt(store: Store) -> None:
    for doc_id in ("first", "second", "third"):
        save(store, doc_id, [hide(EMAIL, "Laura Mendez") if doc_id == "third" else EMAIL])
    update_duplicates(store, ["first", "second", "third"])
    assert groups_for(store, ["third"]) == {"third": "first"}
    store.delete_document("first")  # removed by `foia ingest --prune`
    update_duplicates(store, [])
    assert groups_for(store, ["second", "third"]) == {"second": "second", "third": "second"}
    rows = store.query("SELECT count(*) FROM signature_buckets WHERE doc_id = 'first'")
    assert rows[0][0] == 0


def test_slip_sheets_are_never_copies_of_each_other(store: Store) -> None:
    save(store, "slip-1", [SLIP_SHEET])
    save(store, "slip-2", [SLIP_SHEET])
    assert update_duplicates(store, ["slip-1", "slip-2"]) == 0
    assert duplicates_of(store, "slip-1") == []


def test_the_tables_come_with_the_store_migrations(tmp_path: Path) -> None:
    opened = Store(tmp_path / "home")
    try:
        assert opened.query("PRAGMA user_version")[0][0] == len(store_module.MIGRATIONS)
        save(opened, "original", [EMAIL])
        save(opened, "copy", [hide(EMAIL, "Laura Mendez")])
        assert update_duplicates(opened, ["original", "copy"]) == 2
    finally:
        opened.close()


def test_documents_signed_before_are_not_listed_as_unsigned(store: Store) -> None:
    save(store, "old", [EMAIL])
    save(store, "new", [UNRELATED])
    assert unsigned_documents(store) == ["old", "new"]
    update_duplicates(store, ["old", "missing-doc"])
    assert unsigned_documents(store) == ["new"]


# -- comparing two copies --------------------------------------------------------------------


def _two_copies(store: Store) -> None:
    save(
        store,
        "release-1",
        [
            stamped(hide(EMAIL, "Laura Mendez"), "ICE FOIA 10-2674.0007281"),
            stamped(SLIP_SHEET, "ICE FOIA 10-2674.0007282"),
            stamped(SECOND_PAGE, "ICE FOIA 10-2674.0007283"),
        ],
    )
    save(
        store,
        "release-2",
        [
            stamped(hide(EMAIL, "Penney, Marc", label="(b)(7)(C)"), "DHS-ICE-000345"),
            stamped(SECOND_PAGE, "DHS-ICE-000346"),
        ],
    )


def test_compare_shows_what_each_copy_redacted(store: Store) -> None:
    _two_copies(store)
    pages = compare(store, "release-1", "release-2")
    assert [(p.page_a, p.page_b) for p in pages] == [(1, 1), (2, None), (3, 2)]
    first = pages[0]
    assert (first.bates_a, first.bates_b) == ("ICE FOIA 10-2674.0007281", "DHS-ICE-000345")
    assert [span.text for span in first.redacted_in("a")] == ["Laura Mendez,"]
    assert [span.labels for span in first.redacted_in("a")] == [("b6",)]
    assert [span.text for span in first.redacted_in("b")] == ["Penney, Marc"]
    assert [span.labels for span in first.redacted_in("b")] == [("b7c",)]
    assert first.similarity > 0.8
    assert "Withheld" not in json.dumps(first.to_json())
    assert pages[1].spans[0].kind == "only_a" and "withheld" in pages[1].spans[0].text
    assert pages[2].is_identical  # only the Bates stamps differ, and they are left out


def test_compare_of_an_unknown_document_says_so(store: Store) -> None:
    _two_copies(store)
    with pytest.raises(UnknownDocumentError, match="no document nope"):
        compare(store, "release-1", "nope")


def test_foia_compare_prints_the_differences(tmp_path: Path) -> None:
    home = tmp_path / "home"
    opened = Store(home)
    _two_copies(opened)
    opened.close()
    runner = CliRunner()
    result = runner.invoke(main, ["--home", str(home), "compare", "release-1", "release-2"])
    assert result.exit_code == 0, result.output
    assert "redacted in A (b6): Laura Mendez," in result.output
    assert "redacted in B (b7c): Penney, Marc" in result.output
    assert "(b)(7)(C)" not in result.output.split("p. 2")[0]  # the label is not listed apart
    assert "p. 2 (ICE FOIA 10-2674.0007282) ~ -" in result.output
    assert "1 page pairs identical" in result.output
    result = runner.invoke(
        main, ["--home", str(home), "compare", "release-1", "release-2", "--json"]
    )
    data = json.loads(result.output)
    assert [page["page_b"] for page in data["pages"]] == [1, None, 2]
    assert data["pages"][2]["identical"] is True
    missing = runner.invoke(main, ["--home", str(home), "compare", "release-1", "gone"])
    assert missing.exit_code == 1 and "no document gone" in missing.output


def test_format_comparison_of_identical_copies_is_one_line_of_summary() -> None:
    text = format_comparison("a", "b", [])
    assert re.fullmatch(r"A = a, B = b\n\n0 page pairs identical apart from Bates numbers", text)


def test_ingest_workers_sign_documents_as_the_store_would(tmp_path: Path) -> None:
    """Signatures are computed in the extraction workers; they must be the ones computed
    again from the stored pages, so copies found by a later ingest join the same groups."""
    from indexer.store.duplicates import document_signature
    from tests.conftest import Home, write_docs

    folder = write_docs(
        tmp_path / "records",
        {
            "original.txt": EMAIL + "\f" + SECOND_PAGE,
            "redacted.txt": hide(EMAIL, "Laura Mendez") + "\f" + SECOND_PAGE,
            "letter.txt": LETTER_A,
        },
    )
    home = Home(tmp_path / "home")
    try:
        report = home.ingest(folder)
        assert report.added == 3
        rows = home.store.query("SELECT doc_id, signature FROM doc_signatures")
        assert len(rows) == 3
        for doc_id, packed in rows:
            doc = home.store.load_document(doc_id)
            assert doc is not None
            assert dup.unpack(packed) == document_signature(doc.pages)
        by_path = {
            Path(row[1]).name: row[0]
            for row in home.store.query("SELECT doc_id, path FROM documents")
        }
        assert duplicates_of(home.store, by_path["redacted.txt"]) == [by_path["original.txt"]]
        assert duplicates_of(home.store, by_path["letter.txt"]) == []
    finally:
        home.close()

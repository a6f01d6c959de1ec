"""The near-duplicate fingerprint's words read off the terms the engine's analysis computed
(an ingest worker of a tantivy home) are the words it reads tokenizing each piece itself."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given, settings, strategies as st

from indexer.engines.tantivy.engine import TantivyEngine
from indexer.enrich.fingerprint_text import REDACTION, page_words, redaction_spans, runs_of_terms
from indexer.ingest.tasks import prepare_file
from indexer.ingest.walk import sha256_of, walk
from indexer.store.duplicates import document_signature
from indexer.text.shared_terms import MAX_REMEMBERED_TERMS, shared_terms, sharing_terms

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# Fragments that touch every rule at a cut: redactions in each printed form, stamps of other
# agencies, citations that look like exemptions, compounds, signs, words broken at a line.
FRAGMENTS = [
    "(b)(6)",
    "(b) (7)(C)",
    "(b)(7)(e)",
    "b6",
    "B7C",
    "█████",
    "■■",
    "[REDACTED]",
    "[ redacted ]",
    "Redacted",
    "REDACTEDLY",
    "( b )",
    "B9",
    "5 U.S.C. 552(b)(5)",
    "1346(b)(1)",
    "§§",
    "§ 1357",
    "45%",
    "12,000",
    "1.5",
    "opt-out",
    "287(g)",
    "B1/B2",
    "e-mail",
    "O'Neil's",
    "Ex.",
    "depor-\ntation",
    "Peña",
    "USCIS-0004417",
    "FBI 000231",
    "EOIR.00042",
    "CBP_2019_000117",
    "HHS-ORR-000019",
    "detainer",
    "the",
    "county",
    "Field Office",
    "—",
    "-",
    "/",
    ",",
    ".",
    "(",
    ")",
    "'",
]
SEPARATORS = ["", " ", " ", "\n", "\t", "\u00a0", "  \n"]
STAMPS = [None, "USCIS-0004417", "FBI 000231", "EOIR.00042", "CBP_2019_000117", "b6"]


def _alone_and_shared(text: str, stamp: str | None) -> tuple[object, object]:
    alone = page_words(text, stamp)
    with sharing_terms():
        shared_terms(text)  # the engine's analysis tokenized the page first
        shared = page_words(text, stamp)
    return alone, shared


def shared_list(text: str) -> list:
    with sharing_terms():
        terms = shared_terms(text)
    assert terms is not None
    return terms


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=40),
    st.sampled_from(STAMPS),
)
def test_words_read_off_the_whole_page_are_the_pieces_own(pieces: list, stamp: str | None) -> None:
    text = "".join(fragment + separator for fragment, separator in pieces)
    alone, shared = _alone_and_shared(text, stamp)
    assert shared == alone


# Text, an ending, separator, the page's stamp as printed, separator, text: what sits around
# a stamp. The endings are those a stamp's removal could join to the next line's word.
AROUND_STAMP = st.tuples(
    st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=6),
    st.sampled_from(["", "-", "Office-", " re-", "\u00ad", "—"]),
    st.sampled_from(SEPARATORS),
    st.sampled_from(STAMPS[1:]),
    st.sampled_from(SEPARATORS),
    st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=6),
)


@settings(max_examples=1500, deadline=None)
@given(AROUND_STAMP)
def test_words_around_a_stamp_are_the_pieces_own(around: tuple) -> None:
    before, ending, left, stamp, right, after = around
    text = "".join(f + s for f, s in before) + ending + left + stamp + right
    text += "".join(f + s for f, s in after)
    alone, shared = _alone_and_shared(text, stamp)
    assert shared == alone


def test_a_stamp_after_a_dash_is_not_read_off_the_page() -> None:
    # Without the stamp, "Field Office-  \nDirector" is one word broken at a line.
    text = "the Field Office- FBI 000231\nDirector wrote"
    alone, shared = _alone_and_shared(text, "FBI 000231")
    assert shared == alone == [["the", "field", "officedirector", "wrote"]]
    assert runs_of_terms(text, "FBI 000231", shared_list(text)) is None


def test_cuts_bounded_by_whitespace_are_read_off_the_page_and_others_are_tokenized() -> None:
    clean = (
        "Agent Ruiz met █████ at the\nDetention Center (b)(6) on opt-out forms\nHHS-ORR-000019\n"
    )
    unclean = "Under 5 U.S.C. 552(b)(5), the e-mail of (b)(6),(b)(7)(C) was withheld.\nFBI 000231"
    assert (
        _alone_and_shared(clean, "HHS-ORR-000019")
        == (
            [
                ["agent", "ruiz", "met"],
                ["at", "the", "detention", "center"],
                ["on", "optout", "forms"],
            ],
        )
        * 2
    )
    assert runs_of_terms(clean, "HHS-ORR-000019", shared_list(clean)) is not None
    # "552(b)(5)" is cut after a digit, and the citation is one term reaching into the cut.
    assert runs_of_terms(unclean, "FBI 000231", shared_list(unclean)) is None
    alone, shared = _alone_and_shared(unclean, "FBI 000231")
    assert shared == alone
    assert alone[0][:3] == ["under", "5", "usc"]


def test_a_page_beyond_the_memory_bound_is_tokenized_again() -> None:
    page = "detainer " * (MAX_REMEMBERED_TERMS + 1)
    with sharing_terms():
        first = shared_terms(page)
        assert first is not None and shared_terms(page) is not first  # not kept
        small = "a short page"
        assert shared_terms(small) is shared_terms(small)
    assert shared_terms(small) is None  # nothing is shared outside the scope


def test_a_worker_of_a_tantivy_home_signs_each_document_as_a_whoosh_one(tmp_path: Path) -> None:
    analyzer = TantivyEngine(tmp_path / "home").document_analyzer()
    signed = 0
    for path in walk([CORPUS]):
        sha256 = sha256_of(path)
        doc_id = hashlib.sha256(str(path).encode()).hexdigest()[:16]
        with_engine = prepare_file(str(path), doc_id, sha256, {}, "off", analyzer=analyzer)
        alone = prepare_file(str(path), doc_id, sha256, {}, "off")
        assert with_engine.doc is not None and alone.doc is not None
        assert with_engine.signature == alone.signature == document_signature(alone.doc.pages)
        signed += with_engine.signature is not None
    assert signed >= 5  # the sample corpus's records are long enough to be signed


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=30))
def test_redactions_found_from_their_first_letters_are_every_redaction(pieces: list) -> None:
    text = "".join(fragment + separator for fragment, separator in pieces)
    every = [match.span() for match in REDACTION.finditer(text)]
    assert redaction_spans(text) == every

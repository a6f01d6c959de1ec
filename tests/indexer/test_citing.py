"""Citations built from the store: the right page, its Bates number, the file's SHA-256, and
every export format parsed back (CSL-JSON against its schema, RIS, BibTeX, CSV)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from indexer.citations.cite import CitingError, cite_document, cite_result, cite_tag
from indexer.citations.formats import render
from indexer.search.service import SearchRequest
from indexer.search.tags import search_with_tags
from indexer.store.annotations import add_tag
from indexer.store.review import review_after_reingest
from indexer.store.users import add_user
from tests.conftest import Home, write_docs
from tests.indexer.test_annotations import PASSWORD, Staff

SHARED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared"
CSL_SCHEMA_PATH = SHARED_DIR / "schemas" / "csl-data.json"
BASE_URL = "https://foia.example.org/"
ACCESSED = "2024-03-01"


def file_sha256(staff: Staff, name: str) -> str:
    (path,) = [d["path"] for d in staff.store.list_documents() if Path(d["path"]).name == name]
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_page_citation_names_the_page_its_bates_number_and_the_file_hash(staff: Staff) -> None:
    a = staff.doc_ids["a.txt"]
    citation = cite_document(staff.store, a, 2, base_url=BASE_URL, accessed=ACCESSED)
    assert (citation.page, citation.pages_total, citation.bates) == (
        2,
        3,
        "ICE FOIA 10-2674.0007282",
    )
    assert citation.sha256 == file_sha256(staff, "a.txt")
    assert citation.url == f"https://foia.example.org/doc/{a}/p/2"
    assert (citation.title, citation.source, citation.date, citation.type) == (
        "Secure Communities Q&A",
        "U.S. Immigration and Customs Enforcement",
        "2011-05-10",
        "memo",
    )
    assert (citation.release, citation.original_url, citation.file_name) == (
        "NDLON v. ICE",
        "https://www.ice.gov/doclib/sc-qa.pdf",
        "a.txt",
    )
    assert render([citation], "text") == (
        'U.S. Immigration and Customs Enforcement, "Secure Communities Q&A" (May 10, 2011),'
        " at 2 (Bates ICE FOIA 10-2674.0007282), in NDLON v. ICE,"
        f" <https://foia.example.org/doc/{a}/p/2> (SHA-256 {citation.sha256})\n"
    )


def test_a_document_citation_spans_its_bates_range(staff: Staff) -> None:
    whole = cite_document(staff.store, staff.doc_ids["a.txt"], accessed=ACCESSED)
    assert (whole.page, whole.bates, whole.bates_end) == (
        None,
        "ICE FOIA 10-2674.0007281",
        "ICE FOIA 10-2674.0007283",
    )
    undated = cite_document(staff.store, staff.doc_ids["c.txt"], accessed=ACCESSED)
    assert (undated.date, undated.bates, undated.release) == (None, None, None)


def test_missing_documents_and_pages_are_not_cited(staff: Staff) -> None:
    with pytest.raises(CitingError, match="no document"):
        cite_document(staff.store, "0123456789abcdef")
    with pytest.raises(CitingError, match="has no page 4"):
        cite_document(staff.store, staff.doc_ids["a.txt"], 4)


def tag_three(staff: Staff) -> None:
    alice = staff.users["alice"]
    add_tag(staff.store, alice, staff.doc_ids["a.txt"], "exhibit-3", page=2, note="the schedule")
    add_tag(staff.store, alice, staff.doc_ids["b.txt"], "Exhibit-3")
    add_tag(staff.store, alice, staff.doc_ids["c.txt"], "exhibit-3", page=1)
    add_tag(staff.store, alice, staff.doc_ids["a.txt"], "other", page=3)


def test_a_tag_is_cited_by_title_then_page_with_its_notes(staff: Staff) -> None:
    tag_three(staff)
    cited = cite_tag(staff.store, "EXHIBIT-3", base_url=BASE_URL, accessed=ACCESSED)
    assert not cited.warnings
    assert [(c.title, c.page, c.tag, c.note) for c in cited.citations] == [
        ("Detainer memo", None, "exhibit-3", None),
        ("Press statement", 1, "exhibit-3", None),
        ("Secure Communities Q&A", 2, "exhibit-3", "the schedule"),
    ]
    private = cite_tag(staff.store, "exhibit-3", include_notes=False, accessed=ACCESSED)
    assert [c.note for c in private.citations] == [None, None, None]
    assert cite_tag(staff.store, "nothing").citations == []


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    records: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, line
        records[-1].append((match[1], match[2]))
        if match[1] == "ER":
            records.append([])
    assert records[-1] == []
    return records[:-1]


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(entry type, key, fields) of each entry; braces must balance."""
    entries = []
    for match in re.finditer(r"@(\w+)\{([^,\s]+),\n", text):
        fields: dict[str, str] = {}
        position = match.end()
        while not text.startswith("}", position):
            name_match = re.compile(r"\s*(\w+) = ").match(text, position)
            assert name_match, text[position : position + 40]
            position = name_match.end()
            if text[position] == "{":
                depth, start = 0, position
                while True:
                    depth += {"{": 1, "}": -1}.get(text[position], 0)
                    position += 1
                    if depth == 0:
                        break
                value = text[start + 1 : position - 1]
            else:
                value = re.compile(r"\w+").match(text, position)[0]  # type: ignore[index]
                position += len(value)
            assert text[position : position + 2] == ",\n"
            position += 2
            fields[name_match[1]] = value
        entries.append((match[1], match[2], fields))
    return entries


def test_every_format_of_a_tag_export_parses_back(staff: Staff) -> None:
    tag_three(staff)
    citations = cite_tag(staff.store, "exhibit-3", base_url=BASE_URL, accessed=ACCESSED).citations
    sha_a = file_sha256(staff, "a.txt")

    items = json.loads(render(citations, "csl-json"))
    if CSL_SCHEMA_PATH.is_file():
        jsonschema.validate(items, json.loads(CSL_SCHEMA_PATH.read_text(encoding="utf-8")))
    assert [item.get("page") for item in items] == [None, "1", "2"]
    assert items[2]["custom"]["sha256"] == sha_a and items[2]["keyword"] == "exhibit-3"
    assert items[2]["archive_location"] == "ICE FOIA 10-2674.0007282"

    records = parse_ris(render(citations, "ris"))
    assert [(r[0][0], r[-1][0]) for r in records] == [("TY", "ER")] * 3
    page_record = dict(records[2])
    assert (page_record["SP"], page_record["KW"], page_record["AN"]) == (
        "2",
        "exhibit-3",
        "ICE FOIA 10-2674.0007282",
    )
    notes = [value for tag, value in records[2] if tag == "N1"]
    assert "EP" not in page_record and f"SHA-256: {sha_a}" in notes[0]
    assert notes[1] == "the schedule"

    entries = parse_bibtex(render(citations, "bibtex"))
    assert len({key for _, key, _ in entries}) == 3
    assert entries[2][2]["pages"] == "2" and entries[2][2]["keywords"] == "exhibit-3"
    assert sha_a in entries[2][2]["note"]

    rows = list(csv.DictReader(io.StringIO(render(citations, "csv"))))
    assert [(row["page"], row["tag"]) for row in rows] == [
        ("", "exhibit-3"),
        ("1", "exhibit-3"),
        ("2", "exhibit-3"),
    ]
    assert rows[2]["sha256"] == sha_a and rows[2]["bates"] == "ICE FOIA 10-2674.0007282"

    lines = render(citations, "text").splitlines()
    assert len(lines) == 3 and ", at 2 (Bates ICE FOIA 10-2674.0007282)," in lines[2]


def test_a_search_result_cites_exactly_the_pages_that_matched(staff: Staff) -> None:
    request = SearchRequest("detainer OR interoperability", pages_per_document=5)
    result = search_with_tags(staff.home.engine, staff.store, request)
    cited = cite_result(staff.store, result, accessed=ACCESSED)
    shown = [(d.doc_id, p.page) for d in result.documents for p in d.pages]
    assert [(c.doc_id, c.page) for c in cited.citations] == shown
    assert sorted(shown) == sorted([(staff.doc_ids["a.txt"], 3), (staff.doc_ids["b.txt"], 1)])
    for citation in cited.citations:
        text = staff.store.page_texts(citation.doc_id, [citation.page])[citation.page]  # type: ignore[list-item,index]
        assert re.search(r"detainer|interoperability", text, re.IGNORECASE)


def test_tags_whose_page_or_file_is_gone_are_reported_not_cited(tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "docs", {"memo.txt": "one\ftwo\fthree", "gone.txt": "bye"})
    home = Home(tmp_path / "home")
    try:
        home.ingest(folder)
        alice = add_user(home.store, "alice", "staff", PASSWORD)
        ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
        for page in (2, 3):
            add_tag(home.store, alice, ids["memo.txt"], "exhibit", page=page)
        add_tag(home.store, alice, ids["gone.txt"], "exhibit")
        (folder / "memo.txt").write_text("one\ftwo, revised")
        (folder / "gone.txt").unlink()
        report = home.ingest(folder, prune=True)
        assert (report.updated, report.removed) == (1, 1)
        review_after_reingest(home.store, ids["memo.txt"], 2)
        cited = cite_tag(home.store, "exhibit", accessed=ACCESSED)
        assert [(c.doc_id, c.page) for c in cited.citations] == [(ids["memo.txt"], 2)]
        assert sorted(cited.warnings) == sorted(
            [
                f"check: tag 'exhibit' on {ids['memo.txt']} page 2: the text of page 2 changed"
                " with the file",
                f"not cited: tag 'exhibit' on {ids['memo.txt']} page 3: document"
                f" {ids['memo.txt']} has no page 3 (it has 2)",
                f"not cited: tag 'exhibit' on {ids['gone.txt']}: no document '{ids['gone.txt']}'",
            ]
        )
    finally:
        home.close()

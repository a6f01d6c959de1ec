"""tantivy ingest: pages analyzed in the ingest workers are searched exactly as pages the
writer analyzes itself (`foia reindex`), a changed file replaces its pages, and a bad or
hostile file is reported or indexed without losing the others."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.engines import ENGINE_VARIABLE
from indexer.engines.tantivy.engine import TantivyEngine
from indexer.ingest.reindex import reindex
from indexer.ingest.tasks import prepare_file
from indexer.ingest.walk import sha256_of
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

# Invented records: headers, a compound, signs, an exemption, a docket, two pages.
DOCS = {
    "optout.txt": (
        "From: Peter J. Lindqvist\nTo: Maria Okafor\nSubject: Opting out of Secure Communities\n\n"
        "The county asked to opt-out of the program under 287(g). Withheld under (b)(6).\f"
        "Page two: deportation hearings, 45% of detainers, and the B1/B2 visas."
    ),
    "memo.txt": (
        "MEMORANDUM FOR the Field Office Director\n\nThe detainer policy was reviewed in"
        " Case No. 1:19-cv-04521, and see also No. 20-16811. Opt out forms attached."
    ),
    # A "word" longer than tantivy takes (65,530 bytes) beside ordinary words.
    "long-word.txt": "A " + "z" * 70_000 + " word, then ordinary detainer text.",
}
QUERIES = [
    "optout",
    "opt-out",
    '"opt out"',
    "opting",
    "subject:opting",
    'subject:"out of secure"',
    "from:lindqvist",
    '"secure communities"',
    "287(g)",
    "b6",
    "exemption:b6",
    '"45 percent"',
    "b1b2",
    "detainer",
    '"detainer policy"',
    "deportation",
    "case:19-cv-4521",
    "case:20-16811",
    "ordinary",
    '"page two"',
]


def answers(home: Home) -> dict[str, Any]:
    """Each query's totals, facets and matching pages by document (not their order: the
    two indexes hold the documents in different orders, so ties may be listed otherwise)."""
    found = {}
    for query in QUERIES:
        result = search(home.engine, home.store, SearchRequest(query, limit=50))
        pages = {hit.doc_id: sorted(page.page for page in hit.pages) for hit in result.documents}
        found[query] = (result.total_pages, result.total_documents, result.facets, pages)
    return found


@pytest.fixture
def tantivy_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
    home = Home(tmp_path / "home")
    yield home
    home.close()


def test_pages_analyzed_in_the_workers_are_searched_as_the_writer_analyzes_them(
    tmp_path: Path, tantivy_home: Home
) -> None:
    folder = write_docs(tmp_path / "docs", DOCS)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    report = tantivy_home.ingest(folder, workers=2)
    assert tantivy_home.engine.name == "tantivy"
    assert [Path(item["path"]).name for item in report.failed] == ["broken.pdf"]
    assert report.added == 3
    assert report.pages == 4
    in_workers = answers(tantivy_home)
    reindex(tantivy_home.store, tantivy_home.engine)  # analyzed by the writer, in this process
    assert answers(tantivy_home) == in_workers
    by_query = {query: (total, pages) for query, (total, _, _, pages) in in_workers.items()}
    names = {hit["doc_id"]: Path(hit["path"]).name for hit in tantivy_home.store.list_documents()}
    named = {q: {names[d]: p for d, p in pages.items()} for q, (_, pages) in by_query.items()}
    # Each spelling finds both: "opt-out" (a compound in the index) and "Opt out" (two words).
    assert named["optout"] == named["opt-out"] == named['"opt out"']
    assert named["optout"] == {"optout.txt": [1], "memo.txt": [1]}
    assert named["subject:opting"] == {"optout.txt": [1, 2]}  # page 2 continues the message
    # A subject of plain words is laid out (positions from tantivy's tokenizer): phrases hold.
    assert named['subject:"out of secure"'] == named["subject:opting"]
    phrase = SearchRequest('subject:"opting secure"')
    assert search(tantivy_home.engine, tantivy_home.store, phrase).total_pages == 0
    assert named["b1b2"] == named['"45 percent"'] == {"optout.txt": [2]}
    assert named["case:19-cv-4521"] == named["case:20-16811"] == {"memo.txt": [1]}
    assert named["ordinary"] == {"long-word.txt": [1]}
    assert all(by_query[query][0] > 0 for query in QUERIES)


def test_a_changed_file_replaces_its_pages(tmp_path: Path, tantivy_home: Home) -> None:
    folder = write_docs(tmp_path / "docs", DOCS)
    tantivy_home.ingest(folder, workers=2)
    (folder / "memo.txt").write_text("The parole policy was reviewed.", encoding="utf-8")
    report = tantivy_home.ingest(folder, workers=2)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)

    def total(query: str) -> int:
        return search(tantivy_home.engine, tantivy_home.store, SearchRequest(query)).total_pages

    assert total('"parole policy"') == 1
    assert total('"detainer policy"') == 0
    assert total("detainer") == 2  # the other two files still hold it
    assert tantivy_home.engine.searcher().num_docs == 4


def test_a_worker_hands_over_each_page_as_plain_terms_at_their_positions(tmp_path: Path) -> None:
    path = write_docs(tmp_path / "docs", DOCS) / "optout.txt"
    analyzer = TantivyEngine(tmp_path / "home").document_analyzer()
    sha256 = sha256_of(path)
    prepared = prepare_file(str(path), "d1", sha256, {}, "off", analyzer=analyzer)
    assert prepared.doc is not None
    assert isinstance(prepared.analyzed, list)
    first, second = prepared.analyzed
    terms, positions = first["exact"]
    at = terms.index("optout")
    # The closed form of a compound shares its first part's position, as in the Whoosh index.
    assert terms[at : at + 3] == ["optout", "opt", "out"]
    assert positions[at : at + 3] == [positions[at], positions[at], positions[at] + 1]
    assert "opt" in first["body"].split()  # laid out and stemmed: "opting" -> "opt"
    # A field whose terms stand at positions 0, 1, 2, ... is laid out: tantivy's tokenizer
    # gives those same positions, without a Token object per term.
    assert first["subject"] == "opt out of secur commun"
    assert "b6" in first["exemption"].split(",")
    assert (first["page"], second["page"]) == (1, 2)

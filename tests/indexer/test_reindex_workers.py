"""`foia reindex` assembles and analyzes the documents in worker processes (issue 13): the
index it builds is the one a single process builds, pages in the same order, and a document
that cannot be assembled again stops it with an error naming the file, leaving the index and
its answers as they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from indexer.cli import main
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines

AGENCIES = ["Bureau of Prisons", "Coast Guard", "Secret Service", "Park Police"]


def _record(number: int) -> str:
    """Memos that differ in date, agency, exemption and pages; every fifth one a copy of the
    same notice, so that ties decide part of the ranking."""
    if number % 5 == 0:
        return "Notice of the annual inventory of seized vessels."
    exemption = ["(b)(6)", "(b)(7)(C)", "(b)(5)", ""][number % 4]
    first = (
        f"MEMORANDUM\nDate: {['April', 'July', 'December'][number % 3]} {number % 28 + 1},"
        f" {1998 + number % 7}\nFrom: {AGENCIES[number % 4]}\n\n"
        f"Inventory of seized vessels, report {number}, withheld in part {exemption}."
    )
    more = [f"Vessel {number}-{page}: hull inspected." for page in range(number % 3)]
    return "\f".join([first, *more])


QUERIES = ["inventory", "notice", "seized vessels", "hull", "NOT notice", "(b)(6)", "memorandum"]


def _invoke(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args])


def _answers(home: Path) -> list[object]:
    """Totals, facets, timeline and the shown documents with their pages, in order."""
    opened = Home(home)
    try:
        found: list[object] = []
        for text in QUERIES:
            result = search(opened.engine, opened.store, SearchRequest(text, limit=30))
            shown = [(Path(d.path).name, [p.page for p in d.pages]) for d in result.documents]
            facets = {name: dict(counts) for name, counts in result.facets.items()}
            found.append((text, result.total_documents, result.total_pages, shown, facets))
            found.append(dict(result.timeline))
        return found
    finally:
        opened.close()


@pytest.fixture()
def home(tmp_path: Path, search_engine: str) -> Path:
    records = write_docs(tmp_path / "records", {f"r{n:02d}.txt": _record(n) for n in range(30)})
    path = tmp_path / "home"
    result = _invoke(path, "ingest", str(records), "--workers", "1", "--ocr", "off")
    assert result.exit_code == 0, result.output
    return path


def test_reindex_in_workers_builds_the_index_of_one_process(home: Path) -> None:
    ingested = _answers(home)
    reports = []
    for workers in ("1", "2", "3"):
        result = _invoke(home, "reindex", "--workers", workers, "--json")
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.output))
        assert _answers(home) == ingested, f"--workers {workers}"
    pages = sum(1 + n % 3 for n in range(30) if n % 5) + 6
    assert [(r["documents"], r["pages"]) for r in reports] == [(30, pages)] * 3


@pytest.mark.parametrize(
    ("workers", "damaged"), [("1", "[1, 2]"), ("2", "[1, 2]"), ("2", "{not json")]
)
def test_a_document_that_cannot_be_assembled_stops_reindex_and_loses_nothing(
    home: Path, workers: str, damaged: str
) -> None:
    before = _answers(home)
    store = Store(home)
    try:  # a damaged row: the file's metadata is no longer an object, or no longer JSON
        store.connection.execute(
            "UPDATE documents SET file_metadata = ? WHERE path LIKE '%r17.txt'", (damaged,)
        )
        store.connection.commit()
    finally:
        store.close()
    result = _invoke(home, "reindex", "--workers", workers)
    assert result.exit_code != 0
    assert "r17.txt" in result.output and "Traceback" not in result.output
    assert _answers(home) == before


def _counts(home: Path) -> list[object]:
    """Totals, facets and timeline of each query (what both engines give alike), without
    the shown documents (each engine ranks its own way)."""
    return [
        answer[:3] + answer[4:] if isinstance(answer, tuple) else answer
        for answer in _answers(home)
    ]


def test_a_conversion_in_workers_keeps_every_count(home: Path, search_engine: str) -> None:
    before = _counts(home)
    other = "tantivy" if search_engine == "whoosh" else "whoosh"
    result = _invoke(home, "reindex", "--engine", other, "--workers", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["engine"] == other
    assert _counts(home) == before

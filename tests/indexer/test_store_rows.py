"""The store's typed rows: DocumentRow and PageDetails with their JSON columns parsed, and
the one rule for the type a document is shown under."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from indexer.model.document import Document, shown_type
from indexer.store import DocumentRow, PageDetails
from indexer.store.rows import typed_row
from tests.conftest import Home, write_docs

MEMO = "MEMORANDUM\nDetention standards.\fWithheld under (b)(6) and (b)(7)(C).\fThe end."
META = {"type": "memo", "date": "2010-05-01", "source": "ICE", "release": "R1"}


@pytest.fixture
def stored(tmp_path: Path, home: Home) -> dict[str, str]:
    """memo.txt (three pages, a sidecar) and note.txt (no metadata) ingested; name -> doc_id."""
    folder = write_docs(tmp_path / "docs", {"memo.txt": MEMO, "note.txt": "A plain note."})
    (folder / "memo.txt.meta.json").write_text(json.dumps(META), encoding="utf-8")
    report = home.ingest(folder)
    assert report.added == 2
    return {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}


@pytest.mark.parametrize(
    ("doc_type", "doc_format", "expected"),
    [("memo", "pdf", "memo"), (None, "pdf", "pdf"), ("", "html", "html")],
)
def test_shown_type_is_the_metadata_type_else_the_format(
    doc_type: str | None, doc_format: str, expected: str
) -> None:
    assert shown_type(doc_type, doc_format) == expected
    metadata = {"type": doc_type} if doc_type is not None else {}
    doc = Document("d", "s", "p", doc_format, "t", (), metadata)
    assert doc.shown_type == expected


def test_document_rows_are_typed_with_metadata_parsed(home: Home, stored: dict[str, str]) -> None:
    memo, note = stored["memo.txt"], stored["note.txt"]
    rows = home.store.document_rows([memo, note, "0000000000000000"])
    assert set(rows) == {memo, note}
    row = rows[memo]
    assert isinstance(row, DocumentRow)
    assert (row.doc_id, row.format, row.type, row.shown_type) == (memo, "text", "memo", "memo")
    assert (row.date, row.source, row.page_count) == ("2010-05-01", "ICE", 3)
    assert row.metadata["release"] == "R1" and isinstance(row.metadata, dict)
    assert row.size == len(MEMO.encode()) and len(row.sha256) == 64
    assert rows[note].type is None and rows[note].shown_type == "text"
    assert home.store.document_row(note) == rows[note]
    assert home.store.document_row("0000000000000000") is None
    shown = {d["doc_id"]: d["type"] for d in home.store.list_documents()}
    assert shown == {memo: "memo", note: "text"}


def test_page_details_are_typed_with_exemptions_parsed(home: Home, stored: dict[str, str]) -> None:
    memo = stored["memo.txt"]
    some = home.store.page_details(memo, [2, 9])
    assert list(some) == [2]
    page = some[2]
    assert isinstance(page, PageDetails)
    assert (page.doc_id, page.page, page.ocr, page.needs_ocr) == (memo, 2, False, False)
    assert {"b6", "b7c"} <= set(page.exemptions) and isinstance(page.exemptions, dict)
    every = home.store.page_details(memo)
    assert list(every) == [1, 2, 3] and every[2] == page
    assert home.store.page_details(memo, []) == {}
    loaded = home.store.load_document(memo)
    assert loaded is not None
    assert [p.exemptions for p in loaded.pages] == [d.exemptions for d in every.values()]
    assert loaded.shown_type == "memo"


def test_bates_and_texts_reads_pages_of_many_documents(home: Home, stored: dict[str, str]) -> None:
    memo, note = stored["memo.txt"], stored["note.txt"]
    found = home.store.bates_and_texts([(memo, 3), (note, 1), (note, 7)])
    assert found == {(memo, 3): (None, "The end."), (note, 1): (None, "A plain note.")}
    assert home.store.bates_and_texts([]) == {}


@dataclass(frozen=True)
class Invented:
    """A row type of no table of ours: every kind of column typed_row reads."""

    name: str
    count: int | None
    is_open: bool
    values: dict[str, Any]
    extra: dict[str, int] | None


@pytest.fixture
def rows() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE t (name TEXT, count INTEGER, is_open INTEGER, values_ TEXT, x TEXT)")
    yield db
    db.close()


def test_typed_row_reads_flags_and_json_by_the_field_types(rows: sqlite3.Connection) -> None:
    rows.execute("INSERT INTO t VALUES ('a', NULL, 1, '{\"k\": [1, 2]}', '{\"b6\": 2}')")
    rows.execute("INSERT INTO t VALUES ('b', 7, 0, '{}', NULL)")
    read = rows.execute('SELECT name, count, is_open, values_ AS "values", x AS extra FROM t')
    first, second = (typed_row(Invented, row) for row in read.fetchall())
    assert first == Invented("a", None, True, {"k": [1, 2]}, {"b6": 2})
    assert second == Invented("b", 7, False, {}, None)
    assert first.is_open is True and second.is_open is False


def test_typed_row_refuses_a_row_without_a_field_column(rows: sqlite3.Connection) -> None:
    rows.execute("INSERT INTO t VALUES ('a', 1, 1, '{}', NULL)")
    row = rows.execute("SELECT name, count, is_open FROM t").fetchone()
    with pytest.raises(IndexError):
        typed_row(Invented, row)

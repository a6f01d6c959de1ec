"""An index committed before any page reached it (a first ingest killed early) matches
nothing, and the next ingest fills it."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store


@pytest.mark.both_engines
def test_an_index_committed_empty_matches_nothing_and_is_filled_later(
    tmp_path: Path, search_engine: str
) -> None:
    home = tmp_path / "home"
    store, engine = Store(home), open_engine(home)
    try:
        writer = engine.writer()
        writer.commit()  # the index exists, with no page in it
        assert search(engine, store, SearchRequest("detainer")).total_documents == 0
        folder = tmp_path / "release"
        folder.mkdir()
        (folder / "memo.txt").write_text("Detainer requests from the Boise sub-office.\n")
        report = Ingest(store, engine, workers=1, ocr="off").run([folder])
        assert report.added == 1 and report.failed == []
        assert search(engine, store, SearchRequest("detainer")).total_documents == 1
    finally:
        engine.close()
        store.close()

"""The app keeps serving while an ingest writes to the same index."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest, IngestReport
from indexer.store.database import Store

pytestmark = pytest.mark.both_engines

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def ingest(home: Path, folder: Path) -> IngestReport:
    store = Store(home)
    try:
        return Ingest(store, open_engine(home), workers=1, ocr="off").run([folder])
    finally:
        store.close()


def test_searches_are_served_while_an_ingest_writes(
    tmp_path: Path, make_app: Callable[..., Flask], search_engine: str
) -> None:
    if not CORPUS.is_dir():
        pytest.skip("corpus/ is missing")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copyfile(CORPUS / "pdf" / "nics-background-checks-2015-11.pdf", first / "nics.pdf")
    for name in (
        "287gWSO_FinneyCoKs2020-03-17.pdf",
        "foia_detaineedeaths_2003_2017.pdf",
        "bjs_2016_2017.pdf",
        "vector-pdf.pdf",
    ):
        shutil.copyfile(CORPUS / "pdf" / name, second / name)
    home = tmp_path / "home"
    assert ingest(home, first).added == 1
    client = make_app(home).test_client()
    reports: list[IngestReport] = []
    writer = threading.Thread(target=lambda: reports.append(ingest(home, second)))
    seen: list[int] = []
    writer.start()
    try:
        while writer.is_alive() or len(seen) < 3:
            api = client.get("/api/search?q=the")
            assert api.status_code == 200
            seen.append(api.get_json()["total_documents"])
            page = client.get("/search?q=the&sort=-date")
            assert page.status_code == 200
            assert client.get("/stats").status_code == 200
    finally:
        writer.join(timeout=120)
    assert reports and reports[0].added == 4 and not reports[0].failed
    assert seen == sorted(seen)  # readers only ever see committed states, never go back
    assert seen[0] >= 1
    final = client.get("/api/search?q=the").get_json()
    assert final["total_documents"] == 5

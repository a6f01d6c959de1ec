"""A running app keeps answering across `foia reindex --engine`, and /stats names the engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from indexer.cli import main
from indexer.engines import ENGINE_VARIABLE
from tests.conftest import write_docs

QUERIES = ["opt out", '"secure communities"', "deport*", "NOT memo"]


def _foia(home: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_the_app_follows_a_conversion(
    tmp_path: Path, make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    records = write_docs(
        tmp_path / "records",
        {
            "a.txt": "Counties may opt out of Secure Communities.",
            "b.txt": "The opt-out memo on deportation.",
            "c.txt": "Deported detainees, secure communities, and a memo.",
        },
    )
    home = tmp_path / "home"
    _foia(home, "ingest", str(records), "--ocr", "off")
    client = make_app(home).test_client()
    before = {q: client.get("/api/search", query_string={"q": q}).get_json() for q in QUERIES}
    assert "whoosh" in client.get("/stats").get_data(as_text=True)
    _foia(home, "reindex", "--engine", "tantivy")
    for query, answer in before.items():
        after = client.get("/api/search", query_string={"q": query}).get_json()
        assert after["total_documents"] == answer["total_documents"], query
        assert after["total_pages"] == answer["total_pages"], query
    stats = client.get("/stats").get_data(as_text=True)
    assert "<dd>tantivy</dd>" in stats

"""A server that searched before `foia ingest --prune` ran shows what that ingest committed:
the removed file gone, the changed file once and in its new words (issue 15), also after
ingests enough to make the index merge its segments. On both engines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import write_docs
from tests.indexer.test_search_after_ingest import RUNS_FOR_A_MERGE, cli_ingest

pytestmark = pytest.mark.both_engines


def search_json(client: FlaskClient, text: str) -> dict[str, Any]:
    response = client.get("/api/search", query_string={"q": text, "limit": 100})
    assert response.status_code == 200
    data: dict[str, Any] = response.get_json()
    return data


def served(client: FlaskClient, text: str) -> tuple[int, int, list[str]]:
    """(documents, pages, file names) the server's search API answers for `text`."""
    data = search_json(client, text)
    names = sorted(Path(document["path"]).name for document in data["documents"])
    return data["total_documents"], data["total_pages"], names


def test_the_server_drops_a_pruned_file_and_shows_a_changed_one_once(
    tmp_path: Path, make_app: Callable[..., Flask], search_engine: str
) -> None:
    folder = tmp_path / "records"
    names = [f"permit-{number:02}.txt" for number in range(RUNS_FOR_A_MERGE)]
    home = tmp_path / "home"
    write_docs(folder, {names[0]: "Permit file: the culvert repair was approved."})
    cli_ingest(home, folder)
    client = make_app(home).test_client()
    assert served(client, "culvert") == (1, 1, names[:1])
    for count, name in enumerate(names[1:], start=2):
        write_docs(folder, {name: f"Permit file {name}: the culvert repair was approved."})
        cli_ingest(home, folder)
        assert served(client, "culvert") == (count, count, names[:count])

    doc_ids = {
        Path(d["path"]).name: d["doc_id"] for d in search_json(client, "culvert")["documents"]
    }
    (folder / names[3]).unlink()
    (folder / names[6]).write_text("Permit file, amended: the culvert repair was withdrawn.")
    report = cli_ingest(home, folder)
    assert (report["removed"], report["updated"]) == (1, 1)
    kept = [name for name in names if name != names[3]]
    assert served(client, "culvert") == (len(kept), len(kept), kept)
    assert served(client, "withdrawn") == (1, 1, [names[6]])
    assert served(client, "approved")[2] == [name for name in kept if name != names[6]]
    page = client.get("/search", query_string={"q": "culvert"}).get_data(as_text=True)
    assert doc_ids[names[3]] not in page and doc_ids[names[6]] in page
    assert page.count(f"/doc/{doc_ids[names[6]]}") == page.count(f"/doc/{doc_ids[names[0]]}")
    assert "withdrawn" in page

"""Where a file lives is for admins: everyone else sees its path relative to the folder it
was ingested from, in every JSON answer, every page and the CLI's JSON (issue 14, defect 10)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from indexer.cli import main
from indexer.store.database import Store
from indexer.store.shown_paths import public_paths, relative_path
from tests.webui.conftest import new_app
from tests.webui.test_auth import sign_in

QUOTE = "This Memorandum of Agreement constitutes an agreement between U.S. Immigration"


def stored_paths(home: Path) -> dict[str, str]:
    store = Store(home)
    try:
        return {row["doc_id"]: row["path"] for row in store.list_documents()}
    finally:
        store.close()


@pytest.fixture()
def corpus_folder(staff_home: Path) -> str:
    """The folder the web tests' corpus was ingested from (a server path no visitor needs)."""
    return os.path.commonpath(list(stored_paths(staff_home).values()))


@pytest.fixture()
def clients(staff_home: Path, tmp_path: Path) -> Iterator[dict[str, FlaskClient]]:
    # Tag labels shown to anonymous visitors too, so that /tags is read by each of them.
    app = new_app(staff_home, PUBLIC_TAGS=True, PAGE_CACHE_DIR=str(tmp_path / "pages"))
    made = {}
    for name in ("anonymous", "alice", "ada"):
        client = app.test_client()
        if name != "anonymous":
            sign_in(client, name)
        made[name] = client
    yield made


def urls(doc_ids: dict[str, str]) -> list[str]:
    finney = next(doc_id for doc_id, path in doc_ids.items() if path.endswith("finney.pdf"))
    return [
        "/api/search?q=ICE&limit=100",
        "/api/search?q=zebrafish",
        f"/api/documents/{finney}",
        f"/api/documents/{finney}/pages/1",
        f"/api/documents/{finney}/similar",
        f"/api/find-quote?q={QUOTE}",
        "/search?q=ICE",
        f"/doc/{finney}",
        f"/doc/{finney}/p/1?q=ICE",
        f"/doc/{finney}/similar",
        f"/find-quote?q={QUOTE}",
        "/stats",
        "/tags",
    ]


def paths_in(data: Any) -> list[str]:
    if isinstance(data, dict):
        own = [data["path"]] if isinstance(data.get("path"), str) else []
        return own + [p for value in data.values() for p in paths_in(value)]
    if isinstance(data, list):
        return [p for item in data for p in paths_in(item)]
    return []


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_no_server_path_reaches_anyone_but_an_admin(
    clients: dict[str, FlaskClient], staff_home: Path, corpus_folder: str, who: str
) -> None:
    client = clients[who]
    seen = 0
    for url in urls(stored_paths(staff_home)):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert corpus_folder not in body, url
        assert str(staff_home) not in body, url
        if response.is_json:
            for path in paths_in(response.get_json()):
                assert not Path(path).is_absolute(), (url, path)
                assert path in {
                    "pdf/finney.pdf",
                    "pdf/deaths.pdf",
                    "pdf/nics.pdf",
                    "press/opt-out.txt",
                    "hostile/hostile.html",
                    "hostile/memo.txt",
                }
                seen += 1
    assert seen > 10


def test_an_admin_sees_where_the_file_lives(
    clients: dict[str, FlaskClient], staff_home: Path
) -> None:
    stored = stored_paths(staff_home)
    doc_id, path = next(iter(stored.items()))
    assert clients["ada"].get(f"/api/documents/{doc_id}").get_json()["path"] == path
    assert clients["alice"].get(f"/api/documents/{doc_id}").get_json()["path"] != path


def test_the_cli_json_shows_relative_paths(staff_home: Path, corpus_folder: str) -> None:
    runner = CliRunner()
    home = ["--home", str(staff_home)]
    stored = stored_paths(staff_home)
    doc_id = next(iter(stored))
    for command in (["search", "ICE", "--json"], ["show", doc_id, "--json"],
                    ["similar", doc_id, "--json"], ["find-quote", QUOTE, "--json"]):  # fmt: skip
        result = runner.invoke(main, [*home, *command])
        assert result.exit_code == 0, result.output
        assert corpus_folder not in result.output, command
        assert all(not Path(p).is_absolute() for p in paths_in(json.loads(result.output)))
    listed = runner.invoke(main, [*home, "list", "--json"])  # the operator's list: where files are
    assert corpus_folder in listed.output


@pytest.mark.parametrize(
    ("path", "roots", "shown"),
    [
        ("/srv/foia/release-7/pdf/a.pdf", ["/srv/foia/release-7"], "pdf/a.pdf"),
        ("/srv/foia/r7/pdf/a.pdf", ["/srv/foia/r7/pdf", "/srv/foia"], "r7/pdf/a.pdf"),
        ("/srv/foia/release-70/a.pdf", ["/srv/foia/release-7"], "a.pdf"),  # not inside it
        ("/elsewhere/b.txt", [], "b.txt"),
        ("pdf/a.pdf", ["/srv"], "pdf/a.pdf"),
    ],
)  # fmt: skip
def test_relative_path(path: str, roots: list[str], shown: str) -> None:
    assert relative_path(path, roots) == shown


def test_public_paths_reaches_every_nested_path() -> None:
    data = {"path": "/r/a.pdf", "documents": [{"path": "/r/x/b.pdf", "title": "/r/not-a-path"}]}
    assert public_paths(data, ["/r"]) == {
        "path": "a.pdf",
        "documents": [{"path": "x/b.pdf", "title": "/r/not-a-path"}],
    }

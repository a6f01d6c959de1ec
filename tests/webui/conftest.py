"""A small real index for the web tests: a few files from corpus/ plus hostile ones."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import copy_sample_records, doc_ids_by_name, ingest_home
from webui import create_app

HOSTILE_HTML = """<!doctype html>
<html><head><title>Hostile &lt;script&gt;alert("title")&lt;/script&gt; page</title></head>
<body><main>
<h1>Quarterly zebrafish report</h1>
<p>The zebrafish committee met. <script>alert("body")</script>
<a href="javascript:alert('link')">click the zebrafish</a>
&lt;img src=x onerror=alert("img")&gt; and &lt;script&gt;document.cookie&lt;/script&gt;
as printed in the release.</p>
</main></body></html>
"""
HOSTILE_TEXT = "Zebrafish memo <script>alert('text')</script> and <b onmouseover=x>bold</b>.\n"
HOSTILE_SIDECAR = {
    "title": "<img src=x onerror=alert('sidecar')> zebrafish memo",
    "url": "javascript:alert('url')",
    "source": "<i>Source</i> & Co",
    "date": "2012-04-02",
}


def build_corpus(folder: Path) -> Path:
    """Copies of a few sample records plus hostile files, with their metadata."""
    copy_sample_records(folder)
    hostile = folder / "hostile"
    hostile.mkdir()
    (hostile / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (hostile / "memo.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (hostile / "memo.txt.meta.json").write_text(json.dumps(HOSTILE_SIDECAR), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the small corpus ingested (OCR off): shared by every web test."""
    folder = build_corpus(tmp_path_factory.mktemp("web-corpus"))
    home = tmp_path_factory.mktemp("web-home")
    report = ingest_home(home, folder)
    assert not report.failed, report.failed
    return home


@pytest.fixture(scope="session")
def doc_ids(web_home: Path) -> dict[str, str]:
    """doc_id by file name."""
    return doc_ids_by_name(web_home)


class BufferedClient(FlaskClient):
    """A test client that reads each response whole, so that served files are closed."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def new_app(home: Path, **config: Any) -> Flask:
    app = create_app({"TESTING": True, "FOIA_HOME": str(home), **config})
    app.test_client_class = BufferedClient
    return app


@pytest.fixture()
def make_app() -> Callable[..., Flask]:
    """Builds an app for a home of the test's choosing: make_app(home, **config)."""
    return new_app


@pytest.fixture()
def app(web_home: Path, tmp_path: Path) -> Flask:
    return new_app(web_home, PAGE_CACHE_DIR=str(tmp_path / "page-cache"))


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


# -- accounts (issue 4) ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def staff_template(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web home with the accounts of test_auth.USERS, built once per test module."""
    from tests.webui.test_auth import build_staff_home

    return build_staff_home(web_home, tmp_path_factory.mktemp("staff-web") / "home")


@pytest.fixture()
def staff_home(staff_template: Path, tmp_path: Path) -> Path:
    """A copy of the staff template of the test's own, to change."""
    home = tmp_path / "home"
    shutil.copytree(staff_template, home)
    return home


@pytest.fixture()
def browser_client(staff_home: Path, tmp_path: Path) -> Iterator[FlaskClient]:
    """A client (cookies kept, as a browser's) of an app over `staff_home`."""
    app = new_app(staff_home, PAGE_CACHE_DIR=str(tmp_path / "page-cache"))
    with app.test_client() as test_client:
        yield test_client


# -- investigator tools (issue 6) ------------------------------------------------------------

TOOLS_PASSWORD = "correct horse battery"
TOOLS_USERS = {"alice": "staff", "bob": "staff", "vic": "viewer"}
HOSTILE_QUOTE_TEXT = (
    "The zebra crossing memo says <script>alert('quote')</script> the county must paint"
    " every crossing before the inspection in spring, and the sheriff signs the report.\n"
)


@pytest.fixture(scope="session")
def tools_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small home for the investigator tools: multi-page records with Bates numbers (the
    batch tests' documents), an e-mail released three times (near-duplicates), two letters
    from one template and a hostile text; accounts alice and bob (staff) and vic (viewer).
    Tests that change it work on a copy."""
    from indexer.store.users import add_user
    from tests.conftest import Home, write_docs
    from tests.indexer.test_batch import DOCS
    from tests.indexer.test_duplicates import (
        EMAIL,
        LETTER_A,
        LETTER_B,
        SECOND_PAGE,
        UNRELATED,
        hide,
        stamped,
    )

    base = tmp_path_factory.mktemp("tools-web")
    docs = {
        **DOCS,
        "mail-original.txt": EMAIL + "\f" + SECOND_PAGE,
        "mail-redacted.txt": hide(EMAIL, "Laura Mendez") + "\f" + SECOND_PAGE,
        "mail-rereleased.txt": "RELEASED 2012\n"
        + stamped(EMAIL, "DHS-ICE-000345")
        + "\f"
        + SECOND_PAGE,
        "letter-owyhee.txt": LETTER_A,
        "letter-lawrence.txt": LETTER_B,
        "standards.txt": UNRELATED,
        "zebra.txt": HOSTILE_QUOTE_TEXT,
    }
    home = Home(base / "home")
    try:
        report = home.ingest(write_docs(base / "docs", docs))
        assert report.added == len(docs) and not report.failed, report.failed
        for name, role in TOOLS_USERS.items():
            add_user(home.store, name, role, TOOLS_PASSWORD)
    finally:
        home.close()
    return base / "home"


@pytest.fixture(scope="session")
def tools_ids(tools_home: Path) -> dict[str, str]:
    """doc_id by file name in the tools home."""
    return doc_ids_by_name(tools_home)


def tools_client(app: Flask, name: str = "alice") -> FlaskClient:
    """A test client signed in as `name` (an account of `tools_home`)."""
    from tests.webui.test_auth import token_from

    client = app.test_client()
    data = {"csrf_token": token_from(client), "name": name, "password": TOOLS_PASSWORD}
    assert client.post("/sign-in", data=data).status_code == 303
    return client

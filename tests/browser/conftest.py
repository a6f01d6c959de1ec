"""A real server over a small real index, and a headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from indexer.store.database import Store
from indexer.store.users import add_user
from tests.conftest import copy_sample_records, ingest_home
from webui import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# The web tests' records, without the url column.
MANIFEST_COLUMNS = ("path", "title", "date", "type", "source", "release")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if "browser" in item.keywords and not CHROMIUM.exists():
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_sample_records(tmp_path_factory.mktemp("browser-corpus"), MANIFEST_COLUMNS)
    home = tmp_path_factory.mktemp("browser-home")
    report = ingest_home(home, folder)
    assert not report.failed
    return home


@contextmanager
def serving(home: Path) -> Iterator[str]:
    """A real HTTP server (werkzeug, threaded, production settings) over `home` on a free
    port of 127.0.0.1; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, create_app({"FOIA_HOME": str(home)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def copy_with_staff(home: Path, target: Path, name: str, password: str) -> Path:
    """A copy of `home` at `target` with a staff account `name`."""
    shutil.copytree(home, target)
    store = Store(target)
    try:
        add_user(store, name, "staff", password)
    finally:
        store.close()
    return target


@pytest.fixture(scope="session")
def base_url(browser_home: Path) -> Iterator[str]:
    """A real HTTP server over the browser home."""
    with serving(browser_home) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page_errors() -> list[str]:
    """Console errors (CSP violations included) and uncaught exceptions of `page`."""
    return []


@pytest.fixture()
def page(browser: Any, page_errors: list[str]) -> Iterator[Any]:
    """A fresh page in its own context that records errors into `page_errors`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            page_errors.append(message.text)

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: page_errors.append(str(error)))
    yield opened
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS

"""One error hierarchy: every library exception is a FoiaError, and each category gets one
HTTP status (webui/errors.py) and one exit code (indexer/cli/errors.py) on real routes and
commands."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient

import indexer
from indexer.cli import main
from indexer.cli.errors import EXIT_CODES
from indexer.engines.whoosh.index import IndexStore
from indexer.errors import (
    CATEGORIES,
    BusyError,
    ConflictError,
    FoiaError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UnavailableError,
)
from indexer.search.engine import IndexBusyError
from indexer.store.users import PermissionDenied, add_user
from tests.conftest import Home, write_docs
from webui import create_app
from webui.errors import STATUS_CODES

CATEGORY_CLASSES = (
    NotFoundError,
    InvalidInputError,
    ForbiddenError,
    ConflictError,
    BusyError,
    UnavailableError,
)
EXPECTED_STATUS = {
    "not_found": 404,
    "invalid": 400,
    "forbidden": 403,
    "conflict": 409,
    "busy": 503,
    "unavailable": 503,
}
# The categories no web route or command reaches on its own today: a library call is made
# to raise them (a real error class, a real route or command).
STAND_INS: dict[str, FoiaError] = {
    "forbidden": PermissionDenied("viewer 'vic' may not change tags or notes"),
    "conflict": ConflictError("the name is taken"),
    "busy": IndexBusyError("another process is writing to /secret/home/index"),
}
PASSWORD = "correct horse battery"
UNKNOWN_DOC_ID = "0" * 16


# -- the hierarchy ------------------------------------------------------------------------------


def library_exceptions() -> list[type[BaseException]]:
    """Every exception class defined in a module of the indexer package."""
    found = []
    for module_info in pkgutil.walk_packages(indexer.__path__, "indexer."):
        if module_info.name.endswith("__main__"):  # running it runs the command line
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_library_exception_is_a_foia_error() -> None:
    classes = library_exceptions()
    names = {cls.__name__ for cls in classes}
    assert {"UnknownDocumentError", "IndexBusyError", "AnnotationNotFound", "OcrError"} <= names
    assert [cls for cls in classes if not issubclass(cls, FoiaError)] == []


def test_no_exception_has_two_categories() -> None:
    for cls in library_exceptions():
        categories = [base for base in CATEGORY_CLASSES if issubclass(cls, base)]
        assert len(categories) <= 1, (cls, categories)
        if categories:
            assert cls.category == categories[0].category, cls  # type: ignore[attr-defined]


def test_one_unknown_document_error_for_every_lookup() -> None:
    from indexer.errors import UnknownDocumentError
    from indexer.reading import compare
    from indexer.search import similar
    from indexer.store import duplicates

    assert similar.UnknownDocumentError is UnknownDocumentError
    assert not hasattr(duplicates, "NoSuchDocumentError")
    assert not hasattr(compare, "NoSuchDocumentError")
    assert issubclass(UnknownDocumentError, NotFoundError)


def test_each_category_has_one_status_and_one_exit_code() -> None:
    assert set(CATEGORIES) == {cls.category for cls in CATEGORY_CLASSES}
    assert STATUS_CODES == EXPECTED_STATUS
    assert set(EXIT_CODES) == set(CATEGORIES)


# -- the web --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A home with one ingested memo and a staff account alice; and the memo's doc_id."""
    base = tmp_path_factory.mktemp("errors")
    home = Home(base / "home")
    try:
        report = home.ingest(write_docs(base / "docs", {"memo.txt": "Detention memo.\n"}))
        assert report.added == 1
        add_user(home.store, "alice", "staff", PASSWORD)
        doc_id = str(home.store.list_documents()[0]["doc_id"])
    finally:
        home.close()
    return base / "home", doc_id


@pytest.fixture()
def web(template: tuple[Path, str], tmp_path: Path) -> Iterator[tuple[FlaskClient, str, str]]:
    """A client signed in as alice on a copy of the template home; the CSRF token; a doc_id."""
    from tests.webui.test_auth import token_from

    home = tmp_path / "home"
    shutil.copytree(template[0], home)
    app: Flask = create_app({"TESTING": True, "FOIA_HOME": str(home)})
    with app.test_client() as client:
        data = {"csrf_token": token_from(client), "name": "alice", "password": PASSWORD}
        assert client.post("/sign-in", data=data).status_code == 303
        yield client, token_from(client, "/"), template[1]


def _stand_in(monkeypatch: pytest.MonkeyPatch, error: FoiaError) -> None:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr("webui.documents.document_info", fail)  # the document page
    monkeypatch.setattr("webui.api.document_json", fail)  # /api/documents/<doc_id>


def _web_answers(
    category: str, web: tuple[FlaskClient, str, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, Any]:
    """(the page's response, the /api/ response) for an error of `category`."""
    client, token, doc_id = web
    if category == "not_found":  # CitingError
        return client.get(f"/cite?doc={UNKNOWN_DOC_ID}"), client.get(
            f"/api/cite?doc={UNKNOWN_DOC_ID}"
        )
    if category == "invalid":  # InvalidAnnotation
        form = {"csrf_token": token, "label": "bell\x07"}
        body = {"doc_id": doc_id, "label": "bell\x07"}
        headers = {"X-CSRFToken": token}
        return client.post(f"/doc/{doc_id}/tags", data=form), client.post(
            "/api/tags", json=body, headers=headers
        )
    if category == "unavailable":  # IndexNotBuiltError
        shutil.rmtree(IndexStore(Path(client.application.config["FOIA_HOME"])).index_dir)
        fresh = create_app(
            {"TESTING": True, "FOIA_HOME": client.application.config["FOIA_HOME"]}
        ).test_client()
        return fresh.get("/search?q=memo"), fresh.get("/api/search?q=memo")
    _stand_in(monkeypatch, STAND_INS[category])
    return client.get(f"/doc/{doc_id}"), client.get(f"/api/documents/{doc_id}")


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_has_its_status_on_pages_and_in_the_api(
    category: str, web: tuple[FlaskClient, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page, api = _web_answers(category, web, monkeypatch)
    status = EXPECTED_STATUS[category]
    assert page.status_code == status, page.get_data(as_text=True)
    assert page.mimetype == "text/html"
    assert '<p class="error-message">' in page.get_data(as_text=True)
    assert api.status_code == status
    assert set(api.get_json()) == {"error"} and api.get_json()["error"]
    for response in (page, api):
        assert "Traceback" not in response.get_data(as_text=True)
        assert "/secret/" not in response.get_data(as_text=True)
        assert ("Retry-After" in response.headers) == (category == "busy")


def test_messages_speak_of_the_request_but_never_of_server_folders(
    web: tuple[FlaskClient, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _, doc_id = web
    missing = client.get(f"/api/cite?doc={UNKNOWN_DOC_ID}").get_json()["error"]
    assert missing == f"no document {UNKNOWN_DOC_ID!r}"
    _stand_in(monkeypatch, STAND_INS["busy"])
    busy = client.get(f"/api/documents/{doc_id}")
    assert "try again" in busy.get_json()["error"]
    assert int(busy.headers["Retry-After"]) > 0


# -- the command line -----------------------------------------------------------------------


@pytest.fixture()
def cli_home(template: tuple[Path, str], tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(template[0], home)
    return home


def _run(home: Path, *args: str, input: str | None = None) -> Result:  # noqa: A002
    return CliRunner().invoke(main, ["--home", str(home), *args], input=input)


def _cli_answer(category: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    if category == "not_found":  # UnknownDocumentError
        return _run(home, "similar", UNKNOWN_DOC_ID)
    if category == "invalid":  # InvalidUser
        return _run(home, "user", "add", "eve", "--role", "staff", "--password-stdin", input="x\n")
    if category == "busy":  # IndexBusyError: another process holds the index's write lock
        with IndexStore(home).write_lock():
            return _run(home, "reindex")
    if category == "unavailable":  # IndexNotBuiltError
        return _run(home.parent / "empty", "search", "memo")

    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise STAND_INS[category]

    monkeypatch.setattr("indexer.cli.corpus.corpus_stats", fail)
    return _run(home, "stats")


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_has_its_exit_code_and_one_line(
    category: str, cli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli_answer(category, cli_home, monkeypatch)
    assert result.exit_code == EXIT_CODES[category] == 1, result.output
    assert isinstance(result.exception, SystemExit)  # click's exit, not the library error
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    assert "Traceback" not in result.output


def test_usage_errors_keep_exit_code_2(cli_home: Path) -> None:
    assert _run(cli_home, "cite").exit_code == 2

"""No request is answered with a 500 (issue 12, defect 8): numbers SQLite cannot hold, in a
path or a query string, on every route; JSON bodies nested too deeply, on every route that
takes a body; page numbers too large for the index in a query. Each gets a 400 or a 404 and
changes nothing stored."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.search.service import FILTER_FIELDS
from indexer.store.annotations import add_note, add_tag, list_notes, list_tags, remove_tag
from indexer.store.database import Store
from indexer.store.history import history
from indexer.store.users import get_user
from indexer.tools.saved_searches import add_saved_search, list_saved_searches
from tests.webui.conftest import new_app
from tests.webui.test_auth import build_staff_home, sign_in, token_from
from webui.json_bodies import NESTED_TOO_DEEPLY

WEBUI_DIR = Path(__file__).resolve().parents[2] / "webui"
# Past SQLite's signed 64-bit integers, and a number too long for int() to parse at all.
HUGE_NUMBERS = (str(2**63), str(2**64 + 7), str(10**30), "9" * 5000)
SKIPPED_PREFIXES = ("/static/",)
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@pytest.fixture(scope="module")
def template(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web home with accounts, a saved search, a tag, a note and a history entry."""
    home = build_staff_home(web_home, tmp_path_factory.mktemp("no-500") / "home")
    store = Store(home)
    try:
        ada = get_user(store, "ada")
        assert ada is not None
        doc_id = store.list_documents()[0]["doc_id"]
        add_tag(store, ada, doc_id, "kept", page=1, note="a tag note")
        add_note(store, ada, doc_id, 1, "a kept note")
        gone = add_tag(store, ada, doc_id, "gone", page=1)
        remove_tag(store, ada, gone.tag_id)
        add_saved_search(store, "ada", "detention", "detention")
    finally:
        store.close()
    return home


@pytest.fixture()
def home(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "home")
    return tmp_path / "home"


@pytest.fixture()
def app(home: Path, tmp_path: Path) -> Flask:
    return new_app(home, PAGE_CACHE_DIR=str(tmp_path / "page-cache"))


@pytest.fixture()
def admin(app: Flask) -> Iterator[FlaskClient]:
    client = app.test_client()
    assert sign_in(client, "ada") == 303
    yield client


def snapshot(home: Path) -> tuple[Any, ...]:
    """Everything a request could lose: tags, notes, history, saved searches, documents."""
    store = Store(home)
    try:
        return (
            list_tags(store),
            list_notes(store),
            [entry.event_id for entry in history(store)],
            # opening a saved search marks it seen: that is no loss
            [
                (s.saved_id, s.name, s.query, s.filters, s.feed_token)
                for s in list_saved_searches(store)
            ],
            [document["doc_id"] for document in store.list_documents()],
        )
    finally:
        store.close()


def fill(rule: str, doc_id: str, number: str) -> str:
    """The URL of `rule` with `number` for every number, a real doc_id for every doc_id."""

    def value(match: re.Match[str]) -> str:
        converter = match[1] or "default"
        if converter in ("int", "int64"):
            return number
        return doc_id if converter == "doc_id" or "doc" in match[2] else "x"

    return _ARGUMENT.sub(value, rule)


def numbered_routes(app: Flask) -> list[tuple[str, str]]:
    """(method, rule) of every route with a number in its path."""
    return [
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if "<int" in rule.rule
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def query_parameter_names() -> set[str]:
    """Every query-string parameter a view of webui/ reads by name, and the filters."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in WEBUI_DIR.glob("*.py"))
    reads = r"(?:args\.get\(|args\.getlist\(|args\[|_bounded_number\(|_field\()"
    helpers = r"(?:_number|_text|_date)\(args,"
    return set(re.findall(f"(?:{reads}|{helpers})" + r'\s*"(\w+)"', source)) | set(FILTER_FIELDS)


def call(client: FlaskClient, method: str, url: str, token: str, **kwargs: Any) -> Any:
    headers = {"X-CSRFToken": token}
    if method in ("GET", "DELETE") or "data" in kwargs or "json" in kwargs:
        return client.open(url, method=method, headers=headers, **kwargs)
    return client.open(url, method=method, headers=headers, data={"csrf_token": token})


def test_every_number_in_a_path_goes_through_the_int64_converter(app: Flask) -> None:
    plain = [rule.rule for rule in app.url_map.iter_rules() if re.search(r"<int[:(]", rule.rule)]
    assert plain == []
    # the routes this file attacks: saved searches and their feed, tags, notes, undo, the API
    assert len(numbered_routes(app)) >= 17


@pytest.mark.parametrize("number", HUGE_NUMBERS, ids=lambda n: f"{len(n)}-digits")
def test_numbers_past_sqlite_in_a_path_are_a_404_and_change_nothing(
    app: Flask, admin: FlaskClient, home: Path, number: str
) -> None:
    doc_id = Store(home).list_documents()[0]["doc_id"]
    token = token_from(admin, "/")
    before = snapshot(home)
    for method, rule in numbered_routes(app):
        url = fill(rule, doc_id, number)
        response = call(admin, method, url, token)
        assert response.status_code == 404, (method, url[:80], response.status_code)
        if url.startswith("/api/"):
            assert "error" in response.get_json()
    assert snapshot(home) == before


def test_the_largest_number_sqlite_holds_is_still_an_ordinary_not_found(
    app: Flask, admin: FlaskClient, home: Path
) -> None:
    doc_id = Store(home).list_documents()[0]["doc_id"]
    token = token_from(admin, "/")
    for method, rule in numbered_routes(app):
        url = fill(rule, doc_id, str(2**63 - 1))
        assert call(admin, method, url, token).status_code in (400, 404), (method, url)


# Numbers past SQLite, a digit int() refuses (superscript two), a sign int() refuses, a
# number too long for int() to parse.
HOSTILE_NUMBERS = (str(2**63), str(2**64 + 7), "\u00b2", "+-5", "9" * 5000)
HOSTILE_IDS = ("2**63", "2**64+7", "superscript-two", "plus-minus", "5000-digits")


@pytest.mark.parametrize("number", HOSTILE_NUMBERS, ids=HOSTILE_IDS)
def test_hostile_numbers_in_a_query_string_never_fail(
    app: Flask, admin: FlaskClient, home: Path, number: str
) -> None:
    doc_id = Store(home).list_documents()[0]["doc_id"]
    names = sorted(query_parameter_names())
    assert {"page", "offset", "start", "limit", "year"} <= set(names)
    before = snapshot(home)
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.rule.startswith(SKIPPED_PREFIXES):
            continue
        url = fill(rule.rule, doc_id, "1")
        for name in names:
            response = admin.get(url, query_string={name: number, "doc": doc_id, "q": "ICE"})
            assert response.status_code < 500, (url, name, response.status_code)
    assert snapshot(home) == before


def body_field_names() -> set[str]:
    """Every form field or JSON member a view of webui/ reads by name."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in WEBUI_DIR.glob("*.py"))
    return set(re.findall(r'(?:_field\(|form\.get\(|body\.get\()\s*"(\w+)"', source))


@pytest.mark.parametrize("number", HOSTILE_NUMBERS, ids=HOSTILE_IDS)
def test_hostile_numbers_in_a_form_or_json_body_never_fail(
    app: Flask, admin: FlaskClient, home: Path, number: str
) -> None:
    doc_id = Store(home).list_documents()[0]["doc_id"]
    token = token_from(admin, "/")
    names = body_field_names()
    assert {"page", "label", "text", "q"} <= names
    before = snapshot(home)
    for method, rule in body_routes(app):
        if rule in ("/sign-out", "/sign-in", "/account/password") or rule.startswith("/admin/"):
            continue  # accounts: their own tests; a number in a password is just text
        url = fill(rule, doc_id, "999999")
        values = {name: number for name in names}
        form = call(admin, method, url, token, data={**values, "csrf_token": token})
        assert form.status_code < 500, (method, url, "form", form.status_code)
        sent = call(admin, method, url, token, json={**values, "doc_id": doc_id})
        assert sent.status_code < 500, (method, url, "json", sent.status_code)
    # a page number that is no number adds no tag or note
    assert snapshot(home)[:2] == before[:2]


def test_the_history_and_notes_api_with_huge_numbers(admin: FlaskClient, home: Path) -> None:
    big = str(2**63)
    assert admin.get(f"/history?offset={big}").status_code == 200
    doc_id = Store(home).list_documents()[0]["doc_id"]
    notes = admin.get(f"/api/notes?doc={doc_id}&page={big}")
    assert notes.status_code == 200
    # an unusable page number is ignored, as a word would be: the document's notes
    assert [note["text"] for note in notes.get_json()["notes"]] == ["a kept note"]


def nested(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"q": ' * depth + "1" + "}" * depth


def body_routes(app: Flask) -> list[tuple[str, str]]:
    """(method, rule) of every route that takes a body (POST, PUT, PATCH, DELETE)."""
    changing = {"POST", "PUT", "PATCH", "DELETE"}
    found = [
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) & changing)
    ]
    return sorted(found, key=lambda route: route[1] == "/sign-out")  # signed in until the end


@pytest.mark.parametrize("kind", ["array", "object"])
def test_json_nested_too_deeply_is_a_400_on_every_route(
    app: Flask, admin: FlaskClient, home: Path, kind: str
) -> None:
    doc_id = Store(home).list_documents()[0]["doc_id"]
    token = token_from(admin, "/")
    body = nested(8_000, kind)  # 16-56 KB: under the smallest upload limit (64 KB)
    before = snapshot(home)
    refused = []
    for method, rule in body_routes(app):
        url = fill(rule, doc_id, "999999")  # no such tag, note, event or saved search
        response = call(admin, method, url, token, data=body, content_type="application/json")
        # refused (400, 413), a form route that finds no form, signed out: never a 500
        assert response.status_code < 500, (method, url, response.status_code)
        if NESTED_TOO_DEEPLY in response.get_data(as_text=True):
            refused.append(rule)
    # every route that reads a JSON body says why it refused this one
    for reader in ("/api/tags", "/api/notes", "/api/find-quote", "/api/batch", "/find-quote"):
        assert reader in refused, reader
    assert "/doc/<doc_id:doc_id>/tags" in refused
    assert snapshot(home) == before


@pytest.mark.parametrize("url", ["/api/find-quote", "/api/batch", "/find-quote", "/api/tags"])
def test_json_a_hundred_thousand_levels_deep(admin: FlaskClient, home: Path, url: str) -> None:
    token = token_from(admin, "/")
    before = snapshot(home)
    response = admin.post(
        url,
        data=nested(100_000, "array"),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    # 200 KB: within the quote finder's and the batch's limits, past a form's (413)
    assert response.status_code in (400, 413)
    if response.status_code == 400:
        assert NESTED_TOO_DEEPLY in response.get_data(as_text=True)
    assert snapshot(home) == before


def test_ordinary_json_bodies_still_work(admin: FlaskClient, home: Path) -> None:
    doc_id = Store(home).list_documents()[0]["doc_id"]
    token = token_from(admin, "/")
    added = admin.post(
        "/api/tags",
        json={"doc_id": doc_id, "label": "exhibit-9", "page": 1},
        headers={"X-CSRFToken": token},
    )
    assert added.status_code == 201 and added.get_json()["label"] == "exhibit-9"
    found = admin.post("/api/find-quote", json={"q": "detention"}, headers={"X-CSRFToken": token})
    assert found.status_code == 200 and "matches" in found.get_json()


PAGE_NUMBERS = (str(2**31), "99999999999", str(2**63), str(10**300))


@pytest.mark.parametrize("number", PAGE_NUMBERS, ids=lambda n: f"{len(n)}-digits")
def test_page_numbers_past_the_index_in_a_query(client: FlaskClient, number: str) -> None:
    everything = client.get("/api/search", query_string={"q": "ICE"}).get_json()
    assert everything["total_pages"] > 1
    queries = {
        f"ICE page:{number}": 0,
        f"ICE page:[{number} TO *]": 0,
        f"ICE page:[1 TO {number}]": everything["total_pages"],
        f"ICE page:[* TO {number}]": everything["total_pages"],
        f"ICE page:-{number}": 0,
        f"ICE page:[-{number} TO 1]": None,  # page 1 of each document: checked below
    }
    for query, total in queries.items():
        response = client.get("/api/search", query_string={"q": query})
        assert response.status_code == 200, (query, response.get_data(as_text=True))
        found = response.get_json()
        if total is not None:
            assert found["total_pages"] == total, query
        else:
            pages = [p["page"] for d in found["documents"] for p in d["pages"]]
            assert found["total_pages"] >= 1 and set(pages) == {1}, query
        html = client.get("/search", query_string={"q": query})
        assert html.status_code == 200, query

"""Tags, notes, history and citation export on the web: role checks on every route, CSRF,
escaping of labels and notes, limits, search and facet at once, and every export format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient

from indexer.store.annotations import add_note, add_tag, list_notes, list_tags, remove_tag
from indexer.store.database import Store
from indexer.store.history import history
from indexer.store.users import add_user, get_user
from tests.indexer.test_citing import CSL_SCHEMA_PATH, parse_bibtex, parse_ris
from tests.webui.conftest import new_app
from tests.webui.test_auth import PASSWORD, sign_in, token_from

HOSTILE_LABEL = '<script>alert("label")</script>'
HOSTILE_NOTE = '<img src=x onerror=alert("note")>'
HOSTILE_QUOTE = "<b onmouseover=alert(1)>bold</b>"


@dataclass
class Seeded:
    """A tag, a note and a removal made before the request under test."""

    doc_id: str
    tag_id: int
    note_id: int
    removal_event: int


@pytest.fixture()
def seeded(staff_home: Path, doc_ids: dict[str, str]) -> Iterator[Seeded]:
    store = Store(staff_home)
    try:
        alice = get_user(store, "alice")
        assert alice is not None
        doc_id = doc_ids["finney.pdf"]
        tag = add_tag(store, alice, doc_id, "kept", page=1, note="tag note")
        note = add_note(store, alice, doc_id, 1, "kept note")
        gone = add_tag(store, alice, doc_id, "gone", page=2)
        remove_tag(store, alice, gone.tag_id)
        yield Seeded(doc_id, tag.tag_id, note.note_id, history(store)[0].event_id)
    finally:
        store.close()


def snapshot(home: Path) -> tuple[Any, ...]:
    store = Store(home)
    try:
        return (list_tags(store), list_notes(store), [e.event_id for e in history(store)])
    finally:
        store.close()


def routes(seed: Seeded) -> list[tuple[str, str, dict[str, Any]]]:
    """Every route that needs a staff account: (method, URL, form or {"json": body})."""
    d, t, n, e = seed.doc_id, seed.tag_id, seed.note_id, seed.removal_event
    return [
        ("POST", f"/doc/{d}/tags", {"label": "new", "page": "1"}),
        ("POST", f"/tags/{t}/remove", {}),
        ("POST", f"/tags/{t}/confirm", {}),
        ("POST", f"/doc/{d}/p/1/notes", {"text": "new note", "quote": "ICE"}),
        ("POST", f"/notes/{n}/edit", {"text": "edited"}),
        ("POST", f"/notes/{n}/remove", {}),
        ("POST", f"/notes/{n}/confirm", {}),
        ("POST", f"/history/{e}/undo", {}),
        ("GET", "/history", {}),
        ("GET", "/cite?tag=kept&format=ris", {}),
        ("GET", f"/cite?doc={d}&page=1&format=csv", {}),
        ("GET", "/cite?q=ICE&format=bibtex", {}),
        ("GET", "/api/cite?tag=kept&format=csl-json", {}),
        ("GET", f"/api/notes?doc={d}", {}),
        ("GET", "/api/history", {}),
        ("POST", "/api/tags", {"json": {"doc_id": d, "label": "api", "page": 1}}),
        ("DELETE", f"/api/tags/{t}", {"json": {}}),
        ("POST", "/api/notes", {"json": {"doc_id": d, "page": 1, "text": "api note"}}),
    ]


def call(client: FlaskClient, method: str, url: str, body: dict[str, Any], token: str) -> Any:
    if "json" in body:
        return client.open(url, method=method, json=body["json"], headers={"X-CSRFToken": token})
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={**body, "csrf_token": token})


@pytest.mark.parametrize("index", range(18))
@pytest.mark.parametrize("who", [None, "vic", "alice", "ada"])
def test_every_staff_route_checks_the_role(
    browser_client: FlaskClient,
    staff_home: Path,
    seeded: Seeded,
    index: int,
    who: str | None,
) -> None:
    method, url, body = routes(seeded)[index]
    if who:
        assert sign_in(browser_client, who) == 303
    token = token_from(browser_client)
    before = snapshot(staff_home)
    response = call(browser_client, method, url, body, token)
    if who is None:
        is_page = method == "GET" and not url.startswith("/api/")
        assert response.status_code == (302 if is_page else 401), response.get_data(as_text=True)
        if is_page:
            assert response.headers["Location"].startswith("/sign-in?next=")
    elif who == "vic":
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 201, 303), response.get_data(as_text=True)
    # Nothing is flagged for review, so confirming one changes nothing either.
    if who in (None, "vic") or method == "GET" or url.endswith("/confirm"):
        assert snapshot(staff_home) == before
    else:
        assert snapshot(staff_home) != before


TAG_READING_URLS = ("/tags", "/api/tags", "/api/tags?doc={d}", "/api/tags/labels?prefix=k")


def test_anonymous_visitors_see_no_tag_labels_by_default(
    browser_client: FlaskClient, seeded: Seeded
) -> None:
    """Issue 14: labels are private to accounts unless the PUBLIC_TAGS setting allows."""
    for url in TAG_READING_URLS:
        response = browser_client.get(url.format(d=seeded.doc_id))
        assert response.status_code in (302, 401), url
        assert b"kept" not in response.data, url
    for url in ("/search?q=Finney", f"/doc/{seeded.doc_id}/p/1"):
        body = browser_client.get(url).get_data(as_text=True)
        assert "kept" not in body and 'id="facet-tag"' not in body, url
    tagged = browser_client.get("/api/search?q=tag:kept").get_json()
    assert tagged["total_documents"] == 0 and "not available" in tagged["notice"]
    plain = browser_client.get("/api/search?q=Finney").get_json()
    assert plain["facets"]["tag"] == {} and all(not d["tags"] for d in plain["documents"])
    assert sign_in(browser_client, "alice") == 303
    assert "kept" in browser_client.get("/search?q=Finney").get_data(as_text=True)


def test_reading_tags_is_open_to_everyone_when_tags_are_public(
    staff_home: Path, seeded: Seeded, tmp_path: Path
) -> None:
    app = new_app(staff_home, PUBLIC_TAGS=True, PAGE_CACHE_DIR=str(tmp_path / "pages"))
    browser_client = app.test_client()
    for url in TAG_READING_URLS:
        assert browser_client.get(url.format(d=seeded.doc_id)).status_code == 200, url
    assert "kept" in browser_client.get("/search?q=Finney").get_data(as_text=True)
    tags = browser_client.get("/api/tags").get_json()["tags"]
    assert [(t["label"], t["note"]) for t in tags] == [("kept", None)]  # tag notes are private
    labels = browser_client.get("/api/tags/labels?prefix=K").get_json()["labels"]
    assert labels == [{"label": "kept", "count": 1}]
    assert sign_in(browser_client, "alice") == 303
    assert browser_client.get("/api/tags").get_json()["tags"][0]["note"] == "tag note"


@pytest.mark.parametrize(
    ("method", "url_format", "body"),
    [
        ("POST", "/doc/{d}/tags", {"label": "x"}),
        ("POST", "/tags/{t}/remove", {}),
        ("POST", "/history/{e}/undo", {}),
        ("POST", "/api/tags", {"json": {"doc_id": "{d}", "label": "x"}}),
        ("DELETE", "/api/tags/{t}", {"json": {}}),
    ],
)
@pytest.mark.parametrize("token", ["", "forged-token"])
def test_changes_without_a_valid_csrf_token_are_refused(
    browser_client: FlaskClient,
    staff_home: Path,
    seeded: Seeded,
    method: str,
    url_format: str,
    body: dict[str, Any],
    token: str,
) -> None:
    assert sign_in(browser_client, "alice") == 303
    values = {"d": seeded.doc_id, "t": seeded.tag_id, "e": seeded.removal_event}
    url = url_format.format(**values)
    if "json" in body:
        body = {"json": {k: v.format(**values) for k, v in body["json"].items()}}
    before = snapshot(staff_home)
    if "json" in body:
        headers = {"X-CSRFToken": token} if token else {}
        response = browser_client.open(url, method=method, json=body["json"], headers=headers)
    else:
        data = {**body, **({"csrf_token": token} if token else {})}
        response = browser_client.open(url, method=method, data=data)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert snapshot(staff_home) == before


def test_labels_and_notes_are_escaped_everywhere(
    browser_client: FlaskClient, staff_home: Path, doc_ids: dict[str, str]
) -> None:
    doc_id = doc_ids["finney.pdf"]
    assert sign_in(browser_client, "alice") == 303
    token = token_from(browser_client, f"/doc/{doc_id}/p/1")
    for form, url in (
        ({"label": HOSTILE_LABEL, "page": "1", "note": HOSTILE_NOTE}, f"/doc/{doc_id}/tags"),
        ({"text": HOSTILE_NOTE, "quote": HOSTILE_QUOTE}, f"/doc/{doc_id}/p/1/notes"),
    ):
        assert browser_client.post(url, data={**form, "csrf_token": token}).status_code == 303
    pages = [
        f"/doc/{doc_id}/p/1",
        "/search?q=Finney",
        "/search?q=Finney&tag=" + HOSTILE_LABEL,
        "/tags",
        "/history",
    ]
    for url in pages:
        body = browser_client.get(url).get_data(as_text=True)
        for raw in (HOSTILE_LABEL, HOSTILE_NOTE, HOSTILE_QUOTE, "<script>alert", "<img src=x"):
            assert raw not in body, (url, raw)
        assert "&lt;script&gt;alert(" in body, url
    page = browser_client.get(f"/doc/{doc_id}/p/1").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(" in page and "&lt;b onmouseover=" in page
    api = browser_client.get(f"/api/notes?doc={doc_id}").get_json()["notes"]
    assert [(n["text"], n["quote"]) for n in api] == [(HOSTILE_NOTE, HOSTILE_QUOTE)]


@pytest.mark.parametrize(
    ("url_format", "form", "status", "message"),
    [
        ("/doc/{d}/tags", {"label": "x" * 81}, 400, "at most 80 characters"),
        ("/doc/{d}/tags", {"label": "   "}, 400, "cannot be empty"),
        ("/doc/{d}/tags", {"label": "ok", "note": "n" * 10_001}, 400, "at most 10000 characters"),
        ("/doc/{d}/tags", {"label": "ok", "page": "99"}, 404, "has no page 99"),
        ("/doc/{d}/tags", {"label": "ok", "page": "two"}, 400, "page must be a page number"),
        ("/doc/0123456789abcdef/tags", {"label": "ok"}, 404, "no document"),
        ("/doc/{d}/p/1/notes", {"text": "n" * 10_001}, 400, "at most 10000 characters"),
        ("/doc/{d}/p/1/notes", {"text": "ok", "quote": "q" * 2_001}, 400, "at most 2000"),
        ("/doc/{d}/p/1/notes", {"text": ""}, 400, "text is required"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    browser_client: FlaskClient,
    staff_home: Path,
    doc_ids: dict[str, str],
    url_format: str,
    form: dict[str, str],
    status: int,
    message: str,
) -> None:
    assert sign_in(browser_client, "alice") == 303
    url = url_format.format(d=doc_ids["finney.pdf"])
    before = snapshot(staff_home)
    response = browser_client.post(url, data={**form, "csrf_token": token_from(browser_client)})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert snapshot(staff_home) == before


def test_a_tag_added_on_the_page_view_is_searchable_and_a_facet_at_once(
    browser_client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    doc_id = doc_ids["finney.pdf"]
    assert sign_in(browser_client, "alice") == 303
    page_url = f"/doc/{doc_id}/p/2"
    form = {"label": "Exhibit-3", "page": "2", "next": page_url}
    added = browser_client.post(
        f"/doc/{doc_id}/tags", data={**form, "csrf_token": token_from(browser_client, page_url)}
    )
    assert added.status_code == 303 and added.headers["Location"] == page_url
    assert "Exhibit-3" in browser_client.get(page_url).get_data(as_text=True)
    results = browser_client.get("/search?q=ICE").get_data(as_text=True)
    assert 'id="facet-tag"' in results and "Exhibit-3" in results
    found = browser_client.get("/api/search?q=tag:exhibit-3").get_json()
    assert found["total_documents"] == 1 and found["documents"][0]["pages"][0]["page"] == 2
    assert found["facets"]["tag"] == {"Exhibit-3": 1}
    assert found["documents"][0]["tags"] == ["Exhibit-3"]
    filtered = browser_client.get("/api/search?q=ICE&tag=exhibit-3").get_json()
    assert filtered["total_documents"] == 1


def test_notes_stay_hidden_from_anonymous_visitors_and_viewers(
    browser_client: FlaskClient, seeded: Seeded
) -> None:
    page_url = f"/doc/{seeded.doc_id}/p/1"
    for who in (None, "vic"):
        if who:
            assert sign_in(browser_client, who) == 303
        body = browser_client.get(page_url).get_data(as_text=True)
        assert "kept note" not in body and "tag note" not in body and "notes-panel" not in body
        assert browser_client.get(f"/api/notes?doc={seeded.doc_id}").status_code in (401, 403)
        searched = browser_client.get("/api/search?q=note:kept").get_json()
        assert searched["total_documents"] == 0 and "not available" in searched["notice"]
    assert sign_in(browser_client, "alice") == 303
    assert "kept note" in browser_client.get(page_url).get_data(as_text=True)
    assert browser_client.get("/api/search?q=note:kept").get_json()["total_documents"] == 1


def test_only_a_notes_author_or_an_admin_is_offered_to_edit_it(
    browser_client: FlaskClient, staff_home: Path, seeded: Seeded
) -> None:
    store = Store(staff_home)
    try:
        add_user(store, "bob", "staff", PASSWORD)
    finally:
        store.close()
    page_url = f"/doc/{seeded.doc_id}/p/1"
    edit_action = f"/notes/{seeded.note_id}/edit"
    offered = {}
    for who in ("bob", "alice", "ada"):
        assert sign_in(browser_client, who) == 303
        body = browser_client.get(page_url).get_data(as_text=True)
        assert "kept note" in body  # every editor reads the note
        offered[who] = edit_action in body
        browser_client.post("/sign-out", data={"csrf_token": token_from(browser_client)})
    assert offered == {"bob": False, "alice": True, "ada": True}


def test_history_shows_changes_and_undoes_a_removal(
    browser_client: FlaskClient, staff_home: Path, seeded: Seeded
) -> None:
    assert sign_in(browser_client, "alice") == 303
    page = browser_client.get("/history").get_data(as_text=True)
    assert "remove tag" in page and "gone" in page and "alice" in page
    response = browser_client.post(
        f"/history/{seeded.removal_event}/undo",
        data={"csrf_token": token_from(browser_client, "/history"), "next": "/history"},
    )
    assert response.status_code == 303
    store = Store(staff_home)
    try:
        assert {t.label for t in list_tags(store)} == {"kept", "gone"}
    finally:
        store.close()
    again = browser_client.post(
        f"/history/{seeded.removal_event}/undo",
        data={"csrf_token": token_from(browser_client, "/history")},
    )
    assert again.status_code == 400 and "not removed" in again.get_data(as_text=True)


def test_citations_export_in_every_format(
    browser_client: FlaskClient, seeded: Seeded, staff_home: Path
) -> None:
    assert sign_in(browser_client, "alice") == 303
    store = Store(staff_home)
    try:
        sha256 = next(d["sha256"] for d in store.list_documents() if d["doc_id"] == seeded.doc_id)
    finally:
        store.close()
    exports = {}
    for fmt in ("text", "csl-json", "ris", "bibtex", "csv"):
        response = browser_client.get(f"/cite?tag=kept&format={fmt}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        exports[fmt] = response.get_data(as_text=True)
    (record,) = parse_ris(exports["ris"])
    assert (record[0][0], record[-1][0]) == ("TY", "ER")
    assert dict(record)["SP"] == "1" and dict(record)["KW"] == "kept"
    assert dict(record)["UR"] == f"http://localhost/doc/{seeded.doc_id}/p/1"
    items = json.loads(exports["csl-json"])
    if CSL_SCHEMA_PATH.is_file():
        jsonschema.validate(items, json.loads(CSL_SCHEMA_PATH.read_text(encoding="utf-8")))
    assert items[0]["custom"]["sha256"] == sha256 and items[0]["page"] == "1"
    ((_, _, fields),) = parse_bibtex(exports["bibtex"])
    assert fields["pages"] == "1" and sha256 in fields["note"]
    (row,) = csv.DictReader(io.StringIO(exports["csv"]))
    assert (row["page"], row["sha256"], row["tag"]) == ("1", sha256, "kept")
    assert exports["text"].count("\n") == 1 and f"SHA-256 {sha256}" in exports["text"]
    assert browser_client.get("/cite?tag=kept&format=docx").status_code == 400
    assert browser_client.get("/cite?tag=kept&doc=x").status_code == 400
    assert browser_client.get("/cite?tag=nothing").status_code == 404


def test_the_page_view_offers_a_full_citation_to_copy(
    browser_client: FlaskClient, doc_ids: dict[str, str], staff_home: Path
) -> None:
    doc_id = doc_ids["finney.pdf"]
    store = Store(staff_home)
    try:
        sha256 = next(d["sha256"] for d in store.list_documents() if d["doc_id"] == doc_id)
    finally:
        store.close()
    body = browser_client.get(f"/doc/{doc_id}/p/3").get_data(as_text=True)
    assert 'id="citation-text"' in body and 'data-copy="citation-text"' in body
    assert "at 3, in ICE 287(g) agreements" in body and f"(SHA-256 {sha256})" in body
    assert "/cite?" not in body  # downloads are for staff
    assert sign_in(browser_client, "alice") == 303
    assert f"/cite?doc={doc_id}&amp;page=3&amp;format=ris" in browser_client.get(
        f"/doc/{doc_id}/p/3"
    ).get_data(as_text=True)


def test_flagged_tags_and_notes_are_checked_from_the_page_view(
    make_app: Any, tmp_path: Path
) -> None:
    """A file changed under a tag and a note: the page view shows each flag with its own
    "Checked" form, and posting the form clears that flag (and no other)."""
    from tests.conftest import Home, write_docs
    from tests.webui.test_auth import PASSWORD

    folder = write_docs(tmp_path / "docs", {"memo.txt": "alpha page\fbravo page"})
    home = Home(tmp_path / "home")
    try:
        home.ingest(folder)
        (doc_id,) = home.store.doc_ids()
        alice = add_user(home.store, "alice", "staff", PASSWORD)
        tag = add_tag(home.store, alice, doc_id, "moved", page=2)
        note = add_note(home.store, alice, doc_id, 2, "on the second page")
        (folder / "memo.txt").write_text("alpha page\fbravo page, revised", encoding="utf-8")
        assert home.ingest(folder).updated == 1
    finally:
        home.close()
    client = make_app(tmp_path / "home").test_client()
    assert sign_in(client, "alice") == 303
    page = client.get(f"/doc/{doc_id}/p/2").get_data(as_text=True)
    assert page.count("the text of page 2 changed with the file") == 2
    forms = {f"/tags/{tag.tag_id}/confirm", f"/notes/{note.note_id}/confirm"}
    assert {url for url in forms if f'action="{url}"' in page} == forms
    token = token_from(client, f"/doc/{doc_id}/p/2")
    store = Store(tmp_path / "home")
    try:
        response = client.post(f"/tags/{tag.tag_id}/confirm", data={"csrf_token": token})
        assert response.status_code == 303
        assert [t.review for t in list_tags(store)] == [None]
        assert [n.review for n in list_notes(store)] != [None]
        response = client.post(f"/notes/{note.note_id}/confirm", data={"csrf_token": token})
        assert response.status_code == 303
        assert [n.review for n in list_notes(store)] == [None]
    finally:
        store.close()

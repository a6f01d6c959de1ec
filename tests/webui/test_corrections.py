"""Corrections on the web (issue 15): staff correct a document's title, date, type and source
on its correction form or as JSON (CSRF, staff only, bad values refused with nothing lost);
the document page says what was corrected and what the file says; search and facets use the
corrected value; the history undoes it."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.webui.conftest import tools_client
from tests.webui.test_api import openapi, validator_for
from tests.webui.test_auth import token_from
from tests.webui.tools_copy import copied_app, copied_home, signed_in_alice  # noqa: F401 (fixtures)

LETTER = "letter-owyhee.txt"


def form_token(client: FlaskClient, doc_id: str) -> str:
    return token_from(client, f"/doc/{doc_id}/meta")


def titles(client: FlaskClient, query: str, **params: str) -> list[str]:
    data = client.get("/api/search", query_string={"q": query, **params}).get_json()
    return [doc["title"] for doc in data["documents"]]


def test_staff_correct_on_the_form_and_everyone_sees_it(
    alice: FlaskClient, app: Flask, tools_ids: dict[str, str]
) -> None:
    doc_id = tools_ids[LETTER]
    original = alice.get(f"/api/documents/{doc_id}/meta").get_json()
    old_title = next(f["value"] for f in original["fields"] if f["field"] == "title")
    form = {
        "csrf_token": form_token(alice, doc_id),
        "title": "Owyhee County agreement letter",
        "date": "2019-03-04",
        "type": "letter",
        "source": old_title and "",  # a blank field that was never corrected: unchanged
    }
    response = alice.post(f"/doc/{doc_id}/meta", data=form)
    assert response.status_code == 303
    page = alice.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved: search, facets and citations use the corrected values." in page
    assert html.escape(old_title, quote=False) in page  # the original is shown
    # Anyone (signed out) sees the corrected document, and what was corrected.
    visitor = app.test_client()
    document = visitor.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert "<h1>Owyhee County agreement letter</h1>" in document
    assert 'data-field="title"' in document and html.escape(old_title, quote=False) in document
    assert "Correct the title" not in document  # the staff link is for staff
    assert "Correct the title" in alice.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert titles(visitor, "title:agreement") == ["Owyhee County agreement letter"]
    facets = visitor.get("/api/search", query_string={"q": "owyhee"}).get_json()["facets"]
    assert facets["type"].get("letter") == 1 and facets["year"].get("2019") == 1
    assert titles(visitor, "owyhee date:2019-03") == ["Owyhee County agreement letter"]
    shown = visitor.get(f"/api/documents/{doc_id}/meta").get_json()
    validator_for(openapi(visitor), "DocumentFields").validate(shown)
    fields = {f["field"]: f for f in shown["fields"]}
    assert fields["source"]["is_corrected"] is False
    assert (fields["title"]["original"], fields["title"]["corrected_by"]) == (old_title, "alice")


def test_clearing_on_the_form_and_undo_in_the_history(
    alice: FlaskClient, tools_ids: dict[str, str]
) -> None:
    doc_id = tools_ids[LETTER]
    token = form_token(alice, doc_id)
    alice.post(f"/doc/{doc_id}/meta", data={"csrf_token": token, "title": "Renamed letter"})
    assert titles(alice, "title:renamed") == ["Renamed letter"]
    alice.post(f"/doc/{doc_id}/meta", data={"csrf_token": token, "clear_title": "1"})
    assert titles(alice, "title:renamed") == []
    history = alice.get("/api/history", query_string={"doc": doc_id}).get_json()["history"]
    clear, first = history[0], history[1]
    assert (clear["kind"], clear["action"], first["action"]) == ("correction", "remove", "add")
    page = alice.get(f"/history?doc={doc_id}").get_data(as_text=True)
    assert f"/history/{clear['event_id']}/undo" in page
    response = alice.post(f"/history/{clear['event_id']}/undo", data={"csrf_token": token})
    assert response.status_code == 303
    assert titles(alice, "title:renamed") == ["Renamed letter"]
    # The same entry again: the title changed since, refused with the reason.
    again = alice.post(f"/history/{clear['event_id']}/undo", data={"csrf_token": token})
    assert again.status_code == 400
    assert "changed again since" in again.get_data(as_text=True)


def test_the_json_api(alice: FlaskClient, tools_ids: dict[str, str]) -> None:
    doc_id = tools_ids[LETTER]
    headers = {"X-CSRFToken": form_token(alice, doc_id)}
    response = alice.post(
        f"/api/documents/{doc_id}/meta", json={"type": "agreement", "date": "2018"}, headers=headers
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    validator_for(openapi(alice), "CorrectionResult").validate(body)
    assert body["is_indexed"] is True and body["notice"] is None
    assert {c["field"]: c["value"] for c in body["changes"]} == {
        "type": "agreement",
        "date": "2018",
    }
    assert titles(alice, "owyhee type:agreement date:2018")
    cleared = alice.post(f"/api/documents/{doc_id}/meta", json={"type": None}, headers=headers)
    assert cleared.get_json()["changes"][0]["value"] is None
    assert not titles(alice, "owyhee type:agreement")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"date": "the day after"}, "is not a date"),
        ({"date": "2999-05-05"}, "in the future"),
        ({"author": "Nobody"}, "cannot be corrected"),
        ({"title": "x" * 600}, "longer than 500"),
        ({"title": "x" * 3000}, "at most 2000 characters"),
        ({"title": ["a", "list"]}, "must be text"),
        ({}, "Send a JSON object"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(
    alice: FlaskClient, tools_ids: dict[str, str], body: dict[str, object], message: str
) -> None:
    doc_id = tools_ids[LETTER]
    before = alice.get(f"/api/documents/{doc_id}/meta").get_json()
    headers = {"X-CSRFToken": form_token(alice, doc_id)}
    payload = {"type": "x", **body} if body else {}  # the good field is not set either
    response = alice.post(f"/api/documents/{doc_id}/meta", json=payload, headers=headers)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert alice.get(f"/api/documents/{doc_id}/meta").get_json() == before


def test_only_staff_with_a_csrf_token_correct(
    app: Flask, alice: FlaskClient, tools_ids: dict[str, str]
) -> None:
    doc_id = tools_ids[LETTER]
    before = alice.get(f"/api/documents/{doc_id}/meta").get_json()
    visitor = app.test_client()
    assert visitor.get(f"/doc/{doc_id}/meta").status_code in (302, 401)
    refused = visitor.post(f"/api/documents/{doc_id}/meta", json={"title": "Hacked"})
    assert refused.status_code in (400, 401, 403)
    viewer = tools_client(app, "vic")
    token = token_from(viewer, "/")
    assert viewer.get(f"/doc/{doc_id}/meta").status_code == 403
    forbidden = viewer.post(
        f"/api/documents/{doc_id}/meta", json={"title": "Hacked"}, headers={"X-CSRFToken": token}
    )
    assert forbidden.status_code == 403
    no_token = alice.post(f"/doc/{doc_id}/meta", data={"title": "Hacked"})
    assert no_token.status_code == 400
    assert alice.post(f"/api/documents/{doc_id}/meta", json={"title": "Hacked"}).status_code == 400
    assert alice.get(f"/api/documents/{doc_id}/meta").get_json() == before
    unknown = alice.post(
        "/api/documents/0123456789abcdef/meta",
        json={"title": "x"},
        headers={"X-CSRFToken": form_token(alice, doc_id)},
    )
    assert unknown.status_code == 404


def test_the_form_escapes_what_it_shows(alice: FlaskClient, tools_ids: dict[str, str]) -> None:
    doc_id = tools_ids[LETTER]
    hostile = "<script>alert('title')</script> letter"
    headers = {"X-CSRFToken": form_token(alice, doc_id)}
    url = f"/api/documents/{doc_id}/meta"
    assert alice.post(url, json={"title": hostile}, headers=headers).status_code == 200
    for url in (f"/doc/{doc_id}/meta", f"/doc/{doc_id}", f"/history?doc={doc_id}"):
        page = alice.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "&lt;script&gt;" in page
        assert not re.search(r"<script>alert", page)

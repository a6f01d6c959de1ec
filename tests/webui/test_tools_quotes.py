"""The quote finder and "more like this" on the web: the page and its JSON, a passage over a page
break, a 50,000-character paste, escaping, and similar documents without a record's copies."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.store.database import Store
from tests.webui.conftest import new_app
from tests.webui.test_api import validator_for
from tests.webui.test_factory import EVENT_HANDLER, INLINE_SCRIPT, INLINE_STYLE

PAGE_BREAK_QUOTE = (
    "the program is a federal information-sharing partnership. The opt-out question came"
    " up again when Santa Clara County wrote to the sheriff"
)
DAMAGED_QUOTE = (
    "\u201cCounties asked whether they may opt\nout of Secure Communities. Headquaretrs "
    "answered \u2026 the progarm is a federal information-\nsharing partnership.\u201d"
)
_MATCH = re.compile(r'<li class="hit quote-match">(.*?)</li>', re.S)


@pytest.fixture(scope="module")
def app(tools_home: Path) -> Flask:
    return new_app(tools_home)


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


def matches_on_page(html: str) -> list[str]:
    return _MATCH.findall(html)


def assert_clean_page(html: str) -> None:
    """No inline script, style or event handler (the CSP forbids them), every control
    labelled."""
    assert not INLINE_SCRIPT.search(html) and not INLINE_STYLE.search(html)
    assert not EVENT_HANDLER.search(html)
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html):
        assert f'for="{control_id}"' in html, control_id
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        assert 'type="hidden"' in tag or " id=" in tag, tag


def test_every_page_links_the_quote_finder(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    assert 'href="/find-quote"' in home
    page = client.get("/find-quote")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<textarea id="quote-text" name="q"' in html and 'method="post"' in html
    assert "quote-results" not in html  # nothing asked yet


def test_a_passage_over_a_page_break_shows_both_pages(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    memo = tools_ids["memo.txt"]
    response = client.post("/find-quote", data={"q": PAGE_BREAK_QUOTE})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = matches_on_page(html)
    assert found, html
    best = found[0]
    # each page linked with the stretch it holds, marked there (issue 14)
    assert f'href="/doc/{memo}/p/1?mark=' in best and f'href="/doc/{memo}/p/2?mark=' in best
    assert "ICE FOIA 10-2674.0000101" in best
    marked = re.findall(r"<mark>(.*?)</mark>", best)
    assert marked[0].startswith("the program is a federal information-sharing partnership")
    assert marked[1].startswith("The opt-out question came up again")
    assert PAGE_BREAK_QUOTE in html  # the textarea keeps the passage


def test_a_damaged_passage_finds_its_page_by_get_and_json(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    memo = tools_ids["memo.txt"]
    page = client.get("/find-quote", query_string={"q": DAMAGED_QUOTE}).get_data(as_text=True)
    assert f'href="/doc/{memo}/p/1?mark=' in matches_on_page(page)[0]
    for response in (
        client.get("/api/find-quote", query_string={"q": DAMAGED_QUOTE}),
        client.post("/api/find-quote", json={"q": DAMAGED_QUOTE}),
        client.post("/api/find-quote", data={"q": DAMAGED_QUOTE}),
    ):
        assert response.status_code == 200 and response.mimetype == "application/json"
        data = response.get_json()
        top = data["matches"][0]
        assert (top["doc_id"], top["page"], top["page_end"]) == (memo, 1, 1)
        assert top["url"] == f"/doc/{memo}/p/1" and top["score"] > 0.7
        assert "<mark>" in top["snippet"] and data["notice"] is None
    over = client.post("/api/find-quote?limit=1", json={"q": PAGE_BREAK_QUOTE}).get_json()
    assert len(over["matches"]) == 1 and over["matches"][0]["page_end"] == 2


def test_the_matching_stretch_is_marked_and_everything_else_escaped(client: FlaskClient) -> None:
    quote = "the county must paint every crossing before the inspection in spring"
    html = client.post("/find-quote", data={"q": quote}).get_data(as_text=True)
    best = matches_on_page(html)[0]
    assert "<script>" not in html.split("<main", 1)[1]
    assert "&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;" in best
    assert f"<mark>{quote}</mark>" in best
    data = client.get("/api/find-quote", query_string={"q": quote}).get_json()
    assert "&lt;script&gt;" in data["matches"][0]["snippet"]


def test_a_50000_character_paste_is_cut_with_a_notice(
    client: FlaskClient, tools_home: Path, tools_ids: dict[str, str]
) -> None:
    store = Store(tools_home)
    try:
        memo = store.page_texts(tools_ids["memo.txt"], [1, 2, 3])
    finally:
        store.close()
    filler = " ".join(["alpha", "bravo", "charlie", "delta"] * 2_600)
    quote = " ".join(memo.values()) + " " + filler
    assert len(quote) > 50_000
    started = time.perf_counter()
    page = client.post("/find-quote", data={"q": quote})
    data = client.post("/api/find-quote", json={"q": quote}).get_json()
    assert time.perf_counter() - started < 20
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'<p class="notice" role="status">The passage was cut to its first', html)
    assert data["notice"].startswith("The passage was cut")
    assert data["matches"][0]["doc_id"] == tools_ids["memo.txt"]


def test_bad_quote_requests_are_clear_errors(app: Flask, tools_home: Path) -> None:
    client = app.test_client()
    for response in (
        client.get("/api/find-quote"),
        client.post("/api/find-quote", json={"q": "   "}),
        client.post("/api/find-quote", json=["not", "an", "object"]),
        client.post("/api/find-quote", json={"q": 42}),
        client.get("/api/find-quote?q=some+words+here&limit=ten"),
    ):
        assert response.status_code == 400
        assert response.get_json()["error"]
    few = client.get("/api/find-quote?q=two+words").get_json()
    assert few["matches"] == [] and "at least 3 words" in few["notice"]
    small = new_app(tools_home, QUOTE_MAX_BYTES=2_000).test_client()
    too_big = small.post("/find-quote", data={"q": "word " * 1_000})
    assert too_big.status_code == 413
    assert "too large: at most 2 KB here" in too_big.get_data(as_text=True)
    assert small.post("/api/find-quote", data={"q": "word " * 1_000}).get_json()["error"]


# -- more like this -------------------------------------------------------------------------


def test_the_document_and_page_views_hold_a_more_like_this_block(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    mail = tools_ids["mail-original.txt"]
    document = client.get(f"/doc/{mail}").get_data(as_text=True)
    assert f'data-similar="/doc/{mail}/similar?fragment=1"' in document
    assert f'href="/doc/{mail}/similar">Documents like this one' in document
    page = client.get(f"/doc/{mail}/p/2").get_data(as_text=True)
    assert f'data-similar="/doc/{mail}/similar?page=2&amp;fragment=1"' in page
    assert f'href="/doc/{mail}/similar?page=2">Documents like this page' in page


def test_similar_documents_leave_out_the_records_copies(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    mail = tools_ids["mail-original.txt"]
    copies = {tools_ids["mail-redacted.txt"], tools_ids["mail-rereleased.txt"]}
    data = client.get(f"/api/documents/{mail}/similar").get_json()
    found = [doc["doc_id"] for doc in data["documents"]]
    assert found and not set(found) & (copies | {mail})
    assert found[0] == tools_ids["email.txt"]  # fingerprints, Secure Communities, the FBI
    assert data["terms"] and data["page"] is None
    top = data["documents"][0]
    assert top["url"] == f"/doc/{top['doc_id']}/p/{top['page']}" and "<mark>" in top["snippet"]
    # The copies are what the e-mail is most like: only the mask keeps them out.
    redacted = client.get(f"/api/documents/{tools_ids['mail-redacted.txt']}/similar").get_json()
    assert not {doc["doc_id"] for doc in redacted["documents"]} & (copies | {mail})

    fragment = client.get(f"/doc/{mail}/similar?fragment=1").get_data(as_text=True)
    assert "<html" not in fragment and 'class="similar-list"' in fragment
    linked = re.findall(r'class="similar-title" href="/doc/([0-9a-f]{16})"', fragment)
    assert linked == found[: len(linked)] and not set(linked) & copies
    full = client.get(f"/doc/{mail}/similar").get_data(as_text=True)
    assert "<html" in full and "More like this document" in full
    assert all(f'href="/doc/{doc_id}"' in full for doc_id in found)


def test_like_one_page_and_the_letters_template(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    owyhee, lawrence = tools_ids["letter-owyhee.txt"], tools_ids["letter-lawrence.txt"]
    data = client.get(f"/api/documents/{owyhee}/similar?page=1&limit=2").get_json()
    assert data["page"] == 1 and len(data["documents"]) <= 2
    assert data["documents"][0]["doc_id"] == lawrence
    page = client.get(f"/doc/{owyhee}/similar?page=1").get_data(as_text=True)
    assert "More like page 1 of this document" in page and f'href="/doc/{lawrence}"' in page


def test_unknown_documents_and_pages_are_404s(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    memo = tools_ids["memo.txt"]
    for url in (
        "/api/documents/0123456789abcdef/similar",
        "/api/documents/..%2Fetc/similar",
        f"/api/documents/{memo}/similar?page=99",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["error"], url
    assert client.get(f"/api/documents/{memo}/similar?page=two").status_code == 400
    assert client.get("/doc/0123456789abcdef/similar").status_code == 404
    assert client.get(f"/doc/{memo}/similar?page=99&fragment=1").status_code == 404


def test_the_json_matches_the_openapi_description(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    description = client.get("/api/openapi.json").get_json()
    quote = client.post("/api/find-quote", json={"q": PAGE_BREAK_QUOTE}).get_json()
    validator_for(description, "QuoteResult").validate(quote)
    similar = client.get(f"/api/documents/{tools_ids['memo.txt']}/similar?page=2").get_json()
    validator_for(description, "SimilarResult").validate(similar)
    validator_for(description, "Error").validate(client.get("/api/find-quote").get_json())
    operations = description["paths"]["/api/find-quote"]
    assert set(operations) == {"get", "post"}


def test_the_tool_pages_need_no_inline_script_and_label_their_controls(
    client: FlaskClient, tools_ids: dict[str, str]
) -> None:
    mail = tools_ids["mail-original.txt"]
    for html in (
        client.get("/find-quote").get_data(as_text=True),
        client.post("/find-quote", data={"q": PAGE_BREAK_QUOTE}).get_data(as_text=True),
        client.get(f"/doc/{mail}/similar").get_data(as_text=True),
        client.get(f"/doc/{mail}/p/1").get_data(as_text=True),
    ):
        assert_clean_page(html)

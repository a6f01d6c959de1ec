"""What came from a document is escaped everywhere; no path reaches a file not ingested."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

# Markup planted in the hostile files of conftest.py; none may reach a page as markup.
HOSTILE_MARKUP = [
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<img src=x", re.IGNORECASE),
    re.compile(r"<b onmouseover", re.IGNORECASE),
    re.compile(r"<i>Source</i>"),
    re.compile(r"""href=["']?javascript:""", re.IGNORECASE),
    re.compile(r"<script>document\.cookie", re.IGNORECASE),
]


def assert_escaped(body: str, where: str) -> None:
    for pattern in HOSTILE_MARKUP:
        assert not pattern.search(body), (where, pattern.pattern)
    scripts = re.findall(r"<script\b[^>]*>", body, re.IGNORECASE)
    assert all('src="/static/app.js"' in tag for tag in scripts), (where, scripts)


def hostile_urls(doc_ids: dict[str, str]) -> list[str]:
    html_doc, memo = doc_ids["hostile.html"], doc_ids["memo.txt"]
    return [
        "/search?q=zebrafish",
        "/search?q=zebrafish&source=%3Ci%3ESource%3C/i%3E+%26+Co",
        "/search?q=script",
        "/search?q=alert",
        "/search?q=onerror",
        "/stats",
        "/",
        f"/doc/{html_doc}",
        f"/doc/{html_doc}?q=zebrafish",
        f"/doc/{html_doc}/p/1?q=script",
        f"/doc/{memo}",
        f"/doc/{memo}/p/1?q=zebrafish+script",
        f"/doc/{memo}/p/1?fragment=1",
    ]


def test_document_content_is_escaped_on_every_page(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    for url in hostile_urls(doc_ids):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.get_data(as_text=True), url)


def test_escaped_text_is_still_shown(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    body = client.get(f"/doc/{doc_ids['memo.txt']}/p/1?q=zebrafish").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(&#39;sidecar&#39;)&gt; zebrafish memo" in body
    assert "&lt;script&gt;alert(&#x27;text&#x27;)&lt;/script&gt;" in body
    assert "&lt;i&gt;Source&lt;/i&gt; &amp; Co" in body


def test_a_javascript_url_from_metadata_is_never_a_link(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    body = client.get(f"/doc/{doc_ids['memo.txt']}/p/1").get_data(as_text=True)
    assert "<dt>Source URL</dt><dd>javascript:alert(&#39;url&#39;)</dd>" in body
    assert 'href="javascript' not in body.lower()


def test_typed_markup_in_the_query_is_escaped(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    query = "%3Cscript%3Ealert(1)%3C/script%3E"
    finney = doc_ids["finney.pdf"]
    for url in (
        f"/search?q={query}",
        f"/search?q={query}&page=x",
        f"/doc/{finney}?q={query}",
        f"/doc/{finney}/p/1?q={query}",
        f"/doc/{finney}/p/1?q={query}&nohit=next",
        f"/search?q=ICE&type={query}",
        f"/search?q=ICE&from={query}",
    ):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in body, url
        assert "&lt;script&gt;alert(1)" in body, url


def test_json_api_carries_text_not_markup(client: FlaskClient) -> None:
    data = client.get("/api/search?q=zebrafish").get_json()
    snippets = [page["snippet"] for doc in data["documents"] for page in doc["pages"]]
    assert snippets and all("<script>" not in snippet for snippet in snippets)


@pytest.mark.parametrize(
    "url",
    [
        "/doc/../../etc/passwd",
        "/doc/..%2F..%2F..%2Fetc%2Fpasswd",
        "/doc/%2Fetc%2Fpasswd/file",
        "/doc/..%2f..%2fetc%2fpasswd/file",
        "/doc/0123456789abcdef/../../../etc/passwd",
        "/doc/0123456789abcdef%2F..%2F..%2Fetc%2Fpasswd/file",
        "/doc/%2e%2e/%2e%2e/etc/passwd/file",
        "/doc/....//....//etc/passwd/file",
        "/doc/0123456789abcdef/p/1/..%2F..%2F..%2Fetc%2Fpasswd",
        "/doc/C:%5Cwindows%5Cwin.ini/file",
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/../indexer/store.py",
    ],
)
def test_path_like_doc_ids_never_reach_a_file(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404), url
    body = response.get_data()
    assert b"root:" not in body
    assert b"[fonts]" not in body
    assert b"SQLite store" not in body


def test_only_the_recorded_original_is_served(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    for name, doc_id in doc_ids.items():
        response = client.get(f"/doc/{doc_id}/file")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f"attachment; filename={name}"

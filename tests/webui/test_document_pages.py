"""Documents: the whole document, page permalinks with highlights, page images, originals."""

from __future__ import annotations

import html
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest
from indexer.store.database import Store

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def body_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def hit_count(body: str) -> int:
    found = re.search(r'<span class="hit-count">(\d+) hits?</span>', body)
    return int(found.group(1)) if found else 0


def test_document_shows_pages_in_order_with_anchors(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    body = body_of(client, f"/doc/{finney}")
    anchors = re.findall(r'<section class="doc-page[^"]*" id="p(\d+)"', body)
    assert anchors == [str(n) for n in range(1, 13)]
    assert body.count('<pre class="page-text">') == 12  # short: every page in full
    assert "287(g) Memorandum of Agreement: Finney County" in body
    assert f'href="/doc/{finney}/file" download' in body


def test_a_long_document_renders_twenty_pages_and_stubs(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    deaths = doc_ids["deaths.pdf"]
    body = body_of(client, f"/doc/{deaths}?q=death")
    assert re.findall(r'id="p(\d+)"', body) == [str(n) for n in range(1, 36)]
    full = re.findall(r'<section class="doc-page" id="p(\d+)"', body)
    assert full == [str(n) for n in range(1, 21)]
    stubs = re.findall(
        r'<section class="doc-page is-stub" id="p(\d+)"\s+data-fragment="([^"]+)"', body
    )
    assert [int(n) for n, _ in stubs] == list(range(21, 36))
    assert html.unescape(stubs[0][1]) == f"/doc/{deaths}/p/21?q=death&fragment=1"
    # Without JavaScript a stub is a link to the chunk that holds its page.
    assert f'href="/doc/{deaths}?q=death&amp;start=21#p21">Page 21</a>' in body
    assert "<mark>" in body


@pytest.mark.parametrize(
    ("start", "first_full"),
    [("21", 21), ("25", 21), ("35", 21), ("9999", 21), ("abc", 1), ("-3", 1), ("1", 1)],
)
def test_start_pages_through_a_long_document(
    client: FlaskClient, doc_ids: dict[str, str], start: str, first_full: int
) -> None:
    deaths = doc_ids["deaths.pdf"]
    body = body_of(client, f"/doc/{deaths}?start={start}")
    full = [int(n) for n in re.findall(r'<section class="doc-page" id="p(\d+)"', body)]
    assert full[0] == first_full
    assert full == list(range(first_full, min(first_full + 20, 36)))
    assert '<span aria-current="page">' in body


def test_page_fragment_is_the_page_text_only(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    deaths = doc_ids["deaths.pdf"]
    body = body_of(client, f"/doc/{deaths}/p/5?q=death&fragment=1")
    assert "<html" not in body
    assert '<pre class="page-text">' in body
    assert f'href="/doc/{deaths}/p/5?q=death">Page 5</a>' in body
    blank = body_of(client, f"/doc/{deaths}/p/30?fragment=1")
    assert "This page has no text." in blank


def test_page_view_highlights_the_words_on_the_image_and_text(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    body = body_of(client, f"/doc/{finney}/p/1?q=ICE")
    assert f'<img class="page-image" src="/doc/{finney}/p/1/image.png"' in body
    overlay = re.search(r'<svg class="hit-overlay" viewBox="0 0 ([\d.]+) ([\d.]+)"', body)
    assert overlay is not None
    assert (float(overlay.group(1)), float(overlay.group(2))) == (612.0, 792.0)
    boxes = re.findall(
        r'<rect class="hit-box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"'
        r' height="([\d.]+)">',
        body,
    )
    # nine "ICE", and the five words of "U.S. Immigration and Customs Enforcement", which
    # ICE also matches (issue 11): one hit in the text, a box on each of its words
    assert hit_count(body) == 10
    assert len(boxes) == 9 + 5
    for x, y, width, height in boxes:
        assert 0 <= float(x) < 612 and 0 <= float(y) < 792
        assert 0 < float(width) < 100 and 0 < float(height) < 30
    text = re.search(r'<pre class="page-text">(.*?)</pre>', body, re.DOTALL)
    assert text is not None and text.group(1).count("<mark>ICE</mark>") == 9
    assert "<mark>U.S. Immigration and\nCustoms Enforcement</mark>" in text.group(1)


def test_page_view_navigation_metadata_and_permalink(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    body = body_of(client, f"/doc/{finney}/p/6?q=ICE")
    assert f'href="/doc/{finney}/p/5?q=ICE" rel="prev"' in body
    assert f'href="/doc/{finney}/p/7?q=ICE" rel="next"' in body
    assert f'href="/doc/{finney}/p/6/hit?q=ICE&amp;dir=prev"' in body
    assert f'href="/doc/{finney}/p/6/hit?q=ICE&amp;dir=next"' in body
    assert f'value="http://localhost/doc/{finney}/p/6"' in body  # permalink without the query
    assert "287(g) Memorandum of Agreement: Finney County (2020-03-17), p. 6." in body
    assert '<dt>Source</dt><dd><a href="/search?source=ICE">ICE</a></dd>' in body
    assert "ICE 287(g) agreements" in body
    assert "<dt>Date</dt><dd>2020-03-17</dd>" in body
    first = body_of(client, f"/doc/{finney}/p/1")
    assert '<span class="disabled">← Previous page</span>' in first
    assert "hit-overlay" not in first and "/hit?" not in first  # no query, no hits
    last = body_of(client, f"/doc/{finney}/p/12")
    assert '<span class="disabled">Next page →</span>' in last


def test_next_and_previous_hit_skip_pages_without_hits(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    assert hit_count(body_of(client, f"/doc/{finney}/p/7?q=ICE")) == 0
    forward = client.get(f"/doc/{finney}/p/6/hit?q=ICE&dir=next")
    assert forward.status_code == 303
    assert forward.headers["Location"] == f"/doc/{finney}/p/8?q=ICE#page-text"
    back = client.get(f"/doc/{finney}/p/8/hit?q=ICE&dir=prev")
    assert back.headers["Location"] == f"/doc/{finney}/p/6?q=ICE#page-text"
    assert hit_count(body_of(client, f"/doc/{finney}/p/8?q=ICE")) > 0


def test_no_further_hit_says_so(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    finney = doc_ids["finney.pdf"]
    response = client.get(f"/doc/{finney}/p/12/hit?q=ICE&dir=next")
    assert response.headers["Location"] == f"/doc/{finney}/p/12?q=ICE&nohit=next"
    body = body_of(client, response.headers["Location"])
    assert "No later page of this document matches" in body
    first = client.get(f"/doc/{finney}/p/1/hit?q=ICE&dir=prev")
    assert first.headers["Location"] == f"/doc/{finney}/p/1?q=ICE&nohit=prev"
    assert client.get(f"/doc/{finney}/p/1/hit?q=ICE&dir=sideways").status_code == 400
    assert client.get(f"/doc/{finney}/p/13/hit?q=ICE&dir=next").status_code == 404


def test_text_document_shows_text_marks_and_source_link(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    press = doc_ids["opt-out.txt"]
    body = body_of(client, f"/doc/{press}/p/1?q=%22opt+out%22")
    assert "<img" not in body
    assert re.search(r"<mark>opt(</mark> <mark>| )out</mark>", body)
    assert '<a href="https://example.org/press/opt-out" rel="noopener noreferrer nofollow">' in body
    assert '<p class="source-link">Published at <a href="https://example.org/press/opt-out"' in body
    whole = body_of(client, f"/doc/{press}")
    assert ">The published source</a>" in whole
    assert body_of(client, f"/doc/{press}/p/1/image.png", status=404)


def test_page_image_is_rendered_once_and_cached(
    app: Flask, client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    response = client.get(f"/doc/{finney}/p/2/image.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.size == (935, 1210)  # 8.5 x 11 in at 110 dpi
    cached = list(Path(app.config["PAGE_CACHE_DIR"]).rglob("2.110.png"))
    assert len(cached) == 1
    before = cached[0].stat().st_mtime_ns
    again = client.get(f"/doc/{finney}/p/2/image.png")
    assert again.data == response.data
    assert cached[0].stat().st_mtime_ns == before
    etag = response.headers["ETag"]
    assert (
        client.get(f"/doc/{finney}/p/2/image.png", headers={"If-None-Match": etag}).status_code
        == 304
    )
    assert "max-age" in response.headers["Cache-Control"]


def test_original_file_is_a_download_of_the_same_bytes(
    client: FlaskClient, doc_ids: dict[str, str], web_home: Path
) -> None:
    finney = doc_ids["finney.pdf"]
    response = client.get(f"/doc/{finney}/file")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=finney.pdf"
    store = Store(web_home)
    try:
        path = Path(store.document_rows([finney])[finney].path)
    finally:
        store.close()
    assert response.data == path.read_bytes()
    hostile = client.get(f"/doc/{doc_ids['hostile.html']}/file")
    assert hostile.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "url",
    [
        "/doc/0123456789abcdef",
        "/doc/0123456789abcdef/p/1",
        "/doc/0123456789abcdef/file",
        "/doc/0123456789abcdef/p/1/image.png",
        "/doc/0123456789ABCDEF",
        "/doc/123",
        "/doc/0123456789abcdef0",
    ],
)
def test_unknown_documents_are_404(client: FlaskClient, url: str) -> None:
    body = body_of(client, url, status=404)
    assert "Not found" in body


def test_unknown_pages_are_404(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    finney = doc_ids["finney.pdf"]
    for url in (
        f"/doc/{finney}/p/0",
        f"/doc/{finney}/p/13",
        f"/doc/{finney}/p/-1",
        f"/doc/{finney}/p/99999999999999999999",
        f"/doc/{finney}/p/13/image.png",
        f"/doc/{finney}/p/x",
    ):
        assert client.get(url).status_code == 404, url


@pytest.fixture(scope="module")
def gone_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A home whose only original file was deleted after ingest."""
    folder = tmp_path_factory.mktemp("gone-corpus")
    original = folder / "nics.pdf"
    shutil.copyfile(
        Path(__file__).resolve().parents[2]
        / "corpus"
        / "pdf"
        / "nics-background-checks-2015-11.pdf",
        original,
    )
    home = tmp_path_factory.mktemp("gone-home")
    store = Store(home)
    try:
        Ingest(store, open_engine(home), workers=1, ocr="off").run([folder])
        doc_id = store.list_documents()[0]["doc_id"]
    finally:
        store.close()
    original.unlink()
    return home, doc_id


def test_a_missing_original_is_404_and_the_text_still_shows(
    gone_home: tuple[Path, str], make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    home, doc_id = gone_home
    client = make_app(home, PAGE_CACHE_DIR=str(tmp_path)).test_client()
    assert client.get(f"/doc/{doc_id}/file").status_code == 404
    assert client.get(f"/doc/{doc_id}/p/1/image.png").status_code == 404
    body = body_of(client, f"/doc/{doc_id}/p/1?q=firearm")
    assert "no longer where it was ingested" in body
    assert "<img" not in body
    assert "<mark>" in body

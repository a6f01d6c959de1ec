"""The page viewer's routes (issue 14): page images only at the offered resolutions, the
original PDF inline at a page, notes on an area of the page, the thumbnail strip, the one
citation block, and the document view's remembered switch between images and text."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient

from indexer.reading.page_images import PAGE_DPI, PAGE_DPIS
from indexer.store.database import Store
from tests.webui.test_api import openapi, validator_for
from tests.webui.test_auth import sign_in, token_from

FINNEY_POINTS = (612.0, 792.0)  # finney.pdf's pages are US Letter


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def cached_files(cache: Path) -> set[str]:
    return {path.name for path in cache.rglob("*") if path.is_file()}


def body_of(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


# -- resolutions ------------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", PAGE_DPIS)
def test_each_offered_resolution_renders_at_its_size(
    client: FlaskClient, doc_ids: dict[str, str], dpi: int
) -> None:
    response = client.get(f"/doc/{doc_ids['finney.pdf']}/p/2/image.png?dpi={dpi}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    width, height = png_size(response.data)
    expected = (round(FINNEY_POINTS[0] * dpi / 72), round(FINNEY_POINTS[1] * dpi / 72))
    assert abs(width - expected[0]) <= 2 and abs(height - expected[1]) <= 2
    assert response.headers["ETag"].endswith(f'-2-{dpi}"')


def test_the_default_image_is_the_fit_width_one(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    url = f"/doc/{doc_ids['finney.pdf']}/p/2/image.png"
    assert client.get(url).data == client.get(f"{url}?dpi={PAGE_DPI}").data


@pytest.mark.parametrize(
    "dpi", ["111", "0", "1", "23", "301", "99999", "-110", "abc", "1e2", "110.0", "", "%20110"]
)
def test_another_resolution_is_refused_and_caches_nothing(
    client: FlaskClient, doc_ids: dict[str, str], tmp_path: Path, dpi: str
) -> None:
    cache = tmp_path / "page-cache"
    before = cached_files(cache) if cache.exists() else set()
    response = client.get(f"/doc/{doc_ids['finney.pdf']}/p/3/image.png?dpi={dpi}")
    assert response.status_code == 400
    message = response.get_data(as_text=True)
    assert "24, 110, 150, 220, 300" in message
    assert (cached_files(cache) if cache.exists() else set()) == before


def test_a_flood_of_resolutions_leaves_only_the_offered_ones_in_the_cache(
    client: FlaskClient, doc_ids: dict[str, str], tmp_path: Path
) -> None:
    url = f"/doc/{doc_ids['finney.pdf']}/p/4/image.png"
    for dpi in range(20, 320, 7):
        assert client.get(f"{url}?dpi={dpi}").status_code in (200, 400)
    dpis = {int(name.split(".")[1]) for name in cached_files(tmp_path / "page-cache")}
    assert dpis <= set(PAGE_DPIS)


# -- the original, inline -----------------------------------------------------------------


def test_the_page_view_opens_the_pdf_at_its_page(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    body = body_of(client, f"/doc/{finney}/p/7")
    assert f'href="/doc/{finney}/original.pdf#page=7"' in body
    assert "Open the PDF at this page" in body
    response = client.get(f"/doc/{finney}/original.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "inline; filename=finney.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.data == client.get(f"/doc/{finney}/file").data
    assert response.data.startswith(b"%PDF-")
    etag = response.headers["ETag"]
    assert (
        client.get(f"/doc/{finney}/original.pdf", headers={"If-None-Match": etag}).status_code
        == 304
    )
    part = client.get(f"/doc/{finney}/original.pdf", headers={"Range": "bytes=0-4"})
    assert (part.status_code, part.data) == (206, b"%PDF-")


@pytest.mark.parametrize("name", ["opt-out.txt", "hostile.html", "memo.txt"])
def test_nothing_but_a_pdf_is_served_inline(
    client: FlaskClient, doc_ids: dict[str, str], name: str
) -> None:
    doc_id = doc_ids[name]
    response = client.get(f"/doc/{doc_id}/original.pdf")
    assert response.status_code == 404
    assert "not a PDF" in response.get_data(as_text=True)
    assert "original.pdf" not in body_of(client, f"/doc/{doc_id}/p/1")
    assert client.get(f"/doc/{doc_id}/file").headers["Content-Disposition"].startswith("attachment")


def test_a_pdf_changed_or_swapped_for_a_link_is_never_served_inline(
    make_app: object, web_home: Path, tmp_path: Path, doc_ids: dict[str, str]
) -> None:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(web_home, home)
    store = Store(home)
    try:
        path = Path(
            next(d["path"] for d in store.list_documents() if d["doc_id"] == doc_ids["nics.pdf"])
        )
    finally:
        store.close()
    app = make_app(home, PAGE_CACHE_DIR=str(tmp_path / "cache"))  # type: ignore[operator]
    client = app.test_client()
    url = f"/doc/{doc_ids['nics.pdf']}/original.pdf"
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"%PDF-", b"%PDF-", 1) + b"\n% appended\n")
        changed = client.get(url)
        assert changed.status_code == 409 and b"appended" not in changed.data
        path.unlink()
        path.symlink_to("/etc/passwd")
        swapped = client.get(url)
        assert swapped.status_code == 409 and b"root:" not in swapped.data
        path.unlink()
        assert client.get(url).status_code == 404
    finally:
        path.unlink(missing_ok=True)
        path.write_bytes(original)
    assert client.get(url).data == original


# -- notes on an area -------------------------------------------------------------------------


def note_count(home: Path) -> int:
    store = Store(home)
    try:
        return int(store.query("SELECT count(*) FROM notes")[0][0])
    finally:
        store.close()


def test_a_note_on_an_area_through_the_api_and_the_form(
    browser_client: FlaskClient, doc_ids: dict[str, str], staff_home: Path
) -> None:
    finney = doc_ids["finney.pdf"]
    assert sign_in(browser_client, "alice") == 303
    token = token_from(browser_client, f"/doc/{finney}/p/2")
    area = {"x": 0.125, "y": 0.4, "width": 0.5, "height": 0.1}
    created = browser_client.post(
        "/api/notes",
        json={"doc_id": finney, "page": 2, "text": "The signature block", "region": area},
        headers={"X-CSRFToken": token},
    )
    assert created.status_code == 201 and created.get_json()["region"] == area
    form = {"text": "The seal", "region": "0.7,0.05,0.2,0.12", "csrf_token": token}
    assert browser_client.post(f"/doc/{finney}/p/2/notes", data=form).status_code == 303
    listed = browser_client.get(f"/api/notes?doc={finney}&page=2").get_json()["notes"]
    assert [(n["text"], n["region"]) for n in listed] == [
        ("The signature block", area),
        ("The seal", {"x": 0.7, "y": 0.05, "width": 0.2, "height": 0.12}),
    ]
    page = body_of(browser_client, f"/doc/{finney}/p/2")
    outlines = re.findall(
        r'<rect class="note-area" data-note="(\d+)" x="([\d.]+)%" y="([\d.]+)%"'
        r' width="([\d.]+)%" height="([\d.]+)%">',
        page,
    )
    assert [tuple(map(float, found[1:])) for found in outlines] == [
        (12.5, 40.0, 50.0, 10.0),
        (70.0, 5.0, 20.0, 12.0),
    ]
    assert page.count("On an area of the page image") == 2
    plain = browser_client.post(
        "/api/notes",
        json={"doc_id": finney, "page": 2, "text": "No area"},
        headers={"X-CSRFToken": token},
    )
    assert plain.status_code == 201 and plain.get_json()["region"] is None
    assert note_count(staff_home) == 3
    description = openapi(browser_client)
    validator_for(description, "Note").validate(created.get_json())
    validator_for(description, "Note").validate(plain.get_json())
    everything = browser_client.get(f"/api/notes?doc={finney}").get_json()
    validator_for(description, "NoteList").validate(everything)
    broken = {**created.get_json(), "region": {"x": 2, "y": 0, "width": 0.1, "height": 0.1}}
    assert not validator_for(description, "Note").is_valid(broken)


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ({"x": 0.5, "y": 0.5, "width": 0.7, "height": 0.1}, "lies on the page"),
        ({"x": 120, "y": 300, "width": 200, "height": 40}, "lies on the page"),
        ({"x": 0.1, "y": 0.1, "width": 0, "height": 0.1}, "at least"),
        ({"x": 0.1, "y": 0.1, "width": "wide", "height": 0.1}, "numbers"),
        ({"x": 0.1, "y": 0.1, "width": 0.2}, "needs height"),
        ([0.1, 0.1], "an object"),
        ("0.1,0.1,0.2", "four numbers"),
        ("1" * 5000, "four numbers"),
        (True, "an object"),
    ],
)
def test_a_bad_area_is_refused_with_a_clear_error_and_stores_nothing(
    browser_client: FlaskClient,
    doc_ids: dict[str, str],
    staff_home: Path,
    region: object,
    message: str,
) -> None:
    finney = doc_ids["finney.pdf"]
    assert sign_in(browser_client, "alice") == 303
    token = token_from(browser_client, f"/doc/{finney}/p/2")
    before = note_count(staff_home)
    response = browser_client.post(
        "/api/notes",
        json={"doc_id": finney, "page": 2, "text": "Somewhere", "region": region},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    if isinstance(region, str):
        form = {"text": "Somewhere", "region": region, "csrf_token": token}
        refused = browser_client.post(f"/doc/{finney}/p/2/notes", data=form)
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert note_count(staff_home) == before


def test_anonymous_visitors_neither_add_nor_see_areas(
    browser_client: FlaskClient, doc_ids: dict[str, str], staff_home: Path
) -> None:
    finney = doc_ids["finney.pdf"]
    assert sign_in(browser_client, "alice") == 303
    token = token_from(browser_client, f"/doc/{finney}/p/2")
    body = {"doc_id": finney, "page": 2, "text": "Private", "region": "0.1,0.1,0.2,0.2"}
    assert (
        browser_client.post("/api/notes", json=body, headers={"X-CSRFToken": token}).status_code
        == 201
    )
    browser_client.post("/sign-out", data={"csrf_token": token_from(browser_client)})
    page = body_of(browser_client, f"/doc/{finney}/p/2")
    assert "note-area" not in page and "Private" not in page and "data-draw-area" not in page
    before = note_count(staff_home)
    assert browser_client.post("/api/notes", json=body).status_code in (400, 401, 403)
    assert note_count(staff_home) == before


# -- thumbnails, citation, document view --------------------------------------------------


@pytest.mark.parametrize("query", ["pneumonia", '"detention center"', "hang*", "zebrafish"])
def test_the_thumbnail_strip_marks_the_pages_that_hold_hits(
    client: FlaskClient, doc_ids: dict[str, str], query: str
) -> None:
    deaths = doc_ids["deaths.pdf"]
    q = urlencode({"q": query})
    body = body_of(client, f"/doc/{deaths}/p/18?{q}")
    thumbs = re.findall(r'<a class="thumb([^"]*)"\s+href="/doc/\w+/p/(\d+)\?q=[^"]+"', body)
    # 15 pages each side of page 18, and links to the first and the last page
    assert [int(page) for _, page in thumbs] == list(range(3, 34))
    assert re.search(rf'href="/doc/{deaths}/p/1\?q=[^"]+">1 …</a>', body)
    assert re.search(rf'href="/doc/{deaths}/p/35\?q=[^"]+">… 35</a>', body)
    marked = {int(page) for classes, page in thumbs if "has-hits" in classes}
    with_marks = {
        number
        for number in range(3, 34)
        if "<mark>" in body_of(client, f"/doc/{deaths}/p/{number}?{q}&fragment=1")
    }
    assert marked == with_marks
    assert (len(marked) == 0) == (query == "zebrafish")
    current = [page for classes, page in thumbs if "is-current" in classes]
    assert current == ["18"]
    assert f'src="/doc/{deaths}/p/3/image.png?dpi=24"' in body
    text_doc = body_of(client, f"/doc/{doc_ids['opt-out.txt']}/p/1?q=opt")
    assert "thumb-strip" not in text_doc  # one page: no strip


def test_one_citation_block_with_every_format(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    finney = doc_ids["finney.pdf"]
    body = body_of(client, f"/doc/{finney}/p/3")
    assert body.count('<h2 id="cite-heading">') == 1 and "Full citation" not in body
    assert body.count('id="citation-text"') == 1
    formats = re.findall(r'<template data-citation="([\w-]+)">', body)
    assert formats == ["short", "text", "ris", "bibtex", "csl-json", "csv"]
    shown = re.search(r'<textarea id="citation-text"[^>]*>(.*?)</textarea>', body, re.DOTALL)
    assert shown is not None and "at 3, in ICE 287(g) agreements" in shown[1]
    ris = body_of(client, f"/doc/{finney}/p/3?cite=ris")
    shown = re.search(r'<textarea id="citation-text"[^>]*>(.*?)</textarea>', ris, re.DOTALL)
    assert shown is not None and shown[1].startswith("TY  - ") and "SP  - 3" in shown[1]
    assert '<option value="ris" selected>RIS</option>' in ris
    unknown = body_of(client, f"/doc/{finney}/p/3?cite=docx")
    assert '<option value="text" selected>Full</option>' in unknown


def test_the_document_view_remembers_images_or_text(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney, nics = doc_ids["finney.pdf"], doc_ids["nics.pdf"]
    text = body_of(client, f"/doc/{finney}")
    assert '<pre class="page-text">' in text and "doc-page-image" not in text
    chosen = client.get(f"/doc/{finney}?view=images")
    assert "doc_view=images" in chosen.headers["Set-Cookie"]
    assert (
        "HttpOnly" in chosen.headers["Set-Cookie"]
        and "SameSite=Lax" in chosen.headers["Set-Cookie"]
    )
    images = chosen.get_data(as_text=True)
    assert (
        f'src="/doc/{finney}/p/1/image.png"' in images and '<pre class="page-text">' not in images
    )
    later = body_of(client, f"/doc/{nics}")  # the cookie goes with the next document
    assert f'src="/doc/{nics}/p/1/image.png"' in later
    assert '<span aria-current="true">Page images</span>' in later
    fragment = body_of(client, f"/doc/{doc_ids['deaths.pdf']}/p/30?fragment=1")
    assert "doc-page-image" in fragment
    plain = body_of(client, f"/doc/{doc_ids['opt-out.txt']}")  # no images to show
    assert '<pre class="page-text">' in plain and "view-switch" not in plain
    back = client.get(f"/doc/{nics}?view=text")
    assert "doc_view=text" in back.headers["Set-Cookie"]
    assert '<pre class="page-text">' in body_of(client, f"/doc/{finney}")
    odd = client.get(f"/doc/{finney}?view=<script>")
    assert odd.status_code == 200 and "Set-Cookie" not in odd.headers


def test_more_like_this_comes_after_the_text(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    finney = doc_ids["finney.pdf"]
    page = body_of(client, f"/doc/{finney}/p/3")
    assert page.index('id="page-text"') < page.index('id="similar-heading"')
    assert page.index('class="page-after-side"') < page.index('id="similar-heading"')
    document = body_of(client, f"/doc/{finney}")
    assert document.rindex('class="doc-page') < document.index('id="similar-heading"')

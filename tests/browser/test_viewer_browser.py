"""The page viewer in real headless Chromium (issue 14): zoom and pan with hit boxes staying
on their words, full width, sharper images when zoomed, the thumbnail strip, j/k and arrow
keys, the PDF opened at a page, notes on a marked area, the remembered document view, the
citation's format switcher and where "More like this" goes; screenshots at 1366 and 390 px."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.store.database import Store
from indexer.store.users import add_user
from tests.browser.conftest import serving
from tests.conftest import doc_ids_by_name

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
HIT_YELLOW = "rgb(255, 230, 128)"


@pytest.fixture(scope="module")
def ids(browser_home: Path) -> dict[str, str]:
    return doc_ids_by_name(browser_home)


@pytest.fixture(scope="module")
def staff_url(browser_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a copy of the browser home with a staff account, alice. The home is
    copied without SQLite's side files, which the other server may remove meanwhile (it was
    closed after its ingest, so they hold nothing)."""
    home = tmp_path_factory.mktemp("viewer-staff") / "home"
    shutil.copytree(browser_home, home, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    store = Store(home)
    try:
        add_user(store, "alice", "staff", PASSWORD)
    finally:
        store.close()
    with serving(home) as url:
        yield url


@pytest.fixture()
def sized(browser: Any, page_errors: list[str]) -> Iterator[Any]:
    """new(viewport, **options): a page in a fresh context that records errors."""
    contexts: list[Any] = []

    def new(viewport: dict[str, int], **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        opened = context.new_page()
        opened.on("console", lambda m: page_errors.append(m.text) if m.type == "error" else None)
        opened.on("pageerror", lambda error: page_errors.append(str(error)))
        return opened

    yield new
    for context in contexts:
        context.close()


def image_loaded(page: Any) -> None:
    page.wait_for_function(
        "() => { const i = document.querySelector('img.page-image');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )


def relative_boxes(page: Any, selector: str) -> list[tuple[float, ...]]:
    """The boxes of `selector` as fractions of the page image's box."""
    return page.evaluate(
        """(selector) => {
            const frame = document.querySelector('img.page-image').getBoundingClientRect();
            return [...document.querySelectorAll(selector)].map((node) => {
                const box = node.getBoundingClientRect();
                return [(box.left - frame.left) / frame.width, (box.top - frame.top) / frame.height,
                        box.width / frame.width, box.height / frame.height];
            });
        }""",
        selector,
    )


def close_to(first: list[tuple[float, ...]], second: list[tuple[float, ...]], slack: float) -> bool:
    return len(first) == len(second) and all(
        abs(a - b) <= slack
        for one, two in zip(first, second, strict=True)
        for a, b in zip(one, two, strict=True)
    )


def test_zoom_and_pan_keep_the_hit_boxes_on_their_words(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    finney = ids["finney.pdf"]
    page.goto(f"{base_url}/doc/{finney}/p/1?q=ICE")
    image_loaded(page)
    fit = relative_boxes(page, "rect.hit-box")
    assert len(fit) == 14
    assert page.get_attribute("[data-zoom='fit']", "aria-pressed") == "true"
    page.screenshot(path=str(screenshots / "viewer-fit-1366.png"))

    # 100%: a point is 96/72 CSS pixels, which the 110-dpi image covers; 200% needs 220 dpi
    for zoom, width, dpi in (("1", 816, 110), ("2", 1632, 220)):
        page.click(f"[data-zoom='{zoom}']")
        assert page.get_attribute(f"[data-zoom='{zoom}']", "aria-pressed") == "true"
        assert round(page.locator("img.page-image").bounding_box()["width"]) == width
        # the image is fetched again at the resolution this size needs, once loaded
        page.wait_for_function(
            "(dpi) => { const i = document.querySelector('img.page-image');"
            " return i.complete && Math.abs(i.naturalWidth - 612 * dpi / 72) < 3; }",
            arg=dpi,
        )
        assert close_to(relative_boxes(page, "rect.hit-box"), fit, 0.002)
    page.screenshot(path=str(screenshots / "viewer-200-1366.png"))

    # pan: dragging the zoomed page moves it under the pointer
    viewport = page.locator(".page-viewport").bounding_box()
    start = (viewport["x"] + 300, viewport["y"] + 300)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] - 200, start[1] - 150, steps=5)
    page.mouse.up()
    scrolled = page.evaluate(
        "(() => { const v = document.querySelector('.page-viewport');"
        " return [v.scrollLeft, v.scrollTop]; })()"
    )
    assert scrolled == [200, 150]
    assert close_to(relative_boxes(page, "rect.hit-box"), fit, 0.002)

    # full width: the page takes the window's width, and is remembered on the next page
    page.click("[data-zoom='fit']")
    before = page.locator("img.page-image").bounding_box()["width"]
    page.click("[data-full-width]")
    after = page.locator("img.page-image").bounding_box()["width"]
    assert (
        after > 1.6 * before and page.get_attribute("[data-full-width]", "aria-pressed") == "true"
    )
    assert close_to(relative_boxes(page, "rect.hit-box"), fit, 0.002)
    page.goto(f"{base_url}/doc/{finney}/p/2?q=ICE")
    image_loaded(page)
    assert page.evaluate("document.body.classList.contains('is-full-width')")
    assert page.locator("img.page-image").bounding_box()["width"] > 1.6 * before
    page.screenshot(path=str(screenshots / "viewer-full-width-1366.png"))
    page.click("[data-full-width]")
    assert page_errors == []


def test_on_a_phone_the_page_fits_and_zoom_pans(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(f"{base_url}/doc/{ids['finney.pdf']}/p/1?q=ICE")
    image_loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    fit = relative_boxes(page, "rect.hit-box")
    assert page.locator("img.page-image").bounding_box()["width"] < PHONE["width"]
    page.screenshot(path=str(screenshots / "viewer-fit-390.png"), full_page=True)
    page.tap("[data-zoom='2']")
    image_loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert close_to(relative_boxes(page, "rect.hit-box"), fit, 0.002)
    page.evaluate("document.querySelector('.page-viewport').scrollLeft = 400")
    assert page.evaluate("document.querySelector('.page-viewport').scrollLeft") == 400
    page.screenshot(path=str(screenshots / "viewer-200-390.png"))
    page.tap("[data-zoom='fit']")
    assert page_errors == []


def test_thumbnails_mark_the_hit_pages_and_keys_move_between_hits_and_pages(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    deaths = ids["deaths.pdf"]
    page.goto(f"{base_url}/doc/{deaths}/p/1?q=pneumonia")
    thumbs = page.locator(".thumb")
    assert thumbs.count() == 31  # pages 1 to 31: 15 each side, more after when before runs out
    assert page.locator(".thumb-more").inner_text() == "… 35"
    marked = [int(text) for text in page.locator(".thumb.has-hits .thumb-number").all_inner_texts()]
    assert marked and page.locator(".thumb.is-current .thumb-number").inner_text() == "1"
    # the thumbnails near the page shown are real images of the pages
    page.wait_for_function(
        "() => { const i = document.querySelector('.thumb.is-current img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert "dpi=24" in page.get_attribute(".thumb.is-current img", "src")
    page.screenshot(path=str(screenshots / "viewer-thumbnails-1366.png"))

    # j walks the hits of this page, then goes on to the next page that has one
    visited: list[int] = []
    for _ in range(80):
        current = page_number(page)
        if current not in visited:
            visited.append(current)
        marks = page.locator(".page-text mark").count()
        at = page.evaluate(
            "[...document.querySelectorAll('.page-text mark')]"
            ".findIndex((m) => m.classList.contains('is-current'))"
        )
        if at < marks - 1:
            page.keyboard.press("j")
            assert page.locator(".page-text mark").nth(at + 1).get_attribute("class") == (
                "is-current"
            )
        elif current == marked[-1]:
            break
        else:
            with page.expect_navigation():
                page.keyboard.press("j")
    assert [number for number in visited if number in marked] == marked
    assert visited == [1, *marked] if marked[0] != 1 else visited == marked
    # k goes back through this page's hits, then to the previous page that has one
    for _ in range(page.locator(".page-text mark").count()):
        page.keyboard.press("k")
    with page.expect_navigation():
        page.keyboard.press("k")
    if len(marked) > 1:
        assert f"/p/{marked[-2]}" in page.url

    # arrows turn pages, but not while typing
    here = page_number(page)
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    assert f"/p/{here + 1}?" in page.url
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    assert f"/p/{here}?" in page.url
    page.click("#header-q")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("j k")
    page.wait_for_timeout(300)
    assert f"/p/{here}?" in page.url and page.locator("mark.is-current").count() == 0

    # a thumbnail opens its page
    page.goto(f"{base_url}/doc/{deaths}/p/1?q=pneumonia")
    page.click(".thumb:has(.thumb-number:text-is('30'))")
    page.wait_for_url(re.compile(r"/p/30\?q=pneumonia"))
    assert page.locator(".thumb.is-current .thumb-number").inner_text() == "30"
    assert page_errors == []


def test_open_the_pdf_at_this_page(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    finney = ids["finney.pdf"]
    page.goto(f"{base_url}/doc/{finney}/p/4")
    link = page.locator("a.open-pdf")
    assert link.get_attribute("href") == f"/doc/{finney}/original.pdf#page=4"
    # Chromium shows it in its PDF viewer at that page: no download
    downloads: list[Any] = []
    with page.context.expect_page() as opened:
        page.click("a.open-pdf")
    viewer = opened.value
    viewer.on("download", lambda download: downloads.append(download))
    viewer.wait_for_load_state()
    viewer.wait_for_timeout(1500)
    assert viewer.url == f"{base_url}/doc/{finney}/original.pdf#page=4" and downloads == []
    viewer.screenshot(path=str(screenshots / "original-pdf-at-page-4-1366.png"))
    response = page.request.get(f"{base_url}/doc/{finney}/original.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.body().startswith(b"%PDF-")
    page.goto(f"{base_url}/doc/{ids['opt-out.txt']}/p/1")
    assert page.locator("a.open-pdf").count() == 0
    assert page_errors == []


def page_number(page: Any) -> int:
    return int(re.search(r"/p/(\d+)", page.url)[1])  # type: ignore[index]


def sign_in(page: Any, url: str) -> None:
    page.goto(f"{url}/sign-in")
    page.fill("#name", "alice")
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector(".signed-in")


def test_a_marked_area_starts_a_note_outlined_on_the_page(
    sized: Any, page_errors: list[str], staff_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    sign_in(page, staff_url)
    finney = ids["finney.pdf"]
    page.goto(f"{staff_url}/doc/{finney}/p/2")
    image_loaded(page)
    page.click("[data-draw-area]")
    assert page.get_attribute("[data-draw-area]", "aria-pressed") == "true"
    frame = page.locator("img.page-image").bounding_box()
    page.mouse.move(frame["x"] + 0.2 * frame["width"], frame["y"] + 0.3 * frame["height"])
    page.mouse.down()
    page.mouse.move(frame["x"] + 0.6 * frame["width"], frame["y"] + 0.45 * frame["height"], steps=6)
    page.mouse.up()
    region = [float(v) for v in page.input_value("#note-region").split(",")]
    assert close_to([tuple(region)], [(0.2, 0.3, 0.4, 0.15)], 0.01)
    assert page.is_visible("[data-region-status]")
    assert page.evaluate("document.activeElement.id") == "note-text"
    assert page.get_attribute("[data-draw-area]", "aria-pressed") == "false"
    page.keyboard.type("The table of costs")
    page.click(".note-form button[type=submit]")
    page.wait_for_selector(".note:has-text('The table of costs')")
    image_loaded(page)
    (outline,) = relative_boxes(page, "rect.note-area")
    assert close_to([outline], [tuple(region)], 0.005)
    assert "On an area of the page image" in page.inner_text(".note:has-text('The table of costs')")
    page.click("[data-zoom='2']")
    assert close_to(relative_boxes(page, "rect.note-area"), [tuple(region)], 0.005)
    page.screenshot(path=str(screenshots / "viewer-note-area-1366.png"))
    page.click("[data-zoom='fit']")

    # a clear, a click that is no area, and today's text selection still quotes
    page.click("[data-draw-area]")
    frame = page.locator("img.page-image").bounding_box()
    page.mouse.click(frame["x"] + 50, frame["y"] + 50)
    assert page.input_value("#note-region") == ""
    page.click("[data-draw-area]")
    page.evaluate(
        """() => { const text = document.querySelector('.page-text');
        const range = document.createRange(); range.selectNodeContents(text);
        const selection = window.getSelection(); selection.removeAllRanges();
        selection.addRange(range);
        text.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); }"""
    )
    assert page.input_value("#note-quote").strip() != ""
    notes = page.request.get(f"{staff_url}/api/notes?doc={finney}&page=2").json()["notes"]
    assert [note["region"] for note in notes if note["text"] == "The table of costs"] == [
        dict(zip(("x", "y", "width", "height"), region, strict=True))
    ]
    assert page_errors == []


def test_the_document_view_switch_is_remembered(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    page.goto(f"{base_url}/doc/{ids['finney.pdf']}")
    assert page.locator("pre.page-text").count() > 0
    page.click(".view-switch a:has-text('Page images')")
    page.wait_for_selector("img.doc-page-image")
    assert page.locator("pre.page-text").count() == 0
    page.wait_for_function(
        "() => { const i = document.querySelector('img.doc-page-image');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    page.screenshot(path=str(screenshots / "document-images-1366.png"))
    page.goto(f"{base_url}/doc/{ids['deaths.pdf']}")  # remembered for the next document
    assert page.locator("img.doc-page-image").count() > 0
    page.locator("#p30").scroll_into_view_if_needed()
    page.wait_for_selector("#p30 img.doc-page-image")  # lazy pages come as images too
    phone = sized(PHONE, is_mobile=True, device_scale_factor=2)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{base_url}/doc/{ids['nics.pdf']}")
    assert phone.locator("img.doc-page-image").count() > 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.wait_for_function(
        "() => { const i = document.querySelector('img.doc-page-image');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    phone.screenshot(path=str(screenshots / "document-images-390.png"))
    page.click(".view-switch a:has-text('Text')")
    page.wait_for_selector("pre.page-text")
    page.goto(f"{base_url}/doc/{ids['finney.pdf']}")
    assert page.locator("pre.page-text").count() > 0
    page.goto(f"{base_url}/doc/{ids['opt-out.txt']}")
    assert page.locator(".view-switch").count() == 0
    assert page_errors == []


def test_one_citation_with_a_format_switcher(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    url = f"{base_url}/doc/{ids['finney.pdf']}/p/3"
    page.goto(url)
    assert page.locator("textarea.citation-text").count() == 1
    assert page.locator("h2:has-text('citation'), h2:has-text('Cite')").count() == 1
    assert not page.is_visible("[data-cite-apply]")  # the switch applies at once
    assert "at 3, in ICE 287(g) agreements" in page.input_value("#citation-text")
    page.select_option("#cite-format", "ris")
    assert page.input_value("#citation-text").startswith("TY  - ")
    page.select_option("#cite-format", "bibtex")
    assert page.input_value("#citation-text").startswith("@")
    page.select_option("#cite-format", "short")
    assert page.input_value("#citation-text").startswith("287(g) Memorandum of Agreement")
    assert page.url == url
    page.locator(".cite").screenshot(path=str(screenshots / "citation-1366.png"))
    no_script = sized(PHONE, java_script_enabled=False)
    no_script.goto(url)
    no_script.select_option("#cite-format", "csl-json")
    no_script.click("[data-cite-apply]")
    no_script.wait_for_url(re.compile(r"cite=csl-json"))
    assert no_script.input_value("#citation-text").lstrip().startswith("[")
    assert page_errors == []


def test_more_like_this_follows_the_text_and_looks_unlike_hits(
    sized: Any, page_errors: list[str], base_url: str, ids: dict[str, str], screenshots: Path
) -> None:
    page = sized(DESKTOP)
    page.goto(f"{base_url}/doc/{ids['finney.pdf']}/p/3?q=ICE")
    page.wait_for_selector(".similar.is-loaded")
    text = page.locator("#page-text").bounding_box()
    similar = page.locator(".similar").bounding_box()
    main = page.locator(".page-after-main").bounding_box()
    assert similar["y"] >= text["y"] + text["height"]  # never above the text
    assert similar["x"] > main["x"] + main["width"] - 1  # a side column on a wide screen
    hit = page.eval_on_selector(".page-text mark", "m => getComputedStyle(m).backgroundColor")
    assert hit == HIT_YELLOW
    if page.locator(".similar mark").count():
        key_term = page.eval_on_selector(
            ".similar mark", "m => getComputedStyle(m).backgroundColor"
        )
        assert key_term != hit
    page.screenshot(path=str(screenshots / "page-view-1366.png"), full_page=True)
    phone = sized(PHONE, is_mobile=True, device_scale_factor=2)
    phone.goto(f"{base_url}/doc/{ids['finney.pdf']}/p/3?q=ICE")
    phone.wait_for_selector(".similar.is-loaded")
    about = phone.locator(".about").bounding_box()
    assert phone.locator(".similar").bounding_box()["y"] > about["y"]  # after, on a phone
    phone.screenshot(path=str(screenshots / "page-view-390.png"), full_page=True)
    page.goto(f"{base_url}/doc/{ids['finney.pdf']}")
    page.wait_for_selector(".similar.is-loaded")
    last_page = page.locator(".doc-page").last.bounding_box()
    assert page.locator(".similar").bounding_box()["y"] > last_page["y"]
    assert page_errors == []

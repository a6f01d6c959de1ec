"""In real headless Chromium: search, facets, a hit highlighted on the page image, next hit,
the original's download, lazy pages, keyboard use and a phone-sized screen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def search_from_home(page: Any, base_url: str, text: str) -> None:
    page.goto(f"{base_url}/")
    page.fill("#q", text)
    page.press("#q", "Enter")
    page.wait_for_selector("#results-heading")


def test_search_facet_and_open_a_hit(
    page: Any, page_errors: list[str], base_url: str, screenshots: Path
) -> None:
    search_from_home(page, base_url, '"opt out"')
    assert re.match(r"1 document,\s+1 page", page.inner_text("#results-heading"))
    assert page.locator(".snippet mark").first.inner_text().lower().startswith("opt")
    page.screenshot(path=str(screenshots / "search-opt-out.png"), full_page=True)

    page.click(".facet-value:has-text('press release')")
    page.wait_for_url(re.compile(r"type=press\+release"))
    assert page.locator(".active-filters .chip").inner_text().startswith("Type: press release")
    page.click(".active-filters .chip")
    page.wait_for_url(re.compile(r"^(?!.*type=).*q=%22opt\+out%22"))
    assert page.locator(".active-filters").count() == 0

    page.click(".hit-page .page-link")
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{16}/p/1\?q="))
    assert page.locator(".page-text mark").count() >= 1
    assert page.locator("img.page-image").count() == 0  # a text document: text only
    assert page_errors == []


def test_hit_highlighted_on_the_page_image_then_next_hit(
    page: Any, page_errors: list[str], base_url: str, screenshots: Path
) -> None:
    search_from_home(page, base_url, "ICE")
    page.screenshot(path=str(screenshots / "search-ice.png"), full_page=False)
    first = page.locator(".hit").first
    assert "Finney County" in first.locator(".hit-title").inner_text()
    first.locator(".page-link").first.click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{16}/p/\d+\?q=ICE"))
    image = page.locator("img.page-image")
    image.wait_for()
    page.wait_for_function("document.querySelector('img.page-image').naturalWidth > 0")
    boxes = page.locator(".hit-overlay rect.hit-box")
    assert boxes.count() > 0
    frame = image.bounding_box()
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box is not None and box["width"] > 2 and box["height"] > 2
        assert frame["x"] - 1 <= box["x"] <= frame["x"] + frame["width"]
        assert frame["y"] - 1 <= box["y"] <= frame["y"] + frame["height"]
    # a box on every word marked in the text: a phrase ICE also matches ("U.S. Immigration
    # and Customs Enforcement") is one mark and a box on each of its words
    marked = page.locator(".page-text mark").all_inner_texts()
    assert sum(len(text.split()) for text in marked) == boxes.count()
    page.screenshot(path=str(screenshots / "page-view.png"), full_page=False)

    # from the first page (the best one may be the last: its signature block names ICE in full)
    page.goto(re.sub(r"/p/\d+", "/p/1", page.url))
    before = page.url
    page.click("a.hit-nav:has-text('Next hit')")
    page.wait_for_url(lambda url: url != before and "#page-text" in url)
    assert page.locator(".page-text mark").count() > 0
    assert page.locator(".hit-overlay rect.hit-box").count() > 0
    assert page_errors == []


def test_download_the_original(
    page: Any, base_url: str, browser_home: Path, tmp_path: Path
) -> None:
    search_from_home(page, base_url, "ICE")
    page.locator(".hit").first.locator(".page-link").first.click()
    page.wait_for_selector("img.page-image")
    with page.expect_download() as download_info:
        page.locator(".about a[download]").click()
    download = download_info.value
    assert download.suggested_filename == "finney.pdf"
    saved = tmp_path / "finney.pdf"
    download.save_as(saved)
    originals = list(browser_home.parent.glob("browser-corpus*/pdf/finney.pdf"))
    assert originals and saved.read_bytes() == originals[0].read_bytes()


def test_long_document_loads_pages_as_they_scroll_in(
    page: Any, page_errors: list[str], base_url: str
) -> None:
    search_from_home(page, base_url, "custody")
    page.click(".hit-title a:has-text('List of Deaths')")
    page.wait_for_selector("#p21.is-stub", state="attached")
    page.locator("#p21").scroll_into_view_if_needed()
    page.wait_for_selector("#p21:not(.is-stub)")
    assert page.locator("#p21 .page-heading").inner_text().startswith("Page 21")
    page.goto(page.url.split("#")[0] + "#p34")
    page.wait_for_selector("#p34:not(.is-stub)")
    assert page_errors == []


def test_keyboard_only(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    assert page.evaluate("document.activeElement.id") == "q"  # autofocus on the home page
    page.keyboard.type("agreement")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results-heading")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Tab reaches a result link; Enter follows it.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('page-link')"):
            break
    else:
        pytest.fail("no result link reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/\d+"))
    number = int(re.search(r"/p/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    page.keyboard.press("ArrowRight")  # app.js: the arrow keys turn pages
    page.wait_for_url(re.compile(rf"/p/{number + 1}\b"))


def test_readable_on_a_phone(browser: Any, base_url: str, screenshots: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        for name, url in (("phone-search.png", "/search?q=ICE"), ("phone-page.png", None)):
            if url is None:
                phone.locator(".page-link").first.click()
                phone.wait_for_selector("img.page-image")
            else:
                phone.goto(f"{base_url}{url}")
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, name
            phone.screenshot(path=str(screenshots / name), full_page=False)
    finally:
        context.close()


def test_works_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    try:
        plain.goto(f"{base_url}/search?q=custody")
        plain.click(".hit-title a:has-text('List of Deaths')")
        plain.wait_for_selector("#p1")
        assert plain.locator("#p21.is-stub").count() == 1  # no script: the stub stays a link
        plain.click("#p21 .page-heading a")
        plain.wait_for_selector("#p21:not(.is-stub)")
        assert "start=21" in plain.url
    finally:
        context.close()

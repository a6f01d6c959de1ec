"""In real headless Chromium: a quote found by the quote finder, and a quoted phrase, are
boxed on the page image where their words stand (issue 14, defect 1)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

QUOTE = (
    "This Memorandum of Agreement constitutes an agreement between U.S. Immigration and "
    "Customs Enforcement, a component of the Department of Homeland Security"
)


def boxes_on_the_image(page: Any) -> int:
    """How many hit boxes the page image shows; each must lie on the image."""
    image = page.locator("img.page-image")
    image.wait_for()
    page.wait_for_function("document.querySelector('img.page-image').naturalWidth > 0")
    frame = image.bounding_box()
    boxes = page.locator(".hit-overlay rect.hit-box")
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box is not None and box["width"] > 2 and box["height"] > 2
        assert frame["x"] - 1 <= box["x"] <= frame["x"] + frame["width"]
        assert frame["y"] - 1 <= box["y"] <= frame["y"] + frame["height"]
    return int(boxes.count())


@pytest.mark.parametrize("width", [1366, 390])
def test_a_found_quote_is_boxed_on_the_page_image(
    browser: Any, base_url: str, screenshots: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{base_url}/find-quote")
        page.fill("#quote-text", QUOTE)
        page.click(".quote-form button[type=submit]")
        page.wait_for_selector(".quote-match")
        page.locator(".quote-match .page-link").first.click()
        page.wait_for_url(re.compile(r"/doc/[0-9a-f]{16}/p/1\?mark=\d+-\d+"))
        marked = " ".join(page.locator(".page-text mark").all_inner_texts())
        assert "Immigration" in marked and "Customs" in marked
        assert boxes_on_the_image(page) >= len(QUOTE.split()) - 4
        assert "no word positions" not in page.inner_text("body")
        page.screenshot(path=str(screenshots / f"quote-boxed-{width}.png"), full_page=False)

        phrase = re.sub(r"\?.*$", "?q=%22memorandum+of+agreement%22", page.url)
        page.goto(phrase)
        # a box on each word of each mark: the phrase's three words, and MOA, which it matches
        marks = page.locator(".page-text mark").all_inner_texts()
        assert marks and boxes_on_the_image(page) == sum(len(m.split()) for m in marks)
        assert errors == []
    finally:
        context.close()

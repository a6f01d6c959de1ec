"""Issue 14 in real headless Chromium, at 1366 and 390 px: compare side by side (5), no red
fields before typing (7), local times (12), month labels (13), long queries (14), tidy search
addresses (17)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import copy_with_staff, serving
from tests.conftest import doc_ids_by_name, ingest_home, write_docs

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
WIDTHS = (1366, 390)
LETTER = (
    "From: Penney, Marc\nTo: Rodriguez, Alma\nSubject: Arlington County and Secure Communities\n"
    "The county board voted last week to ask whether it can decline to take part\n"
    "once the state signs the memorandum of agreement. The deputy sheriff,\n"
    "Laura Mendez, will receive the revised fact sheet this afternoon, and the\n"
    "field office will call the board chair on Thursday at 555-0100.\nThanks, Marc\n"
)


@pytest.fixture(scope="module")
def staff_url(browser_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("first-run-staff") / "home"
    with serving(copy_with_staff(browser_home, home, "alice", PASSWORD)) as url:
        yield url


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A server over two releases of one letter, the second withholding a name and a phone
    number and adding a line; its URL and the two doc_ids."""
    base = tmp_path_factory.mktemp("releases")
    withheld = LETTER.replace("Laura Mendez", "(b)(6)").replace("555-0100", "(b)(7)(C)")
    withheld = withheld.replace("Subject:", "Released in part\nSubject:")
    folder = write_docs(base / "records", {"first.txt": LETTER, "second.txt": withheld})
    ingest_home(base / "home", folder)
    ids = doc_ids_by_name(base / "home")
    with serving(base / "home") as url:
        yield url, ids["first.txt"], ids["second.txt"]


def page_at(browser: Any, width: int, errors: list[str], **options: Any) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    opened = context.new_page()
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    return opened


def overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - innerWidth"))


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_is_two_columns_aligned_line_by_line_with_the_exemption_written(
    browser: Any, releases: tuple[str, str, str], width: int, screenshots: Path
) -> None:
    url, first, second = releases
    errors: list[str] = []
    page = page_at(browser, width, errors)
    try:
        page.goto(f"{url}/compare/{first}/{second}")
        page.screenshot(path=str(screenshots / f"compare-{width}.png"), full_page=True)
        assert overflow(page) <= 1
        row = page.locator(".compare-row", has_text="Laura Mendez")
        left, right = row.locator("td.side-a"), row.locator("td.side-b")
        assert "Laura Mendez" in left.inner_text() and "(b)(6)" in right.inner_text()
        a_box, b_box = left.bounding_box(), right.bounding_box()
        assert abs(a_box["y"] - b_box["y"]) < 1 and b_box["x"] >= a_box["x"] + a_box["width"] - 1
        # the exemption is written out beside the text on both sides, visible without hovering
        for cell, text in (
            (left, "withheld in B: (b)(6) personal privacy"),
            (right, "withheld here: (b)(6) personal privacy"),
        ):
            note = cell.locator(".exemption-note", has_text=text)
            assert note.is_visible() and note.bounding_box()["width"] > 20
        # the line only the second release has sits beside an empty cell; the rest aligned
        added = page.locator(".compare-row", has_text="Released in part")
        assert added.locator("td.side-a").inner_text().strip() == ""
        for text in ("From: Penney, Marc", "Thanks, Marc"):
            same = page.locator(".compare-row", has_text=text).first
            assert same.locator("td.side-a").inner_text() == same.locator("td.side-b").inner_text()
        page.click(".view-switch a:has-text('Merged text')")
        page.wait_for_url(re.compile(r"view=merged"))
        assert page.locator(".compare-columns").count() == 0
        assert page.locator(".compare-text .exemption-note").first.is_visible()
        page.screenshot(path=str(screenshots / f"compare-merged-{width}.png"), full_page=True)
        assert errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_unbroken_query_does_not_widen_the_page(
    browser: Any, base_url: str, width: int, screenshots: Path
) -> None:
    errors: list[str] = []
    page = page_at(browser, width, errors)
    try:
        for name, query in (("word", "x" * 1000), ("words", "ICE " + "y" * 900 + " custody")):
            page.goto(f"{base_url}/search?q={query}")
            page.wait_for_selector("#results-heading")
            assert overflow(page) <= 1, name
            page.screenshot(path=str(screenshots / f"long-query-{name}-{width}.png"))
        assert errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_month_timeline_labels_months_and_the_chip_names_the_month(
    browser: Any, base_url: str, width: int, screenshots: Path
) -> None:
    errors: list[str] = []
    page = page_at(browser, width, errors)
    try:
        page.goto(f"{base_url}/search?q=the&from=2015&to=2017")
        ticks = page.locator(".timeline-chart text.tick").all_text_contents()
        assert ticks and all(re.fullmatch(r"[A-Z][a-z]{2}( \d{4})?", tick) for tick in ticks)
        assert ticks[0].endswith("2015")
        page.locator(".timeline-link").first.click()
        page.wait_for_url(re.compile(r"from=2015-11&to=2015-11"))
        assert page.locator(".active-filters .chip").inner_text().startswith("Dates: November 2015")
        page.screenshot(path=str(screenshots / f"timeline-month-{width}.png"))
        # a year bar's chip names the year once
        page.goto(f"{base_url}/search?q=the&from=2017&to=2017")
        assert re.fullmatch(r"Dates: 2017\s*×", page.locator(".active-filters .chip").inner_text())
        assert errors == []
    finally:
        page.context.close()


def test_search_forms_send_no_empty_fields(browser: Any, base_url: str) -> None:
    errors: list[str] = []
    page = page_at(browser, 1366, errors)
    try:
        page.goto(f"{base_url}/")
        page.fill("#q", "custody")
        page.press("#q", "Enter")
        page.wait_for_selector("#results-heading")
        assert page.url == f"{base_url}/search?q=custody"
        page.fill("#from", "2010")
        page.click(".search-options button[type=submit]")
        page.wait_for_url(re.compile(r"from=2010"))
        assert "to=" not in page.url and "sort=" not in page.url
        page.go_back()  # the form shown again still sends every field it holds
        page.wait_for_url(f"{base_url}/search?q=custody")
        assert page.locator("#from").is_enabled()
        assert errors == []
    finally:
        page.context.close()


def test_required_fields_are_not_red_before_anyone_types_and_times_are_local(
    browser: Any, staff_url: str, screenshots: Path
) -> None:
    errors: list[str] = []
    page = page_at(browser, 1366, errors, timezone_id="Pacific/Auckland")
    try:
        page.goto(f"{staff_url}/sign-in")
        error_colour = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--error').trim()"
        )
        red = page.evaluate(
            "c => { const e = document.createElement('div'); e.style.color = c;"
            " document.body.append(e); const v = getComputedStyle(e).color; e.remove(); return v }",
            error_colour,
        )

        def border(selector: str) -> str:
            return str(page.eval_on_selector(selector, "e => getComputedStyle(e).borderTopColor"))

        assert border("#name") != red and border("#password") != red  # required, still empty
        page.fill("#name", "alice")
        page.fill("#password", PASSWORD)
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_selector(".signed-in")
        page.goto(f"{staff_url}/search?q=Finney")
        field = page.locator(".tag-form input[name=label]").first
        assert border(".tag-form input[name=label]") != red
        page.screenshot(path=str(screenshots / "tag-field-untouched.png"))
        field.fill("x")
        field.fill("")
        field.blur()
        assert border(".tag-form input[name=label]") == red  # after the user emptied it
        field.fill("dated")
        field.press("Enter")
        page.wait_for_load_state()
        page.goto(f"{staff_url}/history")
        stamp = page.locator("time.timestamp").first
        iso, shown, utc = (
            stamp.get_attribute("datetime"),
            stamp.inner_text(),
            stamp.get_attribute("title"),
        )
        assert iso and iso.endswith("Z") and utc and utc.endswith("UTC")
        assert "UTC" not in shown and shown != utc  # shown in the reader's zone (UTC+12/13)
        assert errors == []
    finally:
        page.context.close()

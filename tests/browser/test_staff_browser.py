"""In real headless Chromium, as staff: sign in, tag a page from the page view, see the tag
as a facet, copy the page's citation, and export the tag's citations as RIS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import copy_with_staff, serving
from tests.indexer.test_citing import parse_ris

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def staff_url(browser_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server (production settings: secure cookies) over a copy of the browser home
    with a staff account."""
    home = tmp_path_factory.mktemp("staff-browser") / "home"
    with serving(copy_with_staff(browser_home, home, "alice", PASSWORD)) as url:
        yield url


@pytest.fixture()
def staff_page(browser: Any, page_errors: list[str]) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        permissions=["clipboard-read", "clipboard-write"],
    )
    opened = context.new_page()
    opened.on("console", lambda m: page_errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: page_errors.append(str(error)))
    yield opened
    context.close()


def test_sign_in_tag_a_page_see_the_facet_and_export_ris(
    staff_page: Any, page_errors: list[str], staff_url: str, screenshots: Path
) -> None:
    page = staff_page
    page.goto(f"{staff_url}/sign-in")
    page.fill("#name", "alice")
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector(".signed-in")
    assert "alice" in page.inner_text(".signed-in")

    page.goto(f"{staff_url}/search?q=Finney")
    page.locator(".hit-page .page-link").first.click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{16}/p/\d+"))
    page_number = re.search(r"/p/(\d+)", page.url)[1]  # type: ignore[index]
    doc_id = re.search(r"/doc/([0-9a-f]{16})/", page.url)[1]  # type: ignore[index]
    page.fill("#tag-label", "exhibit-3")
    page.click(".tag-form button[type=submit]")
    page.wait_for_selector(".tags-panel .tag-chip:has-text('exhibit-3')")
    assert f"/doc/{doc_id}/p/{page_number}" in page.url

    page.click("button.copy-citation")
    page.wait_for_selector(".copy-status:has-text('Copied.')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert f", at {page_number}" in copied and "SHA-256" in copied and doc_id in copied
    page.screenshot(path=str(screenshots / "staff-page-tagged.png"), full_page=True)

    page.goto(f"{staff_url}/search?q=ICE")
    facet = page.locator("#facet-tag ~ ul .facet-value:has-text('exhibit-3')")
    assert facet.locator(".count").inner_text() == "1"
    facet.click()
    page.wait_for_url(re.compile(r"tag=exhibit-3"))
    assert re.match(r"1 document,\s+1 page", page.inner_text("#results-heading"))
    assert page.locator(".hit .tag-chip").first.inner_text() == "exhibit-3"
    page.screenshot(path=str(screenshots / "staff-tag-facet.png"), full_page=True)

    page.goto(f"{staff_url}/tags")
    with page.expect_download() as download_info:
        page.click("a[href*='format=ris']")
    download = download_info.value
    assert download.suggested_filename.endswith(".ris")
    (record,) = parse_ris(Path(download.path()).read_text(encoding="utf-8"))
    fields = dict(record)
    assert (record[0][0], record[-1][0]) == ("TY", "ER")
    assert fields["SP"] == page_number and fields["KW"] == "exhibit-3"
    assert fields["UR"] == f"{staff_url}/doc/{doc_id}/p/{page_number}"
    assert page_errors == []

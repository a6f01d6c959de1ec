"""In real headless Chromium: a staff member runs a batch search from a terms file (bad lines
reported, counts that open their results, the CSV download), and a visitor finds the pages a
passage came from across a page break, then sees "More like this" load on the page."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.store.database import Store
from indexer.tools.batch import CSV_COLUMNS
from tests.browser.conftest import copy_with_staff, serving

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
TERMS = (
    "# terms for the browser test\n"  # 1
    "agreement\tFinney\n"  # 2
    "\n"  # 3
    'phrase\t"secure communities"\n'  # 4
    "broken\tone\ttab too many\n"  # 5
    "none\tzzyzx qqvvxx\n"  # 6
    "accent\tcaf\xe9\n"  # 7: not UTF-8
).encode("cp1252")


@pytest.fixture(scope="module")
def tools_url(browser_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server (production settings) over a copy of the browser home with a staff
    account: batch uploads are kept in the home."""
    home = tmp_path_factory.mktemp("tools-browser") / "home"
    with serving(copy_with_staff(browser_home, home, "alice", PASSWORD)) as url:
        yield url


def count(text: str) -> int:
    return int(text.replace(",", "").strip())


def test_batch_search_from_a_terms_file(
    page: Any, page_errors: list[str], tools_url: str, screenshots: Path, tmp_path: Path
) -> None:
    page.goto(f"{tools_url}/sign-in?next=/")
    page.fill("#name", "alice")
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector(".signed-in")
    page.click(".site-nav a:has-text('Batch')")
    page.wait_for_url(re.compile(r"/batch$"))
    page.set_input_files(
        "#batch-file", files=[{"name": "terms.txt", "mimeType": "text/plain", "buffer": TERMS}]
    )
    page.click(".batch-form button[type=submit]")
    page.wait_for_url(re.compile(r"/batch/[A-Za-z0-9_-]{22}$"))
    page.wait_for_selector(".batch-table")
    page.screenshot(path=str(screenshots / "batch-summary.png"), full_page=True)

    rows = page.locator(".batch-table tbody tr")
    assert rows.count() == 4
    lines = [rows.nth(i).locator("td").first.inner_text() for i in range(4)]
    assert lines == ["2", "4", "6", "7"]
    problems = page.locator(".batch-problem").all_inner_texts()
    assert any(p.startswith("Line 5: not run") and "more than one tab" in p for p in problems)
    assert any(p.startswith("Line 7: note") and "not UTF-8" in p for p in problems)
    assert "café" in rows.nth(3).inner_text()
    none_row = rows.nth(2).locator("td")
    assert (count(none_row.nth(3).inner_text()), count(none_row.nth(4).inner_text())) == (0, 0)
    finney = rows.nth(0).locator("td")
    documents, pages = count(finney.nth(3).inner_text()), count(finney.nth(4).inner_text())
    assert documents >= 1 and pages >= 2
    summary_url = page.url

    # The count opens the search for that query, which finds as many.
    finney.nth(3).locator("a").click()
    page.wait_for_url(re.compile(r"/search\?q=Finney$"))
    heading = page.inner_text("#results-heading")
    assert re.match(rf"{documents} documents?,\s+{pages} pages", heading), heading

    page.goto(summary_url)
    with page.expect_download() as download_info:
        page.click("a:has-text('Download the rows as CSV')")
    download = download_info.value
    assert download.suggested_filename == "batch-rows.csv"
    saved = tmp_path / "rows.csv"
    download.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert tuple(table[0]) == CSV_COLUMNS
    finney_rows = [row for row in table if row["label"] == "agreement"]
    assert len(finney_rows) == pages
    assert all(
        re.fullmatch(r"http://127\.0\.0\.1:\d+/doc/[0-9a-f]{16}/p/\d+", row["url"])
        for row in finney_rows
    )
    assert [row["doc_id"] for row in table if row["label"] == "none"] == [""]
    assert page_errors == []


def passage_over_a_page_break(home: Path) -> tuple[str, str]:
    """(doc_id, passage): the end of page 1 of the Finney County agreement and the start of
    page 2, as a reader would copy it (without the page number printed on top)."""
    store = Store(home)
    try:
        doc_id = next(
            d["doc_id"] for d in store.list_documents() if d["path"].endswith("finney.pdf")
        )
        texts = store.page_texts(doc_id, [1, 2])
    finally:
        store.close()
    first, second = texts[1].split(), texts[2].split()
    assert second[0] == "2"  # the printed page number
    return doc_id, " ".join(first[-20:] + second[1:21])


def test_find_a_quote_over_a_page_break_then_more_like_this(
    page: Any, page_errors: list[str], tools_url: str, browser_home: Path, screenshots: Path
) -> None:
    doc_id, passage = passage_over_a_page_break(browser_home)
    page.goto(f"{tools_url}/")
    page.click(".site-nav a:has-text('Find a quote')")
    page.wait_for_url(re.compile(r"/find-quote$"))
    page.fill("#quote-text", passage)
    page.click(".quote-form button[type=submit]")
    page.wait_for_selector(".quote-results")
    page.screenshot(path=str(screenshots / "find-quote.png"), full_page=True)

    best = page.locator(".quote-match").first
    assert "Finney County" in best.locator(".hit-title").inner_text()
    links = best.locator(".quote-pages a.page-link")
    assert links.count() == 2
    # each page linked with the stretch of it the passage matched (issue 14)
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(2)]
    assert [href.split("?mark=")[0] for href in hrefs] == [
        f"/doc/{doc_id}/p/1",
        f"/doc/{doc_id}/p/2",
    ]
    assert all(re.search(r"\?mark=\d+-\d+$", href) for href in hrefs)
    marks = best.locator(".snippet mark")
    assert marks.count() == 2
    assert marks.nth(0).inner_text().endswith("excessive force or")
    assert marks.nth(1).inner_text().startswith("discriminatory action")
    assert page.input_value("#quote-text") == passage

    links.nth(1).click()
    page.wait_for_url(re.compile(rf"/doc/{doc_id}/p/2\?mark=\d+-\d+$"))
    assert page.locator(".page-text mark").first.inner_text().startswith("discriminatory")
    block = page.locator("section.similar.is-loaded")
    block.wait_for()
    similar = block.locator(".similar-title")
    assert similar.count() >= 1
    hrefs = [similar.nth(i).get_attribute("href") for i in range(similar.count())]
    assert all(re.fullmatch(r"/doc/[0-9a-f]{16}", href) for href in hrefs)
    assert f"/doc/{doc_id}" not in hrefs
    assert page_errors == []

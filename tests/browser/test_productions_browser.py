"""In real headless Chromium: a visitor opens Productions from the menu, reads a release's
report (gaps, slip sheet, duplicates, a row's citation), downloads the spreadsheet and reads
it back, and prints the page: the print stylesheet leaves the report alone on the paper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import serving
from tests.conftest import ingest_home
from tests.productions import report_corpus

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def productions_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("productions-browser")
    report = ingest_home(root / "home", report_corpus.build(root / "corpus"))
    assert not report.failed
    with serving(root / "home") as url:
        yield url


def test_report_page_and_its_spreadsheet(
    page: Any, page_errors: list[str], productions_url: str, screenshots: Path, tmp_path: Path
) -> None:
    page.goto(f"{productions_url}/")
    page.click(".site-nav a:has-text('Productions')")
    page.wait_for_url(re.compile(r"/productions$"))
    rows = page.locator(".productions-table tbody tr")
    assert rows.count() == 3
    page.click(f"text={report_corpus.RELEASE}")
    page.wait_for_url(re.compile(r"/productions/ice-foia-2019-0412-interim-1$"))
    gaps = page.locator(".gaps-table tbody tr")
    assert gaps.count() == 2
    assert "withheld in full (slip sheet on page 1" in gaps.nth(0).inner_text()
    assert "missing, no slip sheet" in gaps.nth(1).inner_text()
    assert (
        page.locator("#duplicates")
        .inner_text()
        .startswith("Duplicate pages within the release (1)")
    )
    first = page.locator(".documents-table .row-cite").first
    first.locator("summary").click()
    assert "Bates ICE-000012" in first.locator(".citation-text").inner_text()
    page.screenshot(path=str(screenshots / "production-report.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click(".downloads a:has-text('xlsx')")
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.name == "production-ice-foia-2019-0412-interim-1.xlsx"
    workbook = load_workbook(saved, read_only=True)
    assert workbook.sheetnames == [
        "Summary",
        "Exemptions",
        "Documents",
        "Bates gaps",
        "Duplicate pages",
    ]
    gap_rows = list(workbook["Bates gaps"].iter_rows(values_only=True))
    assert [(row[1], row[2], row[3]) for row in gap_rows[1:]] == [
        ("ICE-000005", "ICE-000006", 2),
        ("ICE-000009", "ICE-000010", 2),
    ]
    summary = dict(workbook["Summary"].iter_rows(values_only=True))
    assert summary["pages"] == 8 and summary["pages_withheld"] == 1

    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".downloads").is_visible()
    assert page.locator(".gaps-table").is_visible()
    assert page.locator(".documents-table .citation-text").first.is_visible()
    pdf = page.pdf(path=str(tmp_path / "report.pdf"))
    assert pdf[:4] == b"%PDF"
    assert page_errors == []

"""OCR of a huge page: rendered at a lower resolution within MAX_PAGE_PIXELS, or skipped with
a reason when even that cannot be read (issue 12, defect 10d: the worker ran out of memory)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from indexer.extractors.ocr import (
    DEFAULT_DPI,
    MAX_PAGE_PIXELS,
    MIN_DPI,
    PageTooLargeError,
    ocr_available,
    ocr_page,
    render_dpi,
)
from tests.conftest import Home

needs_tesseract = pytest.mark.skipif(not ocr_available(), reason="tesseract is not installed")
# The largest page PDF allows (200 x 200 in): 3.6 gigapixels at 300 dpi.
LARGEST_PAGE = 14_400
BIG_PAGE = 3_000  # 41.7 in square: 156 megapixels at 300 dpi
WORDS = "DETENTION RECORDS RELEASED"


def big_pdf(path: Path, *sizes: float) -> Path:
    """One page per size (points, square), each with WORDS in large print at a tenth of its
    width from the left and halfway down."""
    pdf = canvas.Canvas(str(path))
    for size in sizes:
        pdf.setPageSize((size, size))
        pdf.setFont("Helvetica", size / 33)
        pdf.drawString(size * 0.1, size * 0.5, WORDS)
        pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (612, float(DEFAULT_DPI)),  # a letter page: untouched
        (BIG_PAGE, math.sqrt(MAX_PAGE_PIXELS) / (BIG_PAGE / 72)),
        (LARGEST_PAGE, None),  # 31 dpi would be needed: below MIN_DPI
    ],
)
def test_render_dpi_keeps_the_pixel_count_under_the_cap(
    points: float, expected: float | None
) -> None:
    dpi = render_dpi(points, points, DEFAULT_DPI)
    assert dpi == pytest.approx(expected) if expected is not None else dpi is None
    if dpi is not None:
        assert (points / 72 * dpi) ** 2 <= MAX_PAGE_PIXELS * 1.0001
        assert dpi >= MIN_DPI


@needs_tesseract
@pytest.mark.timeout(120)
def test_a_huge_page_is_read_at_a_lower_resolution(tmp_path: Path) -> None:
    pdf = big_pdf(tmp_path / "poster.pdf", BIG_PAGE)
    result = ocr_page(pdf, 1)
    assert result.text == WORDS
    # Word boxes are in points of the page as drawn, whatever the resolution it was read at.
    first = result.words[0]
    assert first.x0 == pytest.approx(BIG_PAGE * 0.1, abs=BIG_PAGE * 0.01)
    assert BIG_PAGE * 0.45 < first.top < first.bottom < BIG_PAGE * 0.51
    assert result.words[-1].x1 < BIG_PAGE


@needs_tesseract
def test_a_page_too_large_to_read_is_skipped_with_the_reason(tmp_path: Path) -> None:
    pdf = big_pdf(tmp_path / "mural.pdf", LARGEST_PAGE)
    with pytest.raises(PageTooLargeError, match=r"page 1: too large to OCR \(200 x 200 in\)"):
        ocr_page(pdf, 1)


@needs_tesseract
@pytest.mark.timeout(180)
def test_ingest_reads_what_it_can_and_warns_about_the_rest(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    big_pdf(folder / "maps.pdf", BIG_PAGE, LARGEST_PAGE)
    report = home.ingest(folder, ocr="force", workers=1)
    assert report.added == 1 and not report.failed
    assert report.ocr_pages == 1
    assert len(report.warnings) == 1 and "page 2: OCR failed" in report.warnings[0]
    assert "too large to OCR (200 x 200 in)" in report.warnings[0]

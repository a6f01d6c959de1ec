"""OCR of scanned pages: real 287(g) scans, a generated known-text page, boxes, errors."""

from __future__ import annotations

import re
import stat
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from indexer.extractors.ocr import (
    LOW_CONFIDENCE,
    OcrError,
    OcrResult,
    is_low_confidence,
    ocr_available,
    ocr_page,
)
from tests.conftest import shared_sample

pytestmark = pytest.mark.skipif(not ocr_available(), reason="tesseract with eng is not installed")

# Image-only pages of ICE 287(g) memoranda of agreement (Finney's carries an invisible
# Acrobat OCR layer, which rendering ignores: its page image is all Tesseract sees).
MOA_SCANS = (
    "287gWSO_FinneyCoKs2020-03-17.pdf",
    "DeLandPDFL_TFM_MOA_030425.pdf",
    "HamiltonCountySheriffTN_JEM_031325.pdf",
    "MineralCountyNV_WSO_MOA_031025.pdf",
)

FONT, FONT_SIZE, LEADING, LEFT_MARGIN, FIRST_BASELINE = "Times-Roman", 12, 16, 72, 700
KNOWN_LINES = (
    "Memorandum for the Field Office Director",
    "Subject: county jail detainer requests under section 287(g), fiscal year 2010.",
    "The sheriff asked whether the county may decline to honor immigration",
    "detainers when the person held was never charged with a crime. Staff",
    "reviewed the agreement, the standard operating procedures and the",
    "complaint process, and found no clause that requires the county to",
    "hold anyone beyond the time set by the state court. Please send the",
    "signed copy, the training roster and the quarterly statistics before",
    "the review meeting on Thursday, October 14, at nine in the morning.",
)


def known_words(text: str) -> Counter[str]:
    """Words for recall: runs of letters and digits, case-folded (287(g) -> 287, g)."""
    return Counter(re.findall(r"[^\W_]+", text.casefold()))


def recall(expected: str, found: str) -> float:
    """The share of `expected`'s words (with repeats) that `found` has."""
    wanted = known_words(expected)
    return sum((wanted & known_words(found)).values()) / sum(wanted.values())


def rasterise_to_image_pdf(vector_path: Path, image_pdf_path: Path, dpi: int = 200) -> None:
    """Render page 1 of `vector_path` and save the bitmap alone as a PDF (no text layer)."""
    pdf = pdfium.PdfDocument(vector_path)
    try:
        page = pdf[0]
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().copy()
        bitmap.close()
        page.close()
    finally:
        pdf.close()
    image.save(image_pdf_path, format="PDF", resolution=dpi)


def text_layer(pdf_path: Path) -> str:
    """The text layer of page 1, as PDFium reads it."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[0]
        text_page = page.get_textpage()
        text = str(text_page.get_text_range())
        text_page.close()
        page.close()
    finally:
        pdf.close()
    return text


@pytest.fixture(scope="module")
def known_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A letter page of KNOWN_LINES in 12 pt Times, as an image-only PDF scanned at 200 dpi."""
    folder = tmp_path_factory.mktemp("ocr")
    vector_path = folder / "known-vector.pdf"
    drawing = canvas.Canvas(str(vector_path), pagesize=letter)
    drawing.setFont(FONT, FONT_SIZE)
    for number, line in enumerate(KNOWN_LINES):
        drawing.drawString(LEFT_MARGIN, FIRST_BASELINE - number * LEADING, line)
    drawing.save()
    image_path = folder / "known-scan.pdf"
    rasterise_to_image_pdf(vector_path, image_path)
    assert text_layer(image_path).strip() == ""
    return image_path


@pytest.fixture(scope="module")
def known_result(known_page: Path) -> OcrResult:
    return ocr_page(known_page, 1)


@pytest.fixture(scope="module")
def blank_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "blank.pdf"
    drawing = canvas.Canvas(str(path), pagesize=letter)
    drawing.showPage()
    drawing.save()
    return path


@pytest.mark.parametrize("name", MOA_SCANS)
def test_scanned_moa_first_page_reads_its_title_and_statute(name: str) -> None:
    result = ocr_page(shared_sample(f"pdf/{name}"), 1)
    assert "Memorandum of Agreement" in result.text
    assert "MEMORANDUM OF AGREEMENT" in result.text
    assert "287(g)" in result.text
    assert "\n\n" in result.text  # paragraphs stay apart
    assert not is_low_confidence(result)
    assert result.seconds > 0


def test_known_page_recalls_its_words(known_result: OcrResult) -> None:
    expected = "\n".join(KNOWN_LINES)
    assert recall(expected, known_result.text) >= 0.95
    assert recall(expected, " ".join(word.text for word in known_result.words)) >= 0.95


def test_known_page_keeps_its_lines(known_result: OcrResult) -> None:
    lines = [line for line in known_result.text.splitlines() if line.strip()]
    assert len(lines) == len(KNOWN_LINES)
    assert lines[0] == KNOWN_LINES[0]


def test_known_page_confidence_is_the_mean_of_its_words(known_result: OcrResult) -> None:
    scores = [word.confidence for word in known_result.words if word.confidence is not None]
    assert all(0 <= score <= 100 for score in scores)
    assert known_result.confidence == pytest.approx(sum(scores) / len(scores))
    assert known_result.confidence > LOW_CONFIDENCE
    assert not is_low_confidence(known_result)


def test_word_boxes_are_in_points_where_the_word_was_drawn(known_result: OcrResult) -> None:
    width, height = letter
    for word in known_result.words:
        assert 0 <= word.x0 < word.x1 <= width
        assert 0 <= word.top < word.bottom <= height
    # "Memorandum" opens line 1; "Thursday," is in the last line, after "the review meeting on".
    tolerance = 2.0
    placements = {
        "Memorandum": (0, ""),
        "Thursday,": (len(KNOWN_LINES) - 1, "the review meeting on "),
    }
    for text, (line_number, before) in placements.items():
        [word] = [word for word in known_result.words if word.text == text]
        x0 = LEFT_MARGIN + stringWidth(before, FONT, FONT_SIZE)
        x1 = x0 + stringWidth(text.rstrip(","), FONT, FONT_SIZE)
        baseline = height - (FIRST_BASELINE - line_number * LEADING)
        assert word.x0 == pytest.approx(x0, abs=tolerance)
        assert word.x1 == pytest.approx(x1, abs=tolerance + stringWidth(",", FONT, FONT_SIZE))
        # Capitals rise ~8 pt above the baseline; the comma and "y" descend below it.
        assert word.top == pytest.approx(baseline - 0.66 * FONT_SIZE, abs=tolerance)
        assert baseline - tolerance <= word.bottom <= baseline + 0.25 * FONT_SIZE + tolerance


def test_degraded_scan_is_low_confidence() -> None:
    # The signature page of a 2001-era financial disclosure scan: stamps and handwriting.
    result = ocr_page(shared_sample("pdf/2003-judicial-watch.pdf"), 8)
    assert result.words
    assert is_low_confidence(result)


def test_blank_page_is_empty_not_low_confidence(blank_page: Path) -> None:
    result = ocr_page(blank_page, 1)
    assert result.text == ""
    assert result.words == ()
    assert result.confidence == 0.0
    assert not is_low_confidence(result)


def test_tesseract_runs_with_one_openmp_thread(
    blank_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wrapper in front of the real tesseract records the environment it was started with.
    seen_path = tmp_path / "omp.txt"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(
        f'#!/bin/sh\necho "$OMP_THREAD_LIMIT" > "{seen_path}"\nexec tesseract "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(wrapper))
    ocr_page(blank_page, 1)
    assert seen_path.read_text(encoding="utf-8").strip() == "1"


def test_timeout_raises_ocr_error(known_page: Path) -> None:
    with pytest.raises(OcrError, match="timeout"):
        ocr_page(known_page, 1, timeout=0.01)


def test_missing_page_raises_ocr_error(known_page: Path) -> None:
    with pytest.raises(OcrError, match="no page 2"):
        ocr_page(known_page, 2)
    with pytest.raises(OcrError, match="no page 0"):
        ocr_page(known_page, 0)


def test_file_that_is_not_a_pdf_raises_ocr_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("not a PDF at all", encoding="utf-8")
    with pytest.raises(OcrError, match="cannot open PDF"):
        ocr_page(path, 1)


def test_missing_tesseract_raises_ocr_error(
    blank_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    with pytest.raises(OcrError, match="cannot run tesseract"):
        ocr_page(blank_page, 1)

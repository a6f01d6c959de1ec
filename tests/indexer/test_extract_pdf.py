"""PdfExtractor on the shared sample PDFs, checked against poppler's pdftotext."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from indexer.extractors import ExtractionError, extractor_for
from indexer.extractors.pdf import (
    PdfExtractor,
    clean_page_text,
    has_usable_text,
    page_count,
    render_page,
    word_boxes,
)
from tests.conftest import shared_sample as _sample

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SAMPLES = SHARED / "corpus-samples"
WORD = re.compile(r"\w+")
# Kinds whose text layer pdftotext reads in full (scans with an OCR layer included).
TEXT_LAYER_MIN_CHARS = 1000


def _sources() -> list[dict[str, str]]:
    sources = SAMPLES / "SOURCES.tsv"
    if not sources.is_file():
        return []
    with sources.open(encoding="utf-8", newline="") as stream:
        return [row for row in csv.DictReader(stream, delimiter="\t")]


def _pdf_rows(predicate: Callable[[dict[str, str]], bool]) -> list[dict[str, str]]:
    return [row for row in _sources() if row["file"].startswith("pdf/") and predicate(row)]


def _pdftotext_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout.split("\f")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


TEXT_ROWS = _pdf_rows(lambda row: int(row["pdftotext_chars"]) >= TEXT_LAYER_MIN_CHARS)
IMAGE_ONLY_ROWS = _pdf_rows(
    lambda row: row["kind"] == "scanned" and int(row["pdftotext_chars"]) < 50 * int(row["pages"])
)


@pytest.mark.parametrize("row", TEXT_ROWS, ids=lambda row: row["file"])
def test_pages_and_words_match_pdftotext(row: dict[str, str]) -> None:
    path = _sample(row["file"])
    doc = PdfExtractor().extract(path)
    reference = _pdftotext_pages(path)
    assert len(doc.pages) == int(row["pages"]) == page_count(path)
    assert [page.page for page in doc.pages] == list(range(1, len(doc.pages) + 1))
    for page in doc.pages:
        expected = set(_words(reference[page.page - 1]))
        if len(expected) < 5:
            continue
        found = set(_words(page.text))
        # Measured: 0.91-1.00 per page on these files (lowest: a form, a noisy OCR layer).
        assert len(expected & found) / len(expected) >= 0.9, f"page {page.page}"
        assert "\r" not in page.text


def test_two_column_page_keeps_reading_order() -> None:
    path = _sample("pdf/federal-register-2020-17221.pdf")
    doc = PdfExtractor().extract(path)
    reference = _pdftotext_pages(path)
    for page in doc.pages[:6]:  # the full-text two-column pages
        expected = _words(reference[page.page - 1])
        found = _words(page.text)
        pairs = set(zip(found, found[1:], strict=False))
        ordered = sum(pair in pairs for pair in zip(expected, expected[1:], strict=False))
        # Interleaved columns would break most word pairs; measured 0.99 on these pages.
        assert ordered / (len(expected) - 1) >= 0.95, f"page {page.page}"


def test_line_end_hyphen_is_restored() -> None:
    doc = PdfExtractor().extract(_sample("pdf/federal-register-2020-17221.pdf"))
    text = doc.pages[2].text
    assert "\ufffe" not in text
    assert "non-\nnormal" in text


@pytest.mark.parametrize("row", IMAGE_ONLY_ROWS, ids=lambda row: row["file"])
def test_image_only_scans_need_ocr(row: dict[str, str]) -> None:
    doc = PdfExtractor().extract(_sample(row["file"]))
    assert len(doc.pages) == int(row["pages"])
    assert all(page.needs_ocr for page in doc.pages)


def test_mixed_scan_only_text_page_is_read() -> None:
    doc = PdfExtractor().extract(_sample("pdf/MineralCountyNV_WSO_MOA_031025.pdf"))
    assert [page.page for page in doc.pages if not page.needs_ocr] == [6]
    # Page 7 is a scan whose signature block is typed into form fields: their values are read.
    assert "Todd M. Lyons\nActing Director" in doc.pages[6].text


def test_stamp_only_text_layer_on_a_scan_needs_ocr() -> None:
    doc = PdfExtractor().extract(_sample("pdf/gov.uscourts.cand.203070.27.0.pdf"))
    assert [page.needs_ocr for page in doc.pages] == [True, True]
    assert "4:08-cv-02214" in doc.pages[0].text  # the stamp text is kept as it is


@pytest.mark.parametrize(
    "name",
    [
        "pdf/287gWSO_FinneyCoKs2020-03-17.pdf",
        "pdf/2003-judicial-watch.pdf",
        "pdf/LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf",
    ],
)
def test_scans_with_an_ocr_layer_are_read(name: str) -> None:
    doc = PdfExtractor().extract(_sample(name))
    assert not any(page.needs_ocr for page in doc.pages)


def test_blank_pages_are_not_sent_to_ocr() -> None:
    doc = PdfExtractor().extract(_sample("pdf/foia_detaineedeaths_2003_2017.pdf"))
    blank = doc.pages[17:]
    assert len(blank) == 18
    assert all(page.text == "" and not page.needs_ocr for page in blank)


def test_permissions_encrypted_file_with_empty_password_is_read() -> None:
    doc = PdfExtractor().extract(_sample("pdf/LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf"))
    assert len(doc.pages) == 14
    assert doc.metadata["pdf_encrypted"] is True
    assert "287(g)" in doc.pages[0].text


def test_title_and_dates_from_pdf_metadata() -> None:
    doc = PdfExtractor().extract(_sample("pdf/ddrAnthonyJones.pdf"))
    assert doc.title == "Detainee Death Report: Jones, Anthony"
    assert doc.format == "pdf"
    assert doc.doc_id == "" and doc.sha256 == ""
    assert doc.path.endswith("ddrAnthonyJones.pdf")
    # The creation date is when the file was made, not the record's date.
    assert doc.metadata["pdf_created"] == "2021-02-08"
    assert "date" not in doc.metadata


def test_junk_or_missing_title_falls_back_to_first_line() -> None:
    transcript = PdfExtractor().extract(_sample("pdf/scotus-transcript-p1.pdf"))
    assert transcript.title == "Official - Subject to Final Review"  # /Title is "10811.exe"
    motion = PdfExtractor().extract(_sample("pdf/ca9_19.pdf"))
    assert motion.title == "IN THE UNITED STATES COURT OF APPEALS"
    scan = PdfExtractor().extract(_sample("pdf/enron1.pdf"))
    assert scan.title == "enron1"


BROKEN_OUTCOMES = {
    "pdfplumber_empty.pdf": "empty file",
    "ocrmypdf_invalid.pdf": "damaged or not a PDF",
    "pdfplumber_password-example.pdf": "encrypted: a password is required",
    "pdfplumber_issue-848.pdf": 8,  # damaged xref, recoverable: 8 pages of text
    "pdfplumber_malformed-from-issue-932.pdf": 1,
    "ocrmypdf_encrypted_algo4.pdf": 1,  # empty user password: opens; one image page
}


def test_every_broken_sample_has_a_known_outcome() -> None:
    broken_dir = SAMPLES / "broken"
    if not broken_dir.is_dir():
        pytest.skip(f"{broken_dir} is absent")
    assert sorted(path.name for path in broken_dir.iterdir()) == sorted(BROKEN_OUTCOMES)


@pytest.mark.parametrize(("name", "outcome"), sorted(BROKEN_OUTCOMES.items()))
def test_broken_sample(name: str, outcome: str | int) -> None:
    path = _sample(f"broken/{name}")
    if isinstance(outcome, int):
        doc = extractor_for(path).extract(path)
        assert len(doc.pages) == outcome
        return
    with pytest.raises(ExtractionError) as raised:
        extractor_for(path).extract(path)
    message = str(raised.value)
    assert raised.value.reason == outcome
    assert name in message and "\n" not in message


def test_broken_samples_text_and_ocr_flags() -> None:
    recovered = PdfExtractor().extract(_sample("broken/pdfplumber_issue-848.pdf"))
    assert not any(page.needs_ocr for page in recovered.pages)
    assert "movie" in recovered.pages[0].text
    locked = PdfExtractor().extract(_sample("broken/ocrmypdf_encrypted_algo4.pdf"))
    assert locked.pages[0].needs_ocr and locked.metadata["pdf_encrypted"] is True


def _write_pdf(path: Path, lines: list[str], title: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    if title is not None:
        pdf.setTitle(title)
    for number, line in enumerate(lines):
        pdf.drawString(72, 700 - 14 * number, line)
    pdf.showPage()
    pdf.save()
    return path


def test_garbage_text_layer_needs_ocr(tmp_path: Path) -> None:
    soup = ["#$%&'()*+ ,-./<=> @[]^ {|}~ ÿþýü ¦§¨©ª «¬®¯ °±²³ µ¶·¸" for _ in range(6)]
    doc = PdfExtractor().extract(_write_pdf(tmp_path / "garbage.pdf", soup))
    assert doc.pages[0].needs_ocr


def test_junk_metadata_title_is_ignored(tmp_path: Path) -> None:
    lines = ["7", "MEMORANDUM FOR Field Office Directors", "Subject: Secure Communities"]
    path = _write_pdf(tmp_path / "memo.pdf", lines, title="Microsoft Word - memo.doc")
    doc = PdfExtractor().extract(path)
    assert doc.title == "MEMORANDUM FOR Field Office Directors"
    assert not doc.pages[0].needs_ocr


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("The county asked ICE to let it opt out of Secure Communities.", True),
        ("Case 4:08-cv-02214-SBA Document 26 Filed 01/29/2009 Page 1 of 2", True),
        ("", False),
        ("Page 7", False),  # almost no characters
        ("#$%&'()*+ ,-./0123 <=>?@ [\\]^_` {|}~", False),
        ("ÿþýü ÐÑÒÓ ¿¡¬ ÿþýü ÐÑÒÓ ÿþýü ÐÑÒÓ", False),  # Latin-1 soup from an unmapped font
        ("Bxqzt Pfrst Gkklm Wvbnz Xcvbn Qwrtp", False),  # no vowels: shifted glyphs
        ("------------------------ ________________ Total 1,234 records", True),
    ],
)
def test_has_usable_text(text: str, usable: bool) -> None:
    assert has_usable_text(text) is usable


def test_clean_page_text() -> None:
    raw = "FAA\ufffeapproved list \r\nsecond\x0b line\r\n\x00"
    assert clean_page_text(raw) == "FAA-\napproved list\nsecond line"


def test_word_boxes_match_pdftotext_bbox() -> None:
    path = _sample("pdf/ddrAnthonyJones.pdf")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    words = word_boxes(path, 1)
    assert words and all(0 <= w.x0 < w.x1 <= 612 and 0 <= w.top < w.bottom <= 792 for w in words)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)
    assert first is not None
    x_min, y_min, text = float(first[1]), float(first[2]), first[3]
    match = next(word for word in words if word.text == text)
    assert abs(match.x0 - x_min) < 2 and abs(match.top - y_min) < 3


def test_render_page_size_follows_dpi() -> None:
    path = _sample("pdf/scotus-transcript-p1.pdf")
    image = render_page(path, 1, dpi=72)
    assert image.mode == "RGB"
    assert abs(image.width - 612) <= 1 and abs(image.height - 792) <= 1
    assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # not blank
    assert render_page(path, 1, dpi=144).width == pytest.approx(2 * image.width, abs=2)


def test_page_number_out_of_range_is_an_extraction_error() -> None:
    path = _sample("pdf/scotus-transcript-p1.pdf")
    with pytest.raises(ExtractionError, match="no page 2"):
        render_page(path, 2)
    with pytest.raises(ExtractionError, match="no page 0"):
        word_boxes(path, 0)


def test_page_count_of_a_damaged_file_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="damaged or not a PDF"):
        page_count(_sample("broken/ocrmypdf_invalid.pdf"))

"""Tesseract on a rendered page image; text plus per-word confidence."""

from __future__ import annotations

import functools
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from indexer.errors import FoiaError, InvalidInputError, UnavailableError
from indexer.extractors import strip_nul
from indexer.model.document import Word

DEFAULT_DPI = 300
DEFAULT_LANG = "eng"
# A typed page takes 2-4 s at 300 dpi on one thread; a page 30x slower is stuck, not busy.
TIMEOUT_SECONDS = 120.0
# Mean word confidence below which a page's OCR text is unreliable. Measured on the 76 scanned
# pages of the samples: cleanly read pages (61 pages of 287(g) MOAs, a letter, a book page, a
# form page) scored 90.7-96.5; pages with visibly misread text (8 pages of a 2001 disclosure-form
# scan, a court filing with garbled stamps and line numbers, two rotated maps) scored 35-85.4.
LOW_CONFIDENCE = 88.0
POINTS_PER_INCH = 72
# The most pixels a page is rendered with: a bigger page is rendered at a lower resolution.
# 40 megapixels is a 21 x 21 in page at 300 dpi; Tesseract needs several times that image's
# 40 MB, where a 200 x 200 in page at 300 dpi (3.6 gigapixels) exhausted the worker's memory.
MAX_PAGE_PIXELS = 40_000_000
# Below this resolution Tesseract reads no printed text: a page that would need less is
# skipped with a reason rather than read as noise.
MIN_DPI = 70.0
# Tesseract's TSV columns, and the `level` of a row that holds one word.
_TSV_COLUMNS = 12
_WORD_LEVEL = "5"


class OcrError(FoiaError):
    """OCR of a page failed: one of the two kinds below."""


class OcrInputError(OcrError, InvalidInputError):
    """The PDF cannot be opened or rendered, or has no such page."""


class PageTooLargeError(OcrInputError):
    """The page is too large to render at a resolution OCR can read within MAX_PAGE_PIXELS."""


class OcrUnavailable(OcrError, UnavailableError):
    """Tesseract is missing, failed, or ran out of time."""


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one page.

    `confidence` is the mean word confidence (0-100) over the words Tesseract scored, 0.0 when
    it found no words; `words` carry boxes in PDF points (origin top-left); `seconds` is the
    wall time of rendering plus recognition.
    """

    text: str
    confidence: float
    words: tuple[Word, ...]
    seconds: float


@functools.cache
def ocr_available() -> bool:
    """Whether the tesseract binary is on PATH with its English model (asked once)."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return False
    try:
        languages = pytesseract.get_languages()
    except (OSError, RuntimeError):
        return False
    return DEFAULT_LANG in languages


def ocr_page(
    pdf_path: Path,
    page: int,
    dpi: int = DEFAULT_DPI,
    lang: str = DEFAULT_LANG,
    *,
    timeout: float = TIMEOUT_SECONDS,
    max_pixels: int = MAX_PAGE_PIXELS,
) -> OcrResult:
    """OCR page `page` (numbered from 1) of `pdf_path`, rendered at `dpi`, or lower where
    the image would have more than `max_pixels` (see `render_dpi`).

    Raises OcrError when the PDF cannot be opened or has no such page, when the page is too
    large to read (PageTooLargeError), when Tesseract is missing or fails, or when it runs
    longer than `timeout` seconds.
    """
    started = time.perf_counter()
    image, rendered_dpi = _render_page(pdf_path, page, dpi, max_pixels)
    with tempfile.TemporaryDirectory(prefix="foia-ocr-") as tmp_dir:
        # Uncompressed TIFF: ~5 ms to write where PNG takes ~200 ms, and it carries the dpi,
        # which Tesseract would otherwise guess.
        image_path = Path(tmp_dir) / "page.tif"
        image.save(image_path, format="TIFF", dpi=(rendered_dpi, rendered_dpi))
        text, tsv = _run_tesseract(image_path, lang, timeout, f"{pdf_path} page {page}")
    words = _parse_words(tsv, POINTS_PER_INCH / rendered_dpi)
    scores = [word.confidence for word in words if word.confidence is not None]
    confidence = sum(scores) / len(scores) if scores else 0.0
    return OcrResult(
        text=strip_nul(text.strip()),
        confidence=confidence,
        words=words,
        seconds=time.perf_counter() - started,
    )


def is_low_confidence(result: OcrResult) -> bool:
    """Whether the page's OCR text is too unreliable to trust as printed.

    A page where Tesseract found no words is empty, not misread: it is not low-confidence.
    """
    return bool(result.words) and result.confidence < LOW_CONFIDENCE


def render_dpi(
    width: float, height: float, dpi: float, max_pixels: int = MAX_PAGE_PIXELS
) -> float | None:
    """The resolution to render a page of `width` x `height` points at: `dpi`, lowered so
    that the image has at most `max_pixels`; None when that is below MIN_DPI."""
    square_inches = (width / POINTS_PER_INCH) * (height / POINTS_PER_INCH)
    if square_inches * dpi * dpi <= max_pixels:
        return float(dpi)
    fitted = math.sqrt(max_pixels / square_inches)
    return fitted if fitted >= MIN_DPI else None


def _render_page(pdf_path: Path, page: int, dpi: int, max_pixels: int) -> tuple[Image.Image, float]:
    """Page `page` of `pdf_path` as a grayscale image (OCR reads no colour) and the
    resolution it was rendered at (see `render_dpi`)."""
    try:
        pdf = pdfium.PdfDocument(pdf_path)
    except (pdfium.PdfiumError, OSError) as error:
        raise OcrInputError(f"{pdf_path}: cannot open PDF: {error}") from error
    try:
        if not 1 <= page <= len(pdf):
            raise OcrInputError(f"{pdf_path}: no page {page} (the PDF has {len(pdf)})")
        pdf_page = pdf[page - 1]
        try:
            width, height = pdf_page.get_size()
            fitted = render_dpi(width, height, dpi, max_pixels)
            if fitted is None:
                raise PageTooLargeError(
                    f"{pdf_path} page {page}: too large to OCR"
                    f" ({width / POINTS_PER_INCH:.0f} x {height / POINTS_PER_INCH:.0f} in):"
                    " skipped"
                )
            bitmap = pdf_page.render(scale=fitted / POINTS_PER_INCH, grayscale=True)
            try:
                # A grayscale PIL image shares the bitmap's buffer: copy it before closing.
                image: Image.Image = bitmap.to_pil().copy()
                return image, fitted
            finally:
                bitmap.close()
        except pdfium.PdfiumError as error:
            raise OcrInputError(f"{pdf_path}: cannot render page {page}: {error}") from error
        finally:
            pdf_page.close()
    finally:
        pdf.close()


def _run_tesseract(image_path: Path, lang: str, timeout: float, where: str) -> tuple[str, str]:
    """Plain text and TSV of `image_path` from one Tesseract run."""
    # One page per worker process: Tesseract's own OpenMP threads make it 3-4x slower there.
    # pytesseract passes this process's environment to its subprocess.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        text, tsv = pytesseract.run_and_get_multiple_output(
            str(image_path), extensions=["txt", "tsv"], lang=lang, timeout=timeout
        )
    except OSError as error:  # includes TesseractNotFoundError
        raise OcrUnavailable(f"{where}: cannot run tesseract: {error}") from error
    except RuntimeError as error:  # TesseractError, and the timeout (a bare RuntimeError)
        raise OcrUnavailable(f"{where}: tesseract failed: {error}") from error
    return str(text), str(tsv)


def _parse_words(tsv: str, scale: float) -> tuple[Word, ...]:
    """The words of Tesseract's TSV, boxes scaled from pixels to points by `scale`."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t", _TSV_COLUMNS - 1)
        if len(cells) != _TSV_COLUMNS or cells[0] != _WORD_LEVEL or not cells[11].strip():
            continue
        left, top, width, height = (int(cell) for cell in cells[6:10])
        score = float(cells[10])
        words.append(
            Word(
                text=strip_nul(cells[11].strip()),
                x0=left * scale,
                top=top * scale,
                x1=(left + width) * scale,
                bottom=(top + height) * scale,
                confidence=score if score >= 0 else None,
            )
        )
    return tuple(words)

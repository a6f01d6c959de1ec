"""Tesseract on a rendered page image: the page turned upright, read fast, read again carefully
when it reads badly, and each page image read once (a cache keyed by the image's hash)."""

from __future__ import annotations

import functools
import hashlib
import math
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from indexer.extractors.ocr_image import detect_rotation, turn_upright
from indexer.extractors.ocr_read import (
    POINTS_PER_INCH,
    OcrError,
    OcrInputError,
    OcrResult,
    OcrUnavailable,
    PageTooLargeError,
    read_image,
)

__all__ = [
    "OcrError",
    "OcrInputError",
    "OcrResult",
    "OcrUnavailable",
    "PageTooLargeError",
]

DEFAULT_LANG = "eng"
# A typed page takes 2-4 s at 300 dpi on one thread; a page 30x slower is stuck, not busy.
TIMEOUT_SECONDS = 120.0
# Mean word confidence below which a page's OCR text is unreliable. Measured on the 76 scanned
# pages of the samples: cleanly read pages (61 pages of 287(g) MOAs, a letter, a book page, a
# form page) scored 90.7-96.5; pages with visibly misread text (8 pages of a 2001 disclosure-form
# scan, a court filing with garbled stamps and line numbers, two rotated maps) scored 35-85.4.
LOW_CONFIDENCE = 88.0
# The most pixels a page is rendered with: a bigger page is rendered at a lower resolution.
# 40 megapixels is a 21 x 21 in page at 300 dpi; Tesseract needs several times that image's
# 40 MB, where a 200 x 200 in page at 300 dpi (3.6 gigapixels) exhausted the worker's memory.
MAX_PAGE_PIXELS = 40_000_000
# Below this resolution Tesseract reads no printed text: a page that would need less is
# skipped with a reason rather than read as noise.
MIN_DPI = 70.0
# Bumped whenever a change would make the same image read differently: older cached readings
# are then not reused.
READING_VERSION = 1


@dataclass(frozen=True)
class OcrSettings:
    """How a page is read: the resolution it is rendered at, and whether its text lines are
    levelled first."""

    dpi: int
    level: bool


# Chosen by measurement (bench/bench_ocr_settings.py; bench/RESULTS.md "OCR settings"): on
# generated pages of known text, levelled 200 dpi recalled as many words as 300 dpi (0.968;
# levelling rescued a page skewed 3 degrees from 0.04) for 20% less CPU; the pages that read
# worse at 200 dpi are the poor ones, which are read again at 300 dpi.
FAST = OcrSettings(dpi=200, level=True)
CAREFUL = OcrSettings(dpi=300, level=True)
DEFAULT_DPI = FAST.dpi


class OcrCache(Protocol):
    """Readings kept by the hash of the page image they were read from."""

    def get(self, key: str) -> OcrResult | None: ...

    def put(self, key: str, result: OcrResult) -> None: ...


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
    settings: OcrSettings = FAST,
    lang: str = DEFAULT_LANG,
    *,
    careful: OcrSettings | None = CAREFUL,
    cache: OcrCache | None = None,
    orient: bool = True,
    timeout: float = TIMEOUT_SECONDS,
    max_pixels: int = MAX_PAGE_PIXELS,
) -> OcrResult:
    """OCR page `page` (numbered from 1) of `pdf_path`, rendered at `settings.dpi`, or lower
    where the image would have more than `max_pixels` (see `render_dpi`).

    A page that reads badly (no words, or a low mean confidence) is turned upright by
    Tesseract's orientation detection (with `orient`) and read again with the `careful`
    settings; the better reading is kept. With a `cache`, a page image read before (the same
    pixels, resolution, language and settings) is not read again.

    Raises OcrError when the PDF cannot be opened or has no such page, when the page is too
    large to read (PageTooLargeError), when Tesseract is missing or fails, or when it runs
    longer than `timeout` seconds.
    """
    started = time.perf_counter()
    job = _PageJob(pdf_path, page, lang, timeout, max_pixels)
    image, dpi = _render_page(pdf_path, page, settings.dpi, max_pixels)
    key = _reading_key(image, dpi, lang, settings, careful, orient) if cache else ""
    if cache is not None and (known := cache.get(key)) is not None:
        return replace(known, seconds=time.perf_counter() - started, from_cache=True)
    result = read_image(image, dpi, lang, timeout, job.where, level=settings.level)
    if is_poor(result) and (careful is not None or orient):
        result = _read_again(job, image, result, (settings, careful or settings), orient)
    result = replace(result, seconds=time.perf_counter() - started)
    if cache is not None:
        cache.put(key, result)
    return result


def is_poor(result: OcrResult) -> bool:
    """Whether a reading is worth a second look: no words at all, words read unreliably, or
    words running down the page (Tesseract reads a page turned a quarter as vertical text,
    often confidently)."""
    return not result.words or is_low_confidence(result) or runs_down_the_page(result)


def runs_down_the_page(result: OcrResult) -> bool:
    """Whether most words of four characters or more are taller than they are wide."""
    long_words = [word for word in result.words if len(word.text) >= 4]
    tall = sum(1 for word in long_words if word.bottom - word.top > word.x1 - word.x0)
    return bool(long_words) and tall * 2 > len(long_words)


@dataclass(frozen=True)
class _PageJob:
    """The page being read, and how."""

    pdf_path: Path
    page: int
    lang: str
    timeout: float
    max_pixels: int

    @property
    def where(self) -> str:
        return f"{self.pdf_path} page {self.page}"


def _read_again(
    job: _PageJob,
    image: Image.Image,
    first: OcrResult,
    how: tuple[OcrSettings, OcrSettings],
    orient: bool,
) -> OcrResult:
    """The better of `first` (read with `how[0]`) and a reading of the page turned upright with
    the careful settings `how[1]`."""
    settings, careful = how
    rotation = detect_rotation(image, job.timeout) if orient else 0
    if not rotation and careful == settings:
        return first
    dpi = first.dpi
    if careful.dpi != settings.dpi:
        image, dpi = _render_page(job.pdf_path, job.page, careful.dpi, job.max_pixels)
    upright = turn_upright(image, rotation)
    second = read_image(upright, dpi, job.lang, job.timeout, job.where, level=careful.level)
    second = replace(second, rotation=rotation)
    # Turned upright, the page is kept so even where Tesseract read it sideways as confidently.
    if second.words and (rotation or not first.words or second.confidence >= first.confidence):
        return second
    return first


def _reading_key(
    image: Image.Image,
    dpi: float,
    lang: str,
    settings: OcrSettings,
    careful: OcrSettings | None,
    orient: bool,
) -> str:
    """The hash of a page image and of everything that decides how it is read."""
    digest = hashlib.sha256()
    how = (READING_VERSION, image.mode, image.size, round(dpi, 3), lang, settings, careful, orient)
    digest.update(repr(how).encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


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

"""Tesseract on a rendered page image; text plus per-word confidence."""

from __future__ import annotations

import functools
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
# Tesseract's TSV columns, and the `level` of a row that holds one word.
_TSV_COLUMNS = 12
_WORD_LEVEL = "5"


class OcrError(FoiaError):
    """OCR of a page failed: one of the two kinds below."""


class OcrInputError(OcrError, InvalidInputError):
    """The PDF cannot be opened or rendered, or has no such page."""


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
) -> OcrResult:
    """OCR page `page` (numbered from 1) of `pdf_path`, rendered at `dpi`.

    Raises OcrError when the PDF cannot be opened or has no such page, when Tesseract is
    missing or fails, or when it runs longer than `timeout` seconds.
    """
    started = time.perf_counter()
    image = _render_page(pdf_path, page, dpi)
    with tempfile.TemporaryDirectory(prefix="foia-ocr-") as tmp_dir:
        # Uncompressed TIFF: ~5 ms to write where PNG takes ~200 ms, and it carries the dpi,
        # which Tesseract would otherwise guess.
        image_path = Path(tmp_dir) / "page.tif"
        image.save(image_path, format="TIFF", dpi=(dpi, dpi))
        text, tsv = _run_tesseract(image_path, lang, timeout, f"{pdf_path} page {page}")
    words = _parse_words(tsv, POINTS_PER_INCH / dpi)
    scores = [word.confidence for word in words if word.confidence is not None]
    confidence = sum(scores) / len(scores) if scores else 0.0
    return OcrResult(
        text=text.strip(),
        confidence=confidence,
        words=words,
        seconds=time.perf_counter() - started,
    )


def is_low_confidence(result: OcrResult) -> bool:
    """Whether the page's OCR text is too unreliable to trust as printed.

    A page where Tesseract found no words is empty, not misread: it is not low-confidence.
    """
    return bool(result.words) and result.confidence < LOW_CONFIDENCE


def _render_page(pdf_path: Path, page: int, dpi: int) -> Image.Image:
    """Page `page` of `pdf_path` as a grayscale image at `dpi` (OCR reads no colour)."""
    try:
        pdf = pdfium.PdfDocument(pdf_path)
    except (pdfium.PdfiumError, OSError) as error:
        raise OcrInputError(f"{pdf_path}: cannot open PDF: {error}") from error
    try:
        if not 1 <= page <= len(pdf):
            raise OcrInputError(f"{pdf_path}: no page {page} (the PDF has {len(pdf)})")
        pdf_page = pdf[page - 1]
        try:
            bitmap = pdf_page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
            try:
                # A grayscale PIL image shares the bitmap's buffer: copy it before closing.
                image: Image.Image = bitmap.to_pil().copy()
                return image
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
                text=cells[11].strip(),
                x0=left * scale,
                top=top * scale,
                x1=(left + width) * scale,
                bottom=(top + height) * scale,
                confidence=score if score >= 0 else None,
            )
        )
    return tuple(words)

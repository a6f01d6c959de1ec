"""One Tesseract run on a page image: its text, and its words with boxes in PDF points."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from PIL import Image

from indexer.errors import FoiaError, InvalidInputError, UnavailableError
from indexer.extractors import strip_nul
from indexer.extractors.ocr_image import deskew, skew_angle, unturn_point
from indexer.model.document import Word

POINTS_PER_INCH = 72
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
    wall time of rendering plus recognition. `rotation` is the clockwise quarter turn that
    put the page upright before it was read (its words are placed on the upright page), `dpi`
    the resolution it was read at, `skew` the angle its lines were levelled by, and
    `from_cache` says that an earlier reading of the same image was reused.
    """

    text: str
    confidence: float
    words: tuple[Word, ...]
    seconds: float
    rotation: int = 0
    dpi: float = 0.0
    skew: float = 0.0
    from_cache: bool = False


def read_image(
    image: Image.Image, dpi: float, lang: str, timeout: float, where: str, *, level: bool = False
) -> OcrResult:
    """Tesseract's reading of `image` (rendered at `dpi`); with `level`, the page's text lines
    are levelled first (its words keep their places on the image as given)."""
    started = time.perf_counter()
    angle = skew_angle(image) if level else 0.0
    levelled = deskew(image, angle)
    with tempfile.TemporaryDirectory(prefix="foia-ocr-") as tmp_dir:
        # Uncompressed TIFF: ~5 ms to write where PNG takes ~200 ms, and it carries the dpi,
        # which Tesseract would otherwise guess.
        image_path = Path(tmp_dir) / "page.tif"
        levelled.save(image_path, format="TIFF", dpi=(dpi, dpi))
        text, tsv = _run_tesseract(image_path, lang, timeout, where)
    words = _parse_words(tsv, POINTS_PER_INCH / dpi, angle, image.size)
    scores = [word.confidence for word in words if word.confidence is not None]
    return OcrResult(
        text=strip_nul(text.strip()),
        confidence=sum(scores) / len(scores) if scores else 0.0,
        words=words,
        seconds=time.perf_counter() - started,
        dpi=dpi,
        skew=angle,
    )


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


def _parse_words(
    tsv: str, scale: float, angle: float = 0.0, size: tuple[int, int] = (0, 0)
) -> tuple[Word, ...]:
    """The words of Tesseract's TSV, boxes scaled from pixels to points by `scale`; read off an
    image levelled by `angle` degrees, each box is put back where its word lies on the image
    as given (`size`, in pixels)."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t", _TSV_COLUMNS - 1)
        if len(cells) != _TSV_COLUMNS or cells[0] != _WORD_LEVEL or not cells[11].strip():
            continue
        left, top, width, height = (int(cell) for cell in cells[6:10])
        x0, y0, x1, y1 = float(left), float(top), float(left + width), float(top + height)
        if angle:
            corners = [unturn_point(x, y, angle, *size) for x in (x0, x1) for y in (y0, y1)]
            x0, x1 = min(x for x, _ in corners), max(x for x, _ in corners)
            y0, y1 = min(y for _, y in corners), max(y for _, y in corners)
        score = float(cells[10])
        words.append(
            Word(
                text=strip_nul(cells[11].strip()),
                x0=x0 * scale,
                top=y0 * scale,
                x1=x1 * scale,
                bottom=y1 * scale,
                confidence=score if score >= 0 else None,
            )
        )
    return tuple(words)

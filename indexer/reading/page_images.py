"""Page images for the viewer, cached on disk, and the boxes of a query's words on them.

Images and word positions are keyed by the file's SHA-256, so a changed file never shows a
stale picture. Cache files are written to a temporary name and renamed into place, so
concurrent server processes never read half a file.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from indexer.errors import InvalidInputError
from indexer.extractors.form_words import form_field_words
from indexer.extractors.pdf import open_pdf, render_page, word_boxes
from indexer.model.document import Word
from indexer.reading.webdata import DocumentInfo, original_path
from indexer.store.database import Store
from indexer.store.files import write_atomically
from indexer.text.highlight import HighlightTerms, hit_spans, passage_spans
from indexer.text.terms import keyword_terms

PAGE_DPI = 110
# The only resolutions a page is rendered at (thumbnails, fit width, then what 100% and 200%
# need on ordinary and high-density screens): a fixed few, so that requests cannot fill the
# cache with one image per arbitrary value.
THUMBNAIL_DPI = 24
PAGE_DPIS = (THUMBNAIL_DPI, PAGE_DPI, 150, 220, 300)
# A poster-sized page is rendered smaller, so that no image grows past this many pixels
# (at PAGE_DPI; a zoomed rendering may grow in proportion, up to MAX_ZOOM_PIXELS_SIDE).
MAX_IMAGE_PIXELS_SIDE = 2400
MAX_ZOOM_PIXELS_SIDE = 3600
CACHE_DIR_NAME = "cache"
PAGES_DIR_NAME = "pages"
# Word layouts kept in memory per server process (about 50 KB each).
LAYOUTS_IN_MEMORY = 256
Spans = list[tuple[int, int]]
# pdfium is not thread-safe: two server threads rendering at once (a page view's thumbnails
# load together) crashed the process. Its calls take turns within a process.
_PDFIUM_TURN = threading.Lock()


class InvalidResolutionError(InvalidInputError):
    """A page image asked for at a resolution the viewer does not offer."""


@dataclass(frozen=True)
class PageLayout:
    """A page's size in PDF points and its words with their boxes (origin top-left)."""

    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in PDF points (origin top-left)."""

    x: float
    y: float
    width: float
    height: float


def cache_dir_for(home: Path) -> Path:
    """Where a home keeps its page-image cache."""
    return home / CACHE_DIR_NAME / PAGES_DIR_NAME


def _page_size(path: Path, page: int) -> tuple[float, float]:
    with _PDFIUM_TURN, open_pdf(path) as pdf:
        if not 1 <= page <= len(pdf):
            raise FileNotFoundError(f"{path}: no page {page}")
        pdf_page = pdf[page - 1]
        try:
            width, height = pdf_page.get_size()
        finally:
            pdf_page.close()
    return float(width), float(height)


def page_image(
    cache_dir: Path, doc: DocumentInfo, page: int, dpi: int = PAGE_DPI, rotation: int = 0
) -> Path:
    """The PNG of page `page` at `dpi` (one of PAGE_DPIS), turned `rotation` degrees clockwise
    (the turn OCR read it upright with: `Store.page_rotation`), rendered once and then read
    from the cache.

    Raises InvalidResolutionError for another dpi, FileNotFoundError when the original is
    gone or has no such page, and ExtractionError when it cannot be rendered.
    """
    if dpi not in PAGE_DPIS:
        raise InvalidResolutionError(
            f"{doc.doc_id}: a page image is rendered at {', '.join(map(str, PAGE_DPIS))} dpi,"
            f" not {dpi}"
        )
    turned = f".r{rotation}" if rotation else ""
    target = cache_dir / doc.sha256 / f"{page}.{dpi}{turned}.png"
    if target.is_file():
        return target
    if not doc.has_page_images:
        raise FileNotFoundError(f"{doc.doc_id}: no original PDF to render")
    with original_path(doc) as original:  # a member of an archive: unpacked for this
        if not original.is_file():
            raise FileNotFoundError(f"{doc.doc_id}: no original PDF to render")
        width, height = _page_size(original, page)
        max_side = MAX_IMAGE_PIXELS_SIDE
        if dpi > PAGE_DPI:
            max_side = min(MAX_ZOOM_PIXELS_SIDE, MAX_IMAGE_PIXELS_SIDE * dpi // PAGE_DPI)
        scaled_dpi = min(dpi, int(max_side * 72 / max(width, height, 1.0)))
        with _PDFIUM_TURN:
            image = render_page(original, page, max(scaled_dpi, 10), rotation)
    buffer = _png_bytes(image)
    write_atomically(target, buffer)
    return target


def _png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def page_layout(
    store: Store, cache_dir: Path, doc: DocumentInfo, page: int, is_ocr: bool
) -> PageLayout:
    """The page's size and word boxes: OCR's words for a page read by OCR, else the PDF's.

    Cached on disk (pdfplumber takes up to half a second a page). Raises FileNotFoundError
    when the original is gone, ExtractionError when it cannot be read.
    """
    rotation = store.page_rotation(doc.sha256, page) if is_ocr else 0
    # "pdf-forms": the text layer's words and the filled-in fields' (older "pdf" files lack
    # the fields' words, so they are not read again)
    source = (f"ocr-r{rotation}" if rotation else "ocr") if is_ocr else "pdf-forms"
    target = cache_dir / doc.sha256 / f"{page}.words-{source}.json"
    if target.is_file():
        return _read_layout(str(target))
    if not doc.has_page_images:
        raise FileNotFoundError(f"{doc.doc_id}: no original PDF to read words from")
    with original_path(doc) as original:
        if not original.is_file():
            raise FileNotFoundError(f"{doc.doc_id}: no original PDF to read words from")
        width, height = _page_size(original, page)
        if rotation in (90, 270):  # OCR's words lie on the page turned upright
            width, height = height, width
        if is_ocr:
            words = store.page_words(doc.sha256, page) or []
        else:
            words = word_boxes(original, page) + form_field_words(original, page)
    encoded = {
        "width": width,
        "height": height,
        "words": [[w.text, w.x0, w.top, w.x1, w.bottom, w.confidence] for w in words],
    }
    write_atomically(target, json.dumps(encoded).encode("utf-8"))
    return PageLayout(width, height, tuple(words))


def page_size(
    cache_dir: Path, doc: DocumentInfo, page: int, rotation: int = 0
) -> tuple[float, float]:
    """The page's width and height in PDF points as shown (turned `rotation` degrees), read
    once from the original and then from the cache. Raises FileNotFoundError when the
    original is gone or has no such page."""
    target = cache_dir / doc.sha256 / f"{page}.size.json"
    if target.is_file():
        width, height = _read_size(str(target))
    else:
        if not doc.has_page_images:
            raise FileNotFoundError(f"{doc.doc_id}: no original PDF to measure")
        with original_path(doc) as original:  # a member of an archive: unpacked for this
            if not original.is_file():
                raise FileNotFoundError(f"{doc.doc_id}: no original PDF to measure")
            width, height = _page_size(original, page)
        write_atomically(target, json.dumps([width, height]).encode("utf-8"))
    return (height, width) if rotation in (90, 270) else (width, height)


@lru_cache(maxsize=LAYOUTS_IN_MEMORY)
def _read_size(path: str) -> tuple[float, float]:
    width, height = json.loads(Path(path).read_text(encoding="utf-8"))
    return float(width), float(height)


@lru_cache(maxsize=LAYOUTS_IN_MEMORY)
def _read_layout(path: str) -> PageLayout:
    # Safe to keep: a layout file is written once under its file's SHA-256 and never changes.
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return PageLayout(
        data["width"], data["height"], tuple(Word(*values) for values in data["words"])
    )


@lru_cache(maxsize=100_000)
def _word_terms(text: str) -> tuple[str, ...]:
    return tuple(keyword_terms(text))


def _span_words(words: tuple[Word, ...], spans_of: Callable[[str], Spans]) -> set[int]:
    """The indexes of the words that `spans_of` marks in the page's words read as one text
    (a word each, a space between), as the page text reads them."""
    starts: list[int] = []
    cursor = 0
    for word in words:
        starts.append(cursor)
        cursor += len(word.text) + 1
    spans = spans_of(" ".join(word.text for word in words))
    return {
        index
        for index, start in enumerate(starts)
        for low, high in spans
        if start < high and low < start + len(words[index].text)
    }


def highlight_boxes(
    layout: PageLayout, terms: HighlightTerms, passage: str | None = None
) -> list[Box]:
    """The boxes of the words on the page that match `terms` (a little padded): each word a
    term matches, each word of a phrase hit (an equivalent form such as "U.S. Immigration
    and Customs Enforcement" for ICE), and each word of `passage` (a quote found on the
    page) where the page reads as it does."""
    if not terms and not passage:
        return []
    is_hit: dict[str, bool] = {}  # a page repeats its words: analyse each spelling once
    marked: set[int] = set()
    if terms.phrases:
        phrases = HighlightTerms(phrases=terms.phrases)
        marked |= _span_words(layout.words, lambda text: hit_spans(text, phrases))
    if passage:
        marked |= _span_words(layout.words, lambda text: passage_spans(text, passage))
    boxes = []
    for index, word in enumerate(layout.words):
        hit = is_hit.get(word.text)
        if hit is None:
            hit = is_hit[word.text] = any(terms.matches(t) for t in _word_terms(word.text))
        if hit or index in marked:
            boxes.append(_box(word))
    return boxes


def _box(word: Word) -> Box:
    pad = max(1.0, (word.bottom - word.top) * 0.12)
    return Box(
        x=round(max(0.0, word.x0 - pad), 2),
        y=round(max(0.0, word.top - pad), 2),
        width=round(word.x1 - word.x0 + 2 * pad, 2),
        height=round(word.bottom - word.top + 2 * pad, 2),
    )

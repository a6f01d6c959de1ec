"""Extractor protocol, ExtractionError, extractor_for(path) by sniffed type."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from indexer.errors import InvalidInputError
from indexer.extractors.encoding import decode_bytes
from indexer.model.document import Document

# How much of the file sniffing reads: enough for a PDF header after junk, an HTML
# prolog, and a fair sample of text.
SNIFF_BYTES = 64 * 1024
PDF_MAGIC_WINDOW = 1024
HTML_START_WINDOW = 1024
# Above this share of control characters a file is binary, not text.
MAX_CONTROL_SHARE = 0.01
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
EMAIL_SUFFIXES = frozenset({".eml", ".msg"})

_HTML_START = re.compile(r"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
# What may precede the first tag of an HTML file: XML prolog, comments, whitespace.
_HTML_PREAMBLE = re.compile(r"\A(?:\s+|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker


class ExtractionError(InvalidInputError):
    """A file could not be extracted; `reason` is one line, `path` the file."""

    def __init__(self, reason: str, path: Path | str | None = None) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class Extractor(Protocol):
    """Turns one file into a Document (doc_id and sha256 left empty for the pipeline)."""

    def extract(self, path: Path) -> Document:
        """The file's pages and what extraction found; raises ExtractionError."""
        ...


def strip_nul(text: str) -> str:
    """`text` without NUL characters: no index, database or page should ever hold one."""
    return text.replace("\x00", "")


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return strip_nul(value)
    if isinstance(value, Mapping):
        return {strip_nul(str(key)): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_nul(item) for item in value)
    return value


def without_nul(doc: Document) -> Document:
    """The document with every NUL removed from its title, page texts and metadata."""
    pages = tuple(
        page.replace(text=strip_nul(page.text), headers=_without_nul(page.headers))
        for page in doc.pages
    )
    return doc.replace(title=strip_nul(doc.title), pages=pages, metadata=_without_nul(doc.metadata))


class NulFreeExtractor:
    """An extractor whose Documents hold no NUL (`extractor_for` returns one): the one place
    of that rule, whatever the file or the extractor."""

    def __init__(self, inner: Extractor) -> None:
        self.inner = inner

    def extract(self, path: Path) -> Document:
        """The inner extractor's Document without NULs; raises ExtractionError."""
        return without_nul(self.inner.extract(path))


def _looks_like_html(text: str) -> bool:
    preamble = _HTML_PREAMBLE.match(text)
    start = preamble.end() if preamble else 0
    return _HTML_START.match(text[start : start + HTML_START_WINDOW]) is not None


def _looks_like_text(text: str) -> bool:
    """Few control characters (NULs included: those are dropped from what is indexed)."""
    if not text:
        return False
    controls = sum(
        1 for char in text if (char < " " or char == "\x7f") and char not in _ALLOWED_CONTROLS
    )
    return controls <= MAX_CONTROL_SHARE * len(text)


def sniff_format(path: Path) -> str | None:
    """ "pdf", "html" or "text" judged by the file's content, or None when none fits.

    Raises ExtractionError when the file cannot be read.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None
    if b"%PDF-" in head[:PDF_MAGIC_WINDOW]:
        return "pdf"
    text = decode_bytes(head, is_complete=False)
    if _looks_like_html(text):
        return "html"
    return "text" if _looks_like_text(text) else None


def extractor_for(path: Path) -> NulFreeExtractor:
    """The extractor for this file's content (its `inner` one, wrapped so that no NUL comes
    out); the extension only breaks a text/HTML tie.

    Raises ExtractionError for an empty, unreadable or unsupported file.
    """
    try:
        is_empty = path.stat().st_size == 0
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None
    if is_empty:
        raise ExtractionError("empty file", path)
    if path.suffix.lower() in EMAIL_SUFFIXES:  # .eml and .msg: e-mail by their extension
        from indexer.extractors.mail import EmailExtractor

        return NulFreeExtractor(EmailExtractor())
    sniffed = sniff_format(path)
    if sniffed == "text" and path.suffix.lower() in HTML_EXTENSIONS:
        sniffed = "html"  # an HTML fragment without <html>: trust the extension
    return NulFreeExtractor(_extractor_of(sniffed, path))


def _extractor_of(sniffed: str | None, path: Path) -> Extractor:
    # Imported here: the extractor modules import ExtractionError from this package.
    if sniffed == "pdf":
        from indexer.extractors.pdf import PdfExtractor

        return PdfExtractor()
    if sniffed == "html":
        from indexer.extractors.html import HtmlExtractor

        return HtmlExtractor()
    if sniffed == "text":
        from indexer.extractors.text import TextExtractor

        return TextExtractor()
    raise ExtractionError("unsupported file type", path)

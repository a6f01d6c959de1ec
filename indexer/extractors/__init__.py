"""Extractor protocol, ExtractionError, extractor_for(path) by sniffed type."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Protocol

from indexer.errors import InvalidInputError
from indexer.model.document import Document

# How much of the file sniffing reads: enough for a PDF header after junk, an HTML
# prolog, and a fair sample of text.
SNIFF_BYTES = 64 * 1024
PDF_MAGIC_WINDOW = 1024
HTML_START_WINDOW = 1024
# Above this share of control characters a file is binary, not text.
MAX_CONTROL_SHARE = 0.01
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})

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


def _decode_head(head: bytes) -> str | None:
    """The sniffed bytes as text (BOM-aware UTF-8/UTF-16, else cp1252), or None."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if head.startswith(codecs.BOM_UTF16_BE):
        return head[2:].decode("utf-16-be", errors="ignore")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: a multibyte character cut at the end of the window is not an error.
        return decoder.decode(head, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return head.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _looks_like_html(text: str) -> bool:
    preamble = _HTML_PREAMBLE.match(text)
    start = preamble.end() if preamble else 0
    return _HTML_START.match(text[start : start + HTML_START_WINDOW]) is not None


def _looks_like_text(text: str) -> bool:
    if not text or "\x00" in text:
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
    text = _decode_head(head)
    if text is None:
        return None
    if _looks_like_html(text):
        return "html"
    return "text" if _looks_like_text(text) else None


def extractor_for(path: Path) -> Extractor:
    """The extractor for this file's content; the extension only breaks a text/HTML tie.

    Raises ExtractionError for an empty, unreadable or unsupported file.
    """
    try:
        is_empty = path.stat().st_size == 0
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None
    if is_empty:
        raise ExtractionError("empty file", path)
    sniffed = sniff_format(path)
    if sniffed == "text" and path.suffix.lower() in HTML_EXTENSIONS:
        sniffed = "html"  # an HTML fragment without <html>: trust the extension
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

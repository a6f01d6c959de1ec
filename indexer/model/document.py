"""Frozen dataclasses Document and Page: the one shape that moves between stages."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Formats an extractor can produce; `type` (a genre such as "memo") is separate.
FORMATS = ("pdf", "html", "text", "email")


def shown_type(doc_type: str | None, doc_format: str) -> str:
    """The type a document is shown, filtered and counted under: the `type` its metadata
    gives (memo, email, ...), else its file format."""
    return doc_type or doc_format


@dataclass(frozen=True)
class Word:
    """One word on a page with its box in PDF points (origin top-left) and confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None


@dataclass(frozen=True)
class Page:
    """One page of a document, numbered from 1, with its text as printed.

    `needs_ocr` says the page has no usable text layer and OCR has not (yet) read it;
    `ocr` says the text came from OCR. The enrichment fields are filled by `indexer.enrich`.
    """

    page: int
    text: str
    needs_ocr: bool = False
    ocr: bool = False
    ocr_confidence: float | None = None
    bates: str | None = None
    exemptions: Mapping[str, int] = field(default_factory=dict)
    is_withheld: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Page:
        """A copy of this page with `changes` applied."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Document:
    """A file as extracted: its pages plus metadata.

    `metadata` holds the document-level fields (title, date as ISO `YYYY-MM-DD` or a prefix
    of it, type, source, url, release, bates_start, tags, ...), merged from extraction, the
    folder's manifest.csv and a NAME.meta.json sidecar (sidecar wins, then manifest).
    """

    doc_id: str
    sha256: str
    path: str
    format: str
    title: str
    pages: tuple[Page, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Document:
        """A copy of this document with `changes` applied."""
        return dataclasses.replace(self, **changes)

    @property
    def shown_type(self) -> str:
        """Its metadata type, else its file format (see `shown_type`)."""
        return shown_type(self.metadata.get("type"), self.format)

    @property
    def text(self) -> str:
        """All page texts, separated by form feeds (as pdftotext does)."""
        return "\f".join(page.text for page in self.pages)

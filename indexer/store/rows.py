"""The typed rows the store hands out: a document, a page's enrichment, an ingested file.

JSON columns are parsed here, once; callers never see a `sqlite3.Row`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from indexer.model.document import Page, shown_type


@dataclass(frozen=True)
class DocumentRow:
    """A document as indexed, without its pages. `type` is the metadata type (None when the
    metadata gives none); `metadata` holds every document-level field, parsed."""

    doc_id: str
    path: str
    sha256: str
    size: int
    title: str
    format: str
    type: str | None
    date: str | None
    source: str | None
    page_count: int
    metadata: dict[str, Any]

    @property
    def shown_type(self) -> str:
        """Its metadata type, else its file format (`model.document.shown_type`)."""
        return shown_type(self.type, self.format)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DocumentRow:
        """From a `documents` row (all its columns)."""
        return cls(
            doc_id=row["doc_id"],
            path=row["path"],
            sha256=row["sha256"],
            size=row["size"],
            title=row["title"],
            format=row["format"],
            type=row["type"],
            date=row["date"],
            source=row["source"],
            page_count=row["page_count"],
            metadata=json.loads(row["metadata"]),
        )


@dataclass(frozen=True)
class PageDetails:
    """What the store keeps of one page besides its text: Bates number, exemptions cited
    (code -> times), withheld flag, headers, OCR flags."""

    doc_id: str
    page: int
    bates: str | None
    exemptions: dict[str, int]
    is_withheld: bool
    headers: dict[str, str]
    needs_ocr: bool
    ocr: bool
    ocr_confidence: float | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> PageDetails:
        """From a `pages` row (all its columns)."""
        return cls(
            doc_id=row["doc_id"],
            page=row["page"],
            bates=row["bates"],
            exemptions=json.loads(row["exemptions"]),
            is_withheld=bool(row["is_withheld"]),
            headers=json.loads(row["headers"]),
            needs_ocr=bool(row["needs_ocr"]),
            ocr=bool(row["ocr"]),
            ocr_confidence=row["ocr_confidence"],
        )

    def to_page(self, text: str) -> Page:
        """The page as the pipeline built it, with its `text`."""
        return Page(
            page=self.page,
            text=text,
            needs_ocr=self.needs_ocr,
            ocr=self.ocr,
            ocr_confidence=self.ocr_confidence,
            bates=self.bates,
            exemptions=self.exemptions,
            is_withheld=self.is_withheld,
            headers=self.headers,
        )


@dataclass(frozen=True)
class StoredFile:
    """What the store knows of an ingested file, to decide whether to skip it."""

    doc_id: str
    path: str
    sha256: str
    file_metadata: dict[str, Any]
    is_indexed: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredFile:
        return cls(
            doc_id=row["doc_id"],
            path=row["path"],
            sha256=row["sha256"],
            file_metadata=json.loads(row["file_metadata"]),
            is_indexed=bool(row["is_indexed"]),
        )

"""The typed rows the store hands out: a document, a page's enrichment, an ingested file.

JSON columns are parsed here, once; callers never see a `sqlite3.Row`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypeVar

from indexer.model.document import Page, shown_type

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

RowType = TypeVar("RowType", bound="DataclassInstance")


def typed_row(row_type: type[RowType], row: sqlite3.Row, **parsed: Any) -> RowType:
    """The dataclass `row_type` from `row`: each field from the column of its name, except
    those given in `parsed` (JSON decoded, flags made booleans). A missing column raises
    IndexError."""
    values = {
        field.name: parsed[field.name] if field.name in parsed else row[field.name]
        for field in fields(row_type)
    }
    return row_type(**values)


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
        return typed_row(cls, row, metadata=json.loads(row["metadata"]))


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
        return typed_row(
            cls,
            row,
            exemptions=json.loads(row["exemptions"]),
            is_withheld=bool(row["is_withheld"]),
            headers=json.loads(row["headers"]),
            needs_ocr=bool(row["needs_ocr"]),
            ocr=bool(row["ocr"]),
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
        return typed_row(
            cls,
            row,
            file_metadata=json.loads(row["file_metadata"]),
            is_indexed=bool(row["is_indexed"]),
        )

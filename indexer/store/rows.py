"""The typed rows the store hands out: a document, a page's enrichment, an ingested file.

JSON columns are parsed here, once; callers never see a `sqlite3.Row`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from indexer.model.document import Page, shown_type

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

RowType = TypeVar("RowType", bound="DataclassInstance")


def typed_row(row_type: type[RowType], row: sqlite3.Row) -> RowType:
    """The dataclass `row_type` from `row`, each field from the column of its name, read by
    the field's annotation: a `bool` field from a 0/1 flag, a `dict[...]` field (or
    `dict[...] | None`) from a JSON column (NULL or empty: None), any other as stored. A
    missing column raises IndexError."""
    return row_type(**{name: read(row[name]) for name, read in _readers(row_type)})


def _from_json(value: str | None) -> Any:
    return json.loads(value) if value else None


def _as_is(value: Any) -> Any:
    return value


@cache
def _readers(row_type: type[DataclassInstance]) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(field name, how its column is read) of each field of `row_type`."""
    readers = []
    for field in fields(row_type):
        annotation = field.type if isinstance(field.type, str) else str(field.type)
        read: Callable[[Any], Any] = _as_is
        if field.type is bool or annotation == "bool":
            read = bool
        elif annotation.startswith("dict["):
            read = _from_json
        readers.append((field.name, read))
    return tuple(readers)


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
        return typed_row(cls, row)


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
        return typed_row(cls, row)

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
        return typed_row(cls, row)

"""The index fields of a page, the same for every engine: page_to_fields(doc, page).

One index document per page, carrying its document's fields. Label fields hold comma-joined
labels (lower-cased by the engine); `date` is a yyyymmdd number; `key` is "doc_id:page".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from indexer.enrich.bates import bates_keys
from indexer.enrich.dockets import docket_keys
from indexer.enrich.people import people_text
from indexer.extractors.ocr import LOW_CONFIDENCE
from indexer.model.document import Document, Page

# Bump when the fields or their analysis change: `foia` then asks for `foia reindex`.
# 2: the equivalences of issue 11 (signs as words, whole numbers, Bates keys, `case`, `bcc`,
# people forms, each page its own message's headers).
SCHEMA_VERSION = 2

# Fields whose values are labels: indexed lower-cased, faceted from their column as shown.
FACET_FIELDS = ("type", "year", "source", "release", "exemption", "entity", "ocr", "format", "case")
# Document-level labels (the same on every page of a document) and page-level ones.
DOCUMENT_FACETS = ("type", "year", "source", "release", "entity", "format", "case")
PAGE_FACETS = ("exemption", "ocr")
# Facets whose labels are the document's while the field's terms are the page's own: a page
# is found by the docket printed on it (`case` holds "12-cv-345" and "12-345"), and the facet
# lists every case of its document. page_to_fields gives those labels under the name here.
DOCUMENT_LABELS = {"case": "case_labels"}
UNDATED = "undated"
# Header fields of a page; the people ones hold each person's normal forms (`enrich.people`).
PEOPLE_FIELDS = ("from", "to", "cc", "bcc")
HEADER_FIELDS = (*PEOPLE_FIELDS, "subject")


def date_number(date: str | None) -> int | None:
    """ "2011-05-10" -> 20110510, "2011-05" -> 20110500, "2011" -> 20110000; None stays None."""
    if not date:
        return None
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 0
        day = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        return None
    return year * 10_000 + month * 100 + day


def _labels(values: Iterable[str]) -> str:
    return ",".join(sorted({str(value).replace(",", " ").strip() for value in values} - {""}))


def page_key(doc_id: str, page: int) -> str:
    """The unique key of one page in the index."""
    return f"{doc_id}:{page}"


def ocr_label(page: Page, low_confidence: float) -> str:
    """ "none" (text layer), "ocr", "low" (OCR under the confidence threshold) or "needed"."""
    if page.needs_ocr:
        return "needed"
    if not page.ocr:
        return "none"
    if page.ocr_confidence is not None and page.ocr_confidence < low_confidence:
        return "low"
    return "ocr"


def _has_headers(page: Page) -> bool:
    return any(page.headers.get(name) for name in HEADER_FIELDS)


def _headers_by_page(doc: Document) -> dict[int, Mapping[str, str]]:
    """Each page's header fields as `page_headers` explains, all computed in one pass."""
    found: dict[int, Mapping[str, str]] = {}
    current: Mapping[str, str] = {}
    for page in sorted(doc.pages, key=lambda p: p.page):
        if _has_headers(page):
            current = page.headers
        found[page.page] = current
    if not any(found.values()):
        meta = doc.metadata
        given = {name: "; ".join(meta.get(name) or ()) for name in HEADER_FIELDS}
        shared = {name: value for name, value in given.items() if value}
        found = dict.fromkeys(found, shared)
    return found


# The last document's headers by page: page_to_fields is called once a page, in order.
_last_document: tuple[Document | None, dict[int, Mapping[str, str]]] = (None, {})


def page_headers(doc: Document, page: Page) -> Mapping[str, str]:
    """The header fields a page is searched by: its own; else those of the message it
    continues (the nearest page before it with headers); else, when no page of the document
    has any, what its metadata gives."""
    global _last_document
    cached, by_page = _last_document
    if cached is not doc:
        by_page = _headers_by_page(doc)
        _last_document = (doc, by_page)
    return by_page.get(page.page, page.headers)


def page_to_fields(
    doc: Document, page: Page, low_confidence: float = LOW_CONFIDENCE
) -> dict[str, Any]:
    """The index fields of one page, carrying its document's fields."""
    meta = doc.metadata
    date = meta.get("date") or None
    result: dict[str, Any] = {
        "key": page_key(doc.doc_id, page.page),
        "doc_id": doc.doc_id,
        "page": page.page,
        "body": page.text,
        "exact": page.text,
        "title": doc.title,
        "lead_title": doc.title if page.page == 1 else "",
        "path": doc.path,
        "type": _labels([meta.get("type") or doc.format]),
        "format": doc.format,
        "year": _labels([date[:4] if date else UNDATED]),
        "source": _labels([meta.get("source") or ""]),
        "release": _labels([meta.get("release") or ""]),
        "exemption": _labels(page.exemptions),
        "entity": _labels(meta.get("entities") or ()),
        "ocr": ocr_label(page, low_confidence),
        "bates": _labels(bates_keys(page.bates) if page.bates else ()),
        "dup": str(meta.get("duplicate_group") or doc.doc_id),
        "case": _labels(docket_keys(page.text)),
        "case_labels": _labels(meta.get("cases") or ()),
    }
    headers = page_headers(doc, page)
    for name in PEOPLE_FIELDS:
        result[name] = people_text(headers.get(name, "").split("; "))
    result["subject"] = headers.get("subject", "")
    number = date_number(date)
    if number is not None:
        result["date"] = number
    return {name: value for name, value in result.items() if value != ""}

"""The index fields of a page, the same for every engine: page_to_fields(doc, page).

One index document per page, carrying its document's fields. Label fields hold comma-joined
labels (lower-cased by the engine); `date` is a yyyymmdd number; `key` is "doc_id:page".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from indexer.enrich.bates import bates_keys
from indexer.enrich.dockets import docket_keys
from indexer.extractors.ocr import LOW_CONFIDENCE
from indexer.model.document import Document, Page

# Bump when the fields or their analysis change: `foia` then asks for `foia reindex`.
SCHEMA_VERSION = 1

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


def page_to_fields(
    doc: Document, page: Page, low_confidence: float = LOW_CONFIDENCE
) -> dict[str, Any]:
    """The index fields of one page, carrying its document's fields."""
    meta = doc.metadata
    date = meta.get("date") or None
    headers = page.headers
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
    # Senders and recipients are the document's (an e-mail's later pages carry no header).
    for name in ("from", "to", "cc", "subject"):
        result[name] = " ; ".join(meta.get(name) or ()) or headers.get(name, "")
    number = date_number(date)
    if number is not None:
        result["date"] = number
    return {name: value for name, value in result.items() if value != ""}

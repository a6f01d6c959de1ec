"""Documents as `foia show` and the API return them (DESIGN.md's JSON contract)."""

from __future__ import annotations

from typing import Any

from indexer.store.attachments import attached_to, attachments_of
from indexer.store.database import Store
from indexer.store.duplicates import duplicates_of


def document_json(store: Store, doc_id: str, page: int | None = None) -> dict[str, Any] | None:
    """The document's fields plus `pages: [{page, text, bates, exemptions, ocr}]` (only
    `page` when given); None when there is no such document or page."""
    doc = store.load_document(doc_id)
    if doc is None:
        return None
    pages = [p for p in doc.pages if page is None or p.page == page]
    if page is not None and not pages:
        return None
    meta = dict(doc.metadata)
    row = store.document_row(doc_id)
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "path": doc.path,
        "type": doc.shown_type,
        "format": doc.format,
        "date": meta.get("date"),
        "source": meta.get("source"),
        "url": meta.get("url"),
        "release": meta.get("release"),
        "sha256": doc.sha256,
        "size": row.size if row is not None else None,
        "page_count": len(doc.pages),
        "bates_range": meta.get("bates_range"),
        "tags": meta.get("tags") or [],
        "duplicates": duplicates_of(store, doc_id),
        "attachments": [item.doc_id for item in attachments_of(store, doc_id)],
        "attached_to": getattr(attached_to(store, doc_id), "doc_id", None),
        "metadata": {k: v for k, v in meta.items() if k not in _SHOWN},
        "pages": [
            {
                "page": p.page,
                "text": p.text,
                "bates": p.bates,
                "exemptions": sorted(p.exemptions),
                "ocr": p.ocr,
                "ocr_confidence": p.ocr_confidence,
                "needs_ocr": p.needs_ocr,
                "withheld": p.is_withheld,
                "headers": dict(p.headers),
            }
            for p in pages
        ],
    }


_SHOWN = frozenset({"type", "date", "source", "url", "release", "bates_range", "tags", "title"})

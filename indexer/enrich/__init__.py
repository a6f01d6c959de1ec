"""FOIA enrichment: Bates numbers, exemption labels, headers, dates and entities of a Document.

Each module here is a pure function over text; `enrich_document` applies them all. What the
manifest or a sidecar said wins: enrichment fills only what metadata left empty.
"""

from __future__ import annotations

from typing import Any

from indexer.enrich.acronyms import document_acronyms
from indexer.enrich.bates import bates_range, number_pages
from indexer.enrich.bates_detect import cover_stamps, document_stamps
from indexer.enrich.dates import find_date, parse_date_text
from indexer.enrich.dockets import case_labels, find_dockets
from indexer.enrich.entities import find_entities
from indexer.enrich.exemptions import find_exemptions, is_withheld
from indexer.enrich.headers import Headers, parse_headers
from indexer.enrich.titles import printout_title
from indexer.model.document import Document, Page

HEADER_FIELDS = ("from", "to", "cc", "bcc", "subject")


def _page_headers(headers: Headers) -> dict[str, str]:
    values = {
        "from": headers.from_,
        "to": headers.to,
        "cc": headers.cc,
        "bcc": headers.bcc,
        "subject": headers.subject,
    }
    return {name: "; ".join(items) for name, items in values.items() if items}


def _title(doc: Document, headers: list[Headers], kind: str | None) -> str:
    """The extracted title, or a printout's subject (see `titles`); a given title stays."""
    if doc.metadata.get("title"):
        return doc.title
    first = next((index for index, found in enumerate(headers) if found.kind), None)
    if first is None:
        return doc.title
    return printout_title(doc.title, doc.path, kind, headers[first], doc.pages[first].text)


def _stamps(doc: Document) -> list[str | None]:
    texts = [page.text for page in doc.pages]
    stamps = document_stamps(texts)
    if any(stamps):
        return stamps
    start = doc.metadata.get("bates_start")
    if start:
        return list(number_pages(str(start), len(doc.pages)))
    return cover_stamps(texts)


def _document_date(doc: Document, headers: list[Headers]) -> str | None:
    for found in headers:
        for printed in found.dates:
            date = parse_date_text(printed)
            if date:
                return date
    for page in doc.pages[:2]:
        date = find_date(page.text)
        if date:
            return date
    return None


def enrich_document(doc: Document) -> Document:
    """`doc` with per-page Bates numbers, exemptions, withheld flags and headers, and the
    document's type, date, senders/recipients, Bates range and entities where not given,
    and the acronyms it defines."""
    stamps = _stamps(doc)
    headers = [parse_headers(page.text) for page in doc.pages]
    pages: list[Page] = [
        page.replace(
            bates=stamp,
            exemptions=find_exemptions(page.text),
            is_withheld=is_withheld(page.text),
            headers=_page_headers(found),
        )
        for page, stamp, found in zip(doc.pages, stamps, headers, strict=True)
    ]
    metadata: dict[str, Any] = dict(doc.metadata)
    kinds = [found.kind for found in headers if found.kind]
    if not metadata.get("type") and kinds:
        metadata["type"] = kinds[0]
    if not metadata.get("date"):
        date = _document_date(doc, headers)
        if date:
            metadata["date"] = date
    for name in HEADER_FIELDS:
        values = sorted(
            {value for page in pages for value in page.headers.get(name, "").split("; ") if value}
        )
        if values:
            metadata[name] = values
    bates = bates_range(stamps)
    if bates:
        metadata["bates_range"] = list(bates)
    entities: set[str] = set()
    for page in doc.pages:
        entities |= find_entities(page.text)
    metadata["entities"] = sorted(entities)
    cases = case_labels(d for page in doc.pages for d in find_dockets(page.text))
    if cases:
        metadata["cases"] = cases
    acronyms = document_acronyms(doc)
    if acronyms and not metadata.get("acronyms"):
        metadata["acronyms"] = acronyms
    title = _title(doc, headers, str(metadata.get("type") or "").lower())
    return doc.replace(pages=tuple(pages), metadata=metadata, title=title)

"""SearchResult and its parts: what a search returns, never Whoosh objects; JSON as in DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.model.refs import PageRef

SORTS = ("relevance", "date", "-date")


@dataclass(frozen=True)
class PageHit:
    page: int
    bates: str | None
    snippet: str  # HTML: hits in <mark>, everything else escaped
    score: float
    exemptions: tuple[str, ...] = ()
    ocr: bool = False

    def ref(self, doc_id: str) -> PageRef:
        """This page of the document `doc_id` (a hit is listed under its document)."""
        return PageRef(doc_id, self.page)

    def to_json(self, doc_id: str) -> dict[str, Any]:
        ref = self.ref(doc_id).to_json()
        return {
            "page": ref["page"],
            "bates": self.bates,
            "snippet": self.snippet,
            "url": ref["url"],
            "exemptions": list(self.exemptions),
        }


@dataclass(frozen=True)
class DocumentHit:
    doc_id: str
    title: str
    path: str
    type: str
    format: str
    date: str | None
    source: str | None
    release: str | None
    score: float
    page_count: int
    matching_pages: int
    pages: tuple[PageHit, ...]
    duplicates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "path": self.path,
            "type": self.type,
            "date": self.date,
            "source": self.source,
            "release": self.release,
            "score": round(self.score, 4),
            "page_count": self.page_count,
            "matching_pages": self.matching_pages,
            "duplicates": list(self.duplicates),
            "tags": list(self.tags),
            "pages": [page.to_json(self.doc_id) for page in self.pages],
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    notice: str | None
    total_documents: int
    total_pages: int
    documents: tuple[DocumentHit, ...]
    facets: dict[str, dict[str, int]]
    offset: int = 0
    limit: int = 10
    sort: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)
    terms: tuple[str, ...] = ()  # the words to highlight on page views
    timeline: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" -> documents
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "notice": self.notice,
            "total_documents": self.total_documents,
            "total_pages": self.total_pages,
            "offset": self.offset,
            "limit": self.limit,
            "sort": self.sort,
            "filters": dict(self.filters),
            "documents": [doc.to_json() for doc in self.documents],
            "facets": self.facets,
            "timeline": self.timeline,
        }

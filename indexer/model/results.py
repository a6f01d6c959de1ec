"""SearchResult and its parts: what a search returns, never Whoosh objects; JSON as in DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SORTS = ("relevance", "date", "-date")


def page_url(doc_id: str, page: int) -> str:
    """The permalink path of one page."""
    return f"/doc/{doc_id}/p/{page}"


@dataclass(frozen=True)
class PageHit:
    page: int
    bates: str | None
    snippet: str  # HTML: hits in <mark>, everything else escaped
    score: float
    exemptions: tuple[str, ...] = ()
    ocr: bool = False

    def url(self, doc_id: str) -> str:
        return page_url(doc_id, self.page)


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
            "pages": [
                {
                    "page": p.page,
                    "bates": p.bates,
                    "snippet": p.snippet,
                    "url": p.url(self.doc_id),
                    "exemptions": list(p.exemptions),
                }
                for p in self.pages
            ],
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

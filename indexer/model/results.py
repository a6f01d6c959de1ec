"""SearchResult and its parts: what a search returns, never Whoosh objects; JSON as in DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.model.refs import PageRef
from indexer.text.plurals import counted

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
class Expansion:
    """A typed word or phrase and the other spellings that were searched too (issue 11)."""

    term: str
    also: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"term": self.term, "also": list(self.also)}


@dataclass(frozen=True)
class Suggestion:
    """A query to try instead, and how many documents it finds (never 0); when it finds
    some only without the search's filters and dates, `without_filters` says so."""

    query: str
    documents: int
    without_filters: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "documents": self.documents,
            "without_filters": self.without_filters,
        }


@dataclass(frozen=True)
class DroppableFilter:
    """A filter of a search that found nothing, and the documents found without it."""

    name: str
    value: str
    documents: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "documents": self.documents}


@dataclass(frozen=True)
class EmptyHelp:
    """What to try when a search found nothing: closer spellings the index holds, the filters
    to drop, and the typed words that occur nowhere in the index."""

    suggestions: tuple[Suggestion, ...] = ()
    drop_filters: tuple[DroppableFilter, ...] = ()
    unknown_words: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "suggestions": [suggestion.to_json() for suggestion in self.suggestions],
            "drop_filters": [dropped.to_json() for dropped in self.drop_filters],
            "unknown_words": list(self.unknown_words),
        }


def count_text(documents: int, folded: int, pages: int | None = None) -> str:
    """`documents` matching, `folded` of them copies listed under another: "3 documents (2
    shown, 1 copy folded in)", then ", 5 pages" when `pages` is given."""
    text = counted(documents, "document")
    if folded:
        text += f" ({documents - folded:,} shown, {counted(folded, 'copy')} folded in)"
    return text if pages is None else f"{text}, {counted(pages, 'page')}"


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
    exact: bool = False  # "exact spelling only": no variants, no stemming
    expanded: tuple[Expansion, ...] = ()  # what was also matched
    empty_help: EmptyHelp | None = None  # only when nothing was found
    # Matching documents listed under another copy of the same record (one card a record).
    folded_copies: int = 0

    @property
    def shown_documents(self) -> int:
        """The documents the list holds over all its pages: one a group of copies."""
        return self.total_documents - self.folded_copies

    def count_text(self) -> str:
        """ "3 documents (2 shown, 1 copy folded in), 5 pages": what every count line says."""
        return count_text(self.total_documents, self.folded_copies, self.total_pages)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "notice": self.notice,
            "total_documents": self.total_documents,
            "shown_documents": self.shown_documents,
            "folded_copies": self.folded_copies,
            "total_pages": self.total_pages,
            "offset": self.offset,
            "limit": self.limit,
            "sort": self.sort,
            "filters": dict(self.filters),
            "documents": [doc.to_json() for doc in self.documents],
            "facets": self.facets,
            "timeline": self.timeline,
            "exact": self.exact,
            "expanded": [expansion.to_json() for expansion in self.expanded],
            "help": self.empty_help.to_json() if self.empty_help else None,
        }

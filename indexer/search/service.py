"""Search: parse the user's text, filter, rank, group pages by document, count facets, highlight.

Returns `SearchResult` dataclasses, never Whoosh objects. Ranking reads only the top pages
(Whoosh's block-max top-k); facets and totals come from column caches over every matching
page without scoring it; snippets are cut from the SQLite page text of the shown pages only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from whoosh import query as wq
from whoosh.searching import Searcher

from indexer.engines.whoosh.index import IndexStore
from indexer.engines.whoosh.matching import ColumnView, MatchSummary, best, match, summarize
from indexer.model.results import SORTS, DocumentHit, PageHit, SearchResult
from indexer.search import parser as query_parser
from indexer.search.rules import BuildContext, Resolver, build, date_bounds
from indexer.store.database import Store
from indexer.store.duplicates import duplicates_for, groups_for
from indexer.text.highlight import HighlightTerms, snippet

MAX_LIMIT = 100
MAX_OFFSET = 10_000
PAGES_PER_DOCUMENT = 3
# Counts facets that live outside the index (staff tags) from {doc_id: matching pages}.
PageFacets = Callable[[Mapping[str, Sequence[int]]], dict[str, dict[str, int]]]
# Filters a URL or the command line may set besides the query text.
FILTER_FIELDS = ("type", "year", "source", "release", "exemption", "entity", "format", "ocr", "tag")


@dataclass(frozen=True)
class SearchRequest:
    """One search: the text as typed plus filters, paging and sort."""

    text: str
    filters: Mapping[str, str] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    offset: int = 0
    limit: int = 10
    sort: str = "relevance"
    pages_per_document: int = PAGES_PER_DOCUMENT


def _filter_tree(request: SearchRequest) -> list[query_parser.Node]:
    nodes: list[query_parser.Node] = []
    for name in FILTER_FIELDS:
        value = request.filters.get(name)
        if value:
            nodes.append(query_parser.Phrase(value, name))
    if request.date_from or request.date_to:
        nodes.append(query_parser.Range("date", request.date_from, request.date_to))
    return nodes


def _build_query(
    request: SearchRequest, searcher: Searcher, resolve: Resolver | None
) -> tuple[wq.Query | None, list[str], HighlightTerms]:
    parsed = query_parser.parse(request.text)
    context = BuildContext(searcher.reader(), resolve)
    notices = [parsed.notice] if parsed.notice else []
    main = build(parsed.tree, context)
    highlight = context.highlight_terms()
    filters = [build(node, context) for node in _filter_tree(request)]
    parts = [q for q in [main, *filters] if q is not None]
    if main is None and filters:
        parts.insert(0, wq.Every())
    notices.extend(context.notices)
    query = wq.And(parts) if len(parts) > 1 else (parts[0] if parts else None)
    return query, notices, highlight


def _ranked_pages(
    summary: MatchSummary, view: ColumnView, wanted_docs: int
) -> list[tuple[str, int, float]]:
    """(doc_id, page, score) of the best pages, enough to fill `wanted_docs` documents."""
    limit = min(summary.total_pages, max(50, wanted_docs * 4))
    while True:
        hits = best(summary.matches, limit)
        docnums = (docnum for _, docnum in hits)
        rows = [
            (str(doc_id), int(page), score)  # type: ignore[call-overload]
            for (score, _), (doc_id, page) in zip(
                hits, view.rows(docnums, ("doc_id", "page")), strict=True
            )
        ]
        if len({doc_id for doc_id, _, _ in rows}) >= wanted_docs or limit >= summary.total_pages:
            return rows
        limit = min(summary.total_pages, limit * 4)


def _dated_pages(
    summary: MatchSummary, view: ColumnView, newest_first: bool, wanted_docs: int, per_doc: int
) -> list[tuple[str, int, float]]:
    """Pages of the documents in date order (undated last either way), pages in order."""
    dated = sorted(
        (d for d, n in summary.date_by_doc.items() if n),
        key=lambda d: (-summary.date_by_doc[d] if newest_first else summary.date_by_doc[d], d),
    )
    undated = sorted(d for d, n in summary.date_by_doc.items() if not n)
    rows: list[tuple[str, int, float]] = []
    docnums_by_doc = summary.docnums_by_doc()
    for doc_id in (dated + undated)[:wanted_docs]:
        docnums = docnums_by_doc[doc_id]
        pages = sorted(int(value[0]) for value in view.rows(docnums, ("page",)))  # type: ignore[call-overload]
        rows.extend((doc_id, page, 0.0) for page in pages[:per_doc])
    return rows


def _best_documents(
    request: SearchRequest,
    view: ColumnView,
    summary: MatchSummary,
    store: Store,
) -> dict[str, list[tuple[int, float]]]:
    """doc_id -> its best pages, in result order, one document per group of copies, enough
    documents for the requested offset and limit (fewer only when no more match)."""
    wanted = request.offset + request.limit
    fetch = wanted
    while summary.total_pages:
        if request.sort == "relevance":
            rows = _ranked_pages(summary, view, fetch)
        else:
            newest_first = request.sort == "-date"
            per_doc = request.pages_per_document
            rows = _dated_pages(summary, view, newest_first, fetch, per_doc)
        grouped = _collapse_copies(store, _group(rows, request.pages_per_document))
        fetched_all = len({doc_id for doc_id, _, _ in rows}) >= len(summary.pages_per_doc)
        if len(grouped) >= wanted or fetched_all:
            return grouped
        fetch *= 2
    return {}


def _collapse_copies(
    store: Store, grouped: dict[str, list[tuple[int, float]]]
) -> dict[str, list[tuple[int, float]]]:
    """Only the best-ranked document of each group of near-duplicate copies."""
    groups = groups_for(store, list(grouped))
    seen: set[str] = set()
    kept = {}
    for doc_id, pages in grouped.items():
        group = groups.get(doc_id, doc_id)
        if group not in seen:
            seen.add(group)
            kept[doc_id] = pages
    return kept


def _group(rows: list[tuple[str, int, float]], per_doc: int) -> dict[str, list[tuple[int, float]]]:
    grouped: dict[str, list[tuple[int, float]]] = {}
    for doc_id, page, score in rows:
        pages = grouped.setdefault(doc_id, [])
        if len(pages) < per_doc:
            pages.append((page, score))
    return grouped


def _document_hits(
    store: Store,
    grouped: dict[str, list[tuple[int, float]]],
    pages_per_doc: dict[str, int],
    highlight: HighlightTerms,
) -> list[DocumentHit]:
    rows = store.document_rows(list(grouped))
    copies = duplicates_for(store, list(grouped))
    documents = []
    for doc_id, pages in grouped.items():
        row = rows.get(doc_id)
        if row is None:  # indexed but removed from the store since: not shown
            continue
        numbers = [page for page, _ in pages]
        texts = store.page_texts(doc_id, numbers)
        details = store.page_details(doc_id, numbers)
        page_hits = tuple(
            PageHit(
                page=page,
                bates=details[page].bates if page in details else None,
                snippet=snippet(texts.get(page, ""), highlight),
                score=score,
                exemptions=tuple(sorted(details[page].exemptions if page in details else ())),
                ocr=details[page].ocr if page in details else False,
            )
            for page, score in pages
        )
        documents.append(
            DocumentHit(
                doc_id=doc_id,
                title=row.title,
                path=row.path,
                type=row.shown_type,
                format=row.format,
                date=row.date,
                source=row.source,
                release=row.metadata.get("release"),
                score=max(score for _, score in pages),
                page_count=row.page_count,
                matching_pages=pages_per_doc.get(doc_id, len(pages)),
                pages=page_hits,
                duplicates=tuple(copies.get(doc_id, ())),
            )
        )
    return documents


def _page_facets(
    view: ColumnView, summary: MatchSummary, page_facets: PageFacets | None
) -> dict[str, dict[str, int]]:
    if page_facets is None:
        return {}
    pages = {
        doc_id: [int(row[0]) for row in view.rows(docnums, ("page",))]  # type: ignore[call-overload]
        for doc_id, docnums in summary.docnums_by_doc().items()
    }
    return page_facets(pages)


def clamp(request: SearchRequest) -> SearchRequest:
    """The request with offset, limit and sort forced into their allowed ranges."""
    return replace(
        request,
        offset=min(max(request.offset, 0), MAX_OFFSET),
        limit=min(max(request.limit, 1), MAX_LIMIT),
        sort=request.sort if request.sort in SORTS else "relevance",
        pages_per_document=min(max(request.pages_per_document, 1), 20),
    )


def search(
    index_store: IndexStore,
    store: Store,
    request: SearchRequest,
    resolve: Resolver | None = None,
    page_facets: PageFacets | None = None,
) -> SearchResult:
    """Run one search. Never raises for what a user typed: a bad query comes back with a
    notice. Raises IndexNotBuiltError / SchemaOutdatedError when there is no usable index."""
    started = time.perf_counter()
    request = clamp(request)
    searcher = index_store.searcher()
    query, notices, highlight = _build_query(request, searcher, resolve)
    empty = SearchResult(
        query=request.text,
        notice=" ".join(notices) or None,
        total_documents=0,
        total_pages=0,
        documents=(),
        facets={},
        offset=request.offset,
        limit=request.limit,
        sort=request.sort,
        filters={k: v for k, v in request.filters.items() if v},
    )
    if query is None:
        return empty
    view = ColumnView(searcher)
    summary = summarize(match(searcher, query, scored=request.sort == "relevance"))
    wanted = request.offset + request.limit
    grouped = _best_documents(request, view, summary, store)
    chosen = dict(list(grouped.items())[request.offset : wanted])
    documents = _document_hits(store, chosen, summary.pages_per_doc, highlight)
    terms = tuple(sorted(highlight.exact | highlight.stems))
    return replace(
        empty,
        total_documents=len(summary.pages_per_doc),
        total_pages=summary.total_pages,
        documents=tuple(documents),
        facets={**summary.facets, **_page_facets(view, summary, page_facets)},
        terms=terms,
        timeline=summary.timeline,
        seconds=time.perf_counter() - started,
    )


def highlight_terms_for(index_store: IndexStore, text: str) -> HighlightTerms:
    """The words a query marks, for highlighting a page view reached from a search."""
    searcher = index_store.searcher()
    context = BuildContext(searcher.reader())
    build(query_parser.parse(text).tree, context)
    return context.highlight_terms()


__all__ = ["SearchRequest", "clamp", "date_bounds", "highlight_terms_for", "search"]

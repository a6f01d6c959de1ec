"""Search: parse the user's text, filter, rank, group pages by document, count facets, highlight.

Returns `SearchResult` dataclasses, never engine objects. The engine matches every page once,
giving exact totals, facet and timeline counts and the ranking; copies of a record are
collapsed here; snippets are cut from the SQLite page text of the shown pages only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from indexer.model.results import SORTS, DocumentHit, EmptyHelp, Expansion, PageHit, SearchResult
from indexer.search import parser as query_parser
from indexer.search.context import BuildContext, Resolver
from indexer.search.empty import empty_help
from indexer.search.engine import Engine, MatchSet
from indexer.search.equivalence import EMPTY_VOCABULARY, Vocabulary
from indexer.search.equivalence.vocabulary import vocabulary_for
from indexer.search.index_query import EVERYTHING, AllOf, IndexQuery
from indexer.search.ranges import date_bounds
from indexer.search.rules import build
from indexer.store.database import Store
from indexer.store.duplicates import duplicates_for, folded_copies, groups_for
from indexer.text.highlight import HighlightTerms, snippet

MAX_LIMIT = 100
MAX_OFFSET = 10_000
PAGES_PER_DOCUMENT = 3
# The matching pages of the documents asked for: {doc_id: matching pages}.
PagesOf = Callable[[Collection[str]], Mapping[str, Sequence[int]]]
# Counts facets that live outside the index (staff tags), asking only for the pages of the
# documents they concern (all of a common word's 30,000 pages cost an engine a few ms).
PageFacets = Callable[[PagesOf, Mapping[str, int]], dict[str, dict[str, int]]]
# Filters a URL or the command line may set besides the query text.
FILTER_FIELDS = (
    "type", "year", "source", "release", "exemption", "entity", "format", "ocr", "tag", "case",
    "production",
)  # fmt: skip


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
    exact: bool = False  # "exact spelling only": no variants, no stemming


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
    request: SearchRequest,
    engine: Engine,
    resolve: Resolver | None,
    vocabulary: Vocabulary = EMPTY_VOCABULARY,
) -> tuple[IndexQuery | None, list[str], BuildContext]:
    parsed = query_parser.parse(request.text)
    context = BuildContext(
        engine.lexicon(), resolve, vocabulary=vocabulary, exact_only=request.exact
    )
    notices = [parsed.notice] if parsed.notice else []
    main = build(parsed.tree, context)
    filters = [build(node, context) for node in _filter_tree(request)]
    parts = [q for q in [main, *filters] if q is not None]
    if main is None and filters:
        parts.insert(0, EVERYTHING)
    notices.extend(context.notices)
    query = AllOf(tuple(parts)) if len(parts) > 1 else (parts[0] if parts else None)
    return query, notices, context


def count_documents(
    engine: Engine,
    request: SearchRequest,
    resolve: Resolver | None,
    vocabulary: Vocabulary = EMPTY_VOCABULARY,
    store: Store | None = None,
) -> int:
    """How many documents `request` lists (one a group of copies, as the results show them),
    without ranking them; `store` gives the groups of copies."""
    query, _, _ = _build_query(request, engine, resolve, vocabulary)
    if query is None:
        return 0
    found = engine.match(query, scored=False).pages_per_doc
    return len(found) - (folded_copies(store, found) if store is not None else 0)


def _expansions(context: BuildContext) -> tuple[Expansion, ...]:
    return tuple(Expansion(typed, tuple(also)) for typed, also in context.expanded.items() if also)


def _ranked_pages(matches: MatchSet, wanted_docs: int) -> list[tuple[str, int, float]]:
    """(doc_id, page, score) of the best pages, enough to fill `wanted_docs` documents. The
    best pages come before any count: an engine may count by what that search found."""
    limit = max(50, wanted_docs * 4)
    while True:
        rows = [(hit.doc_id, hit.page, hit.score) for hit in matches.best(limit)]
        if len(rows) < limit or len({doc_id for doc_id, _, _ in rows}) >= wanted_docs:
            return rows
        limit = min(matches.total_pages, limit * 4)
        if len(rows) >= limit:
            return rows


def _dated_pages(
    matches: MatchSet, newest_first: bool, wanted_docs: int, per_doc: int
) -> list[tuple[str, int, float]]:
    """Pages of the documents in date order (undated last either way), pages in order."""
    date_by_doc = matches.date_by_doc
    dated = sorted(
        (d for d, n in date_by_doc.items() if n),
        key=lambda d: (-date_by_doc[d] if newest_first else date_by_doc[d], d),
    )
    undated = sorted(d for d, n in date_by_doc.items() if not n)
    chosen = (dated + undated)[:wanted_docs]
    pages_by_doc = matches.pages_by_doc(set(chosen))
    rows: list[tuple[str, int, float]] = []
    for doc_id in chosen:
        rows.extend((doc_id, page, 0.0) for page in sorted(pages_by_doc[doc_id])[:per_doc])
    return rows


def _best_documents(
    request: SearchRequest, matches: MatchSet, store: Store
) -> dict[str, list[tuple[int, float]]]:
    """doc_id -> its best pages, in result order, one document per group of copies, enough
    documents for the requested offset and limit (fewer only when no more match)."""
    wanted = request.offset + request.limit
    fetch = wanted
    while True:
        if request.sort == "relevance":
            rows = _ranked_pages(matches, fetch)
        else:
            newest_first = request.sort == "-date"
            rows = _dated_pages(matches, newest_first, fetch, request.pages_per_document)
        grouped = _collapse_copies(store, _group(rows, request.pages_per_document))
        if len(grouped) >= wanted:
            return grouped
        if len({doc_id for doc_id, _, _ in rows}) >= len(matches.pages_per_doc):
            return grouped  # every matching document fetched
        fetch *= 2


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
    pages_per_doc: Mapping[str, int],
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


def _page_facets(matches: MatchSet, page_facets: PageFacets | None) -> dict[str, dict[str, int]]:
    if page_facets is None:
        return {}
    return page_facets(matches.pages_by_doc, matches.pages_per_doc)


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
    engine: Engine,
    store: Store,
    request: SearchRequest,
    resolve: Resolver | None = None,
    page_facets: PageFacets | None = None,
) -> SearchResult:
    """Run one search. Never raises for what a user typed: a bad query comes back with a
    notice. Raises IndexNotBuiltError / SchemaOutdatedError when there is no usable index."""
    started = time.perf_counter()
    request = clamp(request)
    vocabulary = vocabulary_for(store)
    query, notices, context = _build_query(request, engine, resolve, vocabulary)
    highlight = context.highlight_terms()
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
        exact=request.exact,
        expanded=_expansions(context),
    )
    if query is None:
        return empty
    matches = engine.match(query, scored=request.sort == "relevance")
    wanted = request.offset + request.limit
    grouped = _best_documents(request, matches, store)
    chosen = dict(list(grouped.items())[request.offset : wanted])
    documents = _document_hits(store, chosen, matches.pages_per_doc, highlight)
    terms = tuple(sorted(highlight.exact | highlight.stems))
    return replace(
        empty,
        total_documents=len(matches.pages_per_doc),
        folded_copies=folded_copies(store, matches.pages_per_doc),
        total_pages=matches.total_pages,
        documents=tuple(documents),
        facets={**_plain(matches.facets), **_page_facets(matches, page_facets)},
        terms=terms,
        timeline=dict(matches.timeline),
        seconds=time.perf_counter() - started,
        empty_help=None
        if matches.pages_per_doc
        else _help(engine, store, request, resolve, vocabulary),
    )


def _help(
    engine: Engine,
    store: Store,
    request: SearchRequest,
    resolve: Resolver | None,
    vocabulary: Vocabulary,
) -> EmptyHelp:
    def count(changed: SearchRequest) -> int:
        return count_documents(engine, changed, resolve, vocabulary, store)

    return empty_help(engine, request, count)


def _plain(facets: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    return {name: dict(counts) for name, counts in facets.items()}


def highlight_terms_for(engine: Engine, text: str, store: Store | None = None) -> HighlightTerms:
    """The words a query marks, for highlighting a page view reached from a search (with
    the other spellings it matched when the home's `store` is given)."""
    context = BuildContext(engine.lexicon())
    if store is not None:
        context.vocabulary = vocabulary_for(store)
    build(query_parser.parse(text).tree, context)
    return context.highlight_terms()


__all__ = [
    "SearchRequest",
    "clamp",
    "count_documents",
    "date_bounds",
    "highlight_terms_for",
    "search",
]

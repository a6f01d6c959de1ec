"""Pages a query or a page leads to beyond the top ten: every matching page of a query (batch
search) and the documents most like a page or a document (more like this).

Whoosh's own `more_like` needs the page text stored in the index, and ours lives in SQLite, so
the key terms are computed here: tf-idf of the page's stemmed words against the index's page
frequencies. Returns plain dataclasses, never Whoosh objects.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.engines.whoosh.index import IndexStore
from indexer.engines.whoosh.matching import ColumnView
from indexer.errors import UnknownDocumentError
from indexer.model.results import page_url
from indexer.search import parser as query_parser
from indexer.search.rules import BuildContext, Resolver, build
from indexer.store.database import Store
from indexer.store.duplicates import duplicates_of
from indexer.text.highlight import HighlightTerms, snippet
from indexer.text.terms import iter_terms, stem

KEY_TERMS = 20
# A word on more than this share of all pages says little about what a page is about (and the
# search for it would score much of the index): on big indexes the share counts, on small
# ones the floor.
MAX_PAGE_SHARE = 0.05
MAX_PAGES_FLOOR = 50
# A long document's key terms come from its first pages: enough to know its subject.
MAX_SOURCE_CHARS = 200_000
MAX_SIMILAR = 50
MAX_RANKED_PAGES = 5_000


def ranked_pages(
    searcher: Searcher, view: ColumnView, query: wq.Query, limit: int, mask: wq.Query | None = None
) -> list[tuple[str, int, float]]:
    """(doc_id, page, score) of the best `limit` pages for `query`, best first."""
    if limit <= 0:
        return []
    hits = searcher.search(query, limit=limit, mask=mask, terms=False)
    scores = [float(score) for score, _ in hits.top_n]
    rows = view.rows((docnum for _, docnum in hits.top_n), ("doc_id", "page"))
    return [
        (str(doc_id), int(page), score)  # type: ignore[call-overload]
        for (doc_id, page), score in zip(rows, scores, strict=True)
    ]


# -- every matching page of a query (batch search) ------------------------------------------


@dataclass(frozen=True)
class PageMatches:
    """Every page one query matches: counts, and the best pages (at most the cap asked for)."""

    query: str
    notice: str | None
    total_documents: int
    total_pages: int
    pages: tuple[tuple[str, int], ...]  # (doc_id, page), best first
    terms: HighlightTerms
    is_searched: bool = True  # False when the text held nothing to search for

    @property
    def is_truncated(self) -> bool:
        return len(self.pages) < self.total_pages


class PageLister:
    """Lists every matching page of one query after another over a single searcher.
    Raises IndexNotBuiltError / SchemaOutdatedError when there is no usable index."""

    def __init__(self, index_store: IndexStore, resolve: Resolver | None = None) -> None:
        self.searcher = index_store.searcher()
        self.view = ColumnView(self.searcher)
        self.resolve = resolve

    def pages(self, text: str, cap: int) -> PageMatches:
        """The counts and the best `cap` pages of `text` (the query language). Never raises for
        what the text says: a repaired query comes back with a notice."""
        parsed = query_parser.parse(text)
        context = BuildContext(self.searcher.reader(), self.resolve)
        query = build(parsed.tree, context)
        notices = ([parsed.notice] if parsed.notice else []) + context.notices
        terms = context.highlight_terms()
        best = ranked_pages(self.searcher, self.view, query, cap) if query is not None else []
        if len(best) < cap:  # every match was ranked: no second pass to count them
            total_pages, doc_ids = len(best), {doc_id for doc_id, _, _ in best}
        else:
            docnums = list(self.searcher.docs_for_query(query)) if query is not None else []
            total_pages = len(docnums)
            doc_ids = {str(row[0]) for row in self.view.rows(docnums, ("doc_id",))}
        return PageMatches(
            query=text,
            notice=" ".join(notices) or None,
            total_documents=len(doc_ids),
            total_pages=total_pages,
            pages=tuple((doc_id, page) for doc_id, page, _ in best),
            terms=terms,
            is_searched=query is not None,
        )


# -- more like this ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyTerm:
    stem: str
    weight: float
    word: str  # the form most used on the page, for showing


@dataclass(frozen=True)
class SimilarDocument:
    doc_id: str
    title: str
    path: str
    type: str
    date: str | None
    score: float
    page: int  # its page most like the source
    snippet: str  # HTML: key terms in <mark>, everything else escaped

    @property
    def url(self) -> str:
        return page_url(self.doc_id, self.page)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "path": self.path,
            "type": self.type,
            "date": self.date,
            "score": round(self.score, 4),
            "page": self.page,
            "url": self.url,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class SimilarResult:
    doc_id: str
    page: int | None
    terms: tuple[str, ...]
    documents: tuple[SimilarDocument, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "page": self.page,
            "terms": list(self.terms),
            "documents": [document.to_json() for document in self.documents],
        }


def _stems(text: str) -> Iterator[tuple[str, str]]:
    """(stem, word) of the words of `text` that can say what it is about."""
    for term, _, _, _ in iter_terms(text):
        if len(term) >= 3 and not term.isdigit():
            yield stem(term), term


def key_terms(
    reader: IndexReader,
    texts: Sequence[str],
    document_texts: Sequence[str] | None = None,
    count: int = KEY_TERMS,
) -> list[KeyTerm]:
    """The `count` stems that best tell the texts apart from the rest of the index (tf-idf),
    heaviest first. Left out: words on no page but the pages of `document_texts` (default:
    `texts`), which cannot lead to another document; words on more than MAX_PAGE_SHARE of
    all pages; bare numbers."""
    frequencies: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for stemmed, term in _stems(text):
            frequencies[stemmed] += 1
            forms.setdefault(stemmed, Counter())[term] += 1
    source_pages: Counter[str] = Counter()
    for text in texts if document_texts is None else document_texts:
        source_pages.update({stemmed for stemmed, _ in _stems(text)})
    total = max(reader.doc_count(), 1)
    most = max(MAX_PAGES_FLOOR, total * MAX_PAGE_SHARE)
    weighted = []
    for stemmed, frequency in frequencies.items():
        pages = reader.doc_frequency("body", stemmed)
        if pages <= source_pages[stemmed] or pages > most:
            continue
        weight = (1 + math.log(frequency)) * math.log(total / pages)
        weighted.append(KeyTerm(stemmed, weight, forms[stemmed].most_common(1)[0][0]))
    weighted.sort(key=lambda term: (-term.weight, term.stem))
    return weighted[:count]


def _document_texts(store: Store, doc_id: str) -> list[str]:
    """The texts of a document's pages, up to MAX_SOURCE_CHARS in all."""
    document = store.load_document(doc_id)
    if document is None:
        raise UnknownDocumentError(f"no document {doc_id}")
    texts, size = [], 0
    for each in document.pages:
        if size >= MAX_SOURCE_CHARS:
            break
        texts.append(each.text[: MAX_SOURCE_CHARS - size])
        size += len(texts[-1])
    return texts


def _mask(store: Store, doc_id: str, exclude: Collection[str]) -> wq.Query:
    """The document itself, the ids in `exclude`, and the members of its duplicate group.
    The group comes from the store: the index's `dup` field is written with the pages, before
    the copies found in the same ingest (or a later one) are grouped."""
    hidden = {doc_id, *exclude, *duplicates_of(store, doc_id)}
    return wq.Or([wq.Term("doc_id", d) for d in sorted(hidden)])


def _best_pages(
    searcher: Searcher, view: ColumnView, query: wq.Query, mask: wq.Query, limit: int
) -> dict[str, tuple[int, float]]:
    """doc_id -> (its best page, score), for at least `limit` documents when there are."""
    wanted = limit * 5
    while True:
        rows = ranked_pages(searcher, view, query, wanted, mask)
        best: dict[str, tuple[int, float]] = {}
        for doc_id, page, score in rows:
            best.setdefault(doc_id, (page, score))
        if len(best) >= limit or len(rows) < wanted or wanted >= MAX_RANKED_PAGES:
            return dict(list(best.items())[:limit])
        wanted = min(wanted * 4, MAX_RANKED_PAGES)


def similar_documents(
    index_store: IndexStore,
    store: Store,
    doc_id: str,
    page: int | None = None,
    limit: int = 10,
    exclude: Collection[str] = (),
) -> SimilarResult:
    """The documents most like one page (or, without `page`, a whole document), best first,
    leaving out the document itself, its duplicate group and the doc_ids in `exclude`.
    Raises UnknownDocumentError for an unknown doc_id or page, IndexNotBuiltError when there
    is no index."""
    limit = min(max(limit, 1), MAX_SIMILAR)
    document_texts = _document_texts(store, doc_id)
    texts = document_texts
    if page is not None:
        text = store.page_texts(doc_id, [page]).get(page)
        if text is None:
            raise UnknownDocumentError(f"no page {page} in document {doc_id}")
        texts = [text]
    searcher = index_store.searcher()
    view = ColumnView(searcher)
    terms = key_terms(searcher.reader(), texts, document_texts)
    if not terms:
        return SimilarResult(doc_id, page, (), ())
    query = wq.Or([wq.Term("body", term.stem, boost=term.weight) for term in terms])
    best = _best_pages(searcher, view, query, _mask(store, doc_id, exclude), limit)
    rows = store.document_rows(list(best))
    highlight = HighlightTerms(stems=frozenset(term.stem for term in terms))
    documents = []
    for other, (other_page, score) in best.items():
        row = rows.get(other)
        if row is None:  # indexed but removed from the store since
            continue
        text = store.page_texts(other, [other_page]).get(other_page, "")
        documents.append(
            SimilarDocument(
                doc_id=other,
                title=row["title"],
                path=row["path"],
                type=row["type"] or row["format"],
                date=row["date"],
                score=score,
                page=other_page,
                snippet=snippet(text, highlight),
            )
        )
    return SimilarResult(doc_id, page, tuple(term.word for term in terms), tuple(documents))

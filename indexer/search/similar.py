"""More like this: the documents most like a page or a document.

The page text lives in SQLite, not in the index, so the key terms are computed here: tf-idf of
the page's stemmed words against the index's page frequencies. Returns plain dataclasses,
never engine objects.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.errors import UnknownDocumentError
from indexer.model.refs import PointsAtPage
from indexer.search.engine import Engine, Lexicon
from indexer.search.index_query import AnyOf, IndexQuery, Term
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


# -- more like this ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyTerm:
    stem: str
    weight: float
    word: str  # the form most used on the page, for showing


@dataclass(frozen=True)
class SimilarDocument(PointsAtPage):
    doc_id: str
    title: str
    path: str
    type: str
    date: str | None
    score: float
    page: int  # its page most like the source
    snippet: str  # HTML: key terms in <mark>, everything else escaped

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
    lexicon: Lexicon,
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
    total = max(lexicon.doc_count(), 1)
    most = max(MAX_PAGES_FLOOR, total * MAX_PAGE_SHARE)
    weighted = []
    for stemmed, frequency in frequencies.items():
        pages = lexicon.doc_frequency("body", stemmed)
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


def _hidden(store: Store, doc_id: str, exclude: Collection[str]) -> list[str]:
    """The document itself, the ids in `exclude`, and the members of its duplicate group.
    The group comes from the store: the index's `dup` field is written with the pages, before
    the copies found in the same ingest (or a later one) are grouped."""
    return sorted({doc_id, *exclude, *duplicates_of(store, doc_id)})


def _best_pages(
    engine: Engine, query: IndexQuery, hidden: Sequence[str], limit: int
) -> dict[str, tuple[int, float]]:
    """doc_id -> (its best page, score), for at least `limit` documents when there are."""
    wanted = limit * 5
    while True:
        rows = engine.top_pages(query, wanted, exclude=hidden)
        best: dict[str, tuple[int, float]] = {}
        for hit in rows:
            best.setdefault(hit.doc_id, (hit.page, hit.score))
        if len(best) >= limit or len(rows) < wanted or wanted >= MAX_RANKED_PAGES:
            return dict(list(best.items())[:limit])
        wanted = min(wanted * 4, MAX_RANKED_PAGES)


def similar_documents(
    engine: Engine,
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
    terms = key_terms(engine.lexicon(), texts, document_texts)
    if not terms:
        return SimilarResult(doc_id, page, (), ())
    query = AnyOf(tuple(Term("body", term.stem, boost=term.weight) for term in terms))
    best = _best_pages(engine, query, _hidden(store, doc_id, exclude), limit)
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
                title=row.title,
                path=row.path,
                type=row.shown_type,
                date=row.date,
                score=score,
                page=other_page,
                snippet=snippet(text, highlight),
            )
        )
    return SimilarResult(doc_id, page, tuple(term.word for term in terms), tuple(documents))

"""The rows of a batch query: page texts read from SQLite in chunks, a snippet for each.

Bates numbers and texts are read a chunk of pages at a time and kept for a while, since a page
is often a row of many queries.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from indexer.model.refs import PageRef
from indexer.store.database import Store
from indexer.tools.batch.snippets import SnippetMaker
from indexer.tools.batch.terms import BatchQuery

_CHUNK_PAGES = 500
# Page texts kept while rows are written (a page is a row of many queries): about 50 MB.
_CACHED_CHARS = 50_000_000


@dataclass(frozen=True)
class BatchRow:
    line: int
    label: str
    query: str
    doc_id: str | None  # None on the one row of a query that matched nothing
    page: int | None
    bates: str | None
    snippet: str  # HTML (hits in <mark>) or plain text, as asked
    query_documents: int
    query_pages: int
    title: str = ""  # the document's title ("" on the row of a query that matched nothing)

    @property
    def ref(self) -> PageRef | None:
        """The matching page; None on the row of a query that matched nothing."""
        return PageRef(self.doc_id, self.page) if self.doc_id and self.page else None

    @property
    def url(self) -> str | None:
        return self.ref.url if self.ref else None

    def to_json(self, base_url: str = "") -> dict[str, Any]:
        """The row; with `base_url`, its permalink is absolute."""
        ref = self.ref.to_json() if self.ref else {"doc_id": None, "page": None, "url": None}
        return {
            "doc_id": ref["doc_id"],
            "page": ref["page"],
            "bates": self.bates,
            "title": self.title,
            "snippet": self.snippet,
            "url": absolute_url(ref["url"], base_url),
        }


class PageReader:
    """Bates numbers and texts of pages, read in chunks and kept for a while (a page is often
    a row of many queries)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: OrderedDict[tuple[str, int], tuple[str | None, str]] = OrderedDict()
        self.chars = 0
        self.titles: dict[str, str] = {}

    def titles_of(self, doc_ids: list[str]) -> dict[str, str]:
        """The titles of documents, read once each (a batch names a few thousand at most)."""
        missing = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id not in self.titles]
        if missing:
            rows = self.store.document_rows(missing)
            self.titles.update({doc_id: row.title for doc_id, row in rows.items()})
        return self.titles

    def pages(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str | None, str]]:
        missing = []
        for key in dict.fromkeys(keys):
            if key in self.cache:
                self.cache.move_to_end(key)  # the least recently used go first
            else:
                missing.append(key)
        if missing:
            for key, (bates, text) in self.store.bates_and_texts(missing).items():
                self.cache[key] = (bates, text)
                self.chars += len(text)
            while self.chars > _CACHED_CHARS and len(self.cache) > len(keys):
                self.chars -= len(self.cache.popitem(last=False)[1][1])
        return {key: self.cache[key] for key in keys if key in self.cache}


def query_rows(query: BatchQuery, reader: PageReader, html: bool) -> Iterator[BatchRow]:
    """The rows of one query, best first; one row without a page when it matched nothing."""
    head = (query.line, query.label, query.query)
    counts = (query.total_documents, query.total_pages)
    if not query.pages:
        yield BatchRow(*head, None, None, None, "", *counts)
        return
    maker = SnippetMaker(query.terms)
    for offset in range(0, len(query.pages), _CHUNK_PAGES):
        chunk = list(query.pages[offset : offset + _CHUNK_PAGES])
        found = reader.pages(chunk)
        titles = reader.titles_of([doc_id for doc_id, _ in chunk])
        for key in chunk:
            if key not in found:  # indexed but removed from the store since
                continue
            bates, text = found[key]
            snippet = maker.cut(text, html)
            title = titles.get(key[0], "")
            yield BatchRow(*head, key[0], key[1], bates, snippet, *counts, title=title)


def absolute_url(url: str | None, base_url: str) -> str | None:
    """`url` under `base_url` when both are given, else `url` as it is."""
    return base_url.rstrip("/") + url if url and base_url else url

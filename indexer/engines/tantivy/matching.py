"""Every page a query matches, and what they add up to: facet counts, timeline, pages per
document, the best pages, each computed when asked for.

Counting is done by tantivy (`counting.py`: pages per document number, varied page labels),
so a query matching every page makes no Python object per page. What a document shows and
counts (doc_id, date, copy group, facet labels) comes from a cache of its stored row, read once
per document and kept while the engine lives: a document number is the uid of its first page,
never reused, so a cached row is never stale. Document-level labels are the same on every page
of a document, so counting them per matching document is the Whoosh engine's rule (a
document's facets and date come from its first matching page). The best pages are tantivy's
top-k, with ties put in index (uid) order as in Whoosh.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Collection, Iterable, KeysView, Mapping
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, cast

from tantivy import DocAddress, Occur, Order, Query, Schema, Searcher, SearchResult

from indexer.engines.tantivy.counting import Counts, count
from indexer.engines.tantivy.tally import Tallies, Tally, difference
from indexer.engines.tantivy.whole import COMPLEMENT_SHARE, Remainder, Wholes, complement, remainder
from indexer.search.engine import PageScore
from indexer.search.fields import DOCUMENT_FACETS, FACET_FIELDS, PAGE_FACETS


@dataclass(frozen=True, slots=True)
class Row:
    """What a search needs of one document; `labels` follows FACET_FIELDS (for a page-level
    facet, the labels every page of the document has). `pairs` (the numbers of its (facet
    slot, label) pairs: an int hashes at once, a tuple is hashed anew each time it is counted)
    and `month` are kept ready for counting."""

    doc_id: str
    date: int
    dup: str
    labels: tuple[tuple[str, ...], ...]
    pairs: tuple[int, ...]
    month: str | None


class _PairNumbers:
    """A number for each (facet slot, label) pair, the same in every thread, never reused."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[int, str], int] = {}
        self.pairs: list[tuple[int, str]] = []
        self._lock = threading.Lock()

    def number(self, pair: tuple[int, str]) -> int:
        found = self.numbers.get(pair)
        if found is None:
            with self._lock:
                found = self.numbers.setdefault(pair, len(self.pairs))
                if found == len(self.pairs):
                    self.pairs.append(pair)
        return found


_PAIR_NUMBERS = _PairNumbers()
_DOC_ID = attrgetter("doc_id")


def _split(value: object) -> tuple[str, ...]:
    return tuple(part for part in str(value or "").split(",") if part)


def _parse_row(stored: bytes) -> Row:
    doc_id, date, dup, *values = json.loads(stored)
    labels = tuple(map(_split, values))
    number = _PAIR_NUMBERS.number
    pairs = tuple(number((slot, label)) for slot, found in enumerate(labels) for label in found)
    day = int(date or 0)
    return Row(str(doc_id), day, str(dup), labels, pairs, _month(day) if day else None)


class RowCache:
    """docno -> Row of every document searched so far; dropped whole when it outgrows the
    index (replaced and deleted documents leave rows nobody asks for)."""

    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}
        self._lock = threading.Lock()
        self.tallies = Tallies()  # facet and month counts of matching documents
        self.wholes = Wholes()  # what every page adds up to, for queries matching most

    def rows(self, searcher: Searcher, schema: Schema, docnos: Iterable[int]) -> list[Row]:
        """The rows of the documents numbered `docnos`, in their order."""
        rows = self._rows
        wanted = list(docnos)
        try:
            return list(map(rows.__getitem__, wanted))
        except KeyError:
            missing = [docno for docno in wanted if docno not in rows]
        firsts = Query.term_set_query(schema, "uid", missing)
        hits = searcher.search(firsts, limit=len(missing), count=False).hits
        addresses = [address for _, address in hits]
        uids = cast("list[int]", searcher.fast_field_values("uid", addresses))
        found = {
            uid: _parse_row(cast("bytes", searcher.doc(address).get_first("row")))
            for uid, address in zip(uids, addresses, strict=True)
        }
        with self._lock:
            if len(self._rows) + len(found) > 2 * searcher.num_docs + 10_000:
                self._rows = {}
            self._rows.update(found)
            rows = self._rows
        return [rows.get(docno) or found[docno] for docno in wanted]

    def row_map(self, docnos: KeysView[int], rows: list[Row]) -> Mapping[int, Row]:
        """docno -> row for `docnos` (whose rows are `rows`, in order): the cache itself when
        it holds them all (it only grows, and a row never changes), else a new mapping."""
        cached = self._rows
        if docnos <= cached.keys():
            return cached
        return dict(zip(docnos, rows, strict=True))


def ranked(
    searcher: Searcher, schema: Schema, query: Query, limit: int, count: bool = False
) -> tuple[list[tuple[float, int, DocAddress]], int | None]:
    """(score, uid, address) of the `limit` best pages, best first, ties in uid order, and
    with `count` how many pages match (counting visits every match, where top-k alone may
    skip those that cannot rank). tantivy breaks ties by its own address order, so more are
    fetched until the last one fetched scores below the `limit`-th: every page tied with it
    is then among them. When everything fetched ties (a filter, a lone NOT), the first pages
    in uid order are tried first."""
    fetch, tried = limit * 2 + 10, False
    found = searcher.search(query, limit=fetch, count=count)
    total, hits = _matched(found) if count else None, found.hits
    while True:
        if len(hits) < fetch or hits[-1][0] < hits[limit - 1][0]:
            break
        if hits[0][0] == hits[-1][0] and not tried:
            tried, tied = True, _first_if_tied(searcher, schema, query, limit, hits[0][0])
            if tied is not None:
                return tied, total
        fetch *= 4
        hits = searcher.search(query, limit=fetch, count=False).hits
    return _in_score_order(searcher, hits, limit), total


def _matched(result: SearchResult) -> int:
    """How many pages a search run with count=True matched (the bindings' type stubs leave
    the attribute out)."""
    return int(cast("Any", result).count)


def _in_score_order(
    searcher: Searcher, hits: list[tuple[float, DocAddress]], limit: int
) -> list[tuple[float, int, DocAddress]]:
    addresses = [address for _, address in hits]
    uids = cast("list[int]", searcher.fast_field_values("uid", addresses))
    found = sorted(zip(uids, hits, strict=True), key=lambda item: (-item[1][0], item[0]))
    return [(float(hit[0]), uid, hit[1]) for uid, hit in found[:limit]]


def _first_if_tied(
    searcher: Searcher, schema: Schema, query: Query, limit: int, top: float
) -> list[tuple[float, int, DocAddress]] | None:
    """The first `limit` matching pages in uid order, when each scores `top` (the best score):
    no page before them matches, so they are the best `limit` with ties in uid order."""
    first = searcher.search(query, limit=limit, count=False, order_by_field="uid", order=Order.Asc)
    uids = [int(uid) for uid, _ in first.hits]
    # The same scores: the restriction adds 0.0 to each.
    within = Query.const_score_query(Query.term_set_query(schema, "uid", uids), 0.0)
    hits = searcher.search(
        Query.boolean_query([(Occur.Must, query), (Occur.Must, within)]), limit=limit, count=False
    ).hits
    if len(hits) != len(uids) or any(score != top for score, _ in hits):
        return None
    return _in_score_order(searcher, hits, limit)


class TantivyMatches:
    """A MatchSet over one query and one searcher; counts made when asked for. With the
    `generation` of the searcher's index state, a query that the best pages showed to match
    most pages is counted as the whole index less its complement (`whole.py`)."""

    def __init__(
        self,
        searcher: Searcher,
        schema: Schema,
        query: Query,
        scored: bool,
        rows: RowCache,
        generation: int | None = None,
    ) -> None:
        self._searcher = searcher
        self._schema = schema
        self._query = query
        self._scored = scored
        self._cache = rows
        self._generation = generation
        self._matched: int | None = None  # pages matching, once a search counted them

    @cached_property
    def _counted(self) -> Counts | Remainder:
        matched, generation = self._matched, self._generation
        few = matched is None or matched <= COMPLEMENT_SHARE * self._searcher.num_docs
        if generation is None or few:
            return count(self._searcher, self._schema, self._query)
        whole = self._cache.wholes.get(self._searcher, self._schema, generation, self._cache)
        missing = count(self._searcher, self._schema, complement(self._query), detail=True)
        return remainder(whole, missing)

    @cached_property
    def _counts(self) -> Counts:
        counted = self._counted
        return counted.counts if isinstance(counted, Remainder) else counted

    @cached_property
    def _rows(self) -> list[Row]:
        return self._cache.rows(self._searcher, self._schema, self._counts.pages)

    def _rows_of(self, docnos: Iterable[int]) -> list[Row]:
        return self._cache.rows(self._searcher, self._schema, docnos)

    @property
    def total_pages(self) -> int:
        return sum(self._counts.pages.values())

    @cached_property
    def pages_per_doc(self) -> Mapping[str, int]:
        counted = self._counted
        if isinstance(counted, Remainder):
            return counted.pages_per_doc()
        return dict(zip(map(_DOC_ID, self._rows), counted.pages.values(), strict=True))

    @cached_property
    def date_by_doc(self) -> Mapping[str, int]:
        return {row.doc_id: row.date for row in self._rows}

    @cached_property
    def _tally(self) -> Tally:
        counted = self._counted
        docnos = self._counts.pages.keys()
        if isinstance(counted, Remainder):
            whole = counted.whole
            return difference(whole.tally, docnos, whole.rows, counted.removed, ())
        return self._cache.tallies.tally(docnos, self._cache.row_map(docnos, self._rows))

    @cached_property
    def facets(self) -> Mapping[str, Mapping[str, int]]:
        pairs = self._tally.pairs
        facets: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
        for number, found in pairs.items():
            slot, label = _PAIR_NUMBERS.pairs[number]
            facets[FACET_FIELDS[slot]][label] = found
        for name in PAGE_FACETS:
            facets[name].update(self._counts.varied.get(name, {}))
        return {
            name: dict(sorted(facets[name].items(), key=lambda item: (-item[1], item[0])))
            for name in (*DOCUMENT_FACETS, *PAGE_FACETS)
        }

    @cached_property
    def timeline(self) -> Mapping[str, int]:
        months = Counter(self._tally.months)
        months.pop(None, None)
        return dict(sorted(cast("Counter[str]", months).items()))

    def best(self, limit: int) -> list[PageScore]:
        if limit <= 0:
            return []
        counting = self._generation is not None and self._matched is None  # for _counted
        if self._scored:
            found, matched = ranked(self._searcher, self._schema, self._query, limit, counting)
            self._matched = matched if matched is not None else self._matched
            scores = [score for score, _, _ in found]
            addresses = [address for _, _, address in found]
        else:
            hits = self._in_index_order(self._query, limit, count=counting)
            scores, addresses = [0.0] * len(hits), [address for _, address in hits]
        return [
            PageScore(doc_id, page, score)
            for (doc_id, page), score in zip(self._pages(addresses), scores, strict=True)
        ]

    def pages_by_doc(self, doc_ids: Collection[str] | None = None) -> dict[str, list[int]]:
        query, limit = self._query, self.total_pages
        if doc_ids is not None:
            shown = [doc_id for doc_id in doc_ids if doc_id in self.pages_per_doc]
            if not shown:
                return {}
            limit = sum(self.pages_per_doc[doc_id] for doc_id in shown)
            within = Query.term_set_query(self._schema, "doc_id", shown)
            query = Query.boolean_query([(Occur.Must, query), (Occur.Must, within)])
        if not limit:
            return {}
        grouped: dict[str, list[int]] = {}
        addresses = [address for _, address in self._in_index_order(query, limit)]
        for doc_id, page in self._pages(addresses):
            grouped.setdefault(doc_id, []).append(page)
        return grouped

    def _in_index_order(
        self, query: Query, limit: int, count: bool = False
    ) -> list[tuple[int, DocAddress]]:
        """The first `limit` pages `query` matches, in uid order; with `count`, the pages
        the match set's query matches are noted."""
        hits = self._searcher.search(
            query, limit=limit, count=count, order_by_field="uid", order=Order.Asc
        )
        if count:
            self._matched = _matched(hits)
        return cast("list[tuple[int, DocAddress]]", hits.hits)

    def _pages(self, addresses: list[DocAddress]) -> list[tuple[str, int]]:
        """(doc_id, page) of each page address."""
        docnos = cast("list[int]", self._searcher.fast_field_values("docno", addresses))
        pages = cast("list[int]", self._searcher.fast_field_values("page", addresses))
        doc_ids = [row.doc_id for row in self._rows_of(docnos)]
        return list(zip(doc_ids, pages, strict=True))


def _month(date: int) -> str:
    month = (date // 100) % 100
    return f"{date // 10000:04d}-{month:02d}" if month else f"{date // 10000:04d}"

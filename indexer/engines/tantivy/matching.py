"""Every page a query matches, and what they add up to: facet counts, timeline, pages per
document, from a cache of each page's row.

tantivy returns the matching pages with their scores; their `uid` (a fast field) keys a
cache of the page's row (doc_id, page, date, copy group, facet labels), read from the stored
`row` once per page and kept while the engine lives. A uid is never reused (a replaced page
gets a new one), so a cached row is never stale. Counting is then Python over plain tuples,
in index (uid) order, with the same rules as the Whoosh engine: a document's facets and date
come from its first matching page, page-level labels from every matching page.
"""

from __future__ import annotations

import heapq
import json
import threading
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import attrgetter, itemgetter
from typing import cast

from tantivy import DocAddress, Searcher

from indexer.search.engine import PageScore
from indexer.search.fields import DOCUMENT_FACETS, FACET_FIELDS, PAGE_FACETS

_DOCUMENT_SLOTS = tuple(FACET_FIELDS.index(name) for name in DOCUMENT_FACETS)
_PAGE_SLOTS = tuple(FACET_FIELDS.index(name) for name in PAGE_FACETS)


@dataclass(frozen=True, slots=True)
class Row:
    """What a search needs of one page; `labels` follows FACET_FIELDS."""

    doc_id: str
    page: int
    date: int
    dup: str
    labels: tuple[tuple[str, ...], ...]


def _split(value: object) -> tuple[str, ...]:
    return tuple(part for part in str(value or "").split(",") if part)


def _parse_row(stored: bytes) -> Row:
    doc_id, page, date, dup, *labels = json.loads(stored)
    return Row(str(doc_id), int(page), int(date or 0), str(dup), tuple(map(_split, labels)))


class RowCache:
    """uid -> Row of every page searched so far; dropped whole when it outgrows the index
    (replaced and deleted pages leave rows nobody asks for)."""

    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}
        self._lock = threading.Lock()

    def rows(
        self, searcher: Searcher, addresses: Sequence[DocAddress]
    ) -> tuple[list[int], list[Row]]:
        """The uids and rows of `addresses`, in their order."""
        uids = cast("list[int]", searcher.fast_field_values("uid", list(addresses)))
        rows = self._rows
        missing = [i for i, uid in enumerate(uids) if uid not in rows]
        if missing:
            found = {
                uids[i]: _parse_row(cast("bytes", searcher.doc(addresses[i]).get_first("row")))
                for i in missing
            }
            with self._lock:
                if len(self._rows) + len(found) > 2 * searcher.num_docs + 10_000:
                    self._rows = {}
                self._rows.update(found)
                rows = self._rows
            return uids, [rows.get(uid) or found[uid] for uid in uids]
        return uids, list(map(rows.__getitem__, uids))


# A matching page: (uid, score, row). Plain tuples, so that sorting by uid and reading a
# column are C-level operations over 30,000 hits.
Hit = tuple[int, float, Row]
_DOC_ID = attrgetter("doc_id")


class TantivyMatches:
    """A MatchSet over the hits of one search, in index (uid) order; counts made when asked
    for."""

    def __init__(self, hits: list[Hit]) -> None:
        hits.sort()  # uids are unique: the sort never compares scores or rows
        self._hits = hits
        self._rows: list[Row] = list(map(itemgetter(2), hits))

    @property
    def total_pages(self) -> int:
        return len(self._hits)

    @cached_property
    def _doc_ids(self) -> list[str]:
        return list(map(_DOC_ID, self._rows))

    @cached_property
    def pages_per_doc(self) -> Mapping[str, int]:
        return dict(Counter(self._doc_ids))

    @cached_property
    def _firsts(self) -> dict[str, Row]:
        # Reversed, the last assignment wins: each document keeps its first matching page.
        return dict(zip(reversed(self._doc_ids), reversed(self._rows), strict=True))

    @cached_property
    def date_by_doc(self) -> Mapping[str, int]:
        return {doc_id: row.date for doc_id, row in self._firsts.items()}

    @cached_property
    def facets(self) -> Mapping[str, Mapping[str, int]]:
        facets: dict[str, Counter[str]] = {}
        labels = [row.labels for row in self._firsts.values()]
        for name, slot in zip(DOCUMENT_FACETS, _DOCUMENT_SLOTS, strict=True):
            facets[name] = Counter(chain.from_iterable(map(itemgetter(slot), labels)))
        page_labels = [row.labels for row in self._rows]
        for name, slot in zip(PAGE_FACETS, _PAGE_SLOTS, strict=True):
            pairs = set(zip(self._doc_ids, map(itemgetter(slot), page_labels), strict=True))
            per_doc = {(doc_id, label) for doc_id, found in pairs for label in found}
            facets[name] = Counter(label for _, label in per_doc)
        return {
            name: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
            for name, counts in facets.items()
        }

    @cached_property
    def timeline(self) -> Mapping[str, int]:
        months = Counter(_month(date) for date in self.date_by_doc.values() if date)
        return dict(sorted(months.items()))

    def best(self, limit: int) -> list[PageScore]:
        ranked = heapq.nlargest(limit, self._hits, key=lambda hit: (hit[1], -hit[0]))
        return [PageScore(row.doc_id, row.page, score) for _, score, row in ranked]

    def pages_by_doc(self, doc_ids: Collection[str] | None = None) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = {}
        for row in self._rows:
            if doc_ids is None or row.doc_id in doc_ids:
                grouped.setdefault(row.doc_id, []).append(row.page)
        return grouped


def _month(date: int) -> str:
    month = (date // 100) % 100
    return f"{date // 10000:04d}-{month:02d}" if month else f"{date // 10000:04d}"

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


@dataclass(frozen=True)
class Hit:
    uid: int
    score: float
    row: Row


class TantivyMatches:
    """A MatchSet over the hits of one search, in index order; counts made when asked for."""

    def __init__(self, hits: list[Hit]) -> None:
        self._hits = sorted(hits, key=lambda hit: hit.uid)

    @property
    def total_pages(self) -> int:
        return len(self._hits)

    @cached_property
    def pages_per_doc(self) -> Mapping[str, int]:
        return dict(Counter(hit.row.doc_id for hit in self._hits))

    @cached_property
    def _firsts(self) -> dict[str, Row]:
        firsts: dict[str, Row] = {}
        for hit in reversed(self._hits):  # the last assignment wins: each keeps its first
            firsts[hit.row.doc_id] = hit.row
        return firsts

    @cached_property
    def date_by_doc(self) -> Mapping[str, int]:
        return {doc_id: row.date for doc_id, row in self._firsts.items()}

    @cached_property
    def facets(self) -> Mapping[str, Mapping[str, int]]:
        facets: dict[str, Counter[str]] = {}
        firsts = self._firsts.values()
        for name, slot in zip(DOCUMENT_FACETS, _DOCUMENT_SLOTS, strict=True):
            facets[name] = Counter(label for row in firsts for label in row.labels[slot])
        for name, slot in zip(PAGE_FACETS, _PAGE_SLOTS, strict=True):
            pairs = {
                (hit.row.doc_id, label) for hit in self._hits for label in hit.row.labels[slot]
            }
            facets[name] = Counter(label for _, label in pairs)
        return {
            name: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
            for name, counts in facets.items()
        }

    @cached_property
    def timeline(self) -> Mapping[str, int]:
        months = Counter(_month(date) for date in self.date_by_doc.values() if date)
        return dict(sorted(months.items()))

    def best(self, limit: int) -> list[PageScore]:
        ranked = heapq.nlargest(limit, self._hits, key=lambda hit: (hit.score, -hit.uid))
        return [PageScore(hit.row.doc_id, hit.row.page, hit.score) for hit in ranked]

    def pages_by_doc(self, doc_ids: Collection[str] | None = None) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = {}
        for hit in self._hits:
            if doc_ids is None or hit.row.doc_id in doc_ids:
                grouped.setdefault(hit.row.doc_id, []).append(hit.row.page)
        return grouped


def _month(date: int) -> str:
    month = (date // 100) % 100
    return f"{date // 10000:04d}-{month:02d}" if month else f"{date // 10000:04d}"

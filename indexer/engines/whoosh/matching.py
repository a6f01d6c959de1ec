"""Facet counts, timelines and page keys from the index's columns, cached per segment.

Whoosh segments never change once written, so their column values are read into plain lists
once and reused by every later search: counting facets over 30,000 matching pages then costs
list look-ups, not stored-field loads.
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import cast

from whoosh import query as wq
from whoosh.searching import Searcher

from indexer.search.fields import DOCUMENT_FACETS, PAGE_FACETS

_FACETS = (*DOCUMENT_FACETS, *PAGE_FACETS)
_COLUMNS = ("doc_id", "page", "date", "dup", *_FACETS)
_CACHE_LIMIT = 256


@dataclass(frozen=True)
class SegmentColumns:
    """Every column value of one segment, as lists indexed by segment docnum; `labels` holds
    the facet columns split into tuples of labels once, so counting never splits strings."""

    values: dict[str, list[object]]
    labels: dict[str, list[tuple[str, ...]]]


_cache: dict[str, SegmentColumns] = {}
_lock = threading.Lock()


def _read_segment(reader: object, segment_id: str) -> SegmentColumns:
    if reader.doc_count_all() == 0:  # type: ignore[attr-defined]
        # No segment: an index committed before any page reached it (a first ingest killed
        # early). Whoosh's empty reader has no columns to read.
        return SegmentColumns({name: [] for name in _COLUMNS}, {name: [] for name in _FACETS})
    with _lock:
        cached = _cache.get(segment_id)
    if cached is not None:
        return cached
    values: dict[str, list[object]] = {}
    for name in _COLUMNS:
        values[name] = list(reader.column_reader(name))  # type: ignore[attr-defined]
    labels = {name: [_split(value) for value in values[name]] for name in _FACETS}
    columns = SegmentColumns(values, labels)
    with _lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[segment_id] = columns
    return columns


def _segment_key(reader: object) -> str:
    segment = reader.segment()  # type: ignore[attr-defined]
    return segment.segment_id() if segment is not None else f"ram-{id(reader)}"


class ColumnView:
    """Column values of a whole searcher, by global docnum."""

    def __init__(self, searcher: Searcher) -> None:
        self._parts: list[tuple[int, SegmentColumns]] = []
        for reader, base in searcher.reader().leaf_readers():
            self._parts.append((base, _read_segment(reader, _segment_key(reader))))
        self._parts.sort(key=lambda part: part[0])
        self._bases = [base for base, _ in self._parts]

    def _locate(self, docnum: int) -> tuple[SegmentColumns, int]:
        low, high = 0, len(self._bases) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._bases[middle] <= docnum:
                low = middle
            else:
                high = middle - 1
        base, columns = self._parts[low]
        return columns, docnum - base

    def value(self, name: str, docnum: int) -> object:
        columns, local = self._locate(docnum)
        return columns.values[name][local]

    def rows(self, docnums: Iterable[int], names: tuple[str, ...]) -> Iterable[tuple[object, ...]]:
        """(value of each name) for each docnum, in order."""
        for docnum in docnums:
            columns, local = self._locate(docnum)
            yield tuple(columns.values[name][local] for name in names)


@dataclass(frozen=True)
class SegmentMatches:
    """The pages of one segment that match a query: segment docnums in order, and their
    scores when the match was scored."""

    base: int
    columns: SegmentColumns
    docnums: list[int]
    scores: list[float]


def match(searcher: Searcher, query: wq.Query, scored: bool = True) -> list[SegmentMatches]:
    """Every page matching `query`, segment by segment, in one pass over the postings: with
    its score (the searcher's weighting) when `scored`, so that ranking needs no second
    search. Deleted pages never match (Whoosh's segment matchers leave them out)."""
    context = searcher.context(needs_current=scored) if scored else searcher.boolean_context()
    found = []
    for subsearcher, base in searcher.leaf_searchers():
        reader = subsearcher.reader()
        columns = _read_segment(reader, _segment_key(reader))
        matcher = query.matcher(subsearcher, context)
        docnums: list[int] = []
        scores: list[float] = []
        if scored:
            matcher = matcher.replace(0)
            add_docnum, add_score = docnums.append, scores.append
            while matcher.is_active():
                add_docnum(matcher.id())
                add_score(matcher.score())
                matcher.next()
        elif matcher.is_active():
            docnums.extend(matcher.all_ids())
        found.append(SegmentMatches(base, columns, docnums, scores))
    return found


def best(matches: list[SegmentMatches], limit: int) -> list[tuple[float, int]]:
    """(score, global docnum) of the `limit` best-scored pages, ties to the lower docnum."""
    ranked = heapq.nlargest(
        limit,
        (
            (score, -(part.base + docnum))
            for part in matches
            for docnum, score in zip(part.docnums, part.scores, strict=True)
        ),
    )
    return [(score, -negative) for score, negative in ranked]


@dataclass(frozen=True)
class MatchSummary:
    """What all matching pages add up to: counts, facets, timeline, pages per document."""

    total_pages: int
    pages_per_doc: dict[str, int]
    date_by_doc: dict[str, int]
    facets: dict[str, dict[str, int]]
    timeline: dict[str, int]
    matches: list[SegmentMatches]


def count_pages_per_doc(matches: list[SegmentMatches]) -> dict[str, int]:
    """doc_id -> how many of its pages match."""
    pages_per_doc: Counter[str] = Counter()
    for part in matches:
        pages_per_doc.update(map(part.columns.values["doc_id"].__getitem__, part.docnums))  # type: ignore[arg-type]
    return dict(pages_per_doc)


def docnums_by_doc(matches: list[SegmentMatches]) -> dict[str, list[int]]:
    """doc_id -> the global docnums of its matching pages, in docnum order."""
    grouped: dict[str, list[int]] = {}
    for part in matches:
        doc_ids = part.columns.values["doc_id"]
        for docnum in part.docnums:
            grouped.setdefault(str(doc_ids[docnum]), []).append(part.base + docnum)
    return grouped


def _split(value: object) -> tuple[str, ...]:
    return tuple(part for part in str(value or "").split(",") if part)


def _first_pages(matches: list[SegmentMatches]) -> list[tuple[SegmentColumns, dict[str, int]]]:
    """Per segment, each matching document's first matching page (segment docnum); a document
    is counted in the first segment it matches in."""
    found: list[tuple[SegmentColumns, dict[str, int]]] = []
    seen: set[str] = set()
    for part in matches:
        column = cast("list[str]", part.columns.values["doc_id"])
        doc_ids = map(column.__getitem__, reversed(part.docnums))
        # The last assignment wins: reversed, each document keeps its first matching page.
        firsts = dict(zip(doc_ids, reversed(part.docnums), strict=True))
        if not seen.isdisjoint(firsts):
            firsts = {doc_id: n for doc_id, n in firsts.items() if doc_id not in seen}
        seen.update(firsts)
        found.append((part.columns, firsts))
    return found


def _page_facets(matches: list[SegmentMatches]) -> dict[str, dict[str, int]]:
    """Page-level labels counted in documents: a document counts once per label."""
    facets = {}
    for name in PAGE_FACETS:
        pairs: set[tuple[str, tuple[str, ...]]] = set()
        for part in matches:
            doc_ids = map(part.columns.values["doc_id"].__getitem__, part.docnums)
            labels = map(part.columns.labels[name].__getitem__, part.docnums)
            pairs.update(zip(doc_ids, labels, strict=True))  # type: ignore[arg-type]
        per_doc = {(doc_id, label) for doc_id, found in pairs for label in found}
        facets[name] = dict(Counter(label for _, label in per_doc))
    return facets


def summarize(matches: list[SegmentMatches]) -> MatchSummary:
    """Facet counts (in documents), a month timeline and per-document page counts.

    Each step maps segment docnums through the cached column lists (C-level `map`, `zip`,
    `Counter`), so the cost per matching page is a few list look-ups."""
    pages_per_doc = count_pages_per_doc(matches)
    firsts = _first_pages(matches)
    facets: dict[str, dict[str, int]] = {}
    for name in DOCUMENT_FACETS:
        counts: Counter[str] = Counter()
        for columns, first in firsts:
            counts.update(
                chain.from_iterable(map(columns.labels[name].__getitem__, first.values()))
            )
        facets[name] = dict(counts)
    facets.update(_page_facets(matches))
    date_by_doc: dict[str, int] = {}
    for columns, first in firsts:
        dates = map(columns.values["date"].__getitem__, first.values())
        date_by_doc.update(zip(first, dates, strict=True))  # type: ignore[arg-type]
    timeline: Counter[str] = Counter(_month(date) for date in date_by_doc.values() if date)
    sorted_facets = {
        name: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        for name, counts in facets.items()
    }
    return MatchSummary(
        sum(len(part.docnums) for part in matches),
        pages_per_doc,
        date_by_doc,
        sorted_facets,
        dict(sorted(timeline.items())),
        matches,
    )


def _month(date: int) -> str:
    month = (date // 100) % 100
    return f"{date // 10000:04d}-{month:02d}" if month else f"{date // 10000:04d}"

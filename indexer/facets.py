"""Facet counts, timelines and page keys from the index's columns, cached per segment.

Whoosh segments never change once written, so their column values are read into plain lists
once and reused by every later search: counting facets over 30,000 matching pages then costs
list look-ups, not stored-field loads.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.searching import Searcher

# Document-level fields (the same on every page of a document) and page-level ones.
DOCUMENT_FACETS = ("type", "year", "source", "release", "entity", "format")
PAGE_FACETS = ("exemption", "ocr")
_COLUMNS = ("doc_id", "page", "date", "dup", *DOCUMENT_FACETS, *PAGE_FACETS)
_CACHE_LIMIT = 256


@dataclass(frozen=True)
class SegmentColumns:
    """Every column value of one segment, as lists indexed by segment docnum."""

    values: dict[str, list[object]]


_cache: dict[str, SegmentColumns] = {}
_lock = threading.Lock()


def _read_segment(reader: object, segment_id: str) -> SegmentColumns:
    with _lock:
        cached = _cache.get(segment_id)
    if cached is not None:
        return cached
    values: dict[str, list[object]] = {}
    for name in _COLUMNS:
        values[name] = list(reader.column_reader(name))  # type: ignore[attr-defined]
    columns = SegmentColumns(values)
    with _lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[segment_id] = columns
    return columns


class ColumnView:
    """Column values of a whole searcher, by global docnum."""

    def __init__(self, searcher: Searcher) -> None:
        self._parts: list[tuple[int, SegmentColumns]] = []
        for reader, base in searcher.reader().leaf_readers():
            segment = reader.segment()
            key = segment.segment_id() if segment is not None else f"ram-{id(reader)}"
            self._parts.append((base, _read_segment(reader, key)))
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
class MatchSummary:
    """What all matching pages add up to: counts, facets, timeline, pages per document."""

    total_pages: int
    pages_per_doc: dict[str, int]
    docnums_by_doc: dict[str, list[int]]
    date_by_doc: dict[str, int]
    facets: dict[str, dict[str, int]]
    timeline: dict[str, int]


def _split(value: object) -> list[str]:
    return [part for part in str(value or "").split(",") if part]


def summarize(view: ColumnView, docnums: Iterable[int]) -> MatchSummary:
    """Facet counts (in documents), a month timeline and per-document page counts."""
    pages_per_doc: Counter[str] = Counter()
    first_docnum: dict[str, int] = {}
    docnums_by_doc: dict[str, list[int]] = {}
    page_values: dict[str, set[tuple[str, str]]] = {name: set() for name in PAGE_FACETS}
    total = 0
    for docnum in docnums:
        total += 1
        columns, local = view._locate(docnum)
        doc_id = str(columns.values["doc_id"][local])
        pages_per_doc[doc_id] += 1
        first_docnum.setdefault(doc_id, docnum)
        docnums_by_doc.setdefault(doc_id, []).append(docnum)
        for name in PAGE_FACETS:
            for label in _split(columns.values[name][local]):
                page_values[name].add((doc_id, label))
    facets: dict[str, dict[str, int]] = {name: {} for name in (*DOCUMENT_FACETS, *PAGE_FACETS)}
    timeline: Counter[str] = Counter()
    date_by_doc: dict[str, int] = {}
    for doc_id, docnum in first_docnum.items():
        columns, local = view._locate(docnum)
        for name in DOCUMENT_FACETS:
            counts = facets[name]
            for label in _split(columns.values[name][local]):
                counts[label] = counts.get(label, 0) + 1
        date = int(columns.values["date"][local] or 0)  # type: ignore[call-overload]
        date_by_doc[doc_id] = date
        if date:
            month = (date // 100) % 100
            timeline[f"{date // 10000:04d}-{month:02d}" if month else f"{date // 10000:04d}"] += 1
    for name in PAGE_FACETS:
        counts = Counter(label for _, label in page_values[name])
        facets[name] = dict(counts)
    sorted_facets = {
        name: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        for name, counts in facets.items()
    }
    return MatchSummary(
        total,
        dict(pages_per_doc),
        docnums_by_doc,
        date_by_doc,
        sorted_facets,
        dict(sorted(timeline.items())),
    )

"""Pages per document and the labels of page-level facets that vary within a document, counted
inside tantivy by one aggregation, without a Python object per matching page.

tantivy refuses an aggregation of more than 65,000 buckets. A query matching more documents
than that (or as many label and document pairs) is counted in slices of the document numbers,
each half of the one that was refused, and the slices are added up: they share no document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from tantivy import FieldType, Occur, Order, Query, Schema, Searcher

from indexer.engines.tantivy.schema import VARIED_FIELDS
from indexer.errors import UnavailableError

# tantivy's limit on the buckets of one aggregation (AggregationLimits' default).
MAX_BUCKETS = 65_000
_KEY = itemgetter("key")
_COUNT = itemgetter("doc_count")


class TooManyBuckets(UnavailableError):
    """The aggregation of one slice was refused or left buckets out (counted in smaller
    slices; it reaches a caller only for one document with over MAX_BUCKETS labels)."""


@dataclass
class Counts:
    """What the matching pages add up to: pages per document number, and for each page-level
    facet, how many matching documents have a varied label on a matching page. Counted with
    `detail`, `labelled` also gives, per facet and label, docno -> its matching pages that
    carry the label."""

    pages: dict[int, int] = field(default_factory=dict)
    varied: dict[str, Counter[str]] = field(default_factory=dict)
    labelled: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.pages.update(other.pages)
        for name, counts in other.varied.items():
            self.varied.setdefault(name, Counter()).update(counts)
        for name, labels in other.labelled.items():
            mine = self.labelled.setdefault(name, {})
            for label, docs in labels.items():
                mine.setdefault(label, {}).update(docs)


def _terms(field: str, buckets: int) -> dict[str, Any]:
    """A terms aggregation in key order: no top-by-count selection to make (a third of the
    aggregation's time for a common word at 100,000 pages), and documents come in index order."""
    return {"terms": {"field": field, "size": buckets, "order": {"_key": "asc"}}}


def _request(buckets: int) -> dict[str, Any]:
    docs = _terms("docno", buckets)
    request: dict[str, Any] = {"docs": docs}
    for name, varied in VARIED_FIELDS.items():
        request[name] = {**_terms(varied, buckets), "aggs": {"docs": docs}}
    return request


def _complete(result: dict[str, Any]) -> bool:
    return not result.get("sum_other_doc_count") and not result.get("doc_count_error_upper_bound")


def _per_doc(buckets_of: list[dict[str, Any]]) -> dict[int, int]:
    return dict(zip(map(int, map(_KEY, buckets_of)), map(_COUNT, buckets_of), strict=True))


def _aggregate(searcher: Searcher, query: Query, buckets: int, detail: bool) -> Counts:
    try:
        found = searcher.aggregate(query, _request(buckets))
    except ValueError as error:
        if "bucket limit" in str(error):
            raise TooManyBuckets(str(error)) from error
        raise
    parts = [found["docs"], *(found[name] for name in VARIED_FIELDS)]
    parts += [bucket["docs"] for name in VARIED_FIELDS for bucket in found[name]["buckets"]]
    if not all(map(_complete, parts)):
        raise TooManyBuckets("an aggregation left buckets out")
    counts = Counts(pages=_per_doc(found["docs"]["buckets"]))
    for name in VARIED_FIELDS:
        buckets_of = found[name]["buckets"]
        counts.varied[name] = Counter({b["key"]: len(b["docs"]["buckets"]) for b in buckets_of})
        if detail:
            counts.labelled[name] = {b["key"]: _per_doc(b["docs"]["buckets"]) for b in buckets_of}
    return counts


def _highest_docno(searcher: Searcher, query: Query) -> int:
    hits = searcher.search(query, limit=1, count=False, order_by_field="docno", order=Order.Desc)
    return int(hits.hits[0][0]) if hits.hits else 0


def count(searcher: Searcher, schema: Schema, query: Query, detail: bool = False) -> Counts:
    """The counts of the pages `query` matches, documents in index order (document number);
    sliced by document number when one aggregation would hold more than MAX_BUCKETS
    buckets."""
    buckets = MAX_BUCKETS
    try:
        return _aggregate(searcher, query, buckets, detail)
    except TooManyBuckets:
        pass
    counts = Counts()
    pending = [(0, _highest_docno(searcher, query) + 1)]
    while pending:
        low, high = pending.pop()
        within = Query.range_query(schema, "docno", FieldType.Unsigned, low, high, True, False)
        sliced = Query.boolean_query([(Occur.Must, query), (Occur.Must, within)])
        try:
            counts.add(_aggregate(searcher, sliced, buckets, detail))
        except TooManyBuckets:
            if high - low <= 1:
                raise
            middle = (low + high) // 2
            pending += [(middle, high), (low, middle)]
    counts.pages = dict(sorted(counts.pages.items()))
    return counts

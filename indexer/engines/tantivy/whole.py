"""The counts of a query that matches most pages, as those of the whole index less the pages
it does not match.

A common word matches nearly every page of nearly every document: counting its matches makes
a bucket per document (19,344 of them at 100,000 pages), and every count derived from them
costs as much again in Python. Its complement (every page the query does not match) is small.
What every page adds up to is counted once per state of the index (`Whole`, kept until a
commit or a rebuild changes it); a query matching more than half the pages is then counted as
the whole less its complement: each document the complement touches loses the pages it holds
there, and drops out when none is left. The result is the direct count, exactly.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from tantivy import Occur, Query, Schema, Searcher

from indexer.engines.tantivy.counting import Counts, count
from indexer.engines.tantivy.tally import Tally, tally_of

if TYPE_CHECKING:
    from indexer.engines.tantivy.matching import Row, RowCache

# A query matching more than this share of the pages is counted by its complement.
COMPLEMENT_SHARE = 0.5
_DOC_ID = attrgetter("doc_id")


@dataclass(frozen=True)
class Whole:
    """What every page of one state of the index (`generation`) adds up to: its counts
    (with the pages carrying each varied label), the rows of its documents, pages per doc_id
    and the tally of every document."""

    generation: int
    counts: Counts
    rows: Mapping[int, Row]
    pages_per_doc: dict[str, int]
    tally: Tally


@dataclass(frozen=True)
class Remainder:
    """A query's counts as the `whole` less its complement: `removed`, the documents none of
    whose pages match; `changed`, those that lost some pages and kept others."""

    whole: Whole
    counts: Counts
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)

    def pages_per_doc(self) -> dict[str, int]:
        """doc_id -> matching pages, from the whole's mapping."""
        found = dict(self.whole.pages_per_doc)
        rows, pages = self.whole.rows, self.counts.pages
        for docno in self.removed:
            del found[_DOC_ID(rows[docno])]
        for docno in self.changed:
            found[_DOC_ID(rows[docno])] = pages[docno]
        return found


class Wholes:
    """The Whole of the index state last asked for."""

    def __init__(self) -> None:
        self._whole: Whole | None = None
        self._lock = threading.Lock()

    def get(self, searcher: Searcher, schema: Schema, generation: int, cache: RowCache) -> Whole:
        """The whole of `searcher`, whose index state is `generation`."""
        whole = self._whole
        if whole is not None and whole.generation == generation:
            return whole
        counts = count(searcher, schema, Query.all_query(), detail=True)
        rows = cache.rows(searcher, schema, counts.pages)
        docnos = counts.pages.keys()
        row_map = cache.row_map(docnos, rows)
        pages_per_doc = dict(zip(map(_DOC_ID, rows), counts.pages.values(), strict=True))
        whole = Whole(generation, counts, row_map, pages_per_doc, tally_of(docnos, row_map))
        with self._lock:
            self._whole = whole
        return whole


def complement(query: Query) -> Query:
    """Every page `query` does not match."""
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, query)])


def remainder(whole: Whole, missing: Counts) -> Remainder:
    """The counts of a query from the whole and `missing`, the counts (with detail) of the
    pages it does not match."""
    pages = dict(whole.counts.pages)
    removed, changed = [], []
    for docno, gone in missing.pages.items():
        left = pages[docno] - gone
        if left:
            pages[docno] = left
            changed.append(docno)
        else:
            del pages[docno]
            removed.append(docno)
    varied: dict[str, Counter[str]] = {}
    for name, labels in whole.counts.labelled.items():
        lost = missing.labelled.get(name, {})
        found: Counter[str] = Counter()
        for label, carrying in labels.items():
            # A document keeps the label unless every page carrying it is missing.
            out = lost.get(label, {})
            kept = len(carrying) - sum(1 for docno, n in out.items() if carrying[docno] == n)
            if kept:
                found[label] = kept
        varied[name] = found
    return Remainder(whole, Counts(pages=pages, varied=varied), removed, changed)

"""Facet pairs and months of the documents a query matches, counted by difference from the
largest set counted before.

A common word matches nearly every document, and counting the facet labels of 5,000 documents
one by one takes milliseconds. A document's row never changes (a document number is never
reused), so the counts of a set of documents are the counts of another set, minus the documents
only that one holds, plus those only this one holds. The largest set counted so far is kept,
with the rows it counted, so that a query matching most of the corpus counts only the few
documents it lacks. The result is the direct count, exactly (a label counted zero times is left
out either way).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Set as AbstractSet
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.engines.tantivy.matching import Row

_PAIRS = attrgetter("pairs")
_MONTH = attrgetter("month")


@dataclass(frozen=True)
class Tally:
    """The (facet slot, label) pair numbers and months of the documents numbered `docnos`
    (their rows in `rows`, which may hold others), counted."""

    docnos: AbstractSet[int]
    rows: Mapping[int, Row]
    pairs: Counter[int]
    months: Counter[str | None]


def _count(rows: Iterable[Row]) -> tuple[Counter[int], Counter[str | None]]:
    listed = list(rows)
    return Counter(chain.from_iterable(map(_PAIRS, listed))), Counter(map(_MONTH, listed))


class Tallies:
    """Counts the documents of one query at a time, keeping the largest set counted."""

    def __init__(self) -> None:
        self._largest: Tally | None = None
        self._lock = threading.Lock()

    def tally(self, docnos: AbstractSet[int], rows: Mapping[int, Row]) -> Tally:
        """The counts of the documents numbered `docnos`, whose rows `rows` holds. It may hold
        others and grow (the engine's row cache), but the rows of `docnos` must stay: the
        largest tally keeps `rows` to count later differences (a row never changes, and a
        cache dropped whole is replaced, not emptied)."""
        largest = self._largest
        if largest is not None:
            gone = largest.docnos - docnos
            added = docnos - largest.docnos
            if len(gone) + len(added) < len(docnos):
                return difference(largest, docnos, rows, gone, added)
        counted = tally_of(docnos, rows)
        with self._lock:
            if self._largest is None or len(docnos) > len(self._largest.docnos):
                self._largest = counted
        return counted


def difference(
    counted: Tally,
    docnos: AbstractSet[int],
    rows: Mapping[int, Row],
    gone: Iterable[int],
    added: Iterable[int],
) -> Tally:
    """The tally of `docnos` (rows in `rows`) from one `counted` before: its counts less the
    documents `gone` (all of which it counted), plus those `added`."""
    pairs, months = Counter(counted.pairs), Counter(counted.months)
    gone_pairs, gone_months = _count(map(counted.rows.__getitem__, gone))
    added_pairs, added_months = _count(map(rows.__getitem__, added))
    pairs.subtract(gone_pairs)
    pairs.update(added_pairs)
    months.subtract(gone_months)
    months.update(added_months)
    return Tally(docnos, rows, +pairs, +months)


def tally_of(docnos: AbstractSet[int], rows: Mapping[int, Row]) -> Tally:
    """The tally of `docnos`, counted one by one (their rows in `rows`)."""
    pairs, months = _count(map(rows.__getitem__, docnos))
    return Tally(docnos, rows, pairs, months)

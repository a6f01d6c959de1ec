"""BM25F with each segment's field lengths read once into an array.

Whoosh's BM25F looks up a page's field length through the reader for every posting it
scores (a few microseconds each, most of the cost of scoring a common word). Segments never
change once written, so their length columns are read once, kept per segment, and the
scorer indexes an array instead. Scores are the same numbers: the lengths are Whoosh's own
(quantised) values.
"""

from __future__ import annotations

import threading
from array import array
from typing import Any

from whoosh import scoring
from whoosh.searching import Searcher

_CACHE_LIMIT = 512

_lengths: dict[tuple[str, str], array[int]] = {}
_lock = threading.Lock()


def _segment_lengths(searcher: Searcher, fieldname: str) -> array[int] | None:
    """The field lengths of every page of the searcher's segment, or None when the searcher
    is not a single segment's."""
    reader = searcher.reader()
    segment = reader.segment() if reader.is_atomic() else None
    if segment is None:
        return None
    key = (segment.segment_id(), fieldname)
    with _lock:
        found = _lengths.get(key)
    if found is not None:
        return found
    length_of = reader.doc_field_length
    values = array("I", (length_of(n, fieldname, 1) or 0 for n in range(reader.doc_count_all())))
    with _lock:
        if len(_lengths) >= _CACHE_LIMIT:
            _lengths.clear()
        _lengths[key] = values
    return values


class CachedLengthBM25F(scoring.BM25F):  # type: ignore[misc]
    """Whoosh's BM25F (same parameters, same scores) scoring from cached field lengths."""

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            lengths = _segment_lengths(searcher, fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer

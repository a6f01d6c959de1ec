"""Docket numbers typed in a query: "1:14-cv-06117", "14 Civ. 6117", "No. 19-4521" -> case:key.

The typed words are read by the same finder that writes the `case` field at index time
(`indexer.enrich.dockets`), so every court style of a case is one key: the span (its label
such as "Civil Action No." and a judge's initials such as "(JMF)" included) gets the form
`Keyed("case", key)`. A typed type is kept ("21-cr-77" finds no "21-cv-77"); a docket typed
without one ("No. 19-4521", "Civil Action No. 19-4521") finds every type of that number.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from indexer.enrich.dockets import find_dockets
from indexer.search.equivalence.core import Keyed, Segment, Vocabulary

KIND = "dockets"
FIELD = "case"
# What may stand around a docket inside the first and last typed word: "(No." "345),"
_LEADING_MARKS = "(\"'["
_TRAILING_MARKS = ").,;:\"']"


def _bounds(words: Sequence[str]) -> tuple[str, list[int], list[int]]:
    """The words joined by single spaces, and each word's start and end in that text."""
    starts, ends, cursor = [], [], 0
    for word in words:
        starts.append(cursor)
        ends.append(cursor + len(word))
        cursor += len(word) + 1
    return " ".join(words), starts, ends


def _first_word(start: int, text: str, starts: list[int]) -> int | None:
    """The word a docket starts in, when only opening marks stand before it there."""
    index = bisect.bisect_right(starts, start) - 1
    return None if text[starts[index] : start].strip(_LEADING_MARKS) else index


def _last_word(end: int, text: str, ends: list[int]) -> int | None:
    """The word a docket ends in, when only closing marks follow it there."""
    index = bisect.bisect_left(ends, end)
    return None if text[end : ends[index]].strip(_TRAILING_MARKS) else index


def segments(words: Sequence[str], vocabulary: Vocabulary) -> Iterator[Segment]:
    """A segment for each run of typed words that is one docket, with its `case` key."""
    text, starts, ends = _bounds(words)
    for docket in find_dockets(text):
        first = _first_word(docket.start, text, starts)
        last = _last_word(docket.end, text, ends)
        if first is not None and last is not None:
            yield Segment(first, last + 1, KIND, (Keyed(FIELD, docket.query_key),))

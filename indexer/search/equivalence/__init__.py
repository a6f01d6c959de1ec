"""Equivalence classes of issue 11: the other ways records write what a user typed.

`segments(words, vocabulary)` runs every recogniser in `RECOGNISERS` over the typed words and
returns the chosen non-overlapping spans (see `core`). A new class is one module with a
`segments(words, vocabulary)` function and one line in `RECOGNISERS`.
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.search.equivalence import citations, numbers, roman
from indexer.search.equivalence.core import (
    EMPTY_VOCABULARY,
    Form,
    Keyed,
    Recogniser,
    Segment,
    Vocabulary,
    choose,
    form_text,
)

# (class name, recogniser), in priority order: a longer span wins, then the earlier class.
RECOGNISERS: list[tuple[str, Recogniser]] = [
    (citations.KIND, citations.segments),
    (roman.KIND, roman.segments),
    (numbers.KIND, numbers.segments),
]


def segments(words: Sequence[str], vocabulary: Vocabulary = EMPTY_VOCABULARY) -> list[Segment]:
    """The spans of `words` that some class knows other spellings of."""
    found: list[Segment] = []
    for _, recognise in RECOGNISERS:
        found.extend(recognise(words, vocabulary))
    return choose(found, [name for name, _ in RECOGNISERS])


__all__ = [
    "EMPTY_VOCABULARY",
    "RECOGNISERS",
    "Form",
    "Keyed",
    "Segment",
    "Vocabulary",
    "form_text",
    "segments",
]

"""Typed words as index terms, one a position, each term knowing the typed word it came from.

Recognisers read terms, not raw words, so that every spelling the tokenizer already unifies
reads the same: "45%", "45 %" and "45 percent" are all `45 percent`; "F.Supp.2d" and
"F. Supp. 2d" are both `f supp 2d`; "§" is `section`. A span of terms becomes a `Segment`
only when it starts and ends on typed-word boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indexer.search.equivalence.core import Form, Segment
from indexer.text.terms import iter_terms


def word_terms(word: str) -> tuple[str, ...]:
    """The terms of one typed word at successive positions (a compound's parts, not its
    closed form): "forty-five" -> ("forty", "five"), "§§" -> ("section",)."""
    by_position: dict[int, str] = {}
    for term, position, _, _ in iter_terms(word):
        by_position[position] = term
    return tuple(by_position[position] for position in sorted(by_position))


@dataclass(frozen=True)
class Typed:
    """The words as typed, their terms in a row, and the typed word of each term."""

    words: tuple[str, ...]
    terms: tuple[str, ...]
    word_of: tuple[int, ...]

    @classmethod
    def of(cls, words: Sequence[str]) -> Typed:
        terms: list[str] = []
        word_of: list[int] = []
        for index, word in enumerate(words):
            for term in word_terms(word):
                terms.append(term)
                word_of.append(index)
        return cls(tuple(words), tuple(terms), tuple(word_of))

    def __len__(self) -> int:
        return len(self.terms)

    def starts_word(self, index: int) -> bool:
        """Whether term `index` is the first term of its typed word."""
        return index == 0 or self.word_of[index - 1] != self.word_of[index]

    def ends_word(self, end: int) -> bool:
        """Whether a span ending before term `end` ends on a typed word's last term."""
        return end == len(self.terms) or self.word_of[end] != self.word_of[end - 1]

    def word_end(self, index: int) -> int:
        """The end (exclusive) of the terms of the typed word holding term `index`."""
        end = index + 1
        while not self.ends_word(end):
            end += 1
        return end

    def raw_word(self, index: int) -> str:
        """The typed word that term `index` comes from, exactly as typed."""
        return self.words[self.word_of[index]]

    def segment(self, start: int, end: int, kind: str, forms: Iterable[Form]) -> Segment | None:
        """The segment of terms [start, end) with `forms` other than the typed terms
        themselves (each once, in order); None when none is left or the span does not
        begin and end on typed-word boundaries."""
        if not (0 <= start < end <= len(self.terms)):
            return None
        if not (self.starts_word(start) and self.ends_word(end)):
            return None
        typed = self.terms[start:end]
        kept = tuple(dict.fromkeys(form for form in forms if form != typed))
        if not kept:
            return None
        return Segment(self.word_of[start], self.word_of[end - 1] + 1, kind, kept)

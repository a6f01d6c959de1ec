"""Term statistics and expansion from one tantivy searcher: document frequency, page count,
terms by prefix, terms within an edit distance (Whoosh's plain Levenshtein distance).

The bindings list a field's terms by prefix but have no term automaton, so the terms within
an edit distance are the prefix's terms of a near length, measured with Hyyrö's bit-parallel
Levenshtein distance (a few integer operations per letter, not a table per pair).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tantivy import Searcher


def distance_from(word: str) -> Callable[[str], int]:
    """The Levenshtein distance (insertions, deletions, substitutions) of `word` to another
    word, with `word`'s letter masks computed once for every word it is measured against."""
    full = (1 << len(word)) - 1
    last = 1 << max(len(word) - 1, 0)
    equal: dict[str, int] = {}
    for i, char in enumerate(word):
        equal[char] = equal.get(char, 0) | (1 << i)

    def measure(other: str) -> int:
        if not word:
            return len(other)
        plus, minus, score = full, 0, len(word)
        for char in other:
            eq = equal.get(char, 0)
            vertical = eq | minus
            horizontal = (((eq & plus) + plus) ^ plus) | eq
            h_plus = minus | (~(horizontal | plus) & full)
            h_minus = plus & horizontal
            if h_plus & last:
                score += 1
            elif h_minus & last:
                score -= 1
            h_plus = ((h_plus << 1) | 1) & full
            h_minus = (h_minus << 1) & full
            plus = h_minus | (~(vertical | h_plus) & full)
            minus = h_plus & vertical
        return score

    return measure


class TantivyLexicon:
    """Term statistics of the index as last committed (one searcher, one query's look-ups)."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._by_prefix: dict[tuple[str, str], list[str]] = {}

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._searcher.doc_freq(field, term))

    def doc_count(self) -> int:
        return int(self._searcher.num_docs)

    def _terms(self, field: str, prefix: str) -> list[str]:
        key = (field, prefix)
        if key not in self._by_prefix:
            found = self._searcher.terms_with_prefix(field, prefix)
            self._by_prefix[key] = sorted(term for term, _ in found)
        return self._by_prefix[key]

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        yield from self._terms(field, prefix)

    def terms_within(self, field: str, term: str, distance: int, prefix: int) -> Iterator[str]:
        low, high = len(term) - distance, len(term) + distance
        measure = distance_from(term)
        for found in self._terms(field, term[:prefix]):
            if low <= len(found) <= high and measure(found) <= distance:
                yield found

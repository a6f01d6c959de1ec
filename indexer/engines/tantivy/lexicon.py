"""Term statistics and expansion from one tantivy searcher: document frequency, page count,
terms by prefix, terms within an edit distance (Whoosh's plain Levenshtein distance)."""

from __future__ import annotations

from collections.abc import Iterator

from tantivy import Searcher


def edit_distance(left: str, right: str, limit: int) -> int:
    """The Levenshtein distance of two words, or `limit + 1` once it is sure to exceed it."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous = list(range(len(right) + 1))
    for i, char in enumerate(left, 1):
        current = [i]
        for j, other in enumerate(right, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class TantivyLexicon:
    """Term statistics of the index as last committed."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._searcher.doc_freq(field, term))

    def doc_count(self) -> int:
        return int(self._searcher.num_docs)

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        yield from sorted(term for term, _ in self._searcher.terms_with_prefix(field, prefix))

    def terms_within(self, field: str, term: str, distance: int, prefix: int) -> Iterator[str]:
        for found in self.expand_prefix(field, term[:prefix]):
            if edit_distance(found, term, distance) <= distance:
                yield found

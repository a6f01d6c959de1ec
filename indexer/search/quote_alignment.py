"""Lining a passage up with a window of page words: the stretch of the passage that stands
on the page in order, found from the pairs of neighbouring words they share."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.search.quote_words import Window

MIN_MATCH_WORDS = 3


@dataclass(frozen=True)
class Stretch:
    """The best aligned stretch of the passage in a window."""

    covered: int
    pages: tuple[int, ...]
    words: dict[int, tuple[int, int]]  # page -> (first, last) index of its matched words


class Passage:
    """The passage's words and where each pair of neighbouring words stands in it."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.pairs: dict[tuple[str, str], list[int]] = {}
        for index, pair in enumerate(zip(words, words[1:], strict=False)):
            self.pairs.setdefault(pair, []).append(index)
        # Dropped words and ellipses shift the rest of the passage along the page.
        self.drift = 6 + len(words) // 5


def _band(votes: list[tuple[int, int, int]], drift: int) -> list[tuple[int, int, int]]:
    """The votes (offset, window place, passage place), sorted, of the band of offsets at most
    `drift` wide that covers the most passage words."""
    covered: dict[int, int] = {}
    best, best_range, left = 0, (0, -1), 0
    for right, (offset, _, index) in enumerate(votes):
        for position in (index, index + 1):
            covered[position] = covered.get(position, 0) + 1
        while offset - votes[left][0] > drift:
            for position in (votes[left][2], votes[left][2] + 1):
                covered[position] -= 1
                if not covered[position]:
                    del covered[position]
            left += 1
        if len(covered) > best:
            best, best_range = len(covered), (left, right)
    return votes[best_range[0] : best_range[1] + 1]


def _positions(votes: list[tuple[int, int, int]]) -> set[int]:
    return {position for _, _, index in votes for position in (index, index + 1)}


def best_stretch(passage: Passage, window: Window) -> Stretch | None:
    """The stretch of the window that holds the most of the passage in order.

    Each pair of neighbouring words the window shares with the passage votes for an offset
    (its place in the window minus its place in the passage); on each page, the band of
    offsets as wide as dropped words can shift it that covers the most passage words wins.
    Unlike a longest-match alignment, a phrase repeated elsewhere on the page cannot pull the
    stretch apart. The best page's band is then joined by the band of the page before or after
    it when that one holds the passage's beginning or end: running heads, footers and Bates
    stamps between them shift the offset by any amount.
    """
    by_page: dict[int, list[tuple[int, int, int]]] = {}
    words = window.words
    for at, pair in enumerate(zip(words, words[1:], strict=False)):
        for index in passage.pairs.get(pair, ()):
            by_page.setdefault(window.locate(at)[0], []).append((at - index, at, index))
    bands = {page: _band(sorted(votes), passage.drift) for page, votes in by_page.items()}
    if not bands:
        return None
    main = max(bands, key=lambda page: (len(_positions(bands[page])), page == window.page))
    chosen = {main: bands[main]}
    covered = _positions(bands[main])
    enough = max(MIN_MATCH_WORDS, len(passage.words) // 10)
    for page, is_after in ((main - 1, False), (main + 1, True)):
        extra = _positions(bands.get(page, [])) - covered
        # The page after holds more of the passage's end, the page before of its beginning.
        in_order = extra and (min(extra) > min(covered) if is_after else max(extra) < max(covered))
        if len(extra) >= enough and in_order:
            chosen[page] = bands[page]
            covered |= extra
    if len(covered) < MIN_MATCH_WORDS:
        return None
    spans = {}
    for page, votes in chosen.items():
        places = [window.locate(place)[1] for _, at, _ in votes for place in (at, at + 1)]
        spans[page] = (min(places), max(places))
    return Stretch(len(covered), tuple(sorted(chosen)), spans)

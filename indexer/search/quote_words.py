"""The words of a pasted passage and of the pages it may come from, for the quote finder.

Words are folded and a word hyphenated across a line break is one word; a page word one letter
away from a passage word (OCR noise, a typo) counts as that word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from indexer.store.database import Store
from indexer.text.terms import fold

MAX_QUOTE_CHARS = 5_000
FUZZY_MIN_LENGTH = 4  # shorter words are too alike to be matched one letter apart

_WORD_RE = re.compile(r"\w+(?:-[ \t]*\r?\n[ \t]*\w+)*")
_LINE_BREAK_HYPHEN_RE = re.compile(r"-[ \t]*\r?\n[ \t]*")
# An ellipsis stands for left-out words: "…", "...", ". . .", "[...]", "[…]".
_GAP_RE = re.compile(r"\[\s*(?:…|\.(?:\s?\.){2,})\s*\]|…|\.(?:\s?\.){2,}")


def _fold(raw: str) -> str:
    if "\n" in raw:
        raw = _LINE_BREAK_HYPHEN_RE.sub("", raw)
    return raw if raw.isascii() else fold(raw)


def words_of(text: str) -> list[str]:
    """The folded words of `text`; a word hyphenated across a line break is one word."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: word by word
        return [fold(_LINE_BREAK_HYPHEN_RE.sub("", raw)) for raw in _WORD_RE.findall(text)]
    found = _WORD_RE.findall(lowered)
    if lowered.isascii() and not _LINE_BREAK_HYPHEN_RE.search(lowered):
        return found
    return [_fold(raw) if "\n" in raw or not raw.isascii() else raw for raw in found]


def word_spans(text: str) -> list[tuple[int, int]]:
    """The character span of each word of `words_of(text)`."""
    return [match.span() for match in _WORD_RE.finditer(text)]


def prepare_quote(text: str) -> tuple[list[str], str | None]:
    """The passage's words (ellipses dropped) and a notice when it had to be cut."""
    notice = None
    if len(text) > MAX_QUOTE_CHARS:
        cut = text.rfind(" ", 0, MAX_QUOTE_CHARS)
        text = text[: cut if cut > MAX_QUOTE_CHARS // 2 else MAX_QUOTE_CHARS]
        notice = (
            f"The passage was cut to its first {len(text):,} characters"
            f" (at most {MAX_QUOTE_CHARS:,} are looked for)."
        )
    return words_of(_GAP_RE.sub(" ", text)), notice


def _deletions(word: str) -> Iterator[str]:
    for index in range(len(word)):
        yield word[:index] + word[index + 1 :]


class Vocabulary:
    """The passage's words, and a page word's passage word when they are one letter apart
    (one added, dropped, changed, or two swapped), so that OCR noise and typos still align."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = set(words)
        self.near: dict[str, str] = {}
        for word in sorted(self.words):
            if len(word) >= FUZZY_MIN_LENGTH:
                self.near.setdefault(word, word)
                for variant in _deletions(word):
                    self.near.setdefault(variant, word)
        fuzzy = set(self.near.values())
        self.lengths = {len(w) + step for w in fuzzy for step in (-1, 0, 1)}
        # One slip leaves a word's first two or its last two letters alone (but for two
        # swapped in the middle of a four-letter word): a cheap test before the look-ups.
        self.ends = {w[:2] for w in fuzzy} | {w[-2:] for w in fuzzy}
        self.known: dict[str, str] = {}

    def normalize(self, word: str) -> str:
        if (
            word in self.words
            or len(word) not in self.lengths
            or (word[:2] not in self.ends and word[-2:] not in self.ends)
        ):
            return word
        found = self.known.get(word)
        if found is None:
            found = self.near.get(word) or next(
                (self.near[v] for v in _deletions(word) if v in self.near), word
            )
            self.known[word] = found
        return found


class PageWords:
    """The texts of the candidate pages and of the pages either side of them, each page's
    words read and normalized once."""

    def __init__(
        self, store: Store, candidates: list[tuple[str, int, float]], vocabulary: Vocabulary
    ) -> None:
        wanted: dict[str, set[int]] = {}
        for doc_id, page, _ in candidates:
            wanted.setdefault(doc_id, set()).update((page - 1, page, page + 1))
        self.texts = {
            (doc_id, page): text
            for doc_id, pages in wanted.items()
            for page, text in store.page_texts(doc_id, sorted(pages)).items()
        }
        self.vocabulary = vocabulary
        self._words: dict[tuple[str, int], list[str]] = {}

    def words(self, doc_id: str, page: int) -> list[str]:
        key = (doc_id, page)
        if key not in self._words:
            found = words_of(self.texts.get(key, ""))
            normalized = {word: self.vocabulary.normalize(word) for word in set(found)}
            self._words[key] = [normalized[word] for word in found]
        return self._words[key]


@dataclass(frozen=True)
class Window:
    """A candidate page with the end of the page before it and the start of the one after."""

    doc_id: str
    page: int
    rank_score: float
    words: list[str]
    parts: list[tuple[int, int, int]]  # (page, first window index, its index in the page)

    def locate(self, index: int) -> tuple[int, int]:
        """(page, index of the word in its page) of a window index."""
        for page, start, offset in reversed(self.parts):
            if index >= start:
                return page, index - start + offset
        raise IndexError(index)


def window_around(
    pages: PageWords, doc_id: str, page: int, reach: int, rank_score: float
) -> Window:
    words: list[str] = []
    parts = []
    before = pages.words(doc_id, page - 1)
    if before:
        parts.append((page - 1, 0, max(0, len(before) - reach)))
        words += before[-reach:]
    parts.append((page, len(words), 0))
    words += pages.words(doc_id, page)
    after = pages.words(doc_id, page + 1)
    if after:
        parts.append((page + 1, len(words), 0))
        words += after[:reach]
    return Window(doc_id, page, rank_score, words, parts)

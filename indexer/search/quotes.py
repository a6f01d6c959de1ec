"""Quote finder: the pages a pasted passage came from, best first, even a damaged one.

A passage pasted from a release is rarely the page's text: OCR noise, line breaks moved, curly
quotes, an ellipsis for left-out words, dropped words and swapped letters, and it may run over
a page break. Candidate pages come from one search for the rarest words of each third of the
passage (the two rarest together, the rare ones alone); the most promising candidates, each with
the end of the page before it and the start of the page after it, are then lined up with the
passage by the pairs of neighbouring words they share, words one letter apart counting as equal.
The score is the share of the passage's words the best stretch holds, in order.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from indexer.model.refs import PageRef
from indexer.search.engine import Engine, Lexicon
from indexer.search.index_query import AllOf, AnyOf, IndexQuery, Term
from indexer.store.database import Store
from indexer.text.terms import fold

MAX_QUOTE_CHARS = 5_000
# Rare words asked for in each third of the passage, so that both halves of a passage that
# runs over a page break bring their page. A word on more than COMMON_SHARE of the pages (at
# least COMMON_PAGES) is not rare.
TERMS_PER_PART = 8
COMMON_SHARE = 0.02
COMMON_PAGES = 50
CANDIDATE_PAGES = 60
ALIGNED_WINDOWS = 8  # candidates lined up word by word, the ones sharing most word pairs
MIN_MATCH_WORDS = 3
MIN_SCORE = 0.2
SURE_MATCH_WORDS = 20  # so many passage words in order are never chance, however long it is
FUZZY_MIN_LENGTH = 4  # shorter words are too alike to be matched one letter apart
CONTEXT_CHARS = 80
MAX_MARKED_CHARS = 600

_WORD_RE = re.compile(r"\w+(?:-[ \t]*\r?\n[ \t]*\w+)*")
_LINE_BREAK_HYPHEN_RE = re.compile(r"-[ \t]*\r?\n[ \t]*")
# An ellipsis stands for left-out words: "…", "...", ". . .", "[...]", "[…]".
_GAP_RE = re.compile(r"\[\s*(?:…|\.(?:\s?\.){2,})\s*\]|…|\.(?:\s?\.){2,}")


@dataclass(frozen=True)
class QuoteMatch:
    doc_id: str
    page: int
    page_end: int  # the same as `page` unless the passage runs onto the next page
    score: float  # share of the passage's words found in order, 0-1
    snippet: str  # HTML: the matching stretch in <mark>, everything else escaped
    title: str = ""
    path: str = ""
    bates: str | None = None

    @property
    def ref(self) -> PageRef:
        """The page the passage starts on."""
        return PageRef(self.doc_id, self.page)

    @property
    def url(self) -> str:
        return self.ref.url

    def to_json(self) -> dict[str, Any]:
        ref = self.ref.to_json()
        return {
            "doc_id": ref["doc_id"],
            "page": ref["page"],
            "page_end": self.page_end,
            "score": round(self.score, 3),
            "title": self.title,
            "path": self.path,
            "bates": self.bates,
            "url": ref["url"],
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class QuoteResult:
    matches: tuple[QuoteMatch, ...]
    notice: str | None = None
    words: int = 0  # words of the passage that were looked for
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "notice": self.notice,
            "words": self.words,
            "matches": [match.to_json() for match in self.matches],
        }


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


def _spans(text: str) -> list[tuple[int, int]]:
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


class _Vocabulary:
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


class _Pages:
    """The texts of the candidate pages and of the pages either side of them, each page's
    words read and normalized once."""

    def __init__(
        self, store: Store, candidates: list[tuple[str, int, float]], vocabulary: _Vocabulary
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
class _Window:
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


def _window(pages: _Pages, doc_id: str, page: int, reach: int, rank_score: float) -> _Window:
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
    return _Window(doc_id, page, rank_score, words, parts)


@dataclass(frozen=True)
class _Stretch:
    """The best aligned stretch of the passage in a window."""

    covered: int
    pages: tuple[int, ...]
    words: dict[int, tuple[int, int]]  # page -> (first, last) index of its matched words


def _candidate_query(lexicon: Lexicon, words: Sequence[str]) -> IndexQuery | None:
    """What finds the candidate pages: for each third of the passage, its two rarest indexed
    words together, and each of its words on at most COMMON_SHARE of the pages alone. A word
    on more pages only counts beside another: alone it would have the search score most of
    the index. None when no word of the passage is indexed."""
    most = max(COMMON_PAGES, int(lexicon.doc_count() * COMMON_SHARE))
    clauses: list[IndexQuery] = []
    third = max(1, len(words) // 3 + 1)
    for start in range(0, len(words), third):
        part = {word for word in words[start : start + third] if len(word) > 2}
        counted = sorted((lexicon.doc_frequency("exact", word), word) for word in part)
        counted = [(count, word) for count, word in counted if count]
        if len(counted) >= 2:
            clauses.append(AllOf(tuple(Term("exact", word) for _, word in counted[:2])))
        rare = [word for count, word in counted if count <= most][:TERMS_PER_PART]
        if len(counted) == 1:  # a third of one indexed word: it counts, common or not
            rare = [counted[0][1]]
        clauses += [Term("exact", word) for word in rare]
    return AnyOf(tuple(clauses)) if clauses else None


class _Passage:
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


def _best_stretch(passage: _Passage, window: _Window) -> _Stretch | None:
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
    return _Stretch(len(covered), tuple(sorted(chosen)), spans)


def _context(text: str, start: int, end: int) -> str:
    """The stretch [start, end) of one page in <mark>, with some words around it, as HTML."""
    before = max(0, start - CONTEXT_CHARS)
    while before > 0 and not text[before - 1].isspace():
        before -= 1
    after = min(len(text), end + CONTEXT_CHARS)
    while after < len(text) and not text[after].isspace():
        after += 1
    if end - start > MAX_MARKED_CHARS:
        middle = (
            f"<mark>{escape(text[start : start + MAX_MARKED_CHARS * 2 // 3])}</mark> … "
            f"<mark>{escape(text[end - MAX_MARKED_CHARS // 3 : end])}</mark>"
        )
    else:
        middle = f"<mark>{escape(text[start:end])}</mark>"
    html = escape(text[before:start]) + middle + escape(text[end:after])
    return (
        ("… " if before > 0 else "") + " ".join(html.split()) + (" …" if after < len(text) else "")
    )


def _snippet(pages: _Pages, doc_id: str, stretch: _Stretch) -> str:
    parts = []
    for page in stretch.pages:
        text = pages.texts[(doc_id, page)]
        spans = _spans(text)
        first, last = stretch.words[page]
        part = _context(text, spans[first][0], spans[last][1])
        parts.append(part if page == stretch.pages[0] else f"[p. {page}] {part}")
    return " ".join(parts)


def _overlaps(first: tuple[str, int, int], second: tuple[str, int, int]) -> bool:
    return first[0] == second[0] and first[1] <= second[2] and second[1] <= first[2]


def _promising(
    pages: _Pages, candidates: list[tuple[str, int, float]], words: list[str]
) -> list[tuple[str, int, float]]:
    """The candidate pages sharing the most word pairs with the passage: the only ones worth
    the (slower) alignment, with their neighbours."""
    pairs = set(zip(words, words[1:], strict=False))
    counted = []
    for doc_id, page, rank_score in candidates:
        found = pages.words(doc_id, page)
        shared = len(pairs.intersection(zip(found, found[1:], strict=False)))
        if shared:
            counted.append((shared, (doc_id, page, rank_score)))
    counted.sort(key=lambda item: -item[0])
    return [candidate for _, candidate in counted[:ALIGNED_WINDOWS]]


def _ranked_matches(
    store: Store, candidates: list[tuple[str, int, float]], words: list[str]
) -> list[tuple[float, float, QuoteMatch]]:
    pages = _Pages(store, candidates, _Vocabulary(words))
    passage = _Passage(words)
    reach = len(words) + 10
    found: list[tuple[float, float, QuoteMatch]] = []
    for doc_id, page, rank_score in _promising(pages, candidates, words):
        window = _window(pages, doc_id, page, reach, rank_score)
        stretch = _best_stretch(passage, window)
        if stretch is None or not stretch.pages:
            continue
        if stretch.covered < min(MIN_SCORE * len(words), SURE_MATCH_WORDS):
            continue
        score = stretch.covered / len(words)
        snippet = _snippet(pages, window.doc_id, stretch)
        match = QuoteMatch(window.doc_id, stretch.pages[0], stretch.pages[-1], score, snippet)
        found.append((score, window.rank_score, match))
    found.sort(key=lambda item: (-item[0], -item[1], item[2].doc_id, item[2].page))
    return found


def _distinct(found: list[tuple[float, float, QuoteMatch]], limit: int) -> list[QuoteMatch]:
    """The best matches, one for each stretch of pages (windows around neighbouring candidate
    pages find the same passage)."""
    chosen: list[QuoteMatch] = []
    for _, _, match in found:
        where = (match.doc_id, match.page, match.page_end)
        if any(_overlaps(where, (m.doc_id, m.page, m.page_end)) for m in chosen):
            continue
        chosen.append(match)
        if len(chosen) == limit:
            break
    return chosen


def _with_documents(store: Store, matches: list[QuoteMatch]) -> tuple[QuoteMatch, ...]:
    rows = store.document_rows(sorted({match.doc_id for match in matches}))
    described = []
    for match in matches:
        row = rows.get(match.doc_id)
        if row is None:  # indexed but removed from the store since
            continue
        details = store.page_details(match.doc_id, [match.page]).get(match.page)
        bates = details.bates if details is not None else None
        described.append(replace(match, title=row.title, path=row.path, bates=bates))
    return tuple(described)


def find_quote(engine: Engine, store: Store, text: str, limit: int = 5) -> QuoteResult:
    """The pages `text` most likely came from, best first (at most `limit`). A passage longer
    than MAX_QUOTE_CHARS is cut, with a notice. Raises IndexNotBuiltError /
    SchemaOutdatedError when there is no usable index."""
    started = time.perf_counter()
    words, notice = prepare_quote(text)
    if len(words) < MIN_MATCH_WORDS:
        why = f"A passage needs at least {MIN_MATCH_WORDS} words: search for fewer instead."
        return QuoteResult((), " ".join(filter(None, [notice, why])), len(words))
    query = _candidate_query(engine.lexicon(), words)
    if query is None:
        return QuoteResult((), notice, len(words), time.perf_counter() - started)
    candidates = [
        (hit.doc_id, hit.page, hit.score) for hit in engine.top_pages(query, CANDIDATE_PAGES)
    ]
    found = _ranked_matches(store, candidates, words)
    matches = _with_documents(store, _distinct(found, max(1, limit)))
    return QuoteResult(matches, notice, len(words), time.perf_counter() - started)

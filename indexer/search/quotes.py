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

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from indexer.model.refs import PointsAtPage
from indexer.search.engine import Engine, Lexicon
from indexer.search.index_query import AllOf, AnyOf, IndexQuery, Term
from indexer.search.quote_alignment import MIN_MATCH_WORDS, Passage, Stretch, best_stretch
from indexer.search.quote_words import (
    MAX_QUOTE_CHARS,
    PageWords,
    Vocabulary,
    prepare_quote,
    window_around,
    word_spans,
    words_of,
)
from indexer.store.database import Store

# Rare words asked for in each third of the passage, so that both halves of a passage that
# runs over a page break bring their page. A word on more than COMMON_SHARE of the pages (at
# least COMMON_PAGES) is not rare.
TERMS_PER_PART = 8
COMMON_SHARE = 0.02
COMMON_PAGES = 50
CANDIDATE_PAGES = 60
ALIGNED_WINDOWS = 8  # candidates lined up word by word, the ones sharing most word pairs
MIN_SCORE = 0.2
SURE_MATCH_WORDS = 20  # so many passage words in order are never chance, however long it is
CONTEXT_CHARS = 80
MAX_MARKED_CHARS = 600


@dataclass(frozen=True)
class QuoteMatch(PointsAtPage):
    doc_id: str
    page: int  # the page the passage starts on
    page_end: int  # the same as `page` unless the passage runs onto the next page
    score: float  # share of the passage's words found in order, 0-1
    snippet: str  # HTML: the matching stretch in <mark>, everything else escaped
    title: str = ""
    path: str = ""
    bates: str | None = None
    # (page, start, end): the characters of each page's text the passage matched
    marks: tuple[tuple[int, int, int], ...] = ()

    def mark_of(self, page: int) -> str | None:
        """`START-END` of the stretch matched on `page`: the page view's `mark` parameter."""
        found = [f"{start}-{end}" for number, start, end in self.marks if number == page]
        return found[0] if found else None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "page": self.page,
            "page_end": self.page_end,
            "score": round(self.score, 3),
            "title": self.title,
            "path": self.path,
            "bates": self.bates,
            "url": self.url,
            "snippet": self.snippet,
            "marks": [
                {"page": page, "start": start, "end": end} for page, start, end in self.marks
            ],
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


def _marks(pages: PageWords, doc_id: str, stretch: Stretch) -> tuple[tuple[int, int, int], ...]:
    found = []
    for page in stretch.pages:
        spans = word_spans(pages.texts[(doc_id, page)])
        first, last = stretch.words[page]
        found.append((page, spans[first][0], spans[last][1]))
    return tuple(found)


def _snippet(pages: PageWords, doc_id: str, stretch: Stretch) -> str:
    parts = []
    for page in stretch.pages:
        text = pages.texts[(doc_id, page)]
        spans = word_spans(text)
        first, last = stretch.words[page]
        part = _context(text, spans[first][0], spans[last][1])
        parts.append(part if page == stretch.pages[0] else f"[p. {page}] {part}")
    return " ".join(parts)


def _overlaps(first: tuple[str, int, int], second: tuple[str, int, int]) -> bool:
    return first[0] == second[0] and first[1] <= second[2] and second[1] <= first[2]


def _promising(
    pages: PageWords, candidates: list[tuple[str, int, float]], words: list[str]
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
    pages = PageWords(store, candidates, Vocabulary(words))
    passage = Passage(words)
    reach = len(words) + 10
    found: list[tuple[float, float, QuoteMatch]] = []
    for doc_id, page, rank_score in _promising(pages, candidates, words):
        window = window_around(pages, doc_id, page, reach, rank_score)
        stretch = best_stretch(passage, window)
        if stretch is None or not stretch.pages:
            continue
        if stretch.covered < min(MIN_SCORE * len(words), SURE_MATCH_WORDS):
            continue
        score = stretch.covered / len(words)
        snippet = _snippet(pages, window.doc_id, stretch)
        match = QuoteMatch(
            window.doc_id,
            stretch.pages[0],
            stretch.pages[-1],
            score,
            snippet,
            marks=_marks(pages, window.doc_id, stretch),
        )
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


__all__ = [
    "MAX_QUOTE_CHARS",
    "QuoteMatch",
    "QuoteResult",
    "find_quote",
    "prepare_quote",
    "words_of",
]

"""Highlight a query's words in stored page text: snippets and whole pages, HTML-escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from indexer.text.hit_finder import find_hits
from indexer.text.terms import iter_terms, stem

SNIPPET_CHARS = 240
# Words in a row that a page must share with a quoted passage to be marked as it.
PASSAGE_RUN = 3


@dataclass(frozen=True)
class HighlightTerms:
    """The folded terms to mark: `exact` as written, `stems` matching any inflection."""

    exact: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()

    def matches(self, term: str) -> bool:
        return term in self.exact or (bool(self.stems) and stem(term) in self.stems)

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems or self.phrases)


def _positioned(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of each position of `text`: a compound as its parts."""
    by_position: dict[int, tuple[str, int, int]] = {}
    for term, position, start, end in iter_terms(text):
        by_position[position] = (term, start, end)
    return [by_position[p] for p in sorted(by_position)]


def passage_spans(text: str, passage: str, run: int = PASSAGE_RUN) -> list[tuple[int, int]]:
    """Character spans of `text` that read as `passage` does: each run of `run` words in a row
    that the passage also holds in a row (a passage of fewer words: all of them in a row).
    The words of a page image come in their own reading order: runs find the passage across
    a column or line order that differs from the page text's."""
    wanted = [term for term, _, _ in _positioned(passage)]
    size = min(run, len(wanted))
    if not size:
        return []
    runs = {tuple(wanted[i : i + size]) for i in range(len(wanted) - size + 1)}
    found = _positioned(text)
    spans = []
    for index in range(len(found) - size + 1):
        if tuple(term for term, _, _ in found[index : index + size]) in runs:
            spans.append((found[index][1], found[index + size - 1][2]))
    return merge_spans(spans)


def hit_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that match, merged and in order."""
    if not terms:
        return []
    return merge_spans(find_hits(text, terms))


def merge_spans(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans sorted, overlapping or touching ones joined."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` HTML-escaped with each span wrapped in <mark>."""
    parts = []
    cursor = 0
    for start, end in spans:
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    """The start of the window of `width` chars that holds the most distinct hits."""
    best_start, best_count = spans[0][0], 0
    right = 0
    for left, (start, _) in enumerate(spans):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] - start <= width:
            right += 1
        if right - left + 1 > best_count:
            best_start, best_count = start, right - left + 1
    return best_start


def snippet_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """(start, end) of the stretch of about `width` characters of `text` holding the most of
    `spans` (the opening words when there is none), never cutting a word in half."""
    if not spans:
        return 0, min(len(text), width)
    first = _best_window(spans, width)
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    while start > 0 and not text[start - 1].isspace() and first - start < width // 3:
        start -= 1
    while end < len(text) and not text[end].isspace() and end - start < width + 30:
        end += 1
    return start, end


def snippet(text: str, terms: HighlightTerms, width: int = SNIPPET_CHARS) -> str:
    """The stretch of `text` with the most hits, about `width` characters, hits marked.

    Whitespace is collapsed; a page with no hit gives its opening words.
    """
    return cut_snippet(text, hit_spans(text, terms), width)


def cut_snippet(
    text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS, html: bool = True
) -> str:
    """The snippet of `text` around `spans` (hit spans, merged and in order), as `snippet`
    cuts it: HTML with the hits in <mark>, or plain text when not `html`."""
    start, end = snippet_window(text, spans, width)
    if html:
        inside = [(max(s, start), min(e, end)) for s, e in spans if e > start and s < end]
        shifted = [(s - start, e - start) for s, e in inside]
        body = " ".join(mark(text[start:end], shifted).split())
    else:
        body = " ".join(text[start:end].split())
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return f"{prefix}{body}{suffix}"


def highlight_page(text: str, terms: HighlightTerms) -> str:
    """The whole page text HTML-escaped with every hit marked (line breaks kept)."""
    return mark(text, hit_spans(text, terms))

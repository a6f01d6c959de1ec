"""Two pages compared word by word, as one merged text and as rows of lines side by side.

The words of both pages are aligned once (difflib over folded words, Bates stamps left out);
the merged view is the list of spans, the side-by-side view puts each copy's lines in their
own column, a line of A beside the line of B that shares its text, with the same marks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from indexer.enrich import duplicates as fingerprint
from indexer.enrich.exemptions import EXEMPTION_NAMES, find_exemptions
from indexer.enrich.fingerprint_text import has_redaction, without_stamp
from indexer.model.document import Page
from indexer.text.terms import fold

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_LABEL_RE = re.compile(r"^b(\d)([a-f]?)$")


@dataclass(frozen=True)
class Span:
    """A stretch of page text in a comparison.

    `kind` is "same" (both copies print it), "only_a" or "only_b". `redacted` says the other
    copy shows a redaction at this place (a label or a box), `labels` the exemptions it cites.
    `withholds`: the exemptions this span itself prints as a redaction where the other copy
    prints text (its label, "(b)(6)", stands for the words withheld).
    """

    kind: str
    text: str
    redacted: bool = False
    labels: tuple[str, ...] = ()
    withholds: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """The exemptions of `labels` or `withholds` as read: "(b)(6) personal privacy"."""
        return tuple(exemption_reason(label) for label in self.labels or self.withholds)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "redacted": self.redacted,
            "labels": list(self.labels),
        }


@dataclass(frozen=True)
class LineRow:
    """A line of copy A beside the line of copy B that shares its text. `a` or `b` is None
    where that copy has no line at this place; each is the line's spans."""

    a: tuple[Span, ...] | None
    b: tuple[Span, ...] | None

    @property
    def is_same(self) -> bool:
        sides = (self.a or (), self.b or ())
        return (
            self.a is not None
            and self.b is not None
            and all(span.kind == "same" for side in sides for span in side)
        )


def exemption_reason(label: str) -> str:
    """ "b7c" -> "(b)(7)(C) law enforcement: personal privacy"."""
    match = _LABEL_RE.match(label)
    if not match:
        return label
    number, sub = match.groups()
    printed = f"(b)({number})" + (f"({sub.upper()})" if sub else "")
    name = EXEMPTION_NAMES.get(label)
    return f"{printed} {name}" if name else printed


def display_lines(page: Page) -> list[list[str]]:
    """The words of each non-empty line of a page, its Bates stamp left out."""
    text = without_stamp(page.text, page.bates)
    return [words for words in (line.split() for line in text.splitlines()) if words]


def _key(word: str) -> str:
    """A word as compared: case, accents, quotes and punctuation do not count."""
    return fold(re.sub(r"[\W_]+", "", word.translate(_QUOTES)))


def _labels(text: str) -> tuple[str, ...]:
    return tuple(sorted(find_exemptions(text)))


@dataclass
class _Side:
    """The words of one page, the line of each, and what each word is in the comparison."""

    words: list[str]
    lines: list[int]
    starts: list[int]  # where each line's words start, and the end of the last line
    marks: list[Span]  # an empty-text Span per word: its kind and redaction fields

    @classmethod
    def of(cls, page: Page) -> _Side:
        words: list[str] = []
        lines: list[int] = []
        starts: list[int] = []
        for number, line in enumerate(display_lines(page)):
            starts.append(len(words))
            words.extend(line)
            lines.extend([number] * len(line))
        return cls(words, lines, [*starts, len(words)], [Span("same", "")] * len(words))

    @property
    def line_count(self) -> int:
        return len(self.starts) - 1

    def line_spans(self, line: int) -> tuple[Span, ...]:
        """The spans of one line: runs of words marked alike."""
        spans: list[Span] = []
        for index in range(self.starts[line], self.starts[line + 1]):
            word, mark = self.words[index], self.marks[index]
            if spans and _alike(spans[-1], mark):
                spans[-1] = _with_text(spans[-1], f"{spans[-1].text} {word}")
            else:
                spans.append(_with_text(mark, word))
        return tuple(spans)


def _with_text(span: Span, text: str) -> Span:
    return Span(span.kind, text, span.redacted, span.labels, span.withholds)


def _alike(first: Span, second: Span) -> bool:
    return (first.kind, first.redacted, first.labels, first.withholds) == (
        second.kind,
        second.redacted,
        second.labels,
        second.withholds,
    )


def compare_pages(page_a: Page, page_b: Page) -> tuple[tuple[Span, ...], tuple[LineRow, ...]]:
    """The merged spans of two pages and their rows of lines side by side."""
    a, b = _Side.of(page_a), _Side.of(page_b)
    # A huge page is aligned with difflib's junk heuristic, as near-duplicate checks do: the
    # exact alignment is quadratic in the worst case.
    is_huge = max(len(a.words), len(b.words)) > fingerprint.EXACT_ALIGNMENT_WORDS
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in a.words], [_key(w) for w in b.words], autojunk=is_huge
    )
    spans: list[Span] = []
    anchors: list[tuple[int, int]] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        shown_a, shown_b = " ".join(a.words[i1:i2]), " ".join(b.words[j1:j2])
        if operation == "equal":
            spans.append(Span("same", shown_a))
            anchors.extend(zip(a.lines[i1:i2], b.lines[j1:j2], strict=True))
            continue
        if shown_a:
            mark_a = _mark("only_a", shown_b, shown_a)
            a.marks[i1:i2] = [mark_a] * (i2 - i1)
            spans.append(_with_text(mark_a, shown_a))
        if shown_b:
            mark_b = _mark("only_b", shown_a, shown_b)
            b.marks[j1:j2] = [mark_b] * (j2 - j1)
            spans.append(_with_text(mark_b, shown_b))
    return tuple(spans), _rows(a, b, anchors)


def _mark(kind: str, other: str, own: str) -> Span:
    """How words only one copy prints are marked: `other` is what the other copy prints at
    that place (a redaction there names its exemptions), `own` the words themselves."""
    withholds = _labels(own) if other and has_redaction(own) else ()
    return Span(kind, "", has_redaction(other), _labels(other), withholds)


def _rows(a: _Side, b: _Side, anchors: list[tuple[int, int]]) -> tuple[LineRow, ...]:
    """Lines side by side: a line of A beside the first line of B it shares words with, as
    long as both go forward; the lines in between side by side in order."""
    rows: list[LineRow] = []
    last_a = last_b = -1
    for line_a, line_b in [*anchors, (a.line_count, b.line_count)]:
        if line_a <= last_a or line_b <= last_b:
            continue
        gap = zip_longest(range(last_a + 1, line_a), range(last_b + 1, line_b))
        rows.extend(_row(a, b, left, right) for left, right in gap)
        if (line_a, line_b) != (a.line_count, b.line_count):  # not the end
            rows.append(_row(a, b, line_a, line_b))
        last_a, last_b = line_a, line_b
    return tuple(rows)


def _row(a: _Side, b: _Side, line_a: int | None, line_b: int | None) -> LineRow:
    return LineRow(
        a.line_spans(line_a) if line_a is not None else None,
        b.line_spans(line_b) if line_b is not None else None,
    )


def unmatched_rows(page: Page, kind: str) -> tuple[LineRow, ...]:
    """The rows of a page only one copy has (`kind` "only_a" or "only_b")."""
    lines = [(Span(kind, " ".join(words)),) for words in display_lines(page)]
    return tuple(LineRow(line, None) if kind == "only_a" else LineRow(None, line) for line in lines)

"""Two copies of a record compared page by page: what one copy redacted and the other prints.

Pages are paired by content, then compared word by word; the near-duplicate groups that say
which documents are copies live in store/duplicates.py.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indexer.enrich import duplicates as fingerprint
from indexer.enrich.exemptions import find_exemptions
from indexer.errors import UnknownDocumentError
from indexer.model.document import Page
from indexer.store.database import Store
from indexer.text.terms import fold


@dataclass(frozen=True)
class Span:
    """A stretch of page text in a comparison.

    `kind` is "same" (both copies print it), "only_a" or "only_b". `redacted` says the other
    copy shows a redaction at this place (a label or a box), `labels` the exemptions it cites.
    """

    kind: str
    text: str
    redacted: bool = False
    labels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "redacted": self.redacted,
            "labels": list(self.labels),
        }


@dataclass(frozen=True)
class PageComparison:
    """One page of copy A against the page of copy B holding the same text (None for a page
    that has no counterpart), with their Bates numbers and the Jaccard index of their words."""

    page_a: int | None
    page_b: int | None
    bates_a: str | None
    bates_b: str | None
    similarity: float
    spans: tuple[Span, ...]

    @property
    def is_identical(self) -> bool:
        return all(span.kind == "same" for span in self.spans)

    def redacted_in(self, side: str) -> list[Span]:
        """What copy `side` ("a" or "b") redacted and the other copy prints."""
        other = "only_b" if side == "a" else "only_a"
        return [span for span in self.spans if span.kind == other and span.redacted]

    def to_json(self) -> dict[str, Any]:
        return {
            "page_a": self.page_a,
            "page_b": self.page_b,
            "bates_a": self.bates_a,
            "bates_b": self.bates_b,
            "similarity": round(self.similarity, 3),
            "identical": self.is_identical,
            "spans": [span.to_json() for span in self.spans],
        }


def _page_shingles(page: Page) -> set[str]:
    return fingerprint.shingles(fingerprint.page_words(page.text, page.bates))


def _display_words(page: Page) -> list[str]:
    return fingerprint.without_stamp(page.text, page.bates).split()


def _key(word: str) -> str:
    """A word as compared: case, accents, quotes and punctuation do not count."""
    return fold(re.sub(r"[\W_]+", "", word.translate(_QUOTES)))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _labels(text: str) -> tuple[str, ...]:
    return tuple(sorted(find_exemptions(text)))


def _spans(page_a: Page, page_b: Page) -> tuple[Span, ...]:
    words_a, words_b = _display_words(page_a), _display_words(page_b)
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in words_a], [_key(w) for w in words_b], autojunk=False
    )
    spans: list[Span] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        shown_a, shown_b = " ".join(words_a[i1:i2]), " ".join(words_b[j1:j2])
        if operation == "equal":
            spans.append(Span("same", shown_a))
            continue
        if shown_a:
            hidden = fingerprint.has_redaction(shown_b)
            spans.append(Span("only_a", shown_a, hidden, _labels(shown_b)))
        if shown_b:
            hidden = fingerprint.has_redaction(shown_a)
            spans.append(Span("only_b", shown_b, hidden, _labels(shown_a)))
    return tuple(spans)


def compare(store: Store, doc_a: str, doc_b: str) -> list[PageComparison]:
    """The text differences between two copies, page by page: pages are paired by content
    (a copy may lack a withheld page or add a cover page), then compared word by word, Bates
    stamps left out. Raises UnknownDocumentError for an unknown doc_id."""
    first, second = store.load_document(doc_a), store.load_document(doc_b)
    for doc_id, doc in ((doc_a, first), (doc_b, second)):
        if doc is None:
            raise UnknownDocumentError(f"no document {doc_id}")
    assert first is not None and second is not None
    pages_a, pages_b = first.pages, second.pages
    result: list[PageComparison] = []
    next_a = next_b = 0
    pairs = fingerprint.align_pages(
        [_page_shingles(page) for page in pages_a], [_page_shingles(page) for page in pages_b]
    )
    for i, j, value in [*pairs, (len(pages_a), len(pages_b), 0.0)]:
        result.extend(_unmatched(pages_a[next_a:i], "only_a"))
        result.extend(_unmatched(pages_b[next_b:j], "only_b"))
        if i < len(pages_a) and j < len(pages_b):
            a, b = pages_a[i], pages_b[j]
            spans = _spans(a, b)
            result.append(PageComparison(a.page, b.page, a.bates, b.bates, value, spans))
        next_a, next_b = i + 1, j + 1
    return result


def _unmatched(pages: Sequence[Page], kind: str) -> list[PageComparison]:
    return [
        PageComparison(
            page.page if kind == "only_a" else None,
            page.page if kind == "only_b" else None,
            page.bates if kind == "only_a" else None,
            page.bates if kind == "only_b" else None,
            0.0,
            (Span(kind, " ".join(_display_words(page))),),
        )
        for page in pages
    ]

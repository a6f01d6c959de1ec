"""Two copies of a record compared page by page: what one copy redacted and the other prints.

Pages are paired by content, then compared word by word; the near-duplicate groups that say
which documents are copies live in store/duplicates.py. The web shows a comparison a window of
page pairs at a time (`compare_window`, issue 12: a 5,000-page document against its copy took
5.75 s and 2 MB in one page): only the window's pairs are compared word by word, and the
pairing of the pages is kept for the next window.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indexer.enrich import duplicates as fingerprint
from indexer.enrich.fingerprint_text import page_words
from indexer.errors import UnknownDocumentError
from indexer.model.document import Document, Page
from indexer.reading.compare_lines import (
    LineRow,
    Span as Span,  # re-exported: indexer.Span
    compare_pages,
    display_lines,
    unmatched_rows,
)
from indexer.store.database import Store

# Page pairs a window of the web's compare view shows.
PAIRS_SHOWN = 50
# Pairings kept in memory per server process, so that the next window does not pair again.
PAIRINGS_KEPT = 16
# Index in copy A, index in copy B (None for a page with no counterpart), Jaccard index.
Slot = tuple[int | None, int | None, float]


@dataclass(frozen=True)
class PageComparison:
    """One page of copy A against the page of copy B holding the same text (None for a page
    that has no counterpart), with their Bates numbers and the Jaccard index of their words:
    the differences as one merged text (`spans`) and as lines side by side (`rows`)."""

    page_a: int | None
    page_b: int | None
    bates_a: str | None
    bates_b: str | None
    similarity: float
    spans: tuple[Span, ...]
    rows: tuple[LineRow, ...] = ()

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
    return fingerprint.shingles(page_words(page.text, page.bates))


@dataclass(frozen=True)
class ComparisonWindow:
    """Some page pairs of a comparison: `pages` are pairs `start` to `start + len(pages) - 1`
    (counted from 0) of `total`, in windows of `size` pairs."""

    pages: tuple[PageComparison, ...]
    start: int
    total: int
    size: int

    @property
    def end(self) -> int:
        return self.start + len(self.pages)

    @property
    def previous_start(self) -> int | None:
        """Where the window before this one starts; None for the first."""
        return max(self.start - self.size, 0) if self.start else None

    @property
    def next_start(self) -> int | None:
        """Where the window after this one starts; None for the last."""
        return self.end if self.end < self.total else None


def compare(store: Store, doc_a: str, doc_b: str) -> list[PageComparison]:
    """The text differences between two copies, page by page: pages are paired by content
    (a copy may lack a withheld page or add a cover page), then compared word by word, Bates
    stamps left out. Raises UnknownDocumentError for an unknown doc_id."""
    first, second = _documents(store, doc_a, doc_b)
    slots = _pairing(first, second)
    return [_comparison(first.pages, second.pages, slot) for slot in slots]


def compare_window(
    store: Store, doc_a: str, doc_b: str, start: int = 0, count: int = PAIRS_SHOWN
) -> ComparisonWindow:
    """Page pairs `start` to `start + count - 1` of `compare(store, doc_a, doc_b)` (a start
    past the end is moved to the last window): only those pairs are compared word by word.
    Raises UnknownDocumentError for an unknown doc_id."""
    first, second = _documents(store, doc_a, doc_b)
    slots = _pairing(first, second)
    count = max(1, count)
    start = min(max(0, start), max(0, len(slots) - 1) // count * count)
    shown = slots[start : start + count]
    pages = tuple(_comparison(first.pages, second.pages, slot) for slot in shown)
    return ComparisonWindow(pages, start, len(slots), count)


def _documents(store: Store, doc_a: str, doc_b: str) -> tuple[Document, Document]:
    first, second = store.load_document(doc_a), store.load_document(doc_b)
    for doc_id, doc in ((doc_a, first), (doc_b, second)):
        if doc is None:
            raise UnknownDocumentError(f"no document {doc_id}")
    assert first is not None and second is not None
    return first, second


_pairings: OrderedDict[tuple[str, ...], list[Slot]] = OrderedDict()
_pairings_lock = threading.Lock()
# One pairing is computed at a time in a process: a second request for the same pair waits for
# the first and reads its result, and many requests for other pairs use one core between them.
_pairing_work = threading.Lock()


def _pairing(first: Document, second: Document) -> list[Slot]:
    """The pages of two copies in the order shown: pairs of pages holding the same text, and
    between them the pages only one copy has (A's first). Kept for the next window."""
    key = (first.doc_id, first.sha256, second.doc_id, second.sha256)
    with _pairings_lock:
        if key in _pairings:
            _pairings.move_to_end(key)
            return _pairings[key]
    with _pairing_work:
        with _pairings_lock:
            if key in _pairings:
                return _pairings[key]
        slots = _slots(first.pages, second.pages)
        with _pairings_lock:
            _pairings[key] = slots
            while len(_pairings) > PAIRINGS_KEPT:
                _pairings.popitem(last=False)
    return slots


def _slots(pages_a: Sequence[Page], pages_b: Sequence[Page]) -> list[Slot]:
    pairs = fingerprint.align_pages(
        [_page_shingles(page) for page in pages_a], [_page_shingles(page) for page in pages_b]
    )
    slots: list[Slot] = []
    next_a = next_b = 0
    for i, j, value in [*pairs, (len(pages_a), len(pages_b), 0.0)]:
        slots.extend((index, None, 0.0) for index in range(next_a, i))
        slots.extend((None, index, 0.0) for index in range(next_b, j))
        if i < len(pages_a) and j < len(pages_b):
            slots.append((i, j, value))
        next_a, next_b = i + 1, j + 1
    return slots


def _comparison(pages_a: Sequence[Page], pages_b: Sequence[Page], slot: Slot) -> PageComparison:
    i, j, value = slot
    if j is None:
        assert i is not None
        return _unmatched(pages_a[i], "only_a")
    if i is None:
        return _unmatched(pages_b[j], "only_b")
    a, b = pages_a[i], pages_b[j]
    spans, rows = compare_pages(a, b)
    return PageComparison(a.page, b.page, a.bates, b.bates, value, spans, rows)


def _unmatched(page: Page, kind: str) -> PageComparison:
    return PageComparison(
        page.page if kind == "only_a" else None,
        page.page if kind == "only_b" else None,
        page.bates if kind == "only_a" else None,
        page.bates if kind == "only_b" else None,
        0.0,
        (Span(kind, " ".join(word for line in display_lines(page) for word in line)),),
        unmatched_rows(page, kind),
    )

"""What the page viewer shows around a page: its strip of page thumbnails, hit pages marked."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from indexer.reading.webdata import DocumentInfo
from indexer.store.database import Store
from indexer.text.highlight import HighlightTerms, hit_spans
from indexer.text.terms import iter_terms

# Pages in the thumbnail strip: this many on each side of the page shown, so that a
# document of thousands of pages costs no more to show than one of thirty (each page's text
# is read for hits: about 2 ms a page).
STRIP_PAGES_AROUND = 15
# Whether a page text holds a query's hits, remembered per server process for this many
# (text, query) pairs: paging through a document with one query reads each page's terms once.
HIT_MEMO_SIZE = 50_000


@dataclass(frozen=True)
class Thumbnail:
    """One page of the strip: its number, whether it holds a hit, whether it is shown now."""

    page: int
    has_hits: bool
    is_current: bool


@dataclass(frozen=True)
class ThumbnailStrip:
    """The pages of the strip, and whether pages before or after it were left out."""

    thumbnails: tuple[Thumbnail, ...]
    first: int
    last: int
    page_count: int

    @property
    def has_more_before(self) -> bool:
        return self.first > 1

    @property
    def has_more_after(self) -> bool:
        return self.last < self.page_count

    @property
    def hit_pages(self) -> tuple[int, ...]:
        return tuple(thumb.page for thumb in self.thumbnails if thumb.has_hits)


def strip_window(page_count: int, page: int, around: int = STRIP_PAGES_AROUND) -> range:
    """The pages the strip shows: `around` pages each side of `page`, more on one side when
    the other runs out, never past the document."""
    if page_count < 1:
        return range(1, 1)
    page = min(max(page, 1), page_count)
    first = max(1, min(page - around, page_count - 2 * around))
    last = min(page_count, first + 2 * around)
    return range(first, last + 1)


class _HitMemo:
    """A bounded, thread-safe memo of whether a text holds hits of some terms. It keys on
    the text's hash and length, never the text itself, so that it stays small; a page text
    that changes (read by OCR later) is another key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._known: OrderedDict[tuple[int, int, HighlightTerms], bool] = OrderedDict()
        self._lock = threading.Lock()

    def has_hits(self, text: str, terms: HighlightTerms) -> bool:
        key = (hash(text), len(text), terms)
        with self._lock:
            known = self._known.get(key)
            if known is not None:
                self._known.move_to_end(key)
                return known
        found = _holds_hits(text, terms)
        with self._lock:
            self._known[key] = found
            while len(self._known) > self.size:
                self._known.popitem(last=False)
        return found


def _holds_hits(text: str, terms: HighlightTerms) -> bool:
    """Whether `hit_spans(text, terms)` finds anything, stopping at the first matching word
    (phrases need the whole text)."""
    if terms.phrases:
        return bool(hit_spans(text, terms))
    return any(terms.matches(term) for term, _, _, _ in iter_terms(text))


_memo = _HitMemo(HIT_MEMO_SIZE)


def hit_pages(store: Store, doc: DocumentInfo, terms: HighlightTerms, pages: range) -> set[int]:
    """The pages among `pages` whose text holds one of `terms` (none without terms)."""
    if not terms or not pages:
        return set()
    texts = store.page_texts(doc.doc_id, list(pages))
    return {number for number, text in texts.items() if _memo.has_hits(text, terms)}


def thumbnail_strip(
    store: Store, doc: DocumentInfo, page: int, terms: HighlightTerms
) -> ThumbnailStrip:
    """The strip of `doc`'s pages around `page`, pages holding one of `terms` marked."""
    window = strip_window(doc.page_count, page)
    hits = hit_pages(store, doc, terms, window)
    thumbnails = tuple(Thumbnail(number, number in hits, number == page) for number in window)
    first = window.start if window else 1
    return ThumbnailStrip(thumbnails, first, max(window.stop - 1, first), doc.page_count)

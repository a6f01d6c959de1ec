"""What a page view marks besides the query's words: the stretch a quote was found in.

The quote finder links each page it found a passage on with `?mark=START-END`, the
characters of the page text the passage matched; the page view marks them in the text and
boxes their words on the page image (indexer.highlight_boxes with the passage).
"""

from __future__ import annotations

import re

from flask import request
from markupsafe import Markup

from indexer import HighlightTerms, PageInfo, hit_spans, mark_hits, merge_spans

_STRETCH_RE = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def quote_stretch(page: PageInfo) -> tuple[int, int] | None:
    """The stretch `?mark=START-END` asks to mark, when it lies in the page text."""
    found = _STRETCH_RE.match(request.args.get("mark", ""))
    if found is None:
        return None
    start, end = int(found[1]), int(found[2])
    return (start, end) if start < end <= len(page.text) else None


def marked_page_text(
    page: PageInfo, terms: HighlightTerms, stretch: tuple[int, int] | None
) -> tuple[Markup, int]:
    """The page text HTML-escaped by the library with the query's words and the quoted
    stretch in <mark>, and how many marks it holds."""
    spans = hit_spans(page.text, terms)
    if stretch is not None:
        spans = merge_spans([*spans, stretch])
    return Markup(mark_hits(page.text, spans)), len(spans)  # escaped by indexer's mark

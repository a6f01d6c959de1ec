"""Range queries: `date:[a TO b]`, `page:[1 TO 5]`, keyword ranges; partial dates as yyyymmdd
numbers, page numbers clamped."""

from __future__ import annotations

import re

from indexer.search import parser as qp
from indexer.search.context import BuildContext
from indexer.search.fields import date_number
from indexer.search.index_query import NOTHING, IndexQuery, NumberRange, TermRange
from indexer.text.terms import fold

# The open end of a date range: year 2999 (a larger bound trips Whoosh's numeric ranges,
# which then match every dated page).
MAX_DATE_NUMBER = 29_991_231
# The largest page number an engine indexes (a signed 32-bit number): bounds beyond it are
# clamped, so `page:99999999999` matches nothing instead of failing in the engine.
MAX_PAGE_NUMBER = 2**31 - 1


def date_bounds(value: str, upper: bool) -> int | None:
    """The first (or last) yyyymmdd number a partial date like 2010 or 2010-05 covers."""
    value = value.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    number = date_number("-".join(part for part in (year, month, day) if part))
    if number is None:
        return None
    if not upper:
        return number
    if day:
        return number
    if month:
        return number + 99
    return number + 9999


def page_bound(number: int | None) -> int | None:
    """A page bound as an engine can hold it."""
    return None if number is None else min(max(number, 0), MAX_PAGE_NUMBER)


def range_query(
    node: qp.Range, context: BuildContext, keyword_fields: frozenset[str]
) -> IndexQuery:
    """The index query of a range; a range a field does not take gets a notice."""
    if node.field == "page":
        try:
            low = int(node.low) if node.low else None
            high = int(node.high) if node.high else None
        except ValueError:
            context.notices.append("page: takes page numbers, as in page:[1 TO 5].")
            return NOTHING
        return NumberRange("page", page_bound(low), page_bound(high))
    if node.field == "date":
        low = date_bounds(node.low, upper=False) if node.low else None
        high = date_bounds(node.high, upper=True) if node.high else None
        if (node.low and low is None) or (node.high and high is None):
            context.notices.append("date: takes dates such as 2010, 2010-05 or 2010-05-12.")
            return NOTHING
        # Explicit bounds: Whoosh's open-ended numeric ranges misbehave on unsigned fields,
        # and 1 keeps the undated (stored as nothing) out of every date filter.
        return NumberRange("date", low or 1, min(high or MAX_DATE_NUMBER, MAX_DATE_NUMBER))
    if node.field in keyword_fields:
        return TermRange(node.field, fold(node.low or ""), fold(node.high or "\uffff"))
    context.notices.append(f"{node.field}: does not take a range.")
    return NOTHING

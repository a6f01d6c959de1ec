"""The bounds of a range query: partial dates as yyyymmdd numbers, page numbers clamped."""

from __future__ import annotations

import re

from indexer.search.fields import date_number

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

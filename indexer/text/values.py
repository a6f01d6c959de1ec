"""Metadata values as people write them: dates in their many forms, and lists of tags."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# ISO forms may carry a time ("2011-05-10T14:00:00-05:00"): the date part is the record date.
_DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+\-Z ]*)?"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})"),
    re.compile(r"(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"),
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"),
    # Slashes with the year last are read the US way, month first, as in US records.
    re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_MONTH + r",?\s+" + _YEAR, re.IGNORECASE),
)


def _month_number(text: str) -> int | None:
    return int(text) if text.isdigit() else _MONTHS.get(text.lower())


def normalize_date(value: object) -> str | None:
    """ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY" for a date written in a known form, else None.

    Never guesses: two-digit years, day-first slashes and impossible dates give None.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        month = _month_number(parts["month"]) if parts.get("month") else None
        if not 1000 <= year <= 2999 or (parts.get("month") and month is None):
            return None
        if month is None:
            return f"{year:04d}"
        if parts.get("day") is None:
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
        try:
            return dt.date(year, month, int(parts["day"])).isoformat()
        except ValueError:
            return None
    return None


def split_tags(value: object) -> list[str]:
    """Tags from a comma-separated string or a list, stripped, empty items dropped."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        return []
    return [str(item).strip() for item in items if item is not None and str(item).strip()]

"""Document date from headers or text: the first unambiguous date in a header or dateline.

A date is taken only from a header line (`Sent:`, `Date:`, `DATE:`, `Release Date:`) anywhere on
the page, or from a dateline (a line near the top that is a date, possibly after a place or
weekday: "Washington, D.C., May 10, 2011 --"). Dates inside sentences are never taken: "On May
1, 2010, the county..." is an event, not the document's date. Numeric US dates (05/10/2011)
are read month first and only in those two places. Results are ISO `YYYY-MM-DD`, or `YYYY-MM`
for a dateline that prints only month and year. Years outside 1950..2035 are rejected.
"""

from __future__ import annotations

import datetime
import re

MIN_YEAR = 1950
MAX_YEAR = 2035
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})(?!\d)", re.IGNORECASE
)
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}}){_ORDINAL}\s+{_MONTH},?\s+(?P<year>\d{{4}})(?!\d)", re.IGNORECASE
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<month>\d{1,2})(?P<sep>[/-])(?P<day>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?![\d/.-])"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?P<year>\d{{4}})(?!\d)", re.IGNORECASE)
_HEADER = re.compile(
    r"^\s*(?:Date|Dated|Sent|Release\s+Date|Date\s+Issued|Issued|Date\s+Signed)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_DATELINE_LINES = 25
# What may stand before a dateline's date: a place, a weekday, FOR IMMEDIATE RELEASE.
_DATELINE_LEAD = re.compile(r"[A-Z][A-Za-z.,' ]{0,40}[,:]?")
_DATELINE_TAIL = re.compile(r"(?:[-–—]+.*|\(?\d{1,2}:\d{2}.*)?")
_NOT_DOCUMENT_DATES = re.compile(
    r"receiv|filed|printed|revised|updated|entered|faxed|birth|death|born|died|expires?",
    re.IGNORECASE,
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # "5/10/11" in a header: 00-35 -> 2000s, 50-99 -> 1900s
        year += 2000 if year <= MAX_YEAR % 100 else 1900
    return year


def _iso(year: int, month: int, day: int | None) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _full_date(value: str, *, numeric: bool) -> tuple[int, str] | None:
    """(position, ISO date) of the first full date in `value`."""
    found: list[tuple[int, str]] = []
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        for match in pattern.finditer(value):
            month = match["month"]
            number = int(month) if month.isdigit() else _month_number(month)
            iso = _iso(int(match["year"]), number, int(match["day"]))
            if iso:
                found.append((match.start(), iso))
                break
    if numeric:
        for match in _NUMERIC.finditer(value):
            iso = _iso(_year(match["year"]), int(match["month"]), int(match["day"]))
            if iso:
                found.append((match.start(), iso))
                break
    return min(found) if found else None


def parse_date_text(value: str) -> str | None:
    """ISO date of one date string ("Tuesday, May 10, 2011 3:14 PM", "05/10/2011", "May 2011").

    Numeric dates are read month first (US). None when nothing unambiguous is there.
    """
    found = _full_date(value, numeric=True)
    if found:
        return found[1]
    match = _MONTH_YEAR.search(value)
    return _iso(int(match["year"]), _month_number(match["month"]), None) if match else None


def _dateline(line: str) -> str | None:
    """The date of a line that is a dateline, or None."""
    text = line.strip()
    if _NOT_DOCUMENT_DATES.search(text):
        return None
    if _NUMERIC.fullmatch(text) or _MONTH_YEAR.fullmatch(text):
        return parse_date_text(text)
    found = _full_date(text, numeric=False)
    if found is None:
        return None
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.search(text, found[0])
        if match and match.start() == found[0]:
            lead, tail = text[: match.start()].strip(), text[match.end() :].strip()
            is_lead = not lead or _DATELINE_LEAD.fullmatch(lead)
            return found[1] if is_lead and _DATELINE_TAIL.fullmatch(tail) else None
    return None


def _first_dateline(text: str) -> tuple[int, str] | None:
    """(offset, ISO date) of the first dateline among the first non-empty lines."""
    position, seen = 0, 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            seen += 1
            iso = _dateline(line)
            if iso:
                return position, iso
            if seen >= _DATELINE_LINES:
                return None
        position += len(line)
    return None


def find_date(text: str) -> str | None:
    """The document's date from its first header or dateline, as ISO; None rather than a guess."""
    candidates: list[tuple[int, str]] = []
    for match in _HEADER.finditer(text):
        iso = parse_date_text(match["value"])
        if iso:
            candidates.append((match.start(), iso))
            break
    dateline = _first_dateline(text)
    if dateline:
        candidates.append(dateline)
    return min(candidates)[1] if candidates else None

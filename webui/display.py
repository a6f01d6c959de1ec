"""How numbers, times and date ranges read on a page: "1 document", a <time> element, "May 2025"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from markupsafe import Markup, escape

from indexer import counted

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def timestamp(value: str | None) -> Markup:
    """A stored ISO timestamp as `<time datetime="ISO">12 May 2025, 14:03 UTC</time>`
    (app.js rewrites the text in the reader's own time zone); text that is no timestamp is
    shown as it is, escaped."""
    if not value:
        return Markup("")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return escape(value)
    if moment.tzinfo is None:  # the store writes UTC
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    iso = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    shown = f"{moment.day} {MONTHS[moment.month - 1][:3]} {moment.year}, {moment:%H:%M} UTC"
    return Markup('<time datetime="{}" class="timestamp">{}</time>').format(iso, shown)


def period(value: str) -> str:
    """ "2025" -> "2025", "2025-05" -> "May 2025", "2025-05-12" -> "12 May 2025"; anything
    else as it is."""
    match = _PERIOD_RE.match(value.strip())
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {name}" if day else name


def date_range(date_from: str, date_to: str) -> str:
    """The dates of a filter as read: "May 2025" (one period), "May 2025 to June 2026",
    "from 2010", "until 12 May 2011"."""
    if date_from and date_to:
        if date_from == date_to:
            return period(date_from)
        return f"{period(date_from)} to {period(date_to)}"
    if date_from:
        return f"from {period(date_from)}"
    return f"until {period(date_to)}" if date_to else ""


def register_display_filters(app: Flask) -> None:
    app.add_template_filter(counted, "counted")
    app.add_template_filter(timestamp, "timestamp")
    app.add_template_filter(period, "period")
    app.jinja_env.globals["date_range"] = date_range

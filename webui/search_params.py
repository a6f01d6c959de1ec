"""Search parameters from a URL: parsed, checked and clamped, and turned back into URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from flask import url_for
from werkzeug.datastructures import MultiDict

from indexer import (
    FILTER_FIELDS,
    MAX_LIMIT,
    MAX_OFFSET,
    InvalidInputError,
    SearchRequest,
)

RESULTS_PER_PAGE = 10
MAX_FILTER_CHARS = 200
MAX_NUMBER_DIGITS = 12
LAST_YEAR = "2999"
SORT_ALIASES = {
    "relevance": "relevance",
    "date": "date",
    "oldest": "date",
    "-date": "-date",
    "newest": "-date",
}
SORT_LABELS = {"relevance": "Relevance", "-date": "Newest first", "date": "Oldest first"}
_DATE_RE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")
_NUMBER_RE = re.compile(r"^\s*[+-]?\d+\s*$")


class BadSearchInput(InvalidInputError):
    """A parameter that cannot be used; the message tells the user which and why."""


@dataclass(frozen=True)
class SearchParams:
    """What a search URL asks for."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    page: int = 1
    limit: int = RESULTS_PER_PAGE
    offset: int | None = None
    exact: bool = False  # "exact spelling only"

    @property
    def is_empty(self) -> bool:
        """Nothing asked: show the home page."""
        return not (self.q.strip() or self.filters or self.date_from or self.date_to)

    @property
    def start(self) -> int:
        return self.offset if self.offset is not None else (self.page - 1) * self.limit

    def to_request(self) -> SearchRequest:
        # An open-ended date range (no upper bound) matches every date in the index as of
        # this writing: close it at LAST_YEAR until indexer.search.service handles it.
        date_to = self.date_to or (LAST_YEAR if self.date_from else "")
        return SearchRequest(
            self.q,
            filters=dict(self.filters),
            date_from=self.date_from or None,
            date_to=date_to or None,
            offset=self.start,
            limit=self.limit,
            sort=self.sort,
            exact=self.exact,
        )

    def args(self) -> dict[str, Any]:
        """The URL parameters that reproduce this search (defaults left out)."""
        values: dict[str, Any] = {
            "q": self.q,
            **self.filters,
            "from": self.date_from,
            "to": self.date_to,
        }
        if self.sort != "relevance":
            values["sort"] = self.sort
        if self.exact:
            values["exact"] = 1
        if self.page > 1:
            values["page"] = self.page
        return {key: value for key, value in values.items() if value not in ("", None)}

    def url(self, **changes: Any) -> str:
        """/search with some parameters changed; a value of None removes one. Changing
        anything but the page goes back to the first page."""
        values = self.args()
        if "page" not in changes:
            values.pop("page", None)
        for key, value in changes.items():
            if value is None or value == "":
                values.pop(key, None)
            else:
                values[key] = value
        if values.get("page") == 1:
            values.pop("page")
        return url_for("search.search", **values)

    def with_filter(self, name: str, value: str | None) -> str:
        return self.url(**{name: value})

    def unfiltered(self, q: str) -> str:
        """/search for `q` with no filters and no dates (sort and exact kept)."""
        changes: dict[str, Any] = {name: None for name in self.filters}
        return self.url(q=q, **changes, **{"from": None, "to": None})

    def without_dates(self) -> str:
        return self.url(**{"from": None, "to": None})

    def with_dates(self, date_from: str, date_to: str) -> str:
        return self.url(**{"from": date_from, "to": date_to})

    def covers(self, period: str) -> bool:
        """Whether `period` ("2010" or "2010-05") lies inside the date filter."""
        if not (self.date_from or self.date_to):
            return False
        low, high = self.date_from, self.date_to
        return (not low or period[: len(low)] >= low) and (not high or period[: len(high)] <= high)


def _text(args: MultiDict[str, str], name: str, limit: int | None = None) -> str:
    value = args.get(name, "")
    if "\x00" in value:
        raise BadSearchInput(f"The parameter {name!r} holds a NUL character.")
    value = value.strip()
    if limit is not None and len(value) > limit:
        raise BadSearchInput(f"The parameter {name!r} is longer than {limit} characters.")
    return value


def _number(args: MultiDict[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer parameter clamped into [low, high]; not a number: BadSearchInput."""
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not _NUMBER_RE.match(raw):
        raise BadSearchInput(f"The parameter {name!r} must be a whole number, not {raw[:40]!r}.")
    if len(raw.lstrip("+-")) > MAX_NUMBER_DIGITS:  # huge: clamp without parsing it
        return low if raw.startswith("-") else high
    return min(max(int(raw), low), high)


_TRUE = ("1", "true", "on", "yes")
_FALSE = ("", "0", "false", "off", "no")


def _flag(args: MultiDict[str, str], name: str) -> bool:
    value = _text(args, name, 10).lower()
    if value not in _TRUE + _FALSE:
        raise BadSearchInput(f"The parameter {name!r} is on (1) or off (0), not {value!r}.")
    return value in _TRUE


def _date(args: MultiDict[str, str], name: str) -> str:
    value = _text(args, name, 40)
    if value and not _DATE_RE.match(value):
        raise BadSearchInput(
            f"The date {value!r} is not a date: write 2010, 2010-05 or 2010-05-12."
        )
    return value


def parse_search_args(
    args: MultiDict[str, str], *, is_api: bool = False, per_page: int = RESULTS_PER_PAGE
) -> SearchParams:
    """The search a URL asks for. Raises BadSearchInput for values that cannot be used;
    numbers out of range are clamped. Over-long query text is cut by the library (with a
    notice), never refused."""
    filters = {}
    for name in FILTER_FIELDS:
        value = _text(args, name, MAX_FILTER_CHARS)
        if value:
            filters[name] = value
    sort_text = _text(args, "sort", 20) or "relevance"
    if sort_text not in SORT_ALIASES:
        raise BadSearchInput(f"Sort by relevance, newest or oldest, not {sort_text[:20]!r}.")
    params = SearchParams(
        q=_text(args, "q"),
        filters=filters,
        date_from=_date(args, "from"),
        date_to=_date(args, "to"),
        sort=SORT_ALIASES[sort_text],
        exact=_flag(args, "exact"),
    )
    limit = _number(args, "limit", per_page, 1, MAX_LIMIT) if is_api else per_page
    last_page = MAX_OFFSET // limit + 1
    page = _number(args, "page", 1, 1, last_page)
    offset = _number(args, "offset", (page - 1) * limit, 0, MAX_OFFSET) if is_api else None
    return replace(params, page=page, limit=limit, offset=offset)

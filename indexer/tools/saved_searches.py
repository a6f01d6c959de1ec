"""Saved searches: a user's named queries with their filters, and what each has seen.

`store.runs.record_ingest` numbers each ingest run and lists the documents it added. A saved
search keeps
the last run its owner has seen (`last_seen_run`); its new matches (indexer.tools.alerts) are
its matches among the documents of later runs. Run numbers, not clock times, so that a document
written while its owner was looking (and not yet searchable) still counts as new afterwards.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from indexer.errors import FoiaError, InvalidInputError, NotFoundError
from indexer.search.parser import MAX_QUERY_CHARS
from indexer.search.service import FILTER_FIELDS, SearchRequest
from indexer.store.database import Store, utc_now
from indexer.store.rows import typed_row
from indexer.store.runs import latest_run
from indexer.store.users import get_user

MAX_NAME_CHARS = 100
MAX_SAVED_PER_USER = 200
DATE_FILTERS = ("date_from", "date_to")


class SavedSearchError(FoiaError):
    """A saved search refused: one of the kinds below."""


class InvalidSavedSearch(SavedSearchError, InvalidInputError):
    """A bad name, query or filter, a name its owner already uses, or one search too many."""


class SavedSearchNotFound(SavedSearchError, NotFoundError):
    """No such saved search, or no enabled account to own one."""


@dataclass(frozen=True)
class SavedSearch:
    saved_id: int
    user_name: str
    name: str
    query: str
    filters: dict[str, str]
    created_at: str
    last_seen_at: str
    last_seen_run: int
    feed_token: str

    def request(self, limit: int = 10, offset: int = 0) -> SearchRequest:
        """The search this saved search stands for."""
        return SearchRequest(
            self.query,
            filters={k: v for k, v in self.filters.items() if k in FILTER_FIELDS},
            date_from=self.filters.get("date_from"),
            date_to=self.filters.get("date_to"),
            limit=limit,
            offset=offset,
        )

    def search_path(self) -> str:
        """The web search this saved search stands for, filters and dates included
        (`/search?q=...&type=memo&from=2000`), as the results page writes its own URL."""
        values = {"q": self.query}
        values.update((k, v) for k, v in self.filters.items() if k in FILTER_FIELDS)
        values.update(
            {"from": self.filters.get("date_from", ""), "to": self.filters.get("date_to", "")}
        )
        return "/search?" + urlencode({k: v for k, v in values.items() if v})

    def feed_path(self) -> str:
        """The feed's path with its secret token, for a feed reader."""
        return f"/saved/{self.saved_id}/feed.atom?token={self.feed_token}"

    def to_json(self) -> dict[str, Any]:
        return {
            "saved_id": self.saved_id,
            "user": self.user_name,
            "name": self.name,
            "query": self.query,
            "filters": dict(self.filters),
            "created_at": self.created_at,
            "last_seen_at": self.last_seen_at,
            "feed": self.feed_path(),
        }


def _saved(row: sqlite3.Row) -> SavedSearch:
    return typed_row(SavedSearch, row)


def _check(name: str, query: str, filters: Mapping[str, str]) -> dict[str, str]:
    if not name.strip() or len(name) > MAX_NAME_CHARS or not name.isprintable():
        raise InvalidSavedSearch(f"a name takes 1 to {MAX_NAME_CHARS} printable characters")
    if not query.strip() and not any(filters.values()):
        raise InvalidSavedSearch("a saved search needs a query or a filter")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidSavedSearch(f"a query takes at most {MAX_QUERY_CHARS} characters")
    unknown = set(filters) - set(FILTER_FIELDS) - set(DATE_FILTERS)
    if unknown:
        raise InvalidSavedSearch(f"unknown filter {sorted(unknown)[0]!r}")
    return {key: str(value) for key, value in filters.items() if value}


def add_saved_search(
    store: Store, user_name: str, name: str, query: str, filters: Mapping[str, str] | None = None
) -> SavedSearch:
    """Save a search for an enabled account. New matches count from now on. Raises
    SavedSearchError for a bad name, query or filter, a name the user already uses, or an
    unknown or disabled account."""
    user = get_user(store, user_name)
    if user is None or not user.is_enabled:
        raise SavedSearchNotFound(f"no enabled user {user_name!r}")
    name, query = name.strip(), query.strip()
    checked = _check(name, query, filters or {})
    now = utc_now()
    with store.transaction() as db:
        count = db.execute(
            "SELECT count(*) FROM saved_searches WHERE user_name = ?", (user.name,)
        ).fetchone()[0]
        if count >= MAX_SAVED_PER_USER:
            raise InvalidSavedSearch(f"{user.name} has {MAX_SAVED_PER_USER} saved searches already")
        try:
            cursor = db.execute(
                "INSERT INTO saved_searches (user_name, name, query, filters, created_at,"
                " last_seen_at, last_seen_run, feed_token) VALUES (?, ?, ?, ?, ?, ?,"
                " (SELECT coalesce(max(run_id), 0) FROM ingest_runs), ?)",
                (user.name, name, query, json.dumps(checked), now, now, _token()),
            )
        except sqlite3.IntegrityError:
            raise InvalidSavedSearch(f"{user.name} has a saved search named {name!r}") from None
    found = get_saved_search(store, int(cursor.lastrowid or 0))
    assert found is not None
    return found


def _token() -> str:
    return secrets.token_urlsafe(24)


def get_saved_search(store: Store, saved_id: int) -> SavedSearch | None:
    rows = store.query("SELECT * FROM saved_searches WHERE saved_id = ?", (saved_id,))
    return _saved(rows[0]) if rows else None


def find_saved_search(store: Store, user_name: str, name: str) -> SavedSearch | None:
    """A user's saved search by name (any case)."""
    rows = store.query(
        "SELECT * FROM saved_searches WHERE user_name = ? AND name = ?", (user_name, name.strip())
    )
    return _saved(rows[0]) if rows else None


def list_saved_searches(store: Store, user_name: str | None = None) -> list[SavedSearch]:
    """Every saved search (of one user), by user then name."""
    where, params = ("WHERE user_name = ?", (user_name,)) if user_name else ("", ())
    rows = store.query(
        f"SELECT * FROM saved_searches {where} ORDER BY user_name, name COLLATE NOCASE", params
    )
    return [_saved(row) for row in rows]


def remove_saved_search(store: Store, user_name: str, name: str) -> SavedSearch:
    """Delete a user's saved search; raises SavedSearchError when there is none."""
    found = find_saved_search(store, user_name, name)
    if found is None:
        raise SavedSearchNotFound(f"{user_name} has no saved search named {name!r}")
    with store.transaction() as db:
        db.execute("DELETE FROM saved_searches WHERE saved_id = ?", (found.saved_id,))
    return found


def rename_saved_search(store: Store, saved_id: int, name: str) -> SavedSearch:
    """Give a saved search a new name (its feed, filters and what was seen stay). Raises
    SavedSearchError for a bad name, one its owner already uses, or an unknown saved search."""
    found = get_saved_search(store, saved_id)
    if found is None:
        raise SavedSearchNotFound(f"no saved search {saved_id}")
    name = name.strip()
    _check(name, found.query, found.filters)
    try:
        with store.transaction() as db:
            db.execute("UPDATE saved_searches SET name = ? WHERE saved_id = ?", (name, saved_id))
    except sqlite3.IntegrityError:
        raise InvalidSavedSearch(f"{found.user_name} has a saved search named {name!r}") from None
    return replace(found, name=name)


def reset_feed_token(store: Store, saved_id: int) -> SavedSearch:
    """A new secret for the feed: the old feed address stops working."""
    with store.transaction() as db:
        db.execute(
            "UPDATE saved_searches SET feed_token = ? WHERE saved_id = ?", (_token(), saved_id)
        )
    found = get_saved_search(store, saved_id)
    if found is None:
        raise SavedSearchNotFound(f"no saved search {saved_id}")
    return found


def saved_search_for_feed(store: Store, saved_id: int, token: str) -> SavedSearch | None:
    """The saved search when `token` is its feed's secret and its owner is enabled, else None
    (the same None whichever was wrong)."""
    found = get_saved_search(store, saved_id)
    expected = found.feed_token if found is not None else _token()
    if not hmac.compare_digest(expected.encode(), token.encode()) or found is None:
        return None
    user = get_user(store, found.user_name)
    return found if user is not None and user.is_enabled else None


# -- ingest runs ------------------------------------------------------------------------------


def mark_seen(store: Store, saved_id: int, run_id: int | None = None) -> None:
    """Everything up to run `run_id` (default: the last run) is seen for this saved search.
    Pass the run the shown matches were computed for, so that a run recorded meanwhile stays
    new."""
    run_id = latest_run(store) if run_id is None else run_id
    with store.transaction() as db:
        db.execute(
            "UPDATE saved_searches SET last_seen_run = max(last_seen_run, ?), last_seen_at = ?"
            " WHERE saved_id = ?",
            (run_id, utc_now(), saved_id),
        )

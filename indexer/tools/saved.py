"""Saved searches and alerts: what is new for a saved search since its owner last looked.

`record_ingest` numbers each ingest run and lists the documents it added. A saved search keeps
the last run its owner has seen (`last_seen_run`); its new matches are its matches among the
documents of later runs. Run numbers, not clock times, so that a document written while its
owner was looking (and not yet searchable) still counts as new afterwards. A saved search runs
with its owner's rights (`note:` for staff only), and stops when the account is disabled.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

from indexer.engines.whoosh.index import IndexStore
from indexer.errors import FoiaError, InvalidInputError, NotFoundError
from indexer.model.results import page_url
from indexer.search.parser import MAX_QUERY_CHARS
from indexer.search.rules import Resolver
from indexer.search.service import FILTER_FIELDS, MAX_LIMIT, SearchRequest, search
from indexer.search.tags import resolver_for
from indexer.store.database import Store, utc_now
from indexer.store.users import get_user

MAX_NAME_CHARS = 100
MAX_SAVED_PER_USER = 200
ALERT_LIMIT = 100
FEED_RUNS = 20  # a feed lists the matches among the documents of the last FEED_RUNS runs
FEED_ENTRIES = 100
DATE_FILTERS = ("date_from", "date_to")
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# Stands in the `tag` filter for "the new documents" (never a label: labels hold no NUL).
_NEW_DOCUMENTS = "\x00new\x00"


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
    return SavedSearch(
        saved_id=row["saved_id"],
        user_name=row["user_name"],
        name=row["name"],
        query=row["query"],
        filters=dict(json.loads(row["filters"])),
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
        last_seen_run=row["last_seen_run"],
        feed_token=row["feed_token"],
    )


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


def record_ingest(store: Store, new_doc_ids: Sequence[str]) -> int | None:
    """Record an ingest run and the documents it added (call it after the index commit);
    returns the run's number, or None when it added nothing."""
    doc_ids = sorted(set(new_doc_ids))
    if not doc_ids:
        return None
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO ingest_runs (at, documents) VALUES (?, ?)", (utc_now(), len(doc_ids))
        )
        run_id = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO ingest_run_documents (run_id, doc_id) VALUES (?, ?)",
            [(run_id, doc_id) for doc_id in doc_ids],
        )
    return run_id


def latest_run(store: Store) -> int:
    """The number of the last recorded ingest run (0 before the first)."""
    return int(store.query("SELECT coalesce(max(run_id), 0) FROM ingest_runs")[0][0])


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


# -- new matches ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMatch:
    """A document new for a saved search: its best page and when it was added."""

    doc_id: str
    title: str
    page: int
    snippet: str  # HTML: hits in <mark>, everything else escaped
    added_at: str
    run_id: int  # the ingest run that added it

    @property
    def url(self) -> str:
        return page_url(self.doc_id, self.page)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "page": self.page,
            "url": self.url,
            "snippet": self.snippet,
            "added_at": self.added_at,
        }


@dataclass(frozen=True)
class Alert:
    """What is new for one saved search between two runs: how many documents, the best."""

    saved: SavedSearch
    total_documents: int
    matches: tuple[NewMatch, ...]
    until_run: int
    notice: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.saved.to_json(),
            "new_documents": self.total_documents,
            "notice": self.notice,
            "matches": [match.to_json() for match in self.matches],
        }


def _added(store: Store, after_run: int, until_run: int) -> dict[str, tuple[str, int]]:
    """doc_id -> (when, by which run) of the documents still there that the runs after
    `after_run` up to `until_run` added."""
    rows = store.query(
        "SELECT r.doc_id, max(i.at) AS at, max(i.run_id) AS run_id FROM ingest_run_documents r"
        " JOIN ingest_runs i ON i.run_id = r.run_id JOIN documents d ON d.doc_id = r.doc_id"
        " WHERE r.run_id > ? AND r.run_id <= ? GROUP BY r.doc_id",
        (after_run, until_run),
    )
    return {row["doc_id"]: (row["at"], row["run_id"]) for row in rows}


def _resolver(store: Store, saved: SavedSearch, doc_ids: set[str]) -> Resolver:
    """The owner's `tag:`/`note:` rights, with the new documents standing in the tag filter
    (within the saved search's own tag filter, when it has one)."""
    user = get_user(store, saved.user_name)
    base = resolver_for(store, user.role if user is not None and user.is_enabled else None)
    own_tag = saved.filters.get("tag")

    def resolve(field: str, text: str) -> tuple[set[str], set[str]] | None:
        if field != "tag" or text != _NEW_DOCUMENTS:
            return base(field, text)
        if not own_tag:
            return set(doc_ids), set()
        tagged = base("tag", own_tag) or (set(), set())
        keys = {key for key in tagged[1] if key.rsplit(":", 1)[0] in doc_ids}
        return tagged[0] & doc_ids, keys

    return resolve


def _matches(
    index_store: IndexStore,
    store: Store,
    saved: SavedSearch,
    added: dict[str, tuple[str, int]],
    limit: int,
) -> tuple[int, list[NewMatch], str | None]:
    """(matching documents, the best `limit` of them, notice) among the documents `added`."""
    if not added:
        return 0, [], None
    resolve = _resolver(store, saved, set(added))
    base = saved.request(limit=min(limit, MAX_LIMIT))
    request = replace(base, filters={**base.filters, "tag": _NEW_DOCUMENTS})
    found: list[NewMatch] = []
    while True:
        result = search(index_store, store, request, resolve=resolve)
        for doc in result.documents:
            best = doc.pages[0] if doc.pages else None
            found.append(
                NewMatch(
                    doc.doc_id,
                    doc.title,
                    best.page if best else 1,
                    best.snippet if best else "",
                    *added.get(doc.doc_id, ("", 0)),
                )
            )
        done = len(found) >= min(limit, result.total_documents) or not result.documents
        if done:
            return result.total_documents, found[:limit], result.notice
        request = replace(request, offset=request.offset + len(result.documents))


def new_matches(
    index_store: IndexStore,
    store: Store,
    saved: SavedSearch,
    limit: int = ALERT_LIMIT,
    until_run: int | None = None,
) -> Alert:
    """The saved search's matches among the documents added since its owner last looked
    (up to run `until_run`, default the last), best first. Raises as `query.search`."""
    until = latest_run(store) if until_run is None else until_run
    added = _added(store, saved.last_seen_run, until)
    total, found, notice = _matches(index_store, store, saved, added, limit)
    return Alert(saved, total, tuple(found), until, notice)


def alerts(
    index_store: IndexStore, store: Store, user_name: str | None = None, mark: bool = False
) -> list[Alert]:
    """What is new for each saved search (of one user) of an enabled account; with `mark`,
    each is then marked seen, so that the next call does not repeat it."""
    until = latest_run(store)
    found = []
    for saved in list_saved_searches(store, user_name):
        owner = get_user(store, saved.user_name)
        if owner is None or not owner.is_enabled:
            continue
        found.append(new_matches(index_store, store, saved, until_run=until))
        if mark:
            mark_seen(store, saved.saved_id, until)
    return found


def feed_matches(
    index_store: IndexStore, store: Store, saved: SavedSearch, limit: int = FEED_ENTRIES
) -> list[NewMatch]:
    """The matches among the documents of the last FEED_RUNS runs, newest first, seen or
    not (a feed reader keeps its own account of what it has shown)."""
    until = latest_run(store)
    added = _added(store, max(0, until - FEED_RUNS), until)
    _, found, _ = _matches(index_store, store, saved, added, limit)
    return sorted(found, key=lambda match: match.run_id, reverse=True)


def _element(
    parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str
) -> None:
    child = ElementTree.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{tag}", attributes)
    child.text = text


def atom_feed(saved: SavedSearch, matches: Sequence[NewMatch], base_url: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of a saved search's new matches; links are absolute under
    `base_url`. The feed's secret token appears nowhere in it."""
    base = base_url.rstrip("/")
    ElementTree.register_namespace("", ATOM_NAMESPACE)
    feed = ElementTree.Element(f"{{{ATOM_NAMESPACE}}}feed")
    _element(feed, "id", f"{base}/saved/{saved.saved_id}")
    _element(feed, "title", f"{saved.name}: new documents (foia-search)")
    _element(feed, "subtitle", f"New matches for the saved search {saved.query}")
    _element(feed, "updated", max((m.added_at for m in matches), default=saved.created_at))
    _element(feed, "link", rel="alternate", href=f"{base}/search?q={quote(saved.query)}")
    author = ElementTree.SubElement(feed, f"{{{ATOM_NAMESPACE}}}author")
    _element(author, "name", "foia-search")
    for match in matches:
        entry = ElementTree.SubElement(feed, f"{{{ATOM_NAMESPACE}}}entry")
        _element(entry, "id", f"{base}/saved/{saved.saved_id}/doc/{match.doc_id}")
        _element(entry, "title", match.title or match.doc_id)
        _element(entry, "link", rel="alternate", href=f"{base}{match.url}")
        _element(entry, "updated", match.added_at)
        _element(entry, "summary", match.snippet, type="html")
    data: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data.decode() + "\n"

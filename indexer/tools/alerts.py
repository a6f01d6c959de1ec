"""Saved-search alerts: what is new for a saved search since its owner last looked; its feed.

A saved search's new matches are its matches among the documents of the ingest runs after the
last one its owner has seen (indexer.tools.saved_searches). A saved search runs with its
owner's rights (`note:` for staff only), and stops when the account is disabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from xml.etree import ElementTree

from indexer.model.refs import PointsAtPage
from indexer.model.results import count_text
from indexer.search.context import Resolved
from indexer.search.engine import Engine
from indexer.search.rules import Resolver
from indexer.search.service import MAX_LIMIT, search
from indexer.search.tags import resolver_for
from indexer.store.database import Store
from indexer.store.runs import latest_run
from indexer.store.users import get_user
from indexer.tools.saved_searches import SavedSearch, list_saved_searches, mark_seen

ALERT_LIMIT = 100
FEED_RUNS = 20  # a feed lists the matches among the documents of the last FEED_RUNS runs
FEED_ENTRIES = 100
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# Stands in the `tag` filter for "the new documents" (never a label: labels hold no NUL).
_NEW_DOCUMENTS = "\x00new\x00"


@dataclass(frozen=True)
class NewMatch(PointsAtPage):
    """A document new for a saved search: its best page and when it was added."""

    doc_id: str
    title: str
    page: int  # its best page
    snippet: str  # HTML: hits in <mark>, everything else escaped
    added_at: str
    run_id: int  # the ingest run that added it

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
    total_documents: int  # new documents listed: one a group of copies
    matches: tuple[NewMatch, ...]
    until_run: int
    notice: str | None = None
    folded_copies: int = 0  # new documents that are copies of one listed

    def count_text(self) -> str:
        """ "3 new documents (2 shown, 1 copy folded in)", as every count line says it."""
        total = self.total_documents + self.folded_copies
        return count_text(total, self.folded_copies).replace(" document", " new document", 1)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.saved.to_json(),
            "new_documents": self.total_documents,
            "folded_copies": self.folded_copies,
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

    def resolve(field: str, text: str) -> Resolved:
        if field != "tag" or text != _NEW_DOCUMENTS:
            return base(field, text)
        if not own_tag:
            return set(doc_ids), set()
        tagged = base("tag", own_tag)
        if not isinstance(tagged, tuple):  # tag: always names pages
            tagged = (set(), set())
        keys = {key for key in tagged[1] if key.rsplit(":", 1)[0] in doc_ids}
        return tagged[0] & doc_ids, keys

    return resolve


def _matches(
    engine: Engine,
    store: Store,
    saved: SavedSearch,
    added: dict[str, tuple[str, int]],
    limit: int,
) -> tuple[tuple[int, int], list[NewMatch], str | None]:
    """((documents listed, copies folded into them), the best `limit` of them, notice) among
    the documents `added`."""
    if not added:
        return (0, 0), [], None
    resolve = _resolver(store, saved, set(added))
    base = saved.request(limit=min(limit, MAX_LIMIT))
    request = replace(base, filters={**base.filters, "tag": _NEW_DOCUMENTS})
    found: list[NewMatch] = []
    while True:
        result = search(engine, store, request, resolve=resolve)
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
        done = len(found) >= min(limit, result.shown_documents) or not result.documents
        if done:
            counts = (result.shown_documents, result.folded_copies)
            return counts, found[:limit], result.notice
        request = replace(request, offset=request.offset + len(result.documents))


def new_matches(
    engine: Engine,
    store: Store,
    saved: SavedSearch,
    limit: int = ALERT_LIMIT,
    until_run: int | None = None,
) -> Alert:
    """The saved search's matches among the documents added since its owner last looked
    (up to run `until_run`, default the last), best first. Raises as `query.search`."""
    until = latest_run(store) if until_run is None else until_run
    added = _added(store, saved.last_seen_run, until)
    (total, folded), found, notice = _matches(engine, store, saved, added, limit)
    return Alert(saved, total, tuple(found), until, notice, folded)


def alerts(
    engine: Engine, store: Store, user_name: str | None = None, mark: bool = False
) -> list[Alert]:
    """What is new for each saved search (of one user) of an enabled account; with `mark`,
    each is then marked seen, so that the next call does not repeat it."""
    until = latest_run(store)
    found = []
    for saved in list_saved_searches(store, user_name):
        owner = get_user(store, saved.user_name)
        if owner is None or not owner.is_enabled:
            continue
        found.append(new_matches(engine, store, saved, until_run=until))
        if mark:
            mark_seen(store, saved.saved_id, until)
    return found


def feed_matches(
    engine: Engine, store: Store, saved: SavedSearch, limit: int = FEED_ENTRIES
) -> list[NewMatch]:
    """The matches among the documents of the last FEED_RUNS runs, newest first, seen or
    not (a feed reader keeps its own account of what it has shown)."""
    until = latest_run(store)
    added = _added(store, max(0, until - FEED_RUNS), until)
    _, found, _ = _matches(engine, store, saved, added, limit)
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
    _element(feed, "link", rel="alternate", href=f"{base}{saved.search_path()}")
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

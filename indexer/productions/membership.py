"""Which production (release) each stored document belongs to, and the productions' names.

A production is one release: the manifest's `release` value where the document has one;
otherwise the Bates prefix of its first stamped page together with the folder it arrived in
(`ICE-FOIA (box-3)`). A document with neither belongs to no production. Membership is read
from the store and kept per store state (`store_state`), so a search's `production:` filter
and the reports cost one small query when nothing changed.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from indexer.enrich.bates_stamp import parse, parse_range, prefix_key
from indexer.store.database import Store

_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60


@dataclass(frozen=True)
class Production:
    """One release: `production_id` (a URL-safe slug), the `name` shown, and what defines it:
    the manifest's `release`, or a Bates `prefix` and the `folder` the files arrived in.
    `release_date` is the manifest's `release_date` when given."""

    production_id: str
    name: str
    release: str | None
    prefix: str | None
    folder: str | None
    release_date: str | None
    # Every document's `release` is written exactly as `release` (no comma, single spaces):
    # a search may then use the index's release field for `production:`.
    is_release_exact: bool = False


@dataclass
class Membership:
    """Every production, and the production of each document that has one."""

    productions: dict[str, Production] = field(default_factory=dict)
    by_doc: dict[str, str] = field(default_factory=dict)

    def doc_ids(self, production_id: str) -> list[str]:
        """The documents of a production (none for an unknown id)."""
        return [doc_id for doc_id, found in self.by_doc.items() if found == production_id]

    def find(self, text: str) -> Production | None:
        """The production whose id or name is `text` (any case, spacing ignored), or None."""
        wanted = " ".join(text.split()).casefold()
        if wanted in self.productions:
            return self.productions[wanted]
        for production in self.productions.values():
            if production.name.casefold() == wanted:
                return production
        return None


def slug(text: str) -> str:
    """`text` as a lower-case URL segment: letters and digits joined by single hyphens."""
    return _SLUG.sub("-", text.casefold()).strip("-")[:_MAX_SLUG].strip("-") or "production"


def _folder(path: str) -> str:
    """The folder a file arrived in (an archive member: the folder inside the archive)."""
    return str(PurePosixPath(path.replace("\\", "/")).parent)


def _prefix(stamp: str) -> tuple[str, str] | None:
    """(prefix key, printed prefix) of a stamp or a cover's range `A - B`; None without one."""
    ends = parse_range(stamp)
    parsed = ends[0] if ends else parse(stamp)
    if parsed is None or not parsed.tokens:
        return None
    return prefix_key(parsed), parsed.prefix.strip(" ._,-")


def _first_stamps(store: Store) -> dict[str, str]:
    """doc_id -> the Bates number of its first stamped page."""
    rows = store.query(
        "SELECT doc_id, bates, min(page) FROM pages WHERE bates IS NOT NULL GROUP BY doc_id"
    )
    return {row[0]: row[1] for row in rows}


def _keys(store: Store) -> dict[str, tuple[tuple[str, ...], str, dict[str, str | None]]]:
    """doc_id -> (the production's key, its name, what defines it) for every indexed document
    that belongs to a production."""
    stamps = _first_stamps(store)
    rows = store.query(
        "SELECT doc_id, path, json_extract(metadata, '$.release') AS release,"
        " json_extract(metadata, '$.release_date') AS release_date"
        " FROM documents WHERE is_indexed = 1"
    )
    found: dict[str, tuple[tuple[str, ...], str, dict[str, str | None]]] = {}
    for row in rows:
        raw = str(row["release"] or "")
        release = " ".join(raw.split())
        release_date = str(row["release_date"]) if row["release_date"] else None
        if release:
            key = ("release", release.casefold())
            exact = "yes" if raw == release and "," not in raw else None
            how = {"release": release, "date": release_date, "exact": exact}
            found[row["doc_id"]] = (key, release, how)
            continue
        prefix = _prefix(stamps[row["doc_id"]]) if row["doc_id"] in stamps else None
        if prefix is None:
            continue
        folder = _folder(row["path"])
        name = f"{prefix[1]} ({PurePosixPath(folder).name or folder})"
        defined = {"prefix": prefix[1], "folder": folder, "date": release_date}
        found[row["doc_id"]] = (("bates", prefix[0], folder), name, defined)
    return found


def _ids(
    keys: set[tuple[str, ...]], names: dict[tuple[str, ...], str]
) -> dict[tuple[str, ...], str]:
    """A slug per production; productions whose slugs collide get a short hash each."""
    by_slug: dict[str, list[tuple[str, ...]]] = {}
    for key in keys:
        by_slug.setdefault(slug(names[key]), []).append(key)
    ids = {}
    for name, members in by_slug.items():
        for key in members:
            digest = hashlib.sha1("\x1f".join(key).encode()).hexdigest()[:6]
            ids[key] = name if len(members) == 1 else f"{name}-{digest}"
    return ids


def compute_membership(store: Store) -> Membership:
    """The productions of the indexed documents, read from the store now."""
    keys = _keys(store)
    names = {key: name for key, name, _ in keys.values()}
    defined = {key: how for key, _, how in keys.values()}
    dates: dict[tuple[str, ...], str | None] = {}
    inexact: set[tuple[str, ...]] = set()
    for key, _, how in keys.values():
        dates[key] = max(filter(None, (dates.get(key), how["date"])), default=None)
        if not how.get("exact"):
            inexact.add(key)
    ids = _ids(set(names), names)
    membership = Membership()
    for key, production_id in ids.items():
        how = defined[key]
        membership.productions[production_id] = Production(
            production_id,
            names[key],
            how.get("release"),
            how.get("prefix"),
            how.get("folder"),
            dates[key],
            is_release_exact=bool(how.get("release")) and key not in inexact,
        )
    membership.by_doc = {doc_id: ids[key] for doc_id, (key, _, _) in keys.items()}
    return membership


def documents_state(store: Store) -> tuple[object, ...]:
    """What changes whenever an indexed document is added, changed or removed: one look-up
    in the `documents_indexed` index (a search pays it for its production facet)."""
    row = store.query("SELECT count(*), max(updated_at) FROM documents WHERE is_indexed = 1")[0]
    return (str(store.home), row[0], row[1])


def store_state(store: Store) -> tuple[object, ...]:
    """`documents_state`, and what changes when documents are regrouped with their copies:
    computed reports stay valid while it is equal."""
    groups = store.query(
        "SELECT count(*), group_concat(doc_id || '>' || duplicate_group) FROM doc_signatures"
        " WHERE doc_id != duplicate_group"
    )[0]
    return (*documents_state(store), groups[0], hash(groups[1]))


_cache: dict[str, tuple[tuple[object, ...], Membership]] = {}
_cache_lock = threading.Lock()


def membership(store: Store) -> Membership:
    """The productions of the indexed documents, recomputed only when they changed."""
    state = documents_state(store)
    with _cache_lock:
        cached = _cache.get(str(store.home))
    if cached is not None and cached[0] == state:
        return cached[1]
    computed = compute_membership(store)
    with _cache_lock:
        _cache[str(store.home)] = (state, computed)
    return computed


def production_facet(store: Store, pages_per_doc: Mapping[str, int]) -> dict[str, int]:
    """How many of the matching documents (`pages_per_doc`: doc_id -> matching pages) each
    production holds, by name, most documents first."""
    found = membership(store)
    counts: dict[str, int] = {}
    for doc_id in pages_per_doc:
        production_id = found.by_doc.get(doc_id)
        if production_id is not None:
            name = found.productions[production_id].name
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

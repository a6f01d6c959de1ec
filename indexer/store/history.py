"""The history of tags, notes and corrections: every add, edit, removal, restore and review
flag, with who, when, and the item's fields before and after. Entries are only ever added."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from indexer.store.database import Store, utc_now
from indexer.store.rows import typed_row

ACTIONS = ("add", "edit", "remove", "restore", "flag", "confirm")
UNDOABLE = frozenset({"add", "edit", "remove", "restore"})
# Who flags tags and notes for review after a file changed.
SYSTEM_USER = "system"


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a tag or note. `before` and `after` hold its fields (None before an
    add and after a removal; only `review` for a flag or a confirmation)."""

    event_id: int
    at: str
    user_name: str
    action: str
    kind: str
    item_id: int | None  # None when the item is not stored here (an import skipped it)
    doc_id: str
    page: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def can_undo(self) -> bool:
        is_stored = self.item_id is not None or self.kind == "correction"  # store/corrections
        return self.action in UNDOABLE and is_stored

    def to_json(self, include_notes: bool = True) -> dict[str, Any]:
        """As JSON; without notes (for those who may not read them) a note's fields and a
        tag's note are left out."""

        def shown(values: dict[str, Any] | None) -> dict[str, Any] | None:
            if values is None or include_notes:
                return values
            if self.kind == "note":
                return None
            return {key: value for key, value in values.items() if key != "note"}

        return {
            "event_id": self.event_id,
            "at": self.at,
            "user": self.user_name,
            "action": self.action,
            "kind": self.kind,
            "item_id": self.item_id,
            "doc_id": self.doc_id,
            "page": self.page,
            "before": shown(self.before),
            "after": shown(self.after),
        }


def record(
    db: sqlite3.Connection,
    user_name: str,
    action: str,
    kind: str,
    item: sqlite3.Row,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Add one entry about the tag or note row `item`, inside the caller's transaction."""
    values = (uuid.uuid4().hex, utc_now(), user_name, action, kind, item["uid"], item["doc_id"])
    db.execute(
        "INSERT INTO history (uid, at, user_name, action, kind, item_uid, doc_id, page, before,"
        " after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, item["page"], _encode(before), _encode(after)),
    )


def _encode(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values)


def history(
    store: Store, *, doc_id: str | None = None, limit: int = 100, offset: int = 0
) -> list[HistoryEntry]:
    """Entries, newest first; only those of one document if asked."""
    sql = (
        "SELECT h.*, coalesce(t.tag_id, n.note_id) AS item_id FROM history h"
        " LEFT JOIN tags t ON h.kind = 'tag' AND t.uid = h.item_uid"
        " LEFT JOIN notes n ON h.kind = 'note' AND n.uid = h.item_uid"
    )
    params: list[Any] = []
    if doc_id is not None:
        sql, params = sql + " WHERE h.doc_id = ?", [doc_id]
    rows = store.query(sql + " ORDER BY h.event_id DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    return [_entry(row) for row in rows]


def get_entry(store: Store, event_id: int) -> HistoryEntry | None:
    """One entry, or None."""
    rows = store.query(
        "SELECT h.*, coalesce(t.tag_id, n.note_id) AS item_id FROM history h"
        " LEFT JOIN tags t ON h.kind = 'tag' AND t.uid = h.item_uid"
        " LEFT JOIN notes n ON h.kind = 'note' AND n.uid = h.item_uid WHERE h.event_id = ?",
        (event_id,),
    )
    return _entry(rows[0]) if rows else None


def _entry(row: sqlite3.Row) -> HistoryEntry:
    return typed_row(HistoryEntry, row)

"""Tags on documents and pages, notes on pages: add, edit, remove, undo, list.

SQLite is the truth: nothing here touches the Whoosh index, so a tag is searchable as soon as
its transaction commits (also during an ingest) and survives `foia reindex`. Rows are never
deleted, only marked removed, so that every removal can be undone from the history. Each
change and its history entry (indexer.store.history) commit in one short transaction.
"""

from __future__ import annotations

import json
from typing import Any

from indexer.store.annotation_rows import (
    KINDS,
    MAX_LABEL_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_QUOTE_LENGTH,
    SAME_TAG,
    TABLES,
    AnnotationError,
    AnnotationForbidden,
    AnnotationNotFound,
    InvalidAnnotation,
    Note,
    Tag,
    clean_label,
    clean_text,
    fetch_row,
    insert_row,
    item_of,
    label_key,
    locate,
    may_change_note,
    note_of,
    page_text_hash,
    remove_row,
    require_author,
    restore_row,
    snapshot,
    tag_of,
    update_row,
)
from indexer.store.database import Store
from indexer.store.history import UNDOABLE
from indexer.store.regions import clean_region
from indexer.store.users import User, require_editor

# Callers import the records and the checks from here too: one place to import annotations from.
__all__ = [
    "KINDS",
    "MAX_LABEL_LENGTH",
    "MAX_NOTE_LENGTH",
    "MAX_QUOTE_LENGTH",
    "TABLES",
    "AnnotationError",
    "AnnotationForbidden",
    "AnnotationNotFound",
    "InvalidAnnotation",
    "Note",
    "Tag",
    "add_note",
    "add_tag",
    "clean_label",
    "clean_text",
    "edit_note",
    "edit_tag",
    "fetch_row",
    "find_tag",
    "get_note",
    "get_tag",
    "item_of",
    "label_key",
    "list_notes",
    "list_tags",
    "locate",
    "may_change_note",
    "page_text_hash",
    "remove_note",
    "remove_tag",
    "snapshot",
    "undo",
]


# -- changes ---------------------------------------------------------------------------------


def add_tag(
    store: Store,
    actor: User,
    doc_id: str,
    label: str,
    page: int | None = None,
    note: str | None = None,
) -> Tag:
    """Tag a document (page None) or one of its pages; the tag already there when the same
    label (any case) is on it. A label spelled differently from one in use takes the
    spelling in use. PermissionDenied, AnnotationNotFound, AnnotationError as their names say.
    """
    require_editor(actor)
    label, note = clean_label(label), clean_text(note)
    key = label_key(label)
    with store.transaction() as db:
        sha256, text_hash = locate(db, doc_id, page)
        existing = db.execute(SAME_TAG, (doc_id, page or 0, key)).fetchone()
        if existing is not None:
            return tag_of(existing)
        in_use = db.execute(
            "SELECT label FROM tags WHERE label_key = ? AND removed_at IS NULL"
            " ORDER BY tag_id LIMIT 1",
            (key,),
        ).fetchone()
        values = {"doc_id": doc_id, "page": page, "label": in_use[0] if in_use else label}
        values |= {"label_key": key, "note": note, "sha256": sha256, "text_hash": text_hash}
        return tag_of(insert_row(db, "tag", actor, values))


def add_note(
    store: Store,
    actor: User,
    doc_id: str,
    page: int,
    text: str,
    quote: str | None = None,
    region: object = None,
) -> Note:
    """A note on a page, optionally quoting a passage of it and anchored to an area of the
    page image (`region`: what store.regions.clean_region takes). Errors as for add_tag, and
    InvalidRegionError for an area that is not a rectangle on the page."""
    require_editor(actor)
    cleaned = clean_text(text)
    if cleaned is None:
        raise InvalidAnnotation("a note cannot be empty")
    quote = clean_text(quote, "quote", MAX_QUOTE_LENGTH)
    area = clean_region(region)
    with store.transaction() as db:
        sha256, text_hash = locate(db, doc_id, page)
        values = {"doc_id": doc_id, "page": page, "text": cleaned, "quote": quote}
        values["region"] = area.to_column() if area is not None else None
        values |= {"sha256": sha256, "text_hash": text_hash}
        return note_of(insert_row(db, "note", actor, values))


def edit_tag(store: Store, actor: User, tag_id: int, note: str | None) -> Tag:
    """Replace a tag's note (None or blank: no note). A label is not edited: remove the tag
    and add another."""
    require_editor(actor)
    cleaned = clean_text(note)
    with store.transaction() as db:
        row = fetch_row(db, "tag", tag_id)
        if row["note"] != cleaned:
            row = update_row(db, actor, "tag", row, {"note": cleaned})
    return tag_of(row)


def edit_note(store: Store, actor: User, note_id: int, text: str) -> Note:
    """Replace a note's text (its quote stays). AnnotationForbidden unless `actor` wrote the
    note or is an admin."""
    require_editor(actor)
    cleaned = clean_text(text)
    if cleaned is None:
        raise InvalidAnnotation("a note cannot be empty: remove it instead")
    with store.transaction() as db:
        row = fetch_row(db, "note", note_id)
        require_author(actor, "note", row)
        if row["text"] != cleaned:
            row = update_row(db, actor, "note", row, {"text": cleaned})
    return note_of(row)


def remove_tag(store: Store, actor: User, tag_id: int) -> Tag:
    """Mark a tag removed (undo brings it back). AnnotationNotFound when not there."""
    require_editor(actor)
    with store.transaction() as db:
        return tag_of(remove_row(db, actor, "tag", fetch_row(db, "tag", tag_id)))


def remove_note(store: Store, actor: User, note_id: int) -> Note:
    """Mark a note removed (undo brings it back). AnnotationNotFound when not there,
    AnnotationForbidden unless `actor` wrote it or is an admin."""
    require_editor(actor)
    with store.transaction() as db:
        row = fetch_row(db, "note", note_id)
        require_author(actor, "note", row)
        return note_of(remove_row(db, actor, "note", row))


def undo(store: Store, actor: User, event_id: int) -> Tag | Note:
    """Reverse one history entry: a removal is restored, an add removed, an edit set back.

    The reversal is itself recorded. AnnotationError when the item has changed since (a later
    edit, removed already, the same label back on the page) or the entry is a review flag;
    AnnotationForbidden for a change to someone else's note, unless `actor` is an admin.
    """
    require_editor(actor)
    with store.transaction() as db:
        event = db.execute("SELECT * FROM history WHERE event_id = ?", (event_id,)).fetchone()
        if event is None:
            raise AnnotationNotFound(f"no history entry {event_id}")
        kind, action = event["kind"], event["action"]
        if kind not in TABLES:  # a correction: undone by ingest.corrections
            raise InvalidAnnotation(f"history entry {event_id} is no tag or note")
        if action not in UNDOABLE:
            raise InvalidAnnotation(f"a {action} cannot be undone")
        table = TABLES[kind][0]
        row = db.execute(f"SELECT * FROM {table} WHERE uid = ?", (event["item_uid"],)).fetchone()
        if row is None:
            raise AnnotationNotFound(f"the {kind} of history entry {event_id} is not stored")
        require_author(actor, kind, row)
        is_removed = row["removed_at"] is not None
        if action == "remove":
            if not is_removed:
                raise InvalidAnnotation(f"that {kind} is not removed")
            return item_of(kind, restore_row(db, actor, kind, row))
        if is_removed:
            raise InvalidAnnotation(f"that {kind} was removed since")
        if action in ("add", "restore"):
            return item_of(kind, remove_row(db, actor, kind, row))
        before, after = json.loads(event["before"]), json.loads(event["after"])
        if snapshot(kind, row) != after:
            raise InvalidAnnotation(f"that {kind} was edited again since: undo the later edit")
        changes = {name: before[name] for name in TABLES[kind][2] if before[name] != after[name]}
        return item_of(kind, update_row(db, actor, kind, row, changes))


# -- reading ---------------------------------------------------------------------------------


def get_tag(store: Store, tag_id: int) -> Tag | None:
    rows = store.query("SELECT * FROM tags WHERE tag_id = ?", (tag_id,))
    return tag_of(rows[0]) if rows else None


def get_note(store: Store, note_id: int) -> Note | None:
    rows = store.query("SELECT * FROM notes WHERE note_id = ?", (note_id,))
    return note_of(rows[0]) if rows else None


def find_tag(store: Store, doc_id: str, label: str, page: int | None = None) -> Tag | None:
    """The live tag `label` (any case) on that document or page, or None."""
    rows = store.query(SAME_TAG, (doc_id, page or 0, label_key(label)))
    return tag_of(rows[0]) if rows else None


def list_tags(
    store: Store, *, doc_id: str | None = None, label: str | None = None, needs_review: bool = False
) -> list[Tag]:
    """Live tags, by document, page and label; only those flagged for review if asked."""
    sql = "SELECT * FROM tags WHERE removed_at IS NULL"
    params: list[Any] = []
    if doc_id is not None:
        sql, params = sql + " AND doc_id = ?", [*params, doc_id]
    if label is not None:
        sql, params = sql + " AND label_key = ?", [*params, label_key(label)]
    if needs_review:
        sql += " AND review IS NOT NULL"
    rows = store.query(sql + " ORDER BY doc_id, coalesce(page, 0), label_key", params)
    return [tag_of(row) for row in rows]


def list_notes(
    store: Store, *, doc_id: str | None = None, page: int | None = None, needs_review: bool = False
) -> list[Note]:
    """Live notes, oldest first; only those flagged for review if asked."""
    sql = "SELECT * FROM notes WHERE removed_at IS NULL"
    params: list[Any] = []
    if doc_id is not None:
        sql, params = sql + " AND doc_id = ?", [*params, doc_id]
    if page is not None:
        sql, params = sql + " AND page = ?", [*params, page]
    if needs_review:
        sql += " AND review IS NOT NULL"
    return [note_of(row) for row in store.query(sql + " ORDER BY note_id", params)]

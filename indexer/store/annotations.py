"""Tags on documents and pages, notes on pages: add, edit, remove, undo, list.

SQLite is the truth: nothing here touches the Whoosh index, so a tag is searchable as soon as
its transaction commits (also during an ingest) and survives `foia reindex`. Rows are never
deleted, only marked removed, so that every removal can be undone from the history. Each
change and its history entry (indexer.store.history) commit in one short transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from indexer.errors import FoiaError, InvalidInputError, NotFoundError
from indexer.store.database import Store, utc_now
from indexer.store.history import UNDOABLE, record
from indexer.store.users import User, require_editor

MAX_LABEL_LENGTH = 80
MAX_NOTE_LENGTH = 10_000
MAX_QUOTE_LENGTH = 2_000
KINDS = ("tag", "note")
# kind -> (table, id column, the fields history records besides doc_id and page)
TABLES = {
    "tag": ("tags", "tag_id", ("label", "note")),
    "note": ("notes", "note_id", ("text", "quote")),
}
# Control characters other than tab and newline: never part of a label or a note.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAME_TAG = (
    "SELECT * FROM tags WHERE doc_id = ? AND coalesce(page, 0) = ? AND label_key = ?"
    " AND removed_at IS NULL"
)


class AnnotationError(FoiaError):
    """A tag or note refused: one of the kinds below."""


class InvalidAnnotation(AnnotationError, InvalidInputError):
    """Bad input for a tag or note (empty, over-long), or a change the current state forbids."""


class AnnotationNotFound(AnnotationError, NotFoundError):
    """No such document, page, tag, note or history entry."""


@dataclass(frozen=True)
class Tag:
    """A label on a whole document (`page` None) or on one page."""

    tag_id: int
    uid: str
    doc_id: str
    page: int | None
    label: str
    note: str | None
    review: str | None  # why it needs a person's look after its file changed; None when fine
    created_by: str
    created_at: str
    removed_at: str | None = None

    def to_json(self, include_note: bool = True) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["uid"]
        return {**data, "note": self.note if include_note else None}


@dataclass(frozen=True)
class Note:
    """A note on a page, optionally quoting a passage of it. Staff only."""

    note_id: int
    uid: str
    doc_id: str
    page: int
    text: str
    quote: str | None
    review: str | None
    created_by: str
    created_at: str
    updated_by: str | None = None
    updated_at: str | None = None
    removed_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["uid"]
        return data


# -- input ----------------------------------------------------------------------------------


def clean_label(label: str) -> str:
    """The label with its whitespace collapsed; AnnotationError when empty, over-long or
    holding control characters."""
    cleaned = " ".join(label.split())
    if not cleaned:
        raise InvalidAnnotation("a tag label cannot be empty")
    if len(cleaned) > MAX_LABEL_LENGTH:
        raise InvalidAnnotation(
            f"a tag label has at most {MAX_LABEL_LENGTH} characters ({len(cleaned)} given)"
        )
    if _CONTROL.search(cleaned):
        raise InvalidAnnotation("a tag label cannot hold control characters")
    return cleaned


def label_key(label: str) -> str:
    """What makes two labels the same label: case and spacing do not count."""
    return " ".join(label.split()).casefold()


def clean_text(text: str | None, what: str = "note", limit: int = MAX_NOTE_LENGTH) -> str | None:
    """A note (or quote) trimmed, None when blank; AnnotationError when over-long or holding
    control characters."""
    if text is None:
        return None
    cleaned = text.replace("\r\n", "\n").strip()
    if len(cleaned) > limit:
        raise InvalidAnnotation(f"a {what} has at most {limit} characters ({len(cleaned)} given)")
    if _CONTROL.search(cleaned):
        raise InvalidAnnotation(f"a {what} cannot hold control characters")
    return cleaned or None


def page_text_hash(text: str) -> str:
    """A fingerprint of a page's text that ignores spacing, to notice when a file changed."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def locate(db: sqlite3.Connection, doc_id: str, page: int | None) -> tuple[str, str | None]:
    """(the file's SHA-256, the page text's fingerprint) of a document or page as stored
    now; AnnotationNotFound when there is no such document or page."""
    row = db.execute(
        "SELECT sha256, page_count FROM documents WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise AnnotationNotFound(f"no document {doc_id!r}")
    if page is None:
        return row["sha256"], None
    if not 1 <= page <= row["page_count"]:
        raise AnnotationNotFound(
            f"document {doc_id} has no page {page} (it has {row['page_count']})"
        )
    text = db.execute(
        "SELECT text FROM extracted_pages WHERE sha256 = ? AND page = ?", (row["sha256"], page)
    ).fetchone()
    return row["sha256"], page_text_hash(text["text"] if text else "")


# -- rows -------------------------------------------------------------------------------------


def _tag(row: sqlite3.Row) -> Tag:
    return Tag(**{field.name: row[field.name] for field in dataclasses.fields(Tag)})


def _note(row: sqlite3.Row) -> Note:
    return Note(**{field.name: row[field.name] for field in dataclasses.fields(Note)})


def item_of(kind: str, row: sqlite3.Row) -> Tag | Note:
    """The Tag or Note of a row of its table."""
    return _tag(row) if kind == "tag" else _note(row)


def snapshot(kind: str, row: sqlite3.Row) -> dict[str, Any]:
    """The fields of a tag or note row that history records."""
    fields = TABLES[kind][2]
    return {"doc_id": row["doc_id"], "page": row["page"], **{name: row[name] for name in fields}}


def fetch_row(db: sqlite3.Connection, kind: str, item_id: int, live: bool = True) -> sqlite3.Row:
    """The row of a tag or note; AnnotationNotFound when absent (or removed, when `live`)."""
    table, id_column, _ = TABLES[kind]
    row = db.execute(f"SELECT * FROM {table} WHERE {id_column} = ?", (item_id,)).fetchone()
    if row is None:
        raise AnnotationNotFound(f"no {kind} {item_id}")
    if live and row["removed_at"] is not None:
        raise AnnotationNotFound(f"{kind} {item_id} was removed (undo it from the history)")
    return row  # type: ignore[no-any-return]


def _insert(db: sqlite3.Connection, kind: str, actor: User, values: dict[str, Any]) -> sqlite3.Row:
    table = TABLES[kind][0]
    values = {"uid": uuid.uuid4().hex, **values, "created_by": actor.name, "created_at": utc_now()}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )
    row = fetch_row(db, kind, int(cursor.lastrowid or 0))
    record(db, actor.name, "add", kind, row, None, snapshot(kind, row))
    return row


def _update(
    db: sqlite3.Connection, actor: User, kind: str, row: sqlite3.Row, changes: dict[str, Any]
) -> sqlite3.Row:
    table, id_column, _ = TABLES[kind]
    assignments = ", ".join(f"{name} = ?" for name in changes)
    db.execute(
        f"UPDATE {table} SET {assignments}, updated_by = ?, updated_at = ? WHERE {id_column} = ?",
        (*changes.values(), actor.name, utc_now(), row[id_column]),
    )
    updated = fetch_row(db, kind, row[id_column])
    record(db, actor.name, "edit", kind, updated, snapshot(kind, row), snapshot(kind, updated))
    return updated


def _remove(db: sqlite3.Connection, actor: User, kind: str, row: sqlite3.Row) -> sqlite3.Row:
    table, id_column, _ = TABLES[kind]
    db.execute(
        f"UPDATE {table} SET removed_by = ?, removed_at = ? WHERE {id_column} = ?",
        (actor.name, utc_now(), row[id_column]),
    )
    record(db, actor.name, "remove", kind, row, snapshot(kind, row), None)
    return fetch_row(db, kind, row[id_column], live=False)


def _restore(db: sqlite3.Connection, actor: User, kind: str, row: sqlite3.Row) -> sqlite3.Row:
    table, id_column, _ = TABLES[kind]
    if (
        kind == "tag"
        and db.execute(_SAME_TAG, (row["doc_id"], row["page"] or 0, row["label_key"])).fetchone()
    ):
        raise InvalidAnnotation(f"{row['label']!r} is on that page again already")
    db.execute(
        f"UPDATE {table} SET removed_by = NULL, removed_at = NULL WHERE {id_column} = ?",
        (row[id_column],),
    )
    restored = fetch_row(db, kind, row[id_column])
    record(db, actor.name, "restore", kind, restored, None, snapshot(kind, restored))
    return restored


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
        existing = db.execute(_SAME_TAG, (doc_id, page or 0, key)).fetchone()
        if existing is not None:
            return _tag(existing)
        in_use = db.execute(
            "SELECT label FROM tags WHERE label_key = ? AND removed_at IS NULL"
            " ORDER BY tag_id LIMIT 1",
            (key,),
        ).fetchone()
        values = {"doc_id": doc_id, "page": page, "label": in_use[0] if in_use else label}
        values |= {"label_key": key, "note": note, "sha256": sha256, "text_hash": text_hash}
        return _tag(_insert(db, "tag", actor, values))


def add_note(
    store: Store, actor: User, doc_id: str, page: int, text: str, quote: str | None = None
) -> Note:
    """A note on a page, optionally quoting a passage of it. Errors as for add_tag."""
    require_editor(actor)
    cleaned = clean_text(text)
    if cleaned is None:
        raise InvalidAnnotation("a note cannot be empty")
    quote = clean_text(quote, "quote", MAX_QUOTE_LENGTH)
    with store.transaction() as db:
        sha256, text_hash = locate(db, doc_id, page)
        values = {"doc_id": doc_id, "page": page, "text": cleaned, "quote": quote}
        values |= {"sha256": sha256, "text_hash": text_hash}
        return _note(_insert(db, "note", actor, values))


def edit_tag(store: Store, actor: User, tag_id: int, note: str | None) -> Tag:
    """Replace a tag's note (None or blank: no note). A label is not edited: remove the tag
    and add another."""
    require_editor(actor)
    cleaned = clean_text(note)
    with store.transaction() as db:
        row = fetch_row(db, "tag", tag_id)
        if row["note"] != cleaned:
            row = _update(db, actor, "tag", row, {"note": cleaned})
    return _tag(row)


def edit_note(store: Store, actor: User, note_id: int, text: str) -> Note:
    """Replace a note's text (its quote stays)."""
    require_editor(actor)
    cleaned = clean_text(text)
    if cleaned is None:
        raise InvalidAnnotation("a note cannot be empty: remove it instead")
    with store.transaction() as db:
        row = fetch_row(db, "note", note_id)
        if row["text"] != cleaned:
            row = _update(db, actor, "note", row, {"text": cleaned})
    return _note(row)


def remove_tag(store: Store, actor: User, tag_id: int) -> Tag:
    """Mark a tag removed (undo brings it back). AnnotationNotFound when not there."""
    require_editor(actor)
    with store.transaction() as db:
        return _tag(_remove(db, actor, "tag", fetch_row(db, "tag", tag_id)))


def remove_note(store: Store, actor: User, note_id: int) -> Note:
    """Mark a note removed (undo brings it back). AnnotationNotFound when not there."""
    require_editor(actor)
    with store.transaction() as db:
        return _note(_remove(db, actor, "note", fetch_row(db, "note", note_id)))


def undo(store: Store, actor: User, event_id: int) -> Tag | Note:
    """Reverse one history entry: a removal is restored, an add removed, an edit set back.

    The reversal is itself recorded. AnnotationError when the item has changed since (a later
    edit, removed already, the same label back on the page) or the entry is a review flag.
    """
    require_editor(actor)
    with store.transaction() as db:
        event = db.execute("SELECT * FROM history WHERE event_id = ?", (event_id,)).fetchone()
        if event is None:
            raise AnnotationNotFound(f"no history entry {event_id}")
        kind, action = event["kind"], event["action"]
        if action not in UNDOABLE:
            raise InvalidAnnotation(f"a {action} cannot be undone")
        table = TABLES[kind][0]
        row = db.execute(f"SELECT * FROM {table} WHERE uid = ?", (event["item_uid"],)).fetchone()
        if row is None:
            raise AnnotationNotFound(f"the {kind} of history entry {event_id} is not stored")
        is_removed = row["removed_at"] is not None
        if action == "remove":
            if not is_removed:
                raise InvalidAnnotation(f"that {kind} is not removed")
            return item_of(kind, _restore(db, actor, kind, row))
        if is_removed:
            raise InvalidAnnotation(f"that {kind} was removed since")
        if action in ("add", "restore"):
            return item_of(kind, _remove(db, actor, kind, row))
        before, after = json.loads(event["before"]), json.loads(event["after"])
        if snapshot(kind, row) != after:
            raise InvalidAnnotation(f"that {kind} was edited again since: undo the later edit")
        changes = {name: before[name] for name in TABLES[kind][2] if before[name] != after[name]}
        return item_of(kind, _update(db, actor, kind, row, changes))


# -- reading ---------------------------------------------------------------------------------


def get_tag(store: Store, tag_id: int) -> Tag | None:
    rows = store.query("SELECT * FROM tags WHERE tag_id = ?", (tag_id,))
    return _tag(rows[0]) if rows else None


def get_note(store: Store, note_id: int) -> Note | None:
    rows = store.query("SELECT * FROM notes WHERE note_id = ?", (note_id,))
    return _note(rows[0]) if rows else None


def find_tag(store: Store, doc_id: str, label: str, page: int | None = None) -> Tag | None:
    """The live tag `label` (any case) on that document or page, or None."""
    rows = store.query(_SAME_TAG, (doc_id, page or 0, label_key(label)))
    return _tag(rows[0]) if rows else None


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
    return [_tag(row) for row in rows]


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
    return [_note(row) for row in store.query(sql + " ORDER BY note_id", params)]

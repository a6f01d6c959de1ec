"""Tag and note rows: the records, input checks, a row read or written with its history entry.

The operations callers use (add, edit, remove, undo, list) are in indexer.store.annotations,
which also offers every name of this module.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from indexer.errors import FoiaError, ForbiddenError, InvalidInputError, NotFoundError
from indexer.store.database import utc_now
from indexer.store.history import record
from indexer.store.regions import Region, region_of_column
from indexer.store.users import User

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
# The live tag of a label (by its key) on a document (page 0) or one of its pages.
SAME_TAG = (
    "SELECT * FROM tags WHERE doc_id = ? AND coalesce(page, 0) = ? AND label_key = ?"
    " AND removed_at IS NULL"
)


class AnnotationError(FoiaError):
    """A tag or note refused: one of the kinds below."""


class InvalidAnnotation(AnnotationError, InvalidInputError):
    """Bad input for a tag or note (empty, over-long), or a change the current state forbids."""


class AnnotationNotFound(AnnotationError, NotFoundError):
    """No such document, page, tag, note or history entry."""


class AnnotationForbidden(AnnotationError, ForbiddenError):
    """A change only the item's author or an admin may make (editing, removing or undoing
    a change to someone else's note)."""


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
    region: Region | None = None  # the area of the page image it is anchored to, if any

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


def may_change_note(actor: User, author: str) -> bool:
    """Whether `actor` may edit, remove or undo a note `author` wrote: its author or an
    admin."""
    return actor.can_manage_users or author.casefold() == actor.name.casefold()


def require_author(actor: User, kind: str, row: sqlite3.Row) -> None:
    """A note is its author's: anyone else but an admin gets AnnotationForbidden. Tags are
    the team's labels: any editor may change them."""
    if kind != "note":
        return
    if not may_change_note(actor, str(row["created_by"])):
        raise AnnotationForbidden(
            f"note {row['note_id']} is {row['created_by']}'s: only its author or an admin"
            " may change it"
        )


# -- rows -------------------------------------------------------------------------------------


def tag_of(row: sqlite3.Row) -> Tag:
    return Tag(**{field.name: row[field.name] for field in dataclasses.fields(Tag)})


def note_of(row: sqlite3.Row) -> Note:
    values = {field.name: row[field.name] for field in dataclasses.fields(Note)}
    return Note(**{**values, "region": region_of_column(values["region"])})


def item_of(kind: str, row: sqlite3.Row) -> Tag | Note:
    """The Tag or Note of a row of its table."""
    return tag_of(row) if kind == "tag" else note_of(row)


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


def insert_row(
    db: sqlite3.Connection, kind: str, actor: User, values: dict[str, Any]
) -> sqlite3.Row:
    table = TABLES[kind][0]
    values = {"uid": uuid.uuid4().hex, **values, "created_by": actor.name, "created_at": utc_now()}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )
    row = fetch_row(db, kind, int(cursor.lastrowid or 0))
    record(db, actor.name, "add", kind, row, None, snapshot(kind, row))
    return row


def update_row(
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


def remove_row(db: sqlite3.Connection, actor: User, kind: str, row: sqlite3.Row) -> sqlite3.Row:
    table, id_column, _ = TABLES[kind]
    db.execute(
        f"UPDATE {table} SET removed_by = ?, removed_at = ? WHERE {id_column} = ?",
        (actor.name, utc_now(), row[id_column]),
    )
    record(db, actor.name, "remove", kind, row, snapshot(kind, row), None)
    return fetch_row(db, kind, row[id_column], live=False)


def restore_row(db: sqlite3.Connection, actor: User, kind: str, row: sqlite3.Row) -> sqlite3.Row:
    table, id_column, _ = TABLES[kind]
    if (
        kind == "tag"
        and db.execute(SAME_TAG, (row["doc_id"], row["page"] or 0, row["label_key"])).fetchone()
    ):
        raise InvalidAnnotation(f"{row['label']!r} is on that page again already")
    db.execute(
        f"UPDATE {table} SET removed_by = NULL, removed_at = NULL WHERE {id_column} = ?",
        (row[id_column],),
    )
    restored = fetch_row(db, kind, row[id_column])
    record(db, actor.name, "restore", kind, restored, None, snapshot(kind, restored))
    return restored

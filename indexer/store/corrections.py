"""Staff corrections of a document's title, date, type and source: set, clear, undo, read.

A correction is kept by doc_id and field, apart from what extraction and the metadata files
say, so that it wins at every ingest of the file (changed or not) and every reindex
(`ingest/corrections.py` applies it to the Document before it is stored and indexed). Each
change is one history entry (kind "correction", the field and value before and after), and
may be undone. A cleared correction keeps its row (value NULL), so its history still points
at it. A document whose index entry does not show its corrections yet is listed in
`corrections_unindexed` until it is written again.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from indexer.errors import InvalidInputError, NotFoundError
from indexer.model.document import Document
from indexer.store.database import Store, utc_now
from indexer.store.users import User, require_editor
from indexer.text.values import normalize_date

FIELDS = ("title", "date", "type", "source")
KIND = "correction"
MAX_VALUE_CHARS = 500
# A date further ahead than this is a typo, as in the metadata files.
FUTURE_DATE_DAYS = 31
# Where the document's metadata says which fields were corrected, and what they were before.
METADATA_KEY = "corrected"


class CorrectionError(InvalidInputError):
    """A field that cannot be corrected, or a value it cannot take."""


class CorrectionNotFound(NotFoundError):
    """No such document, or no such history entry of a correction."""


@dataclass(frozen=True)
class Correction:
    """The corrected value of one field of one document (None: cleared)."""

    uid: str
    doc_id: str
    field: str
    value: str | None
    corrected_by: str
    corrected_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "field": self.field,
            "value": self.value,
            "corrected_by": self.corrected_by,
            "corrected_at": self.corrected_at,
        }


def clean_value(field: str, value: object) -> str | None:
    """The value as stored (None or blank text: clear the correction). CorrectionError for
    an unknown field, a date that is no date or lies ahead, text too long or with control
    characters."""
    if field not in FIELDS:
        raise CorrectionError(f"{field!r} cannot be corrected: use one of {', '.join(FIELDS)}")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise CorrectionError(f"{field} must be text")
    text = " ".join(value.split())
    if len(text) > MAX_VALUE_CHARS:
        raise CorrectionError(f"{field} is longer than {MAX_VALUE_CHARS} characters")
    if any(not c.isprintable() for c in text):
        raise CorrectionError(f"{field} holds a control character")
    if field != "date":
        return text
    date = normalize_date(text)
    if date is None:
        raise CorrectionError(f"date {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(part) for part in date.split("-")] + [1, 1]
    latest = dt.date.today() + dt.timedelta(days=FUTURE_DATE_DAYS)
    if dt.date(parts[0], parts[1], parts[2]) > latest:
        raise CorrectionError(f"date {text!r} is in the future")
    return date


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        row["uid"], row["doc_id"], row["field"], row["value"], row["corrected_by"], row["at"]
    )


def corrections_of(store: Store, doc_id: str) -> list[Correction]:
    """The live corrections of a document, in FIELDS order."""
    rows = store.query(
        "SELECT * FROM corrections WHERE doc_id = ? AND value IS NOT NULL", (doc_id,)
    )
    found = {row["field"]: _correction(row) for row in rows}
    return [found[name] for name in FIELDS if name in found]


def all_corrections(store: Store) -> list[dict[str, Any]]:
    """Every correction row (cleared ones too), for the backup export."""
    rows = store.query("SELECT * FROM corrections ORDER BY doc_id, field")
    return [{name: row[name] for name in row.keys()} for row in rows]  # noqa: SIM118


def apply_corrections(doc: Document, corrections: Collection[Correction]) -> Document:
    """`doc` with the corrected values, and under METADATA_KEY in its metadata each corrected
    field's value before (the original), who corrected it and when."""
    if not corrections:
        return doc
    metadata = dict(doc.metadata)
    title = doc.title
    noted: dict[str, dict[str, Any]] = {}
    for correction in corrections:
        if correction.value is None:
            continue
        original = title if correction.field == "title" else metadata.get(correction.field)
        noted[correction.field] = {
            "original": original if original not in ("", None) else None,
            "by": correction.corrected_by,
            "at": correction.corrected_at,
        }
        if correction.field == "title":
            title = correction.value
        else:
            metadata[correction.field] = correction.value
    metadata[METADATA_KEY] = noted
    return doc.replace(title=title, metadata=metadata)


def _record(
    db: sqlite3.Connection,
    actor: str,
    row: sqlite3.Row | None,
    new: Correction,
) -> None:
    before = row["value"] if row is not None else None
    action = "add" if before is None else ("remove" if new.value is None else "edit")
    values = (uuid.uuid4().hex, utc_now(), actor, action, KIND, new.uid, new.doc_id)
    snapshots = [
        None if value is None else json.dumps({"field": new.field, "value": value})
        for value in (before, new.value)
    ]
    db.execute(
        "INSERT INTO history (uid, at, user_name, action, kind, item_uid, doc_id, page, before,"
        " after) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        (*values, *snapshots),
    )


def _write(
    db: sqlite3.Connection, actor: User, doc_id: str, field: str, value: str | None
) -> Correction | None:
    """Set one field (inside the caller's transaction) and record it; None when unchanged."""
    row = db.execute(
        "SELECT * FROM corrections WHERE doc_id = ? AND field = ?", (doc_id, field)
    ).fetchone()
    if (row["value"] if row is not None else None) == value:
        return None
    new = Correction(
        row["uid"] if row is not None else uuid.uuid4().hex,
        doc_id,
        field,
        value,
        actor.name,
        utc_now(),
    )
    db.execute(
        "INSERT INTO corrections (uid, doc_id, field, value, corrected_by, at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id, field) DO UPDATE SET"
        " value = excluded.value, corrected_by = excluded.corrected_by, at = excluded.at",
        (new.uid, doc_id, field, value, new.corrected_by, new.corrected_at),
    )
    _record(db, actor.name, row, new)
    db.execute(
        "INSERT INTO corrections_unindexed (doc_id, version) VALUES (?, 1)"
        " ON CONFLICT (doc_id) DO UPDATE SET version = version + 1",
        (doc_id,),
    )
    return new


def set_corrections(
    store: Store, actor: User, doc_id: str, changes: Mapping[str, object]
) -> list[Correction]:
    """Correct some fields of a document at once (a blank value clears that field's
    correction); returns the changes made (a value already set is no change). All or
    nothing: CorrectionError for a bad field or value, CorrectionNotFound for an unknown
    doc_id, PermissionDenied unless `actor` is staff or admin."""
    require_editor(actor)
    if not changes:
        raise CorrectionError(f"give a field to correct: one of {', '.join(FIELDS)}")
    cleaned = {field: clean_value(field, value) for field, value in changes.items()}
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is None:
            raise CorrectionNotFound(f"there is no document {doc_id}")
        made = [_write(db, actor, doc_id, field, value) for field, value in cleaned.items()]
    return [change for change in made if change is not None]


def undo_correction(store: Store, actor: User, event_id: int) -> Correction:
    """Set the field of a correction's history entry back to its value before the entry
    (recorded as a change of its own); returns the change. CorrectionError when the field
    was changed again since (undo the later change first)."""
    require_editor(actor)
    with store.transaction() as db:
        event = db.execute(
            "SELECT * FROM history WHERE event_id = ? AND kind = ?", (event_id, KIND)
        ).fetchone()
        if event is None:
            raise CorrectionNotFound(f"no history entry {event_id} of a correction")
        row = db.execute("SELECT * FROM corrections WHERE uid = ?", (event["item_uid"],)).fetchone()
        if row is None:
            raise CorrectionNotFound(f"the correction of history entry {event_id} is not stored")
        before, after = (json.loads(event[name] or "{}") for name in ("before", "after"))
        if row["value"] != after.get("value"):
            raise CorrectionError(
                f"the {row['field']} of {row['doc_id']} was changed again since entry"
                f" {event_id}: undo the later change first"
            )
        value = before.get("value")
        made = _write(db, actor, row["doc_id"], row["field"], value)
    assert made is not None  # the value differs: the entry changed it
    return made


def history_doc_id(store: Store, event_id: int) -> str | None:
    """The doc_id of a correction's history entry, or None when the entry is no correction."""
    rows = store.query(
        "SELECT doc_id FROM history WHERE event_id = ? AND kind = ?", (event_id, KIND)
    )
    return str(rows[0][0]) if rows else None


def unindexed_doc_ids(store: Store) -> dict[str, int]:
    """Documents whose index entry may not show their corrections yet -> the version of
    their corrections (it grows with each change), for `mark_indexed`."""
    rows = store.query("SELECT doc_id, version FROM corrections_unindexed ORDER BY doc_id")
    return {str(row[0]): int(row[1]) for row in rows}


def mark_indexed(store: Store, versions: Mapping[str, int]) -> None:
    """The index shows these versions of the documents' corrections (`unindexed_doc_ids`,
    read before the documents were written); a document corrected again since stays listed."""
    with store.transaction() as db:
        db.executemany(
            "DELETE FROM corrections_unindexed WHERE doc_id = ? AND version = ?",
            list(versions.items()),
        )


@dataclass(frozen=True)
class FieldValue:
    """A correctable field of a document as indexed: its value, and when corrected, the
    value before (the original), by whom and when."""

    field: str
    value: str | None
    is_corrected: bool = False
    original: str | None = None
    corrected_by: str | None = None
    corrected_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "is_corrected": self.is_corrected,
            "original": self.original,
            "corrected_by": self.corrected_by,
            "corrected_at": self.corrected_at,
        }


def document_fields(store: Store, doc_id: str) -> list[FieldValue]:
    """The correctable fields of a document, in FIELDS order, as last written to the index.
    CorrectionNotFound for an unknown doc_id."""
    row = store.document_row(doc_id)
    if row is None:
        raise CorrectionNotFound(f"there is no document {doc_id}")
    noted = row.metadata.get(METADATA_KEY)
    noted = noted if isinstance(noted, dict) else {}
    values = {"title": row.title, "date": row.date, "type": row.type, "source": row.source}
    shown = []
    for name in FIELDS:
        about = noted.get(name)
        if not isinstance(about, dict):
            shown.append(FieldValue(name, values[name] or None))
            continue
        original = about.get("original")
        shown.append(
            FieldValue(
                name,
                values[name] or None,
                True,
                None if original is None else str(original),
                str(about.get("by", "")),
                str(about.get("at", "")),
            )
        )
    return shown

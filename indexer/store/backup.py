"""Export and import every user's tags, notes and history as one JSON file.

Items keep their `uid` across homes, so an import adds only what is missing: importing the
same file twice, or a file exported from a copy of this home, never duplicates anything, and
nothing already here is changed or removed. Removed tags and notes travel too (as removed),
so that their history can still undo them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.errors import InvalidInputError
from indexer.store.annotations import (
    KINDS,
    MAX_NOTE_LENGTH,
    MAX_QUOTE_LENGTH,
    AnnotationError,
    clean_label,
    label_key,
)
from indexer.store.database import Store, utc_now
from indexer.store.history import ACTIONS
from indexer.store.users import User, require_editor

FORMAT_NAME = "foia-search annotations"
FORMAT_VERSION = 1
TAG_COLUMNS = (
    "uid", "doc_id", "page", "label", "note", "sha256", "text_hash", "review", "created_by",
    "created_at", "updated_by", "updated_at", "removed_by", "removed_at",
)  # fmt: skip
NOTE_COLUMNS = (
    "uid", "doc_id", "page", "text", "quote", "sha256", "text_hash", "review", "created_by",
    "created_at", "updated_by", "updated_at", "removed_by", "removed_at",
)  # fmt: skip
HISTORY_COLUMNS = (
    "uid", "at", "user_name", "action", "kind", "item_uid", "doc_id", "page", "before", "after",
)  # fmt: skip
# Columns that may hold nothing; every other one is required.
_OPTIONAL = frozenset(
    {
        "page",
        "note",
        "quote",
        "sha256",
        "text_hash",
        "review",
        "updated_by",
        "updated_at",
        "removed_by",
        "removed_at",
        "before",
        "after",
    }
)


class BackupError(InvalidInputError):
    """The file is not an annotations export, or one of its items is malformed."""


@dataclass
class ImportReport:
    """How many items of each kind were added, and how many were here already."""

    added: dict[str, int] = field(default_factory=lambda: {"tags": 0, "notes": 0, "history": 0})
    present: dict[str, int] = field(default_factory=lambda: {"tags": 0, "notes": 0, "history": 0})

    def to_json(self) -> dict[str, Any]:
        return {"added": dict(self.added), "present": dict(self.present)}


def _rows(store: Store, table: str, columns: tuple[str, ...], order: str) -> list[dict[str, Any]]:
    rows = store.query(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
    return [{name: row[name] for name in columns} for row in rows]


def export_annotations(store: Store) -> dict[str, Any]:
    """Every tag, note (removed ones too) and history entry, as JSON-ready data."""
    entries = _rows(store, "history", HISTORY_COLUMNS, "event_id")
    for entry in entries:
        for name in ("before", "after"):
            entry[name] = json.loads(entry[name]) if entry[name] else None
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": utc_now(),
        "tags": _rows(store, "tags", TAG_COLUMNS, "tag_id"),
        "notes": _rows(store, "notes", NOTE_COLUMNS, "note_id"),
        "history": entries,
    }


def write_export(store: Store, path: Path) -> dict[str, int]:
    """Write the export to `path` (replaced only once complete); returns item counts."""
    data = export_annotations(store)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
    return {name: len(data[name]) for name in ("tags", "notes", "history")}


def _check_item(item: object, columns: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise BackupError(f"{where}: expected an object")
    values = {name: item.get(name) for name in columns}
    for name, value in values.items():
        if value is None and name not in _OPTIONAL:
            raise BackupError(f"{where}: {name} is missing")
        if (
            name == "page"
            and value is not None
            and (not isinstance(value, int) or isinstance(value, bool) or value < 1)
        ):
            raise BackupError(f"{where}: page {value!r} is not a page number")
        if (
            name not in ("page", "before", "after")
            and value is not None
            and (not isinstance(value, str))
        ):
            raise BackupError(f"{where}: {name} is not a string")
    return values


def _check_tag(item: object, where: str) -> dict[str, Any]:
    values = _check_item(item, TAG_COLUMNS, where)
    try:
        values["label"] = clean_label(values["label"])
    except AnnotationError as error:
        raise BackupError(f"{where}: {error}") from None
    if values["note"] is not None and len(values["note"]) > MAX_NOTE_LENGTH:
        raise BackupError(f"{where}: the note is longer than {MAX_NOTE_LENGTH} characters")
    return values


def _check_note(item: object, where: str) -> dict[str, Any]:
    values = _check_item(item, NOTE_COLUMNS, where)
    if values["page"] is None:
        raise BackupError(f"{where}: page is missing")
    if len(values["text"]) > MAX_NOTE_LENGTH or len(values["quote"] or "") > MAX_QUOTE_LENGTH:
        raise BackupError(f"{where}: the note or its quote is too long")
    return values


def _check_entry(item: object, where: str) -> dict[str, Any]:
    values = _check_item(item, HISTORY_COLUMNS, where)
    if values["action"] not in ACTIONS or values["kind"] not in KINDS:
        raise BackupError(f"{where}: unknown action or kind")
    for name in ("before", "after"):
        if values[name] is not None and not isinstance(values[name], dict):
            raise BackupError(f"{where}: {name} is not an object")
        values[name] = json.dumps(values[name]) if values[name] is not None else None
    return values


def _validated(data: object) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise BackupError(f"not a {FORMAT_NAME} file")
    if data.get("version") != FORMAT_VERSION:
        raise BackupError(f"version {data.get('version')!r} is not {FORMAT_VERSION}")
    checks = {"tags": _check_tag, "notes": _check_note, "history": _check_entry}
    result = {}
    for name, check in checks.items():
        items = data.get(name, [])
        if not isinstance(items, list):
            raise BackupError(f"{name}: expected a list")
        result[name] = [check(item, f"{name}[{index}]") for index, item in enumerate(items)]
    return result


def _insert(db: sqlite3.Connection, table: str, values: dict[str, Any]) -> bool:
    """Insert one item unless its uid (or, for a live tag, its label on that page) is here."""
    if db.execute(f"SELECT 1 FROM {table} WHERE uid = ?", (values["uid"],)).fetchone():
        return False
    if table == "tags":
        values = {**values, "label_key": label_key(values["label"])}
        if (
            values["removed_at"] is None
            and db.execute(
                "SELECT 1 FROM tags WHERE doc_id = ? AND coalesce(page, 0) = ? AND label_key = ?"
                " AND removed_at IS NULL",
                (values["doc_id"], values["page"] or 0, values["label_key"]),
            ).fetchone()
        ):
            return False
    names = ", ".join(values)
    marks = ", ".join("?" * len(values))
    db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(values.values()))
    return True


def import_annotations(store: Store, actor: User, data: object) -> ImportReport:
    """Add the items of an export that are not here yet, all or nothing.

    BackupError (nothing imported) when the data is not a valid export; PermissionDenied
    unless `actor` is staff or admin.
    """
    require_editor(actor)
    items = _validated(data)
    report = ImportReport()
    tables = {"tags": "tags", "notes": "notes", "history": "history"}
    with store.transaction() as db:
        for name, table in tables.items():
            for values in items[name]:
                counts = report.added if _insert(db, table, values) else report.present
                counts[name] += 1
    return report


def read_import(store: Store, actor: User, path: Path) -> ImportReport:
    """`import_annotations` of a file; BackupError when it is not JSON (or JSON nested
    deeper than the parser descends, which no export is)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path}: not a JSON file ({error})") from None
    except RecursionError:
        raise BackupError(f"{path}: not an export (its JSON is nested too deeply)") from None
    return import_annotations(store, actor, data)

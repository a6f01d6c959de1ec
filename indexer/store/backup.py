"""Export and import every user's tags, notes, corrections and history as one JSON file.

Items keep their `uid` across homes, so an import adds only what is missing: importing the
same file twice, or a file exported from a copy of this home, never duplicates anything, and
nothing already here is changed or removed. Removed tags and notes travel too (as removed),
so that their history can still undo them.

The export names each annotated document's path and SHA-256, so that an item whose doc_id is
not here (its file changed before this home ingested it) lands on the version of its file
this home holds, matched by path and page text and flagged for review (`store.placement`).
An item that cannot be placed is not imported, and the report says why; importing the file
again after ingesting the missing file places it.
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
from indexer.store.corrections import all_corrections
from indexer.store.corrections_backup import (
    CorrectionImport,
    check_corrections,
    import_corrections,
    is_correction_kind,
)
from indexer.store.database import Store, utc_now
from indexer.store.history import ACTIONS, SYSTEM_USER, record
from indexer.store.placement import Placement, SourceDocument, place
from indexer.store.regions import InvalidRegionError, clean_region, region_of_column
from indexer.store.users import User, require_editor

FORMAT_NAME = "foia-search annotations"
FORMAT_VERSION = 1
TAG_COLUMNS = (
    "uid", "doc_id", "page", "label", "note", "sha256", "text_hash", "review", "created_by",
    "created_at", "updated_by", "updated_at", "removed_by", "removed_at",
)  # fmt: skip
NOTE_COLUMNS = (
    "uid", "doc_id", "page", "text", "quote", "sha256", "text_hash", "review", "created_by",
    "created_at", "updated_by", "updated_at", "removed_by", "removed_at", "region",
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
        "region",
    }
)


class BackupError(InvalidInputError):
    """The file is not an annotations export, or one of its items is malformed."""


@dataclass
class ImportReport:
    """How many items of each kind were added, and how many were here already; how many of
    those added went to another document or page (flagged for review), and the items that
    could not be placed, each with why."""

    added: dict[str, int] = field(default_factory=lambda: {"tags": 0, "notes": 0, "history": 0})
    present: dict[str, int] = field(default_factory=lambda: {"tags": 0, "notes": 0, "history": 0})
    moved: dict[str, int] = field(default_factory=lambda: {"tags": 0, "notes": 0})
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    corrections: CorrectionImport = field(default_factory=CorrectionImport)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": dict(self.added),
            "present": dict(self.present),
            "moved": dict(self.moved),
            "unplaced": list(self.unplaced),
            "corrections": self.corrections.to_json(),
        }


def _rows(store: Store, table: str, columns: tuple[str, ...], order: str) -> list[dict[str, Any]]:
    rows = store.query(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
    return [{name: row[name] for name in columns} for row in rows]


def _annotated_documents(store: Store) -> list[dict[str, Any]]:
    """Path and SHA-256 of every stored document a tag or note is on (to find it elsewhere)."""
    rows = store.query(
        "SELECT doc_id, path, sha256 FROM documents WHERE doc_id IN"
        " (SELECT doc_id FROM tags UNION SELECT doc_id FROM notes"
        " UNION SELECT doc_id FROM corrections) ORDER BY path"
    )
    return [{"doc_id": row["doc_id"], "path": row["path"], "sha256": row["sha256"]} for row in rows]


def export_annotations(store: Store) -> dict[str, Any]:
    """Every tag, note (removed ones too) and history entry, and the documents they are on,
    as JSON-ready data."""
    entries = _rows(store, "history", HISTORY_COLUMNS, "event_id")
    for entry in entries:
        for name in ("before", "after"):
            entry[name] = json.loads(entry[name]) if entry[name] else None
    notes = _rows(store, "notes", NOTE_COLUMNS, "note_id")
    for note in notes:  # the area of a note: an object, as the API gives it
        area = region_of_column(note["region"])
        note["region"] = area.to_json() if area is not None else None
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": utc_now(),
        "documents": _annotated_documents(store),
        "tags": _rows(store, "tags", TAG_COLUMNS, "tag_id"),
        "notes": notes,
        "history": entries,
        "corrections": all_corrections(store),
    }


def write_export(store: Store, path: Path) -> dict[str, int]:
    """Write the export to `path` (replaced only once complete); returns item counts."""
    data = export_annotations(store)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
    return {name: len(data[name]) for name in ("tags", "notes", "history", "corrections")}


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
            name not in ("page", "before", "after", "region")
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
    try:
        area = clean_region(values["region"])
    except InvalidRegionError as error:
        raise BackupError(f"{where}: {error}") from None
    values["region"] = area.to_column() if area is not None else None
    return values


def _check_entry(item: object, where: str) -> dict[str, Any]:
    values = _check_item(item, HISTORY_COLUMNS, where)
    is_known_kind = values["kind"] in KINDS or is_correction_kind(values["kind"])
    if values["action"] not in ACTIONS or not is_known_kind:
        raise BackupError(f"{where}: unknown action or kind")
    for name in ("before", "after"):
        if values[name] is not None and not isinstance(values[name], dict):
            raise BackupError(f"{where}: {name} is not an object")
        values[name] = json.dumps(values[name]) if values[name] is not None else None
    return values


def _check_documents(items: object) -> dict[str, SourceDocument]:
    """The export's annotated documents by doc_id (exports made before it listed none)."""
    if not isinstance(items, list):
        raise BackupError("documents: expected a list")
    documents = {}
    for index, item in enumerate(items):
        names = ("doc_id", "path", "sha256")
        if not isinstance(item, dict) or not all(isinstance(item.get(n), str) for n in names):
            raise BackupError(f"documents[{index}]: expected doc_id, path and sha256")
        documents[item["doc_id"]] = SourceDocument(item["doc_id"], item["path"], item["sha256"])
    return documents


def _validated(data: object) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise BackupError(f"not a {FORMAT_NAME} file")
    if data.get("version") != FORMAT_VERSION:
        raise BackupError(f"version {data.get('version')!r} is not {FORMAT_VERSION}")
    checks = {"tags": _check_tag, "notes": _check_note, "history": _check_entry}
    result: dict[str, Any] = {"documents": _check_documents(data.get("documents", []))}
    for name, check in checks.items():
        items = data.get(name, [])
        if not isinstance(items, list):
            raise BackupError(f"{name}: expected a list")
        result[name] = [check(item, f"{name}[{index}]") for index, item in enumerate(items)]
    result["corrections"] = check_corrections(data.get("corrections", []), BackupError)
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


@dataclass
class _Outcome:
    """What placing the items did: moves (uid -> old doc_id and page, new doc_id and page),
    the uids left out, the review flags to record (table, kind, uid, old flag, new flag)."""

    moves: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    unplaced: set[str] = field(default_factory=set)
    flags: list[tuple[str, str, str, str | None, str]] = field(default_factory=list)


def _unplaced(kind: str, values: dict[str, Any], reason: str | None) -> dict[str, Any]:
    what = values["label"] if kind == "tag" else values["text"][:80]
    where = {"doc_id": values["doc_id"], "page": values["page"]}
    return {"kind": kind, **where, ("label" if kind == "tag" else "text"): what, "reason": reason}


def _placed(values: dict[str, Any], placement: Placement) -> dict[str, Any]:
    placed = {
        **values,
        "doc_id": placement.doc_id,
        "page": placement.page,
        "sha256": placement.sha256,
        "text_hash": placement.text_hash,
    }
    return placed if placement.review is None else {**placed, "review": placement.review}


def _moved_entry(values: dict[str, Any], moves: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
    """A history entry of an item that went to another document or page, made to follow it
    (so that its undo still applies)."""
    old_doc, old_page, doc_id, page = moves[values["item_uid"]]
    moved = {**values, "doc_id": doc_id, "page": page if values["page"] == old_page else None}
    if values["page"] != old_page:
        moved["page"] = values["page"]
    for name in ("before", "after"):
        if moved[name] is not None:
            snapshot = json.loads(moved[name])
            if snapshot.get("doc_id") == old_doc:
                snapshot["doc_id"] = doc_id
            if "page" in snapshot and snapshot["page"] == old_page:
                snapshot["page"] = page
            moved[name] = json.dumps(snapshot)
    return moved


def _import_items(db: sqlite3.Connection, items: dict[str, Any], report: ImportReport) -> _Outcome:
    """Place and add the tags and notes that are not here yet."""
    outcome = _Outcome()
    for name, kind in (("tags", "tag"), ("notes", "note")):
        for values in items[name]:
            if db.execute(f"SELECT 1 FROM {name} WHERE uid = ?", (values["uid"],)).fetchone():
                report.present[name] += 1
                continue
            placement = place(db, values, items["documents"].get(values["doc_id"]))
            if placement.doc_id is None:
                report.unplaced.append(_unplaced(kind, values, placement.reason))
                outcome.unplaced.add(values["uid"])
                continue
            placed = _placed(values, placement)
            if not _insert(db, name, placed):
                report.present[name] += 1
                continue
            report.added[name] += 1
            where = (placed["doc_id"], placed["page"])
            if where != (values["doc_id"], values["page"]):
                outcome.moves[values["uid"]] = (values["doc_id"], values["page"], *where)
                report.moved[name] += 1
            if placement.review is not None:
                flag = (name, kind, values["uid"], values["review"], placement.review)
                outcome.flags.append(flag)
    return outcome


def import_annotations(store: Store, actor: User, data: object) -> ImportReport:
    """Add the items of an export that are not here yet, all or nothing; an item whose
    document is not here goes to the version of its file that is (flagged for review), or is
    reported in `unplaced` and left out, with its history.

    BackupError (nothing imported) when the data is not a valid export; PermissionDenied
    unless `actor` is staff or admin.
    """
    require_editor(actor)
    items = _validated(data)
    report = ImportReport()
    with store.transaction() as db:
        outcome = _import_items(db, items, report)
        corrections = import_corrections(db, items["corrections"], items["documents"])
        report.corrections = corrections
        for values in items["history"]:
            if values["item_uid"] in outcome.unplaced | corrections.skipped:
                continue
            if values["item_uid"] in outcome.moves:
                values = _moved_entry(values, outcome.moves)
            if values["item_uid"] in corrections.moves:
                values = {**values, "doc_id": corrections.moves[values["item_uid"]][1]}
            counts = report.added if _insert(db, "history", values) else report.present
            counts["history"] += 1
        for table, kind, uid, before, after in outcome.flags:  # after the item's own history
            row = db.execute(f"SELECT * FROM {table} WHERE uid = ?", (uid,)).fetchone()
            record(db, SYSTEM_USER, "flag", kind, row, {"review": before}, {"review": after})
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

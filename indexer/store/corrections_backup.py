"""Corrections in the annotations export: checked, and added where nothing is corrected yet.

A correction travels with its uid and the doc_id it was made on. Imported into a home where
that doc_id is not stored, it goes to the document stored at the same path (the export lists
its path); one that has no document here, or whose field this home has corrected already,
is left out with its history, and the report says why. Nothing here is changed or removed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from indexer.errors import InvalidInputError
from indexer.store.corrections import KIND, CorrectionError, clean_value

COLUMNS = ("uid", "doc_id", "field", "value", "corrected_by", "at")


@dataclass
class CorrectionImport:
    """What importing the corrections did: counts, the uids left out, doc_id moves."""

    added: int = 0
    present: int = 0
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    moves: dict[str, tuple[str, str]] = field(default_factory=dict)  # uid -> (old, new doc_id)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "present": self.present, "unplaced": list(self.unplaced)}


def check_corrections(items: object, error: type[InvalidInputError]) -> list[dict[str, Any]]:
    """The corrections of an export, each checked; `error` for the first malformed one."""
    if not isinstance(items, list):
        raise error("corrections: expected a list")
    checked = []
    for index, item in enumerate(items):
        where = f"corrections[{index}]"
        if not isinstance(item, dict):
            raise error(f"{where}: expected an object")
        values = {name: item.get(name) for name in COLUMNS}
        for name, value in values.items():
            if name != "value" and not isinstance(value, str):
                raise error(f"{where}: {name} is missing or not a string")
        try:
            values["value"] = clean_value(str(values["field"]), values["value"])
        except CorrectionError as problem:
            raise error(f"{where}: {problem}") from None
        checked.append(values)
    return checked


def is_correction_kind(kind: object) -> bool:
    return kind == KIND


def _doc_id_here(db: sqlite3.Connection, doc_id: str, documents: Mapping[str, Any]) -> str | None:
    if db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone():
        return doc_id
    source = documents.get(doc_id)
    if source is None:
        return None
    row = db.execute("SELECT doc_id FROM documents WHERE path = ?", (source.path,)).fetchone()
    return str(row[0]) if row else None


def import_corrections(
    db: sqlite3.Connection, items: list[dict[str, Any]], documents: Mapping[str, Any]
) -> CorrectionImport:
    """Add the corrections not here yet (inside the caller's transaction); their documents
    are listed as unindexed until the index shows them."""
    report = CorrectionImport()
    for values in items:
        if db.execute("SELECT 1 FROM corrections WHERE uid = ?", (values["uid"],)).fetchone():
            report.present += 1
            continue
        doc_id = _doc_id_here(db, values["doc_id"], documents)
        reason = None
        if doc_id is None:
            reason = "its document is not here (ingest its file, then import again)"
        elif db.execute(
            "SELECT 1 FROM corrections WHERE doc_id = ? AND field = ?", (doc_id, values["field"])
        ).fetchone():
            reason = f"the {values['field']} of {doc_id} is corrected here already"
        if doc_id is None or reason is not None:
            report.skipped.add(values["uid"])
            report.unplaced.append(
                {"doc_id": values["doc_id"], "field": values["field"], "reason": reason}
            )
            continue
        if doc_id != values["doc_id"]:
            report.moves[values["uid"]] = (values["doc_id"], doc_id)
        db.execute(
            f"INSERT INTO corrections ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            (values["uid"], doc_id, *(values[name] for name in COLUMNS[2:])),
        )
        db.execute(
            "INSERT INTO corrections_unindexed (doc_id, version) VALUES (?, 1)"
            " ON CONFLICT (doc_id) DO UPDATE SET version = version + 1",
            (doc_id,),
        )
        report.added += 1
    return report

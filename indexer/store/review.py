"""Tags and notes whose page is gone or changed after their file changed: flagged, never lost.

A page tag or note remembers the SHA-256 of its file and a fingerprint of its page's text.
When the file is ingested again in a new version, those whose page disappeared or whose text
changed are flagged for review (citing them warns); a person then confirms them or moves them.
"""

from __future__ import annotations

import sqlite3

from indexer.store.annotations import (
    KINDS,
    TABLES,
    InvalidAnnotation,
    Note,
    Tag,
    fetch_row,
    item_of,
    locate,
    page_text_hash,
)
from indexer.store.database import Store
from indexer.store.history import SYSTEM_USER, record
from indexer.store.users import User, require_editor
from indexer.text.plurals import counted


def review_after_reingest(store: Store, doc_id: str, page_count: int) -> int:
    """Flag the page tags and notes of a re-ingested document whose page is gone or whose
    text changed with the file; returns how many were newly flagged. Nothing is removed.

    Call after the document's new version is saved. Items whose page text is unchanged move
    to the new file silently.
    """
    flagged = 0
    with store.transaction() as db:
        doc = db.execute("SELECT sha256 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if doc is None:
            return 0
        for kind in KINDS:
            rows = db.execute(
                f"SELECT * FROM {TABLES[kind][0]} WHERE doc_id = ? AND page IS NOT NULL"
                " AND removed_at IS NULL AND sha256 IS NOT ?",
                (doc_id, doc["sha256"]),
            ).fetchall()
            for row in rows:
                flagged += _review_one(db, kind, row, doc["sha256"], page_count)
    return flagged


def _review_one(
    db: sqlite3.Connection, kind: str, row: sqlite3.Row, sha256: str, page_count: int
) -> int:
    table, id_column, _ = TABLES[kind]
    page = row["page"]
    if page > page_count:
        reason = f"page {page} is gone: the changed file has {counted(page_count, 'page')}"
    else:
        text = db.execute(
            "SELECT text FROM extracted_pages WHERE sha256 = ? AND page = ?", (sha256, page)
        ).fetchone()
        if page_text_hash(text["text"] if text else "") == row["text_hash"]:
            db.execute(
                f"UPDATE {table} SET sha256 = ? WHERE {id_column} = ?", (sha256, row[id_column])
            )
            return 0
        reason = f"the text of page {page} changed with the file"
    if row["review"] == reason:
        return 0
    db.execute(f"UPDATE {table} SET review = ? WHERE {id_column} = ?", (reason, row[id_column]))
    record(db, SYSTEM_USER, "flag", kind, row, {"review": row["review"]}, {"review": reason})
    return 1


def confirm_review(store: Store, actor: User, kind: str, item_id: int) -> Tag | Note:
    """A person checked a flagged tag or note against the changed file: clear the flag.
    AnnotationError when its page is gone (remove it and tag the right page instead)."""
    require_editor(actor)
    if kind not in KINDS:
        raise InvalidAnnotation(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    table, id_column, _ = TABLES[kind]
    with store.transaction() as db:
        row = fetch_row(db, kind, item_id)
        if row["review"] is None:
            return item_of(kind, row)
        sha256, text_hash = locate(db, row["doc_id"], row["page"])
        db.execute(
            f"UPDATE {table} SET review = NULL, sha256 = ?, text_hash = ? WHERE {id_column} = ?",
            (sha256, text_hash, item_id),
        )
        record(db, actor.name, "confirm", kind, row, {"review": row["review"]}, {"review": None})
        return item_of(kind, fetch_row(db, kind, item_id))

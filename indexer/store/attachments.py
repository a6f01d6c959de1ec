"""Documents that came with another: an e-mail's attachments and the message an attachment
came with, read from their paths (`mail.eml!/report.pdf` is attached to `mail.eml`)."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.model.paths import MEMBER_SEPARATOR, container_of
from indexer.store.connection import Database


@dataclass(frozen=True)
class Linked:
    """A document linked to another: its doc_id, title and path."""

    doc_id: str
    title: str
    path: str


def attachments_of(store: Database, doc_id: str) -> list[Linked]:
    """The documents attached to `doc_id` (directly, not their own attachments), in path
    order; [] for a document that is no e-mail or has none."""
    rows = store.query("SELECT path FROM documents WHERE doc_id = ?", (doc_id,))
    if not rows:
        return []
    prefix = rows[0]["path"] + MEMBER_SEPARATOR
    found = store.query(
        "SELECT doc_id, title, path FROM documents WHERE substr(path, 1, ?) = ?"
        " AND instr(substr(path, ?), ?) = 0 ORDER BY path",
        (len(prefix), prefix, len(prefix) + 1, MEMBER_SEPARATOR),
    )
    return [Linked(row["doc_id"], row["title"], row["path"]) for row in found]


def attached_to(store: Database, doc_id: str) -> Linked | None:
    """The document `doc_id` is attached to (the e-mail it came with), or None (a file on
    disk, or a member of an archive, which is no document)."""
    rows = store.query("SELECT path FROM documents WHERE doc_id = ?", (doc_id,))
    container = container_of(rows[0]["path"]) if rows else None
    if container is None:
        return None
    found = store.query("SELECT doc_id, title, path FROM documents WHERE path = ?", (container,))
    if not found:
        return None
    return Linked(found[0]["doc_id"], found[0]["title"], found[0]["path"])

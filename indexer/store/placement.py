"""Where an imported tag or note lands: its own document, or the version of its file this home
holds, found by SHA-256 or path and placed by page text.

An export names each annotated document's path and SHA-256. When its doc_id is not here (the
file changed before this home ingested it, so it got another doc_id), the item goes to the
document with the same file (SHA-256) or, failing that, the same path; a page item goes to
the page whose text it was made on (the same page first, else the nearest page with that
text). On a changed file it is flagged for review, as `store.review` flags items after a
re-ingest; when no document or page can take it, it is not imported and the reason is given.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from indexer.store.annotation_rows import page_text_hash
from indexer.text.plurals import counted


@dataclass(frozen=True)
class SourceDocument:
    """An annotated document as the exporting home knew it."""

    doc_id: str
    path: str
    sha256: str


@dataclass(frozen=True)
class Placement:
    """Where an item goes (`doc_id` None: nowhere, for `reason`), and the review flag it
    gets there (None: it keeps its own)."""

    doc_id: str | None
    page: int | None = None
    sha256: str | None = None
    text_hash: str | None = None
    review: str | None = None
    reason: str | None = None


def _document(db: sqlite3.Connection, doc_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = db.execute(
        "SELECT doc_id, path, sha256, page_count FROM documents WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    return row


def _by_file(db: sqlite3.Connection, sha256s: set[str], path: str | None) -> sqlite3.Row | None:
    """The document holding the same file (the one at `path` first), else the one at `path`."""
    marks = ",".join("?" * len(sha256s))
    same: sqlite3.Row | None = db.execute(
        f"SELECT doc_id, path, sha256, page_count FROM documents WHERE sha256 IN ({marks})"
        " ORDER BY path = ? DESC, path",
        (*sorted(sha256s), path or ""),
    ).fetchone()
    if same is not None or path is None:
        return same
    at_path: sqlite3.Row | None = db.execute(
        "SELECT doc_id, path, sha256, page_count FROM documents WHERE path = ?", (path,)
    ).fetchone()
    return at_path


def _page_hashes(db: sqlite3.Connection, sha256: str) -> dict[int, str]:
    rows = db.execute("SELECT page, text FROM extracted_pages WHERE sha256 = ?", (sha256,))
    return {int(row["page"]): page_text_hash(row["text"]) for row in rows}


def place(db: sqlite3.Connection, item: dict[str, Any], source: SourceDocument | None) -> Placement:
    """Where the tag or note `item` (a row of an export) goes in this home."""
    here = _document(db, item["doc_id"])
    if here is None:
        sha256s = {value for value in (item["sha256"], source and source.sha256) if value}
        here = _by_file(db, sha256s, source.path if source else None)
    if here is None:
        where = f" ({source.path})" if source else ""
        return Placement(None, reason=f"no document here has its file{where}: ingest it first")
    moved = here["doc_id"] != item["doc_id"]
    if item["sha256"] in (None, here["sha256"]):  # the very file it was made on
        return Placement(here["doc_id"], item["page"], item["sha256"], item["text_hash"])
    if item["page"] is None:
        review = f"restored onto {here['path']}, a changed version of its file" if moved else None
        return Placement(here["doc_id"], None, item["sha256"], None, review)
    return _on_changed_page(db, item, here, moved)


def _on_changed_page(
    db: sqlite3.Connection, item: dict[str, Any], here: sqlite3.Row, moved: bool
) -> Placement:
    page, hashes = int(item["page"]), _page_hashes(db, here["sha256"])
    same_text = sorted(
        (abs(number - page), number)
        for number, text_hash in hashes.items()
        if text_hash == item["text_hash"]
    )
    onto = f" of {here['path']}" if moved else ""
    if same_text and same_text[0][1] == page:
        if not moved:  # as a re-ingest does: unchanged text moves silently
            return Placement(here["doc_id"], page, here["sha256"], item["text_hash"])
        review = f"restored onto page {page}{onto}, a changed version of its file (same text)"
    elif same_text:
        review = f"page {page} of the old version is page {same_text[0][1]}{onto} now"
        page = same_text[0][1]
    elif page <= here["page_count"]:
        review = f"the text of page {page}{onto} changed with the file"
    elif not moved:  # its own document: kept and flagged, as a re-ingest does
        review = f"page {page} is gone: the changed file has {counted(here['page_count'], 'page')}"
    else:
        return Placement(
            None,
            reason=f"page {page} is gone: {here['path']} has"
            f" {counted(here['page_count'], 'page')} now, and none has its text",
        )
    return Placement(here["doc_id"], page, item["sha256"], item["text_hash"], review)

"""Ingest bookkeeping: which files are stored under which doc_id, and which are indexed."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from indexer.store.connection import Database
from indexer.store.rows import StoredFile


class IngestBookkeeping(Database):
    """What an ingest reads and marks to decide what to skip, extract or finish."""

    def stored_file(self, path: str) -> StoredFile | None:
        """What was ingested from `path`, or None."""
        rows = self.query(
            "SELECT doc_id, path, sha256, file_metadata, is_indexed FROM documents WHERE path = ?",
            (path,),
        )
        return StoredFile.from_row(rows[0]) if rows else None

    def stored_files(self) -> list[StoredFile]:
        rows = self.query(
            "SELECT doc_id, path, sha256, file_metadata, is_indexed FROM documents ORDER BY path"
        )
        return [StoredFile.from_row(row) for row in rows]

    def new_doc_id(self, sha256: str, path: str, taken: set[str] | None = None) -> str:
        """A doc_id for a file seen for the first time.

        The first 16 hex digits of its SHA-256, so the same released file gets the same doc_id
        (and permalink) on every machine; a byte-identical copy at a second path gets an id
        derived from its path too.
        """
        candidate = sha256[:16]
        if candidate not in (taken or set()) and not self.query(
            "SELECT 1 FROM documents WHERE doc_id = ?", (candidate,)
        ):
            return candidate
        return hashlib.sha256(f"{sha256}\0{path}".encode()).hexdigest()[:16]

    def mark_indexed(self, doc_ids: Sequence[str]) -> None:
        with self.transaction() as db:
            db.executemany(
                "UPDATE documents SET is_indexed = 1 WHERE doc_id = ?", [(d,) for d in doc_ids]
            )

    def mark_all_indexed_except(self, doc_ids: Sequence[str]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET is_indexed = 1")
            db.executemany(
                "UPDATE documents SET is_indexed = 0 WHERE doc_id = ?", [(d,) for d in doc_ids]
            )

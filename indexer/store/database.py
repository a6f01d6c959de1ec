"""SQLite store: the extraction cache, ingested documents and their pages (WAL, migrations).

SQLite is the truth. The Whoosh index is derived from it and can always be rebuilt from it:
page texts live in `extracted_pages` (keyed by file SHA-256, so a re-index or an identical copy
never re-extracts), the document as indexed in `documents` and `pages`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.errors import UnavailableError
from indexer.model.document import Document, Page, Word

DATABASE_NAME = "foia.sqlite3"

# Each entry upgrades the database by one version; never edit a released entry, append.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE extractions (
        sha256 TEXT PRIMARY KEY, format TEXT NOT NULL, title TEXT NOT NULL,
        metadata TEXT NOT NULL, page_count INTEGER NOT NULL, extracted_at TEXT NOT NULL);
    CREATE TABLE extracted_pages (
        sha256 TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL,
        needs_ocr INTEGER NOT NULL, ocr INTEGER NOT NULL, ocr_confidence REAL, words TEXT,
        PRIMARY KEY (sha256, page)) WITHOUT ROWID;
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
        size INTEGER NOT NULL, file_metadata TEXT NOT NULL, metadata TEXT NOT NULL,
        title TEXT NOT NULL, format TEXT NOT NULL, type TEXT, date TEXT, source TEXT,
        page_count INTEGER NOT NULL, is_indexed INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX documents_sha256 ON documents (sha256);
    CREATE TABLE pages (
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
        page INTEGER NOT NULL, bates TEXT, exemptions TEXT NOT NULL, is_withheld INTEGER NOT NULL,
        headers TEXT NOT NULL, needs_ocr INTEGER NOT NULL, ocr INTEGER NOT NULL,
        ocr_confidence REAL, PRIMARY KEY (doc_id, page)) WITHOUT ROWID;
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # Staff accounts, tags, notes and their history (store.users, store.annotations).
    # Tags and notes name a doc_id without a foreign key, and are only ever marked removed:
    # a pruned or changed file must never take a person's work with it.
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL, password_hash TEXT NOT NULL,
        is_enabled INTEGER NOT NULL, session_version INTEGER NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE sign_in_failures (
        name_key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TEXT NOT NULL,
        locked_until TEXT);
    CREATE TABLE tags (
        tag_id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
        page INTEGER, label TEXT NOT NULL, label_key TEXT NOT NULL, note TEXT,
        sha256 TEXT, text_hash TEXT, review TEXT,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_by TEXT, updated_at TEXT,
        removed_by TEXT, removed_at TEXT);
    CREATE UNIQUE INDEX tags_live ON tags (doc_id, coalesce(page, 0), label_key)
        WHERE removed_at IS NULL;
    CREATE INDEX tags_label ON tags (label_key);
    CREATE TABLE notes (
        note_id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
        page INTEGER NOT NULL, text TEXT NOT NULL, quote TEXT,
        sha256 TEXT, text_hash TEXT, review TEXT,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_by TEXT, updated_at TEXT,
        removed_by TEXT, removed_at TEXT);
    CREATE INDEX notes_page ON notes (doc_id, page);
    CREATE TABLE history (
        event_id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, at TEXT NOT NULL,
        user_name TEXT NOT NULL, action TEXT NOT NULL, kind TEXT NOT NULL,
        item_uid TEXT NOT NULL, doc_id TEXT NOT NULL, page INTEGER, before TEXT, after TEXT);
    CREATE INDEX history_item ON history (item_uid);
    CREATE INDEX history_doc ON history (doc_id);
    """,
    # Saved searches and the ingest runs that tell what is new for them (indexer.tools.saved): a run
    # lists the documents it added; a saved search keeps the last run its owner has seen.
    """
    CREATE TABLE saved_searches (
        saved_id INTEGER PRIMARY KEY, user_name TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL COLLATE NOCASE, query TEXT NOT NULL, filters TEXT NOT NULL,
        created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL,
        last_seen_run INTEGER NOT NULL DEFAULT 0, feed_token TEXT NOT NULL UNIQUE);
    CREATE UNIQUE INDEX saved_searches_name ON saved_searches (user_name, name);
    CREATE TABLE ingest_runs (
        run_id INTEGER PRIMARY KEY, at TEXT NOT NULL, documents INTEGER NOT NULL);
    CREATE TABLE ingest_run_documents (
        run_id INTEGER NOT NULL REFERENCES ingest_runs (run_id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL, PRIMARY KEY (run_id, doc_id)) WITHOUT ROWID;
    CREATE INDEX ingest_run_documents_doc ON ingest_run_documents (doc_id);
    """,
    # Near-duplicate signatures and groups (indexer.store.duplicates), with their LSH buckets.
    """
    CREATE TABLE doc_signatures (
        doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
        signature BLOB, duplicate_group TEXT NOT NULL);
    CREATE INDEX doc_signatures_group ON doc_signatures (duplicate_group);
    CREATE TABLE signature_buckets (
        band INTEGER NOT NULL, bucket INTEGER NOT NULL,
        doc_id TEXT NOT NULL REFERENCES doc_signatures (doc_id) ON DELETE CASCADE,
        PRIMARY KEY (band, bucket, doc_id)) WITHOUT ROWID;
    CREATE INDEX signature_buckets_doc ON signature_buckets (doc_id);
    """,
]


class StoreError(UnavailableError):
    """The database cannot be opened or is newer than this program."""


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(home: Path) -> sqlite3.Connection:
    """Open (and migrate) the database in `home`, in WAL mode with foreign keys on."""
    home.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(
        home / DATABASE_NAME, timeout=30, isolation_level=None, check_same_thread=False
    )
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=30000")
    _migrate(connection)
    return connection


def _migrate(connection: sqlite3.Connection) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise StoreError(f"database version {version} is newer than this program's")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if current < number:
                for statement in script.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version={number}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


@dataclass(frozen=True)
class StoredFile:
    """What the store knows of an ingested file, to decide whether to skip it."""

    doc_id: str
    path: str
    sha256: str
    file_metadata: dict[str, Any]
    is_indexed: bool


class Store:
    """The extraction cache and the ingested documents. Safe to share between threads."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.connection = connect(home)
        self._lock = threading.RLock()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction (BEGIN IMMEDIATE), committed on success."""
        with self._lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read-only statement."""
        with self._lock:
            return self.connection.execute(sql, params).fetchall()

    # -- settings ------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    # -- extraction cache ----------------------------------------------------------------

    def has_extraction(self, sha256: str) -> bool:
        return bool(self.query("SELECT 1 FROM extractions WHERE sha256 = ?", (sha256,)))

    def save_extraction(self, sha256: str, doc: Document) -> None:
        """Cache what an extractor returned for the file with this SHA-256."""
        with self.transaction() as db:
            db.execute("DELETE FROM extracted_pages WHERE sha256 = ?", (sha256,))
            db.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
                (
                    sha256,
                    doc.format,
                    doc.title,
                    json.dumps(dict(doc.metadata)),
                    len(doc.pages),
                    utc_now(),
                ),
            )
            db.executemany(
                "INSERT INTO extracted_pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sha256,
                        page.page,
                        page.text,
                        page.needs_ocr,
                        page.ocr,
                        page.ocr_confidence,
                        None,
                    )
                    for page in doc.pages
                ],
            )

    def save_ocr(
        self, sha256: str, page: int, text: str, confidence: float, words: Sequence[Word]
    ) -> None:
        """Replace one cached page's text by what OCR read, with its word boxes."""
        encoded = json.dumps([[w.text, w.x0, w.top, w.x1, w.bottom, w.confidence] for w in words])
        with self.transaction() as db:
            db.execute(
                "UPDATE extracted_pages SET text = ?, needs_ocr = 0, ocr = 1, ocr_confidence = ?,"
                " words = ? WHERE sha256 = ? AND page = ?",
                (text, confidence, encoded, sha256, page),
            )

    def load_extraction(self, sha256: str) -> Document | None:
        """The cached extraction (doc_id and path empty), or None when not cached."""
        head = self.query("SELECT * FROM extractions WHERE sha256 = ?", (sha256,))
        if not head:
            return None
        rows = self.query(
            "SELECT page, text, needs_ocr, ocr, ocr_confidence FROM extracted_pages"
            " WHERE sha256 = ? ORDER BY page",
            (sha256,),
        )
        pages = tuple(
            Page(
                page=row["page"],
                text=row["text"],
                needs_ocr=bool(row["needs_ocr"]),
                ocr=bool(row["ocr"]),
                ocr_confidence=row["ocr_confidence"],
            )
            for row in rows
        )
        return Document(
            doc_id="",
            sha256=sha256,
            path="",
            format=head[0]["format"],
            title=head[0]["title"],
            pages=pages,
            metadata=json.loads(head[0]["metadata"]),
        )

    def page_words(self, sha256: str, page: int) -> list[Word] | None:
        """OCR word boxes of a cached page, or None when the page was not read by OCR."""
        rows = self.query(
            "SELECT words FROM extracted_pages WHERE sha256 = ? AND page = ?", (sha256, page)
        )
        if not rows or rows[0]["words"] is None:
            return None
        return [Word(*values) for values in json.loads(rows[0]["words"])]

    def page_texts(self, doc_id: str, pages: Sequence[int]) -> dict[int, str]:
        """The stored text of some pages of a document, by page number."""
        if not pages:
            return {}
        marks = ",".join("?" * len(pages))
        rows = self.query(
            "SELECT p.page, p.text FROM extracted_pages p JOIN documents d"
            f" ON d.sha256 = p.sha256 WHERE d.doc_id = ? AND p.page IN ({marks})",
            (doc_id, *pages),
        )
        return {row["page"]: row["text"] for row in rows}

    def purge_extractions(self) -> int:
        """Drop cached extractions no document refers to any more; returns how many."""
        with self.transaction() as db:
            orphans = [
                row[0]
                for row in db.execute(
                    "SELECT sha256 FROM extractions"
                    " WHERE sha256 NOT IN (SELECT sha256 FROM documents)"
                )
            ]
            for sha256 in orphans:
                db.execute("DELETE FROM extracted_pages WHERE sha256 = ?", (sha256,))
                db.execute("DELETE FROM extractions WHERE sha256 = ?", (sha256,))
        return len(orphans)

    # -- documents -----------------------------------------------------------------------

    def stored_file(self, path: str) -> StoredFile | None:
        """What was ingested from `path`, or None."""
        rows = self.query(
            "SELECT doc_id, path, sha256, file_metadata, is_indexed FROM documents WHERE path = ?",
            (path,),
        )
        return _stored_file(rows[0]) if rows else None

    def stored_files(self) -> list[StoredFile]:
        rows = self.query(
            "SELECT doc_id, path, sha256, file_metadata, is_indexed FROM documents ORDER BY path"
        )
        return [_stored_file(row) for row in rows]

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

    def save_document(self, doc: Document, size: int, file_metadata: dict[str, Any]) -> None:
        """Record a document as extracted and enriched; `is_indexed` stays false until
        `mark_indexed`, so an interrupted ingest is finished by the next one."""
        meta = dict(doc.metadata)
        now = utc_now()
        with self.transaction() as db:
            db.execute("DELETE FROM pages WHERE doc_id = ?", (doc.doc_id,))
            db.execute(
                "INSERT INTO documents (doc_id, path, sha256, size, file_metadata, metadata,"
                " title, format, type, date, source, page_count, is_indexed, added_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                " ON CONFLICT (doc_id) DO UPDATE SET path = excluded.path,"
                " sha256 = excluded.sha256, size = excluded.size,"
                " file_metadata = excluded.file_metadata, metadata = excluded.metadata,"
                " title = excluded.title, format = excluded.format, type = excluded.type,"
                " date = excluded.date, source = excluded.source,"
                " page_count = excluded.page_count, is_indexed = 0,"
                " updated_at = excluded.updated_at",
                (
                    doc.doc_id,
                    doc.path,
                    doc.sha256,
                    size,
                    json.dumps(file_metadata),
                    json.dumps(meta, default=str),
                    doc.title,
                    doc.format,
                    meta.get("type"),
                    meta.get("date"),
                    meta.get("source"),
                    len(doc.pages),
                    now,
                    now,
                ),
            )
            db.executemany(
                "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc.doc_id,
                        page.page,
                        page.bates,
                        json.dumps(dict(page.exemptions)),
                        page.is_withheld,
                        json.dumps(dict(page.headers)),
                        page.needs_ocr,
                        page.ocr,
                        page.ocr_confidence,
                    )
                    for page in doc.pages
                ],
            )

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

    def delete_document(self, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def doc_ids(self) -> list[str]:
        return [row[0] for row in self.query("SELECT doc_id FROM documents ORDER BY path")]

    def list_documents(self) -> list[dict[str, Any]]:
        """Every document's summary, ordered by path."""
        rows = self.query(
            "SELECT doc_id, path, title, type, format, date, source, page_count, sha256"
            " FROM documents ORDER BY path"
        )
        return [
            {
                "doc_id": row["doc_id"],
                "path": row["path"],
                "title": row["title"],
                "type": row["type"] or row["format"],
                "date": row["date"],
                "source": row["source"],
                "pages": row["page_count"],
                "sha256": row["sha256"],
            }
            for row in rows
        ]

    def load_document(self, doc_id: str) -> Document | None:
        """The document as indexed, with page texts and enrichment, or None."""
        head = self.query("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
        if not head:
            return None
        row = head[0]
        texts = {
            r["page"]: r["text"]
            for r in self.query(
                "SELECT page, text FROM extracted_pages WHERE sha256 = ?", (row["sha256"],)
            )
        }
        pages = tuple(
            Page(
                page=p["page"],
                text=texts.get(p["page"], ""),
                needs_ocr=bool(p["needs_ocr"]),
                ocr=bool(p["ocr"]),
                ocr_confidence=p["ocr_confidence"],
                bates=p["bates"],
                exemptions=json.loads(p["exemptions"]),
                is_withheld=bool(p["is_withheld"]),
                headers=json.loads(p["headers"]),
            )
            for p in self.query("SELECT * FROM pages WHERE doc_id = ? ORDER BY page", (doc_id,))
        )
        return Document(
            doc_id=doc_id,
            sha256=row["sha256"],
            path=row["path"],
            format=row["format"],
            title=row["title"],
            pages=pages,
            metadata=json.loads(row["metadata"]),
        )

    def page_details(self, doc_id: str, pages: Sequence[int]) -> dict[int, sqlite3.Row]:
        """The stored enrichment (bates, exemptions, OCR flags) of some pages."""
        if not pages:
            return {}
        marks = ",".join("?" * len(pages))
        rows = self.query(
            f"SELECT * FROM pages WHERE doc_id = ? AND page IN ({marks})", (doc_id, *pages)
        )
        return {row["page"]: row for row in rows}

    def document_rows(self, doc_ids: Sequence[str]) -> dict[str, sqlite3.Row]:
        """The documents table rows of some doc_ids."""
        if not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        rows = self.query(f"SELECT * FROM documents WHERE doc_id IN ({marks})", tuple(doc_ids))
        return {row["doc_id"]: row for row in rows}


def _stored_file(row: sqlite3.Row) -> StoredFile:
    return StoredFile(
        doc_id=row["doc_id"],
        path=row["path"],
        sha256=row["sha256"],
        file_metadata=json.loads(row["file_metadata"]),
        is_indexed=bool(row["is_indexed"]),
    )

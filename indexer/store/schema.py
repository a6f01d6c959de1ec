"""The database file: its DDL, the migrations that bring it up to date, and opening it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from indexer.errors import UnavailableError

DATABASE_NAME = "foia.sqlite3"
# Read and written by its owner only: a home holds password hashes, feed tokens and notes.
DATABASE_MODE = 0o600
HOME_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")

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
    # Saved searches (tools/saved_searches.py) and the ingest runs that tell what is new for
    # them (store/runs.py): a run lists the documents it added; a saved search keeps the last
    # run its owner has seen.
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
    # Web sessions a sign-out ends (store/sessions.py), keyed by a hash of the random token the
    # signed cookie holds; failed sign-ins counted per name and client address
    # (store/throttle.py), replacing the per-name counts.
    """
    CREATE TABLE sessions (
        session_key TEXT PRIMARY KEY, user_name TEXT NOT NULL COLLATE NOCASE,
        session_version INTEGER NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL);
    CREATE INDEX sessions_user ON sessions (user_name);
    DROP TABLE sign_in_failures;
    CREATE TABLE failed_sign_ins (
        name_key TEXT NOT NULL, client_key TEXT NOT NULL, failures INTEGER NOT NULL,
        last_failure_at TEXT NOT NULL, PRIMARY KEY (name_key, client_key)) WITHOUT ROWID;
    CREATE INDEX failed_sign_ins_client ON failed_sign_ins (client_key);
    CREATE INDEX failed_sign_ins_time ON failed_sign_ins (last_failure_at);
    """,
    # Files whose extraction failed, by SHA-256 (store/failures.py): skipped by the next
    # ingest until they change or `foia ingest --retry-failed` is given.
    """
    CREATE TABLE failed_files (
        sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, error TEXT NOT NULL,
        failed_at TEXT NOT NULL);
    """,
    # Acronyms the documents define (store/acronyms.py), learned for search; dropped with
    # their document. AUTOINCREMENT: ids are never reused, so (count, max id) tells a change.
    """
    CREATE TABLE acronyms (
        acronym_id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
        acronym TEXT NOT NULL, long_form TEXT NOT NULL);
    CREATE INDEX acronyms_doc ON acronyms (doc_id);
    """,
    # Staff corrections of a document's title, date, type and source (store/corrections.py),
    # by doc_id without a foreign key (a correction outlives a pruned file, as tags do); a
    # cleared one keeps its row (value NULL) for its history. corrections_unindexed: the
    # documents whose index entry does not show their corrections yet, with a version that
    # grows with each change.
    """
    CREATE TABLE corrections (
        uid TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
        corrected_by TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (doc_id, field));
    CREATE TABLE corrections_unindexed (
        doc_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
    """,
    # The clockwise quarter turn OCR gave a scanned page to read it upright (extractors/ocr.py);
    # the page image is shown turned the same way, so that its word boxes match.
    """
    ALTER TABLE extracted_pages ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0;
    """,
    # The copies of records (members that are not their group's representative), for
    # counting the copies a search folds in (store/duplicates.folded_copies): read without
    # scanning every signature.
    """
    CREATE INDEX doc_signatures_copies ON doc_signatures (duplicate_group, doc_id)
        WHERE doc_id != duplicate_group;
    """,
    # What the production reports read of each page's text (indexer/productions/facts.py),
    # computed once per page on first use: its words, a fingerprint of them without the
    # Bates stamp (duplicate pages) and whether it shows a redaction mark; valid while `sha256`
    # is the document's SHA-256 and the version of the rules (facts.FACTS_VERSION). The index
    # tells in a look-up whether the indexed documents changed (productions/membership.py).
    """
    CREATE TABLE page_facts (
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
        page INTEGER NOT NULL, sha256 TEXT NOT NULL, words INTEGER NOT NULL,
        fingerprint TEXT, is_redacted INTEGER NOT NULL,
        PRIMARY KEY (doc_id, page)) WITHOUT ROWID;
    CREATE INDEX documents_indexed ON documents (is_indexed, updated_at);
    """,
    # The area of the page image a note is anchored to (store/regions.py): JSON of x, y,
    # width and height in fractions of the page; NULL for a note on the page as a whole.
    """
    ALTER TABLE notes ADD COLUMN region TEXT;
    """,
]


class StoreError(UnavailableError):
    """The database cannot be opened or is newer than this program."""


def _create_private(home: Path, database: Path) -> None:
    """Create `home` (only its owner may enter it) and the database file (only its owner
    may read it: it holds password hashes, feed tokens and notes) when they are missing.
    SQLite gives its -wal and -shm files the database's permissions. A database made by an
    earlier version, which others could read, is made private too."""
    if not home.is_dir():
        home.parent.mkdir(parents=True, exist_ok=True)
        home.mkdir(mode=HOME_MODE, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DATABASE_MODE))
    for path in (database, *(database.with_name(database.name + s) for s in SIDE_FILES)):
        with contextlib.suppress(OSError):  # a file we do not own, or no such file
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                path.chmod(mode & ~(stat.S_IRWXG | stat.S_IRWXO))


def connect(home: Path) -> sqlite3.Connection:
    """Open (and migrate) the database in `home`, in WAL mode with foreign keys on."""
    database = home / DATABASE_NAME
    _create_private(home, database)
    connection = sqlite3.connect(
        database, timeout=30, isolation_level=None, check_same_thread=False
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

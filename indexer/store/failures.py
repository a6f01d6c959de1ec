"""Files whose extraction failed (a timeout, out of memory, a crash, a broken file), by
SHA-256: the next ingest skips them instead of paying for the failure again."""

from __future__ import annotations

from indexer.store.database import Store, utc_now


def record_failure(store: Store, sha256: str, path: str, error: str) -> None:
    """Remember that extracting the file with this SHA-256 failed with `error`."""
    with store.transaction() as db:
        db.execute(
            "INSERT OR REPLACE INTO failed_files (sha256, path, error, failed_at)"
            " VALUES (?, ?, ?, ?)",
            (sha256, path, error, utc_now()),
        )


def earlier_failure(store: Store, sha256: str) -> str | None:
    """The error extracting the file with this SHA-256 failed with, or None."""
    rows = store.query("SELECT error FROM failed_files WHERE sha256 = ?", (sha256,))
    return str(rows[0]["error"]) if rows else None


def forget_failure(store: Store, sha256: str) -> None:
    """The file with this SHA-256 was extracted: it has failed no more."""
    with store.transaction() as db:
        db.execute("DELETE FROM failed_files WHERE sha256 = ?", (sha256,))

"""Ingest runs: each run's number and the documents it added, for alerts and "N new"."""

from __future__ import annotations

from collections.abc import Sequence

from indexer.store.database import Store, utc_now


def record_ingest(store: Store, new_doc_ids: Sequence[str]) -> int | None:
    """Record an ingest run and the documents it added (call it after the index commit);
    returns the run's number, or None when it added nothing."""
    doc_ids = sorted(set(new_doc_ids))
    if not doc_ids:
        return None
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO ingest_runs (at, documents) VALUES (?, ?)", (utc_now(), len(doc_ids))
        )
        run_id = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO ingest_run_documents (run_id, doc_id) VALUES (?, ?)",
            [(run_id, doc_id) for doc_id in doc_ids],
        )
    return run_id


def latest_run(store: Store) -> int:
    """The number of the last recorded ingest run (0 before the first)."""
    return int(store.query("SELECT coalesce(max(run_id), 0) FROM ingest_runs")[0][0])

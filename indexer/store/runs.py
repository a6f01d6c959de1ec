"""Ingest runs: which run added each document, for alerts, feeds and "N new".

Every document searchable belongs to exactly one run, the one whose index commit first made
it searchable, however often an ingest is interrupted. The pipeline claims a commit's new
documents for a run just before the index commit and finishes the run just after it; a run
still unfinished (`documents` = 0) was interrupted in between, and the next ingest settles it
by asking the index which of its documents made it (`settle`). Alerts only look as far as
the last finished run (`latest_run`), so a run never counts as seen before its documents
can be found.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence

from indexer.store.database import Store, utc_now


def _json(doc_ids: Collection[str]) -> str:
    return json.dumps(sorted(set(doc_ids)))


def record_ingest(store: Store, new_doc_ids: Sequence[str]) -> int | None:
    """Record a finished run that added these documents (after the index commit holding them);
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


def claim_for_run(store: Store, doc_ids: Collection[str]) -> int | None:
    """Before an index commit: a new, unfinished run holding those of `doc_ids` that belong to
    no run yet; its number, or None when every one belongs to a run already."""
    with store.transaction() as db:
        new = [
            str(row[0])
            for row in db.execute(
                "SELECT value FROM json_each(?) WHERE value NOT IN"
                " (SELECT doc_id FROM ingest_run_documents)",
                (_json(doc_ids),),
            )
        ]
        if not new:
            return None
        cursor = db.execute("INSERT INTO ingest_runs (at, documents) VALUES (?, 0)", (utc_now(),))
        run_id = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO ingest_run_documents (run_id, doc_id) VALUES (?, ?)",
            [(run_id, doc_id) for doc_id in new],
        )
    return run_id


def _count_documents(db: sqlite3.Connection, run_ids: Collection[int]) -> None:
    """Finish runs: `documents` is how many they hold."""
    db.execute(
        "UPDATE ingest_runs SET documents = (SELECT count(*) FROM ingest_run_documents r"
        " WHERE r.run_id = ingest_runs.run_id) WHERE run_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(run_ids)),),
    )


def finish_commit(store: Store, run_id: int | None, doc_ids: Collection[str]) -> None:
    """After the index commit that holds `doc_ids`: mark them indexed and finish their run,
    in one transaction."""
    with store.transaction() as db:
        db.execute(
            "UPDATE documents SET is_indexed = 1 WHERE doc_id IN (SELECT value FROM json_each(?))",
            (_json(doc_ids),),
        )
        if run_id is not None:
            _count_documents(db, [run_id])


def unsettled_documents(store: Store) -> list[str]:
    """Documents not marked indexed that belong to a run: claimed by a run that was stopped
    around its index commit, or withdrawn by a prune that was stopped."""
    rows = store.query(
        "SELECT DISTINCT d.doc_id FROM documents d JOIN ingest_run_documents r"
        " ON r.doc_id = d.doc_id WHERE d.is_indexed = 0 ORDER BY d.doc_id"
    )
    return [str(row[0]) for row in rows]


def settle(store: Store, in_index: Collection[str], not_in_index: Collection[str]) -> None:
    """Settle what a stopped ingest left, knowing which unsettled documents the index holds
    (call it while holding the index's write lock, so that no ingest is mid-commit).

    A document the index does not hold leaves its run: the commit that finds it a place in
    the index will claim it again, so alerts still show it. One the index holds stays in its
    run; when that run is unfinished (stopped right after its index commit), the run is
    finished and its documents marked indexed.
    """
    with store.transaction() as db:
        db.execute(
            "DELETE FROM ingest_run_documents WHERE doc_id IN (SELECT value FROM json_each(?))"
            " AND doc_id IN (SELECT doc_id FROM documents WHERE is_indexed = 0)",
            (_json(not_in_index),),
        )
        unfinished = [
            int(row[0])
            for row in db.execute(
                "SELECT DISTINCT r.run_id FROM ingest_run_documents r JOIN ingest_runs i"
                " ON i.run_id = r.run_id WHERE i.documents = 0"
                " AND r.doc_id IN (SELECT value FROM json_each(?))",
                (_json(in_index),),
            )
        ]
        db.execute(
            "UPDATE documents SET is_indexed = 1 WHERE doc_id IN (SELECT r.doc_id FROM"
            " ingest_run_documents r WHERE r.run_id IN (SELECT value FROM json_each(?)))"
            " AND doc_id IN (SELECT value FROM json_each(?))",
            (json.dumps(unfinished), _json(in_index)),
        )
        _count_documents(db, unfinished)


def record_strays(store: Store) -> int | None:
    """Record, as a finished run, the documents marked indexed that belong to no run (saved
    by an interrupted ingest, then indexed by `foia reindex`), so that alerts show them once;
    the run's number, or None when there are none."""
    rows = store.query(
        "SELECT doc_id FROM documents WHERE is_indexed = 1"
        " AND doc_id NOT IN (SELECT doc_id FROM ingest_run_documents)"
    )
    return record_ingest(store, [str(row[0]) for row in rows])


def withdraw(store: Store, doc_ids: Collection[str]) -> None:
    """Before a prune deletes documents from the index: they are no longer known indexed."""
    with store.transaction() as db:
        db.execute(
            "UPDATE documents SET is_indexed = 0 WHERE doc_id IN (SELECT value FROM json_each(?))",
            (_json(doc_ids),),
        )


def forget_documents(store: Store, doc_ids: Collection[str]) -> None:
    """After the index commit that deleted them: the documents and their runs' record of them
    (a file that comes back is new again)."""
    with store.transaction() as db:
        db.execute(
            "DELETE FROM documents WHERE doc_id IN (SELECT value FROM json_each(?))",
            (_json(doc_ids),),
        )
        db.execute(
            "DELETE FROM ingest_run_documents WHERE doc_id IN (SELECT value FROM json_each(?))",
            (_json(doc_ids),),
        )


def belongs_to_a_run(store: Store, doc_id: str) -> bool:
    """Whether a run has added this document already."""
    rows = store.query("SELECT 1 FROM ingest_run_documents WHERE doc_id = ? LIMIT 1", (doc_id,))
    return bool(rows)


def latest_run(store: Store) -> int:
    """The number of the last finished ingest run (0 before the first)."""
    rows = store.query("SELECT coalesce(max(run_id), 0) FROM ingest_runs WHERE documents > 0")
    return int(rows[0][0])

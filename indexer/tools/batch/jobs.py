"""Batches run once, in the background: a process of their own per upload, its progress and
its report kept beside the upload (issue 12: a 500-line batch ran 179 s inside one request,
and again on every summary view and download).

`start_batch` writes the status "queued" and starts `python -m indexer.tools.batch.worker`,
detached from the web server, at a lower CPU priority, so that searches stay fast while it
runs. The worker holds a lock on `ID.lock` for as long as it lives (the system lets it go when
the process ends, however it ends), waits for one of MAX_RUNNING_BATCHES places, runs the batch
with `run_batch`, writing `ID.status` as lines are done, and keeps the report in `ID.report`
(`saved.py`). A status that says the batch runs while nobody holds its lock belongs to a worker
that died: `batch_status` calls it failed, and the batch may be started again.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from indexer.store.database import Store
from indexer.store.files import write_atomically
from indexer.tools.background import (
    JOB_STATES,
    is_held,
    is_starting,
    locked as _locked,
    start_worker,
)
from indexer.tools.batch.run import BatchReport
from indexer.tools.batch.saved import load_report
from indexer.tools.uploads import uploads_dir

# Batches running at once in a home; the others wait in line.
MAX_RUNNING_BATCHES = 2
# A batch stops after this long; the lines left are reported as not run.
BATCH_SECONDS = 3600.0
# How often a running batch writes its progress.
PROGRESS_SECONDS = 0.5
_RUNNING_LOCK = "running-{}.lock"


@dataclass(frozen=True)
class BatchStatus:
    """Where a batch is: `state` is one of JOB_STATES; `done` of `total` query lines have run."""

    state: str
    done: int = 0
    total: int = 0
    error: str | None = None
    updated_at: float = 0.0

    @property
    def is_finished(self) -> bool:
        return self.state in ("done", "failed")

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "done": self.done, "total": self.total, "error": self.error}


def _path(home: Path, batch_id: str, suffix: str) -> Path:
    return uploads_dir(home) / f"{batch_id}.{suffix}"


def report_path(home: Path, batch_id: str) -> Path:
    """Where the report of a finished batch is kept."""
    return _path(home, batch_id, "report")


def _write_status(home: Path, batch_id: str, status: BatchStatus) -> None:
    data = {**status.to_json(), "updated_at": time.time()}
    write_atomically(_path(home, batch_id, "status"), json.dumps(data).encode())


def _read_status(home: Path, batch_id: str) -> BatchStatus | None:
    try:
        data = json.loads(_path(home, batch_id, "status").read_bytes())
        state = str(data["state"])
        if state not in JOB_STATES:
            return None
        error = data.get("error")
        return BatchStatus(
            state,
            int(data.get("done", 0)),
            int(data.get("total", 0)),
            None if error is None else str(error),
            float(data.get("updated_at", 0.0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_worker_alive(home: Path, batch_id: str) -> bool:
    return is_held(_path(home, batch_id, "lock"))


def batch_status(home: Path, batch_id: str) -> BatchStatus:
    """The status of a batch. A batch whose worker ended before the end, or never started,
    is "failed", with the reason."""
    status = _read_status(home, batch_id)
    if status is None:
        return BatchStatus("failed", error="The batch was never started: run it.")
    if status.is_finished or _is_worker_alive(home, batch_id):
        return status
    # The worker holds its lock from before its first status to after its last one.
    if is_starting(status.state, status.updated_at):
        return status  # started, not yet locked
    return replace(
        status,
        state="failed",
        error="The batch stopped before the end (the server was stopped, or the batch ran"
        " out of memory): run it again.",
    )


def start_batch(home: Path, batch_id: str, role: str | None) -> BatchStatus:
    """Start the batch of upload `batch_id` in a process of its own, `tag:` and `note:`
    resolved for `role`; returns its status ("queued"). A batch already queued or running is
    left alone."""
    current = batch_status(home, batch_id)
    if not current.is_finished:
        return current
    report_path(home, batch_id).unlink(missing_ok=True)
    status = BatchStatus("queued")
    _write_status(home, batch_id, status)
    args = [str(home), batch_id, role or ""]
    start_worker("indexer.tools.batch.worker", args, _path(home, batch_id, "log"))
    return status


def run_job(home: Path, batch_id: str, role: str | None) -> BatchStatus:
    """Run the batch (in the worker process): wait for a place, run, keep the report.
    Returns the last status written; a batch not waiting to run is left as it is."""
    with _locked(_path(home, batch_id, "lock"), wait=True):
        status = _read_status(home, batch_id)
        if status is None or status.state != "queued":
            return batch_status(home, batch_id)
        with _running_place(home, batch_id):
            return _run(home, batch_id, role)


@contextlib.contextmanager
def _running_place(home: Path, batch_id: str) -> Iterator[None]:
    """One of the MAX_RUNNING_BATCHES places, waited for (saying "queued" meanwhile)."""
    folder = uploads_dir(home)
    while True:
        for number in range(MAX_RUNNING_BATCHES):
            with _locked(folder / _RUNNING_LOCK.format(number), wait=False) as is_mine:
                if is_mine:
                    yield
                    return
        _write_status(home, batch_id, BatchStatus("queued"))
        time.sleep(PROGRESS_SECONDS)


def _run(home: Path, batch_id: str, role: str | None) -> BatchStatus:
    from indexer.engines import open_engine
    from indexer.search.tags import resolver_for
    from indexer.tools.batch.run import run_batch
    from indexer.tools.batch.saved import save_report

    progress = _ProgressWriter(home, batch_id)
    _write_status(home, batch_id, BatchStatus("running"))
    try:
        data = _path(home, batch_id, "terms").read_bytes()
        store = Store(home)
        engine = open_engine(home)
        try:
            resolve = resolver_for(store, role)
            report = run_batch(
                engine, store, data, resolve=resolve, progress=progress, seconds=BATCH_SECONDS
            )
            save_report(report, report_path(home, batch_id))
        finally:
            engine.close()
            store.close()
        status = BatchStatus("done", progress.done, progress.total)
    except Exception as error:  # noqa: BLE001  the status must say what happened
        message = f"The batch failed: {error}"
        status = BatchStatus("failed", progress.done, progress.total, message)
    _write_status(home, batch_id, status)
    return status


class _ProgressWriter:
    """Writes the status "running" with the lines done, at most every PROGRESS_SECONDS."""

    def __init__(self, home: Path, batch_id: str) -> None:
        self.home, self.batch_id = home, batch_id
        self.done = self.total = 0
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if time.monotonic() - self.written_at >= PROGRESS_SECONDS or done == total:
            self.written_at = time.monotonic()
            _write_status(self.home, self.batch_id, BatchStatus("running", done, total))


def batch_report(home: Path, batch_id: str, store: Store) -> BatchReport | None:
    """The report a finished batch kept (its rows read from `store`), or None."""
    return load_report(report_path(home, batch_id), store)

"""One upload's ingest, in its worker process: wait for its turn, move its files to the
uploads folder, ingest them with progress, keep what was added, updated and failed."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from indexer.engines import engine_for_ingest
from indexer.extractors.archive import ArchiveLimits
from indexer.ingest.metadata import is_metadata_file
from indexer.ingest.pipeline import Ingest
from indexer.ingest.report import IngestReport, Progress
from indexer.search.engine import Engine, IndexBusyError
from indexer.store.database import Store
from indexer.tools.background import locked
from indexer.tools.intake.files import files_dir, intake_dir
from indexer.tools.intake.jobs import (
    MAX_PROGRESS_ERRORS,
    PROGRESS_SECONDS,
    IntakeStatus,
    intake_status,
    job_file,
    jobs_dir,
    list_intakes,
    write_status,
)

WAIT_SECONDS = 0.5
# Processes that extract and OCR the files of an upload (the web server keeps the rest).
INGEST_WORKERS = 1


def run_intake(
    home: Path,
    intake_id: str,
    workers: int = INGEST_WORKERS,
    archive_limits: ArchiveLimits | None = None,
) -> IntakeStatus | None:
    """Run the ingest of an upload (in the worker process), unpacking its archives within
    `archive_limits` (default: those of `foia ingest`); the last status written. One not
    waiting to run is left as it is."""
    with locked(job_file(home, intake_id, "lock"), wait=True):
        status = intake_status(home, intake_id)
        if status is None or status.state != "queued":
            return status
        with _turn(home, status) as status:
            try:
                return _ingest(home, status, workers, archive_limits)
            except Exception as error:  # noqa: BLE001  the status must say what happened
                failed = replace(status, state="failed", current=None, error=str(error))
                return write_status(home, failed)


def _is_ahead(other: IntakeStatus, mine: IntakeStatus) -> bool:
    """Whether `other` was sent before `mine` and waits or runs (`intake_status` calls an
    upload whose worker died failed)."""
    earlier = (other.created_at, other.intake_id) < (mine.created_at, mine.intake_id)
    return earlier and not other.is_finished


@contextmanager
def _turn(home: Path, status: IntakeStatus) -> Iterator[IntakeStatus]:
    """The running place, once every upload sent before this one has finished; then the
    index's write lock is free (no `foia ingest` runs). Says why it waits meanwhile."""
    while True:
        ahead = [other for other in list_intakes(home) if _is_ahead(other, status)]
        if not ahead:
            with locked(jobs_dir(home) / "running.lock", wait=False) as is_mine:
                if is_mine:
                    engine = engine_for_ingest(home)
                    try:
                        yield _when_index_free(home, status, engine)
                    finally:
                        engine.close()
                    return
        reason = f"{len(ahead)} upload(s) ahead" if ahead else "another upload"
        if reason != status.waiting_for:
            status = write_status(home, replace(status, waiting_for=reason))
        time.sleep(WAIT_SECONDS)


def _when_index_free(home: Path, status: IntakeStatus, engine: Engine) -> IntakeStatus:
    while True:
        try:
            with engine.write_lock():
                return write_status(home, replace(status, state="running", waiting_for=None))
        except IndexBusyError:
            reason = "another ingest (from the command line) to finish"
            if reason != status.waiting_for:
                status = write_status(home, replace(status, waiting_for=reason))
            time.sleep(WAIT_SECONDS)


def _move_files(home: Path, intake_id: str) -> list[Path]:
    """The upload's files moved to the uploads folder (replacing files of the same name)."""
    target = files_dir(home)
    target.mkdir(parents=True, exist_ok=True)
    moved = []
    incoming = intake_dir(home, intake_id)
    for path in sorted(incoming.iterdir()) if incoming.is_dir() else []:
        destination = target / path.name
        path.replace(destination)
        moved.append(destination)
    shutil.rmtree(incoming, ignore_errors=True)
    return moved


def _stored_under(store: Store, folder: Path) -> dict[str, tuple[str, str]]:
    """path -> (doc_id, sha256) of the stored documents under `folder` (archive members
    included: their paths start with the archive's)."""
    prefix = str(folder) + os.sep
    rows = store.query(
        "SELECT doc_id, path, sha256 FROM documents WHERE substr(path, 1, ?) = ?",
        (len(prefix), prefix),
    )
    return {row["path"]: (row["doc_id"], row["sha256"]) for row in rows}


def _ingest(
    home: Path, status: IntakeStatus, workers: int, archive_limits: ArchiveLimits | None
) -> IntakeStatus:
    paths = _move_files(home, status.intake_id)
    documents = [path for path in paths if not is_metadata_file(path)]
    folder = files_dir(home)
    store = Store(home)
    engine = engine_for_ingest(home)
    try:
        before = _stored_under(store, folder)
        progress = _ProgressWriter(home, replace(status, files_total=len(documents)))
        run = Ingest(
            store, engine, workers=workers, on_progress=progress, archive_limits=archive_limits
        )
        progress.run = run
        report = run.run(documents)
        after = _stored_under(store, folder)
        titles = {row["doc_id"]: row["title"] for row in store.list_documents()}
    finally:
        engine.close()
        store.close()
    result = _result(folder, report, before, after, titles)
    done = replace(progress.status, state="done", current=None, result=result)
    return write_status(home, done)


def _shown(folder: Path, path: str) -> str:
    prefix = str(folder) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else Path(path).name


def _result(
    folder: Path,
    report: IngestReport,
    before: dict[str, tuple[str, str]],
    after: dict[str, tuple[str, str]],
    titles: dict[str, str],
) -> dict[str, Any]:
    def item(path: str) -> dict[str, Any]:
        doc_id = after[path][0]
        return {"file": _shown(folder, path), "doc_id": doc_id, "title": titles.get(doc_id, "")}

    added = [item(p) for p in sorted(after) if p not in before]
    updated = [item(p) for p in sorted(after) if p in before and before[p][1] != after[p][1]]
    return {
        "added": added,
        "updated": updated,
        "unchanged": report.unchanged,
        "failed": [
            {"file": _shown(folder, entry["path"]), "error": entry["error"]}
            for entry in report.failed
        ],
        "skipped": [
            {"file": _shown(folder, entry["path"]), "reason": entry["reason"]}
            for entry in report.skipped
        ],
        "warnings": list(report.warnings),
        "pages": report.pages,
        "ocr_pages": report.ocr_pages,
        "seconds": round(report.seconds, 1),
    }


class _ProgressWriter:
    """Writes the files done, pages, OCR pages and errors as the ingest reports each file."""

    def __init__(self, home: Path, status: IntakeStatus) -> None:
        self.home, self.status = home, status
        self.run: Ingest | None = None
        self.written_at = 0.0

    def __call__(self, progress: Progress) -> None:
        report = self.run.report if self.run is not None else IngestReport()
        folder = files_dir(self.home)
        errors = tuple(
            {"file": _shown(folder, entry["path"]), "error": entry["error"]}
            for entry in report.failed[:MAX_PROGRESS_ERRORS]
        )
        self.status = replace(
            self.status,
            files_done=progress.files_done,
            files_total=max(progress.files_total, self.status.files_total),
            pages=self.status.pages + progress.pages,
            ocr_pages=report.ocr_pages,
            errors=errors,
            current=_shown(folder, progress.path),
        )
        now = time.monotonic()
        if now - self.written_at >= PROGRESS_SECONDS or progress.files_done >= progress.files_total:
            self.written_at = now
            self.status = write_status(self.home, self.status)

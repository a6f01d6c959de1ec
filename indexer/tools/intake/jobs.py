"""The ingest of each upload, in the background: queued, one at a time, its progress and its
result kept in HOME/uploads/.jobs/ID.json.

`start_intake` writes the status "queued" and starts `python -m indexer.tools.intake.worker`
(`tools/background.py`), at a lower CPU priority than the web server, so that searches stay
fast while it runs. The worker holds `ID.lock` for as long as it lives; it waits until every
upload sent before it has finished and the one running place (`running.lock`) is free, then
until no other process (`foia ingest`) writes to the index, moves the upload's files to the
folder uploads are ingested from (`files.py`) and ingests them, writing its progress as files
are done: files, pages, OCR pages and each file's error. A status that says queued or running
while nobody holds its lock belongs to a worker that died: it reads as failed.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from indexer.errors import ConflictError
from indexer.extractors.archive import ArchiveLimits
from indexer.store.files import write_atomically
from indexer.tools.background import JOB_STATES, is_held, is_starting, start_worker
from indexer.tools.intake.files import (
    IntakeLimits,
    UploadedFile,
    intake_dir,
    save_intake,
    uploads_root,
)
from indexer.tools.intake.settings import limits_argument

JOBS_DIR_NAME = ".jobs"
# Uploads waiting or running at once; one more is refused until one has finished.
MAX_WAITING = 10
# Finished uploads listed on the ingest page.
LISTED = 20
PROGRESS_SECONDS = 0.3
# Errors of single files kept in the progress (the result keeps them all).
MAX_PROGRESS_ERRORS = 50
_ID_RE = re.compile(r"[A-Za-z0-9_-]{22}")


class IntakeQueueFullError(ConflictError):
    """As many uploads wait for their ingest as may."""


@dataclass(frozen=True)
class IntakeStatus:
    """Where the ingest of one upload is. `result` (when done): what was added, updated,
    left unchanged, failed or skipped, each with its file name (and doc_id, or reason)."""

    intake_id: str
    user: str
    created_at: float
    files: tuple[str, ...]
    state: str = "queued"
    files_done: int = 0
    files_total: int = 0
    pages: int = 0
    ocr_pages: int = 0
    errors: tuple[dict[str, str], ...] = ()
    current: str | None = None
    waiting_for: str | None = None
    error: str | None = None
    result: dict[str, Any] | None = None
    updated_at: float = 0.0
    position: int = 0  # uploads ahead of it in the queue (set when listed)

    @property
    def is_finished(self) -> bool:
        return self.state in ("done", "failed")

    def to_json(self) -> dict[str, Any]:
        data = {
            name: getattr(self, name)
            for name in (
                "intake_id", "user", "created_at", "state", "files_done", "files_total",
                "pages", "ocr_pages", "current", "waiting_for", "error", "position", "result",
            )
        }  # fmt: skip
        return {**data, "files": list(self.files), "errors": list(self.errors)}


def jobs_dir(home: Path) -> Path:
    return uploads_root(home) / JOBS_DIR_NAME


def job_file(home: Path, intake_id: str, suffix: str) -> Path:
    """HOME/uploads/.jobs/ID.SUFFIX: an upload's status (json), lock or worker log."""
    return jobs_dir(home) / f"{intake_id}.{suffix}"


def write_status(home: Path, status: IntakeStatus) -> IntakeStatus:
    status = replace(status, updated_at=time.time())
    data = status.to_json()
    data["updated_at"] = status.updated_at
    write_atomically(job_file(home, status.intake_id, "json"), json.dumps(data).encode())
    return status


def _read(home: Path, intake_id: str) -> IntakeStatus | None:
    try:
        data = json.loads(job_file(home, intake_id, "json").read_bytes())
        if data["state"] not in JOB_STATES:
            return None
        return IntakeStatus(
            intake_id=intake_id,
            user=str(data["user"]),
            created_at=float(data["created_at"]),
            files=tuple(str(name) for name in data["files"]),
            state=str(data["state"]),
            files_done=int(data["files_done"]),
            files_total=int(data["files_total"]),
            pages=int(data["pages"]),
            ocr_pages=int(data["ocr_pages"]),
            errors=tuple(data["errors"]),
            current=data.get("current"),
            waiting_for=data.get("waiting_for"),
            error=data.get("error"),
            result=data.get("result"),
            updated_at=float(data.get("updated_at", 0.0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_worker_alive(home: Path, intake_id: str) -> bool:
    return is_held(job_file(home, intake_id, "lock"))


def intake_status(home: Path, intake_id: str) -> IntakeStatus | None:
    """The status of an upload's ingest, or None when there is no such upload. One whose
    worker ended before the end, or never started, is "failed", with the reason."""
    if not _ID_RE.fullmatch(intake_id):
        return None
    status = _read(home, intake_id)
    if status is None or status.is_finished or is_worker_alive(home, intake_id):
        return status
    if is_starting(status.state, status.updated_at):
        return status  # started, not yet locked
    return replace(
        status,
        state="failed",
        error="The ingest stopped before the end (the server was stopped, or it ran out of"
        " memory): upload the files again; what was ingested stays.",
    )


def list_intakes(home: Path) -> list[IntakeStatus]:
    """The uploads waiting or running, oldest first (each with its place in the queue),
    then the last LISTED finished ones, newest first."""
    folder = jobs_dir(home)
    if not folder.is_dir():
        return []
    found = [intake_status(home, path.stem) for path in folder.glob("*.json")]
    statuses = sorted((s for s in found if s is not None), key=lambda s: s.created_at)
    waiting = [s for s in statuses if not s.is_finished]
    finished = [s for s in reversed(statuses) if s.is_finished][:LISTED]
    return [replace(s, position=number) for number, s in enumerate(waiting)] + finished


def start_intake(
    home: Path,
    user: str,
    files: Iterable[UploadedFile],
    limits: IntakeLimits,
    max_waiting: int = MAX_WAITING,
    archive_limits: ArchiveLimits | None = None,
) -> IntakeStatus:
    """Keep the files of an upload and start their ingest in a process of its own, which
    unpacks archives within `archive_limits` (default: those of `foia ingest`); returns
    its status ("queued"). IntakeQueueFullError when `max_waiting` uploads wait already;
    IntakeTooLargeError, InvalidInputError from `save_intake` (nothing is kept)."""
    waiting = [s for s in list_intakes(home) if not s.is_finished]
    if len(waiting) >= max_waiting:
        raise IntakeQueueFullError(
            f"{len(waiting)} uploads wait for their ingest already, the most there may be:"
            " send this one when one of them has finished"
        )
    intake_id = secrets.token_urlsafe(16)
    names = save_intake(home, intake_id, files, limits)
    jobs_dir(home).mkdir(parents=True, exist_ok=True)
    status = write_status(
        home, IntakeStatus(intake_id, user, time.time(), tuple(names), files_total=len(names))
    )
    log_path = job_file(home, intake_id, "log")
    arguments = [str(home), intake_id, limits_argument(archive_limits or ArchiveLimits())]
    start_worker("indexer.tools.intake.worker", arguments, log_path)
    return status


def incoming_files(home: Path, intake_id: str) -> list[Path]:
    """The files of an upload still waiting in its incoming folder."""
    folder = intake_dir(home, intake_id)
    return sorted(folder.iterdir()) if folder.is_dir() else []

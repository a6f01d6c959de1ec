"""What background jobs share (batch searches, ingests of uploads): an exclusive file lock the
system lets go when its process ends however it ends, and starting a job's worker process
detached from the web server."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

# Where a job is; a finished one is "done" or "failed".
JOB_STATES = ("queued", "running", "done", "failed")
# A worker has this long to start and take its lock before its job counts as failed.
START_SECONDS = 60.0
# Workers run at a lower CPU priority, so that the web server keeps answering.
WORKER_NICENESS = 10


def is_starting(state: str, updated_at: float) -> bool:
    """Whether a job queued at `updated_at` (epoch seconds) may still be starting: its worker
    takes its lock only once it runs."""
    return state == "queued" and time.time() - updated_at < START_SECONDS


def lower_priority() -> None:
    """Run this worker process at WORKER_NICENESS (where the system has priorities)."""
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


@contextlib.contextmanager
def locked(path: Path, wait: bool) -> Iterator[bool]:
    """Hold an exclusive lock on `path` (True), or yield False when another process holds
    it and `wait` is False."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_held(path: Path) -> bool:
    """Whether some process holds the lock on `path`."""
    with locked(path, wait=False) as is_free:
        return not is_free


def start_worker(module: str, args: Sequence[str], log_path: Path) -> None:
    """Run `python -m module args...` in a session of its own (a server stopped with Ctrl-C
    lets it finish), its output appended to `log_path`."""
    package_root = str(Path(__file__).resolve().parents[2])  # the folder holding indexer/
    paths = [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        )
    # Collect its exit status when it ends, so that no finished worker stays a zombie.
    threading.Thread(target=process.wait, daemon=True).start()

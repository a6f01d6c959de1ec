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
from collections.abc import Iterator, Sequence
from pathlib import Path


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

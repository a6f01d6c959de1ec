"""Terms files uploaded for a batch search on the web, kept for a while so that the summary
page and its CSV and JSON downloads can run them again.

Each upload is two files in HOME/cache/batches/: the bytes as sent (`ID.terms`, never decoded
here: `batch.run_batch` reports a bad encoding line by line) and who sent it (`ID.json`). The
ID is random, and an upload is only ever handed back to the account that sent it.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.reading.page_images import CACHE_DIR_NAME
from indexer.store.files import write_atomically

UPLOADS_DIR_NAME = "batches"
KEEP_SECONDS = 7 * 24 * 3600
MAX_FILE_NAME_CHARS = 200
_BATCH_ID_RE = re.compile(r"[A-Za-z0-9_-]{22}")


@dataclass(frozen=True)
class BatchUpload:
    batch_id: str
    user_name: str
    file_name: str  # as the browser named it, for showing only
    created_at: float  # seconds since the epoch
    data: bytes


def uploads_dir(home: Path) -> Path:
    return home / CACHE_DIR_NAME / UPLOADS_DIR_NAME


def _shown_name(file_name: str) -> str:
    name = "".join(c for c in Path(file_name.replace("\\", "/")).name if c.isprintable())
    return name[:MAX_FILE_NAME_CHARS]


def save_upload(home: Path, user_name: str, file_name: str, data: bytes) -> BatchUpload:
    """Keep an uploaded terms file for `user_name`; uploads older than KEEP_SECONDS go."""
    folder = uploads_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    prune_uploads(home)
    upload = BatchUpload(
        batch_id=secrets.token_urlsafe(16),
        user_name=user_name,
        file_name=_shown_name(file_name),
        created_at=time.time(),
        data=data,
    )
    about = {"user": user_name, "file_name": upload.file_name, "created_at": upload.created_at}
    write_atomically(folder / f"{upload.batch_id}.terms", data)
    # Written last: an upload without it is not one yet.
    write_atomically(folder / f"{upload.batch_id}.json", json.dumps(about).encode())
    return upload


def load_upload(home: Path, batch_id: str, user_name: str) -> BatchUpload | None:
    """The upload `batch_id` when `user_name` sent it (any case) and it is still kept, else
    None (the same None whichever it was)."""
    if not _BATCH_ID_RE.fullmatch(batch_id):
        return None
    folder = uploads_dir(home)
    try:
        about = json.loads((folder / f"{batch_id}.json").read_bytes())
        data = (folder / f"{batch_id}.terms").read_bytes()
    except (OSError, ValueError):
        return None
    if str(about.get("user", "")).casefold() != user_name.casefold():
        return None
    created_at = float(about.get("created_at", 0))
    if time.time() - created_at > KEEP_SECONDS:
        return None
    return BatchUpload(batch_id, str(about["user"]), str(about["file_name"]), created_at, data)


def prune_uploads(home: Path, now: float | None = None) -> int:
    """Delete the uploads older than KEEP_SECONDS; returns how many went."""
    folder = uploads_dir(home)
    if not folder.is_dir():
        return 0
    limit = (time.time() if now is None else now) - KEEP_SECONDS
    removed = 0
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += path.suffix == ".json"
        except FileNotFoundError:  # another server process pruned it first
            continue
    return removed

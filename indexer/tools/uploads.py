"""Terms files uploaded for a batch search on the web, kept for a while with what their batch
found, so that the summary page and its CSV and JSON downloads read the results.

Each upload is files in HOME/cache/batches/ named after its ID: the bytes as sent (`ID.terms`,
never decoded here: `batch.run_batch` reports a bad encoding line by line), who sent it
(`ID.json`), and what its run left (`indexer.tools.batch.jobs`: status, report, lock, log). The
ID is random, and an upload is only ever handed back to the account that sent it. Each account
keeps at most MAX_KEPT_UPLOADS uploads and MAX_KEPT_BYTES of them and their reports (issue 12):
one more is refused with UploadQuotaError until one is deleted or expires.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ConflictError
from indexer.reading.page_images import CACHE_DIR_NAME
from indexer.store.files import write_atomically

UPLOADS_DIR_NAME = "batches"
KEEP_SECONDS = 7 * 24 * 3600
MAX_FILE_NAME_CHARS = 200
MAX_KEPT_UPLOADS = 20
MAX_KEPT_BYTES = 100 * 1024 * 1024
_BATCH_ID_RE = re.compile(r"[A-Za-z0-9_-]{22}")


class UploadQuotaError(ConflictError):
    """The account keeps as many uploads, or as many bytes, as it may."""


@dataclass(frozen=True)
class BatchUpload:
    batch_id: str
    user_name: str
    file_name: str  # as the browser named it, for showing only
    created_at: float  # seconds since the epoch
    data: bytes


@dataclass(frozen=True)
class KeptUpload:
    """An upload as listed: no data, and the bytes it keeps (terms file and report)."""

    batch_id: str
    file_name: str
    created_at: float
    size: int


def uploads_dir(home: Path) -> Path:
    return home / CACHE_DIR_NAME / UPLOADS_DIR_NAME


def _shown_name(file_name: str) -> str:
    name = "".join(c for c in Path(file_name.replace("\\", "/")).name if c.isprintable())
    return name[:MAX_FILE_NAME_CHARS]


def save_upload(
    home: Path,
    user_name: str,
    file_name: str,
    data: bytes,
    max_uploads: int = MAX_KEPT_UPLOADS,
    max_bytes: int = MAX_KEPT_BYTES,
) -> BatchUpload:
    """Keep an uploaded terms file for `user_name`; uploads older than KEEP_SECONDS go.
    Raises UploadQuotaError when the account keeps `max_uploads` uploads already, or this one
    would take it over `max_bytes`."""
    folder = uploads_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    prune_uploads(home)
    _check_quota(list_uploads(home, user_name), len(data), max_uploads, max_bytes)
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


def _check_quota(kept: list[KeptUpload], size: int, max_uploads: int, max_bytes: int) -> None:
    advice = "delete one on the batch page, or wait until it expires (a week after its upload)"
    if len(kept) >= max_uploads:
        raise UploadQuotaError(f"You keep {len(kept)} batches, the most an account may: {advice}.")
    used = sum(upload.size for upload in kept)
    if used + size > max_bytes:
        raise UploadQuotaError(
            f"Your batches keep {_megabytes(used)} and this file has {_megabytes(size)}: an"
            f" account may keep {_megabytes(max_bytes)}. To make room, {advice}."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


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


def list_uploads(home: Path, user_name: str) -> list[KeptUpload]:
    """The uploads `user_name` keeps, newest first."""
    folder = uploads_dir(home)
    if not folder.is_dir():
        return []
    kept = []
    for about_path in folder.glob("*.json"):
        batch_id = about_path.stem
        try:
            about = json.loads(about_path.read_bytes())
        except (OSError, ValueError):
            continue
        if not isinstance(about, dict) or not _BATCH_ID_RE.fullmatch(batch_id):
            continue
        if str(about.get("user", "")).casefold() != user_name.casefold():
            continue
        size = sum(_size(path) for path in _files_of(home, batch_id))
        created_at = float(about.get("created_at", 0))
        kept.append(KeptUpload(batch_id, str(about.get("file_name", "")), created_at, size))
    return sorted(kept, key=lambda upload: -upload.created_at)


def delete_upload(home: Path, batch_id: str, user_name: str) -> bool:
    """Delete the upload `batch_id` of `user_name` and all its run left; False when there is
    no such upload of theirs."""
    if load_upload(home, batch_id, user_name) is None:
        return False
    # The about file goes first: without it the others are no upload any more.
    for path in sorted(_files_of(home, batch_id), key=lambda path: path.suffix != ".json"):
        path.unlink(missing_ok=True)
    return True


def _files_of(home: Path, batch_id: str) -> list[Path]:
    return [path for path in uploads_dir(home).glob(f"{batch_id}.*") if path.stem == batch_id]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def prune_uploads(home: Path, now: float | None = None) -> int:
    """Delete the uploads older than KEEP_SECONDS, with what their runs left; returns how
    many uploads went."""
    folder = uploads_dir(home)
    if not folder.is_dir():
        return 0
    limit = (time.time() if now is None else now) - KEEP_SECONDS
    removed = 0
    for path in folder.iterdir():
        if not (_BATCH_ID_RE.fullmatch(path.stem) or path.name.startswith(".tmp-")):
            continue  # the locks that let batches take turns stay
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += path.suffix == ".json"
        except FileNotFoundError:  # another server process pruned it first
            continue
    return removed

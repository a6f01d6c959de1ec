"""Uploaded files kept inside the home under safe names, within the size limits.

An upload is first written to HOME/uploads/.incoming/ID/ (nothing there is ingested); when
its turn comes, its files move to HOME/uploads/files/, the folder the ingest reads, so that
the same file name uploaded again replaces the earlier file (the ingest reports it updated).
A name is reduced to its last part, with characters other than letters, digits, space and
`._-()+,` replaced by `_`, no leading dot, at most MAX_NAME_CHARS; two files of one upload
with the same safe name get ` (2)`, ` (3)` before the suffix.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from indexer.errors import InvalidInputError

UPLOADS_DIR_NAME = "uploads"
FILES_DIR_NAME = "files"
INCOMING_DIR_NAME = ".incoming"
MAX_NAME_CHARS = 120
COPY_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^\w .()+,-]", re.ASCII)


class IntakeTooLargeError(InvalidInputError):
    """An upload holds too many files, a file too large, or too many bytes in all."""


@dataclass(frozen=True)
class IntakeLimits:
    """The size limits of one upload (settings of the web app)."""

    max_files: int = 1000
    max_file_bytes: int = 512 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class UploadedFile:
    """One file as sent: the name the browser gave and its bytes."""

    name: str
    stream: BinaryIO


def uploads_root(home: Path) -> Path:
    return home / UPLOADS_DIR_NAME


def files_dir(home: Path) -> Path:
    """Where uploaded files are kept and ingested from."""
    return uploads_root(home) / FILES_DIR_NAME


def intake_dir(home: Path, intake_id: str) -> Path:
    """Where the files of one upload wait for their ingest."""
    return uploads_root(home) / INCOMING_DIR_NAME / intake_id


def safe_name(name: str) -> str:
    """The name a file is kept under (see the module's docstring); "upload" when nothing of
    it is left."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .")
    cleaned = cleaned.lstrip(".") or "upload"
    if len(cleaned) > MAX_NAME_CHARS:
        stem, dot, suffix = cleaned.rpartition(".")
        suffix = suffix[:16] if dot else ""
        cleaned = (stem if dot else cleaned)[: MAX_NAME_CHARS - len(suffix) - 1] + (
            f".{suffix}" if suffix else ""
        )
    return cleaned


def _unique(name: str, taken: set[str]) -> str:
    if name.casefold() not in taken:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    number = 2
    while True:
        candidate = f"{stem} ({number})" + (f".{suffix}" if suffix else "")
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def _copy(source: BinaryIO, target: Path, limit: int, name: str) -> int:
    """Copy at most `limit` bytes; IntakeTooLargeError beyond."""
    size = 0
    with target.open("xb") as out:
        while chunk := source.read(COPY_CHUNK):
            size += len(chunk)
            if size > limit:
                raise IntakeTooLargeError(
                    f"{name} is larger than {limit_text(limit)}, the most one file may be"
                )
            out.write(chunk)
    return size


def save_intake(
    home: Path, intake_id: str, files: Iterable[UploadedFile], limits: IntakeLimits
) -> list[str]:
    """Write the files of an upload to its incoming folder; returns their safe names, in
    the order sent. Nothing is kept when one limit is passed (IntakeTooLargeError, which
    names the file and the limit) or no file was sent (InvalidInputError)."""
    folder = intake_dir(home, intake_id)
    folder.mkdir(parents=True)
    names: list[str] = []
    taken: set[str] = set()
    total = 0
    try:
        for upload in files:
            if len(names) >= limits.max_files:
                raise IntakeTooLargeError(
                    f"an upload may hold at most {limits.max_files} files: send the rest in"
                    " another upload, or as a ZIP archive"
                )
            name = _unique(safe_name(upload.name), taken)
            left = min(limits.max_file_bytes, limits.max_total_bytes - total)
            try:
                total += _copy(upload.stream, folder / name, left, upload.name)
            except IntakeTooLargeError:
                if left < limits.max_file_bytes:
                    raise IntakeTooLargeError(
                        f"the files sent are larger than {limit_text(limits.max_total_bytes)},"
                        " the most one upload may hold"
                    ) from None
                raise
            names.append(name)
            taken.add(name.casefold())
        if not names:
            raise InvalidInputError("no file was sent: choose or drop files or a ZIP archive")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return names


def limit_text(size: int) -> str:
    """1048576 -> "1 MB"."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"

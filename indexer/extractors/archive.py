"""ZIP archives read safely: member names checked, encrypted members refused, and the bytes
unpacked held to limits (total size, compression ratio, nesting depth, member count)."""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from indexer.extractors import ExtractionError
from indexer.model.paths import MEMBER_SEPARATOR

ARCHIVE_SUFFIXES = frozenset({".zip"})
COPY_CHUNK = 1024 * 1024
MiB = 1024 * 1024
GiB = 1024 * MiB
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ArchiveLimits:
    """What one file given to an ingest may unpack to, nested archives and attachments
    included (the settings of `foia ingest --archive-max-*`)."""

    max_bytes: int = 4 * GiB  # uncompressed bytes out of one file on disk, all levels
    max_ratio: float = 200.0  # uncompressed / compressed size of one member
    ratio_floor_bytes: int = 1 * MiB  # members smaller than this are never judged by ratio
    max_depth: int = 3  # containers inside containers: a.zip!/b.zip!/c.zip is depth 3
    max_members: int = 100_000  # members of one archive


class MemberError(ExtractionError):
    """One member of an archive or e-mail that is not unpacked (unsafe, encrypted, too big)."""


@dataclass
class Budget:
    """The bytes a file on disk has unpacked so far, against its limits."""

    limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    used: int = 0

    def take(self, size: int, path: str) -> None:
        """Count `size` more bytes; raises MemberError past `max_bytes`."""
        self.used += size
        if self.used > self.limits.max_bytes:
            raise MemberError(
                f"not unpacked: the archive unpacks to more than {_size(self.limits.max_bytes)}"
                " (a zip bomb?; limit --archive-max-bytes)",
                path,
            )


def _size(count: int) -> str:
    if count >= GiB:
        return f"{count / GiB:g} GiB"
    return f"{count / MiB:g} MiB" if count >= MiB else f"{count} bytes"


def is_archive(name: str) -> bool:
    """Whether a file of this name is read as an archive (by its extension)."""
    return PurePosixPath(name).suffix.lower() in ARCHIVE_SUFFIXES


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name cannot be used (it climbs out of the archive, is absolute, holds
    control characters or our own separator), or None when it is safe."""
    text = name.replace("\\", "/")
    if _CONTROL.search(text):
        return "the member name holds control characters"
    if text.startswith("/") or _DRIVE.match(text):
        return "the member name is an absolute path (path traversal)"
    if ".." in PurePosixPath(text).parts:
        return "the member name climbs out of the archive with '..' (path traversal)"
    if MEMBER_SEPARATOR in text:
        return f"the member name holds {MEMBER_SEPARATOR!r}"
    if not text.strip("/"):
        return "the member name is empty"
    return None


def member_name(name: str) -> str:
    """A safe member name as shown: forward slashes, no leading "./" or doubled slashes."""
    return "/".join(part for part in name.replace("\\", "/").split("/") if part not in ("", "."))


def open_archive(path: Path, shown: str) -> zipfile.ZipFile:
    """The archive at `path` open for reading; raises ExtractionError when it is no ZIP."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ExtractionError(f"not a readable ZIP archive ({error})", shown) from None


def archive_files(archive: zipfile.ZipFile, limits: ArchiveLimits, shown: str) -> list[str]:
    """The names of the files (not folders) of an archive, sorted; raises ExtractionError
    when it holds more members than `max_members`."""
    names = [info.filename for info in archive.infolist() if not info.filename.endswith("/")]
    if len(names) > limits.max_members:
        raise ExtractionError(
            f"{len(names)} members, more than {limits.max_members}"
            " (limit --archive-max-members): not unpacked",
            shown,
        )
    return sorted(set(names), key=member_name)


def _check_member(info: zipfile.ZipInfo, limits: ArchiveLimits, shown: str) -> None:
    if info.flag_bits & 0x1:
        raise MemberError("encrypted member: not unpacked (no password is ever tried)", shown)
    declared = info.file_size
    if declared > limits.ratio_floor_bytes and declared > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise MemberError(_ratio_message(limits), shown)


def _ratio_message(limits: ArchiveLimits) -> str:
    return (
        f"not unpacked: it expands more than {limits.max_ratio:g} times"
        " (a zip bomb?; limit --archive-max-ratio)"
    )


def copy_member(
    archive: zipfile.ZipFile, name: str, out: BinaryIO, budget: Budget, shown: str
) -> str:
    """Unpack the member `name` into `out` and return its SHA-256, checked as it streams.

    Raises MemberError for an encrypted member, one that expands past the ratio or the
    budget, and ExtractionError for a damaged one (bad CRC, unknown compression)."""
    info = archive.getinfo(name)
    limits = budget.limits
    _check_member(info, limits, shown)
    digest = hashlib.sha256()
    written = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(COPY_CHUNK):
                written += len(chunk)
                budget.take(len(chunk), shown)
                if written > limits.ratio_floor_bytes and written > limits.max_ratio * max(
                    info.compress_size, 1
                ):
                    raise MemberError(_ratio_message(limits), shown)
                digest.update(chunk)
                out.write(chunk)
    except MemberError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        raise ExtractionError(f"damaged member, not unpacked ({error})", shown) from None
    except RuntimeError as error:  # zipfile's "is encrypted, password required"
        raise MemberError(f"not unpacked ({error})", shown) from None
    return digest.hexdigest()

"""One member of an archive or e-mail, found again from its stored path
(`release.zip!/inner/mail.eml!/report.pdf`) and unpacked, for the original-file download and
page images. Only names the archive lists are matched (never joined to a folder), and the
same limits as at ingest hold."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from indexer.extractors.archive import (
    ArchiveLimits,
    Budget,
    copy_member,
    is_archive,
    member_name,
    open_archive,
    unsafe_name_reason,
)
from indexer.extractors.mail import is_email, read_message
from indexer.model.paths import member_path, split_member_path


def _from_archive(container: Path, shown: str, name: str, target: Path, budget: Budget) -> str:
    with open_archive(container, shown) as archive:
        original = next(
            (
                info.filename
                for info in archive.infolist()
                if unsafe_name_reason(info.filename) is None and member_name(info.filename) == name
            ),
            None,
        )
        if original is None:
            raise FileNotFoundError(f"{member_path(shown, name)}: not in the archive any more")
        with target.open("wb") as out:
            return copy_member(archive, original, out, budget, member_path(shown, name))


def _from_email(container: Path, shown: str, name: str, target: Path, budget: Budget) -> str:
    message = read_message(container)
    found = next((item for item in message.attachments if item.name == name), None)
    if found is None:
        raise FileNotFoundError(f"{member_path(shown, name)}: not attached any more")
    budget.take(len(found.data), member_path(shown, name))
    target.write_bytes(found.data)
    return hashlib.sha256(found.data).hexdigest()


def unpack_member(
    path: str, work_dir: Path, limits: ArchiveLimits | None = None
) -> tuple[Path, str]:
    """The member at `path` unpacked into `work_dir` (an empty folder), and its SHA-256.

    Raises FileNotFoundError when the file on disk, or a member on the way, is gone, and
    ExtractionError when a container cannot be read or a member breaks the limits."""
    disk_path, names = split_member_path(path)
    current, shown = Path(disk_path), disk_path
    if not current.is_file():
        raise FileNotFoundError(f"{disk_path}: no such file")
    budget = Budget(limits or ArchiveLimits())
    sha256 = ""
    for depth, name in enumerate(names, start=1):
        folder = work_dir / str(depth)
        folder.mkdir(parents=True)
        target = folder / (PurePosixPath(name).name or "member")
        if is_archive(current.name):
            sha256 = _from_archive(current, shown, name, target, budget)
        elif is_email(current.name):
            sha256 = _from_email(current, shown, name, target, budget)
        else:
            raise FileNotFoundError(f"{shown}: holds no members")
        current, shown = target, member_path(shown, name)
    return current, sha256

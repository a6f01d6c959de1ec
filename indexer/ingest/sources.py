"""What an ingest reads: each walked file, and the members of archives and the attachments
of e-mails (recursively, in sorted order), unpacked to a work folder within the limits of
`ArchiveLimits`. A member that is unsafe, encrypted or too big is reported and skipped."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from indexer.extractors import ExtractionError
from indexer.extractors.archive import (
    ArchiveLimits,
    Budget,
    archive_files,
    copy_member,
    is_archive,
    member_name,
    open_archive,
    unsafe_name_reason,
)
from indexer.extractors.mail import is_email, read_message
from indexer.ingest.metadata import SIDECAR_SUFFIX
from indexer.ingest.walk import sha256_of
from indexer.model.paths import member_path

WORK_DIR_PREFIX = "unpacked-"


@dataclass(frozen=True)
class Source:
    """One document's bytes: `path` is what it is stored, shown and cited as (a member's
    is `archive.zip!/inner/memo.pdf`), `file_path` a file on disk that holds its bytes."""

    path: str
    file_path: Path
    sha256: str
    size: int


@dataclass
class Unpacked:
    """What unpacking found besides the sources: failures (path, error), and the
    containers that could not be opened (what is stored of them is kept by `--prune`)."""

    failed: list[dict[str, str]] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def _is_hidden(name: str) -> bool:
    """Hidden members (".DS_Store") and macOS's resource folder, left out as the walk does."""
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Unpacker:
    """Unpacks the containers of one ingest run into a work folder under `parent_dir`,
    removed by `close` (and, if the run was killed, by the next run)."""

    def __init__(self, parent_dir: Path, limits: ArchiveLimits | None = None) -> None:
        self.limits = limits or ArchiveLimits()
        self.found = Unpacked()
        self._parent_dir = parent_dir
        self._work_dir: Path | None = None
        self._count = 0

    def __enter__(self) -> Unpacker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)
            self._work_dir = None

    def sources(self, files: Iterable[Path]) -> Iterator[Source]:
        """Each file as a source, each archive as its members and each e-mail as itself
        and its attachments, in order; failures go to `found.failed`."""
        for file_path in files:
            shown = str(file_path)
            if is_archive(file_path.name):
                yield from self._archive(file_path, shown, 1, Budget(self.limits))
                continue
            try:
                source = Source(shown, file_path, sha256_of(file_path), file_path.stat().st_size)
            except OSError as error:
                self._fail(shown, str(error))
                continue
            yield source
            if is_email(file_path.name):
                yield from self._attachments(file_path, shown, 1, Budget(self.limits))

    def _fail(self, path: str, error: str) -> None:
        self.found.failed.append({"path": path, "error": error})

    def _target(self, name: str) -> Path:
        if self._work_dir is None:
            self._parent_dir.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(self._parent_dir)
            prefix = f"{WORK_DIR_PREFIX}{os.getpid()}-"
            self._work_dir = Path(tempfile.mkdtemp(prefix=prefix, dir=self._parent_dir))
        self._count += 1
        folder = self._work_dir / str(self._count)
        folder.mkdir()
        return folder / (PurePosixPath(name).name or "member")

    def _too_deep(self, shown: str, depth: int) -> bool:
        if depth <= self.limits.max_depth:
            return False
        self._fail(
            shown,
            f"nested more than {self.limits.max_depth} containers deep"
            " (limit --archive-max-depth): not unpacked",
        )
        return True

    def _archive(self, file_path: Path, shown: str, depth: int, budget: Budget) -> Iterator[Source]:
        if self._too_deep(shown, depth):
            return
        try:
            archive = open_archive(file_path, shown)
        except ExtractionError as error:
            self.found.unreadable.add(shown)
            self._fail(shown, error.reason)
            return
        with archive:
            try:
                names = archive_files(archive, self.limits, shown)
            except ExtractionError as error:
                self.found.unreadable.add(shown)
                self._fail(shown, error.reason)
                return
            seen: set[str] = set()
            for name in names:
                yield from self._archive_member(archive, name, shown, depth, budget, seen)

    def _archive_member(
        self,
        archive: zipfile.ZipFile,
        original: str,
        shown: str,
        depth: int,
        budget: Budget,
        seen: set[str],
    ) -> Iterator[Source]:
        reason = unsafe_name_reason(original)
        if reason is not None:
            printable = "".join(c if c.isprintable() else "?" for c in original)
            self._fail(member_path(shown, printable), f"{reason}: not unpacked")
            return
        name = member_name(original)
        if _is_hidden(name) or name.endswith(SIDECAR_SUFFIX):
            return  # as the walk leaves out hidden files and sidecars
        path = member_path(shown, name)
        if name in seen:
            self._fail(path, "the archive lists this name twice: only the first is read")
            return
        seen.add(name)
        target = self._target(name)
        try:
            with target.open("wb") as out:
                sha256 = copy_member(archive, original, out, budget, path)
        except ExtractionError as error:
            target.unlink(missing_ok=True)
            self._fail(path, error.reason)
            return
        yield from self._member(target, path, sha256, depth, budget)

    def _member(
        self, target: Path, path: str, sha256: str, depth: int, budget: Budget
    ) -> Iterator[Source]:
        """A member or attachment unpacked to `target`: a source, or a container opened."""
        if is_archive(target.name):
            yield from self._archive(target, path, depth + 1, budget)
            target.unlink(missing_ok=True)  # the archive itself is no document
            return
        yield Source(path, target, sha256, target.stat().st_size)
        if is_email(target.name):
            yield from self._attachments(target, path, depth + 1, budget)

    def _attachments(
        self, file_path: Path, shown: str, depth: int, budget: Budget
    ) -> Iterator[Source]:
        try:
            message = read_message(file_path)
        except ExtractionError:
            self.found.unreadable.add(shown)
            return  # the message's own extraction reports why
        if message.attachments and self._too_deep(member_path(shown, "*"), depth):
            return
        for attachment in message.attachments:
            path = member_path(shown, attachment.name)
            try:
                budget.take(len(attachment.data), path)
            except ExtractionError as error:
                self._fail(path, error.reason)
                continue
            target = self._target(attachment.name)
            target.write_bytes(attachment.data)
            yield from self._member(target, path, _sha256(attachment.data), depth, budget)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remove_abandoned(parent_dir: Path) -> None:
    """Work folders left by runs that were killed (their process is gone)."""
    for folder in parent_dir.glob(f"{WORK_DIR_PREFIX}*"):
        pid = folder.name[len(WORK_DIR_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)

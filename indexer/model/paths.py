"""Paths of documents inside containers: `release.zip!/inner/memo.pdf`, `mail.eml!/report.pdf`."""

from __future__ import annotations

from pathlib import PurePosixPath

# Between a container (an archive, an e-mail) and the name of a document inside it.
MEMBER_SEPARATOR = "!/"


def member_path(container: str, name: str) -> str:
    """The path of the member `name` of the container at path `container`."""
    return f"{container}{MEMBER_SEPARATOR}{name}"


def split_member_path(path: str) -> tuple[str, tuple[str, ...]]:
    """The real file on disk and the member names leading from it to the document:
    "/c/a.zip!/b/m.eml!/r.pdf" -> ("/c/a.zip", ("b/m.eml", "r.pdf")); a plain path has none."""
    parts = path.split(MEMBER_SEPARATOR)
    return parts[0], tuple(parts[1:])


def is_member_path(path: str) -> bool:
    """Whether `path` names a document inside an archive or an e-mail."""
    return MEMBER_SEPARATOR in path


def container_of(path: str) -> str | None:
    """The path of the container that holds the member at `path` (the e-mail an attachment
    came with, the archive a file came in), or None for a file on disk."""
    if MEMBER_SEPARATOR not in path:
        return None
    return path.rsplit(MEMBER_SEPARATOR, 1)[0]


def shown_file_name(path: str) -> str:
    """The name a document is shown and cited by: its file's name, and for a member the
    outermost container's name with the member names after it ("a.zip!/inner/memo.pdf")."""
    disk_path, members = split_member_path(path)
    return MEMBER_SEPARATOR.join([PurePosixPath(disk_path.replace("\\", "/")).name, *members])


def base_name(path: str) -> str:
    """The last name in `path` ("memo.pdf" for "a.zip!/inner/memo.pdf")."""
    return PurePosixPath(path.rsplit(MEMBER_SEPARATOR, 1)[-1]).name

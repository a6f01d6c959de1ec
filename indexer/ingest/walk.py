"""Which files an ingest reads, in what order, and their SHA-256: the sorted walk and
`.foiaignore`."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path

from indexer.ingest.metadata import is_metadata_file

HASH_CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


IGNORE_FILE = ".foiaignore"


def _ignore_patterns(folder: Path) -> list[str]:
    ignore_path = folder / IGNORE_FILE
    if not ignore_path.is_file():
        return []
    lines = ignore_path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _outside(target: Path, root: Path) -> str | None:
    """The reason a link to `target` is not followed, or None when it stays in `root`."""
    if target.is_relative_to(root):
        return None
    return f"link to {target}, outside the ingested folder {root}: not followed"


def _skip_reason(entry: Path, target: Path, root: Path) -> str | None:
    """Why the file `entry` (resolved to `target`) is reported as not read, or None."""
    if not target.is_relative_to(root):
        return _outside(target, root)
    if not target.exists():
        return "broken link" if entry.is_symlink() else "gone while it was read"
    if not target.is_file():
        return "not a regular file (a pipe, socket or device)"
    return None


def _walk_folder(root: Path, skipped: list[dict[str, str]]) -> Iterator[Path]:
    """The files under `root` (resolved), their own targets resolved; see `walk`."""
    inherited: dict[str, list[str]] = {}
    for folder, dirs, files in os.walk(root):
        patterns = inherited.get(folder, []) + _ignore_patterns(Path(folder))
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") or any(fnmatch(name, p) for p in patterns):
                continue
            entry = Path(folder) / name
            if entry.is_symlink():
                reason = _outside(entry.resolve(), root)
                if reason is not None:
                    skipped.append({"path": str(entry), "reason": reason})
                continue
            kept.append(name)
            inherited[str(entry)] = patterns
        dirs[:] = kept
        for name in sorted(files):
            entry = Path(folder) / name
            if name.startswith(".") or is_metadata_file(entry):
                continue
            if any(fnmatch(name, pattern) for pattern in patterns):
                continue
            target = entry.resolve()
            reason = _skip_reason(entry, target, root)
            if reason is not None:
                skipped.append({"path": str(entry), "reason": reason})
            elif not entry.is_symlink():
                # A link inside the folder is not followed either: its target is read where
                # it is, unless hidden or ignored there.
                yield target


def walk(paths: Iterable[Path], skipped: list[dict[str, str]] | None = None) -> Iterator[Path]:
    """Every ingestible file under `paths`, folders recursively, in a stable sorted order,
    each once, by its real (resolved) path.

    Left out: hidden files and folders, manifest.csv, NAME.meta.json sidecars, and names
    matching a pattern (fnmatch, one a line) in a `.foiaignore` of the folder or one above it.
    Symbolic links inside a folder are never followed: one whose target is inside the folder
    is walked where that target is (if not hidden or ignored there); one that leaves the
    folder, a broken link and a pipe are added to `skipped` as {"path", "reason"}. A path
    given here that is itself a link is followed: whoever named it chose it.
    Raises FileNotFoundError for a path that does not exist.
    """
    skipped = [] if skipped is None else skipped
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        root = path.resolve()
        if root.is_dir():
            found = _walk_folder(root, skipped)
        elif root.is_file():
            found = iter([root])
        else:
            skipped.append({"path": str(path), "reason": "not a regular file or folder"})
            continue
        for file_path in found:
            if file_path not in seen:
                seen.add(file_path)
                yield file_path

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


def walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Every ingestible file under `paths`, folders recursively, in a stable sorted order.

    Skipped: hidden files and folders, manifest.csv, NAME.meta.json sidecars, and names
    matching a pattern (fnmatch, one a line) in a `.foiaignore` of the folder or one above it.
    Raises FileNotFoundError for a path that does not exist.
    """
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        if path.is_file():
            yield path.resolve()
            continue
        inherited: dict[str, list[str]] = {}
        for folder, dirs, files in os.walk(path):
            patterns = inherited.get(folder, []) + _ignore_patterns(Path(folder))
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and not any(fnmatch(d, p) for p in patterns)
            )
            for name in dirs:
                inherited[str(Path(folder) / name)] = patterns
            for name in sorted(files):
                candidate = Path(folder) / name
                if name.startswith(".") or is_metadata_file(candidate):
                    continue
                if not any(fnmatch(name, pattern) for pattern in patterns):
                    yield candidate.resolve()

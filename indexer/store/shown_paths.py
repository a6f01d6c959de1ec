"""Where a file lives, as shown: relative to the folder it was ingested from, for anyone but
an admin (an absolute server path tells a visitor how the server is laid out)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.store.database import Store

ROOTS_SETTING = "ingest_roots"


def record_roots(store: Store, paths: Iterable[Path]) -> None:
    """Remember the folders an ingest was given (a file's own folder for a file)."""
    roots = set(ingest_roots(store))
    for path in paths:
        resolved = path.resolve()
        roots.add(str(resolved if resolved.is_dir() else resolved.parent))
    store.set_setting(ROOTS_SETTING, json.dumps(sorted(roots)))


def ingest_roots(store: Store) -> list[str]:
    """The folders files were ingested from, as recorded by `record_roots`."""
    value = store.get_setting(ROOTS_SETTING)
    return list(json.loads(value)) if value else []


def relative_path(path: str, roots: Sequence[str]) -> str:
    """`path` relative to the outermost ingested folder holding it (`pdf/memo.pdf`); the file
    name alone when no recorded folder holds it. A relative path is returned unchanged."""
    if not Path(path).is_absolute():
        return path
    holding = [root for root in roots if path.startswith(root.rstrip(os.sep) + os.sep)]
    if not holding:
        return Path(path).name
    relative = os.path.relpath(path, min(holding, key=len))
    return str(PurePosixPath(*Path(relative).parts))


def public_paths(data: Any, roots: Sequence[str]) -> Any:
    """`data` (JSON values) with every "path" member made relative (`relative_path`)."""
    if isinstance(data, dict):
        return {
            key: relative_path(value, roots)
            if key == "path" and isinstance(value, str)
            else public_paths(value, roots)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [public_paths(item, roots) for item in data]
    return data

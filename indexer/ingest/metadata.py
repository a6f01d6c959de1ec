"""manifest.csv and NAME.meta.json sidecars: read, normalise, merge into a Document."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.errors import InvalidInputError
from indexer.model.document import Document
from indexer.text.values import normalize_date, split_tags

MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIX = ".meta.json"
KNOWN_KEYS = ("title", "date", "type", "source", "url", "release", "bates_start", "tags")


class MetadataError(InvalidInputError):
    """A manifest or sidecar that cannot be read; the message names the file and line."""


def _normalize_values(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Known keys in their canonical shape; blanks dropped; unknown keys kept as they are."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "tags":
            result[key] = split_tags(value)
        elif key == "date":
            date = normalize_date(value)
            if date is None:
                raise MetadataError(f"{where}: date {value!r} is not a date (use YYYY-MM-DD)")
            result[key] = date
        elif key in KNOWN_KEYS:
            result[key] = str(value).strip()
        else:
            result[key] = value.strip() if isinstance(value, str) else value
    return result


def _relative_key(raw: str, where: str) -> str:
    """A manifest path as the posix path relative to its folder ("./a\\b.pdf" -> "a/b.pdf")."""
    relative = PurePosixPath(raw.strip().replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or str(relative) in ("", "."):
        raise MetadataError(f"{where}: path {raw!r} is not inside the manifest's folder")
    return relative.as_posix()


def _read_manifest_text(manifest_path: Path) -> str:
    data = manifest_path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # spreadsheets saved by Excel


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """folder/manifest.csv as {relative posix path: metadata}; {} when there is none.

    Raises MetadataError (with file and line) for malformed CSV, a missing `path` column,
    a duplicate or escaping path, more cells than headers, or an unreadable date.
    """
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.is_file():
        return {}
    reader = csv.reader(io.StringIO(_read_manifest_text(manifest_path), newline=""), strict=True)
    entries: dict[str, dict[str, Any]] = {}
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        if "path" not in header:
            raise MetadataError(f"{manifest_path}, line 1: no 'path' column")
        for row in reader:
            where = f"{manifest_path}, line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise MetadataError(f"{where}: {len(row)} cells but {len(header)} columns")
            cells = {name: cell for name, cell in zip(header, row, strict=False) if name}
            key = _relative_key(cells.pop("path", ""), where)
            if key in entries:
                raise MetadataError(f"{where}: {key!r} is listed twice")
            entries[key] = _normalize_values(cells, where)
    except csv.Error as error:
        raise MetadataError(f"{manifest_path}, line {reader.line_num}: {error}") from None
    return entries


def sidecar_paths(path: Path) -> tuple[Path, Path]:
    """The two sidecar names for a file: memo.meta.json, then memo.pdf.meta.json."""
    return path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(path.name + SIDECAR_SUFFIX)


def is_metadata_file(path: Path) -> bool:
    """Whether this file is a manifest or a sidecar (metadata, not a record to index)."""
    return path.name == MANIFEST_NAME or path.name.endswith(SIDECAR_SUFFIX)


def _read_sidecar_file(sidecar_path: Path) -> dict[str, Any]:
    try:
        values = json.loads(sidecar_path.read_bytes().decode("utf-8-sig"))
    except json.JSONDecodeError as error:
        raise MetadataError(f"{sidecar_path}, line {error.lineno}: {error.msg}") from None
    except (UnicodeDecodeError, RecursionError) as error:
        raise MetadataError(f"{sidecar_path}, line 1: not readable JSON ({error})") from None
    if not isinstance(values, dict):
        raise MetadataError(f"{sidecar_path}, line 1: expected a JSON object")
    return _normalize_values(
        {str(key).lower(): value for key, value in values.items()}, str(sidecar_path)
    )


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from the sidecars of `path` ({} when there are none).

    Both memo.meta.json and memo.pdf.meta.json are read; the full-name one
    (memo.pdf.meta.json) wins key by key, being specific to this one file.
    Raises MetadataError for malformed JSON or a value that is not an object.
    """
    merged: dict[str, Any] = {}
    for sidecar_path in sidecar_paths(path):
        if sidecar_path.is_file():
            merged.update(_read_sidecar_file(sidecar_path))
    return merged


def merge_metadata(
    extracted: Mapping[str, Any], manifest: Mapping[str, Any], sidecar: Mapping[str, Any]
) -> dict[str, Any]:
    """One dict: sidecar beats manifest beats extraction, key by key (tags replace, not add).

    Unknown keys are kept; None or blank values never override.
    """
    merged: dict[str, Any] = {}
    for layer in (extracted, manifest, sidecar):
        for key, value in layer.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            merged[key] = value
    return merged


def apply_metadata(doc: Document, metadata: Mapping[str, Any]) -> Document:
    """`doc` with `metadata` as its metadata; a title given there replaces the extracted one."""
    title = metadata.get("title")
    has_title = isinstance(title, str) and title.strip() != ""
    return doc.replace(
        metadata=dict(metadata), title=str(title).strip() if has_title else doc.title
    )

"""manifest.csv and NAME.meta.json sidecars: read, check, merge into a Document.

Metadata files are written by hand or by spreadsheets, so a bad one never stops an ingest:
each bad manifest row is reported by its line and left out (its file is ingested without it,
the good rows apply), and a broken sidecar is a warning for its one file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.errors import InvalidInputError
from indexer.ingest.csv_lines import Record, read_csv_text, read_records
from indexer.model.document import Document
from indexer.text.values import normalize_date, split_tags

MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIX = ".meta.json"
KNOWN_KEYS = ("title", "date", "type", "source", "url", "release", "bates_start", "tags")
TEXT_KEYS = ("title", "type", "source", "url", "release")
# A record date further ahead than this is a typo (2102 for 2012), not a record.
FUTURE_DATE_DAYS = 31
# PREFIX-000123, PREFIX 000123 or a bare page number: what `enrich.bates.number_pages` counts on.
_BATES_START = re.compile(r"(?:[A-Za-z][A-Za-z0-9 ._-]{0,39}?[ ._-]?)?\d{1,12}")


class MetadataError(InvalidInputError):
    """A manifest or sidecar that cannot be used; the message names the file and line."""


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_date(value: object, today: dt.date) -> tuple[str | None, str | None]:
    date = normalize_date(value)
    if date is None:
        return None, f"date {value!r} is not a date (use YYYY-MM-DD)"
    parts = [int(part) for part in date.split("-")] + [1, 1]
    if dt.date(parts[0], parts[1], parts[2]) > today + dt.timedelta(days=FUTURE_DATE_DAYS):
        return None, f"date {value!r} is in the future"
    return date, None


def _check_bates_start(value: object) -> tuple[str | None, str | None]:
    text = str(value).strip() if isinstance(value, str | int) else ""
    if isinstance(value, bool) or not _BATES_START.fullmatch(text):
        sign = "negative: " if text.startswith(("-", "\u2212")) else ""
        return None, f"bates_start {value!r} is {sign}not a Bates number (such as ICE-000123)"
    return text, None


def _check_value(key: str, value: Any, today: dt.date) -> tuple[Any, str | None]:
    """A value in its canonical shape, or None and what is wrong with it."""
    if isinstance(value, str) and "\x00" in value:
        return None, f"{key} holds a NUL character"
    if key == "tags":
        if not isinstance(value, str | list | tuple):
            return None, "tags is neither a list nor comma-separated text"
        return split_tags(value), None
    if key == "date":
        return _check_date(value, today)
    if key == "bates_start":
        return _check_bates_start(value)
    if key in TEXT_KEYS:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None, f"{key} is not text"
        return str(value).strip(), None
    return value.strip() if isinstance(value, str) else value, None


def check_values(
    values: Mapping[str, Any], today: dt.date | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Known keys in their canonical shape, blanks dropped, unknown keys kept as they are;
    and one message for each value that cannot be used (an unreadable or far-future date, a
    bates_start that is no Bates number or is negative, a title that is not text)."""
    today = today or dt.date.today()
    result: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in values.items():
        if _is_blank(value):
            continue
        checked, problem = _check_value(key, value, today)
        if problem is not None:
            problems.append(problem)
        else:
            result[key] = checked
    return result, problems


# -- manifest.csv ---------------------------------------------------------------------------


@dataclass
class Manifest:
    """A folder's manifest.csv: the metadata of its good rows (by relative posix path), and
    what was wrong with the others, one message a bad row with its line."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)  # files whose row is bad: they get none
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # rows that name no file

    def bad_row(self, line: int, problem: str, key: str | None = None) -> None:
        applied = f"not applied to {key}" if key else "not applied"
        self.problems.append(f"{self.path}, line {line}: {problem}: the row is {applied}")
        if key is not None and key not in self.entries:
            self.rejected.add(key)


def _relative_key(raw: str) -> tuple[str | None, str | None]:
    """A manifest path as the posix path relative to its folder ("./a\\b.pdf" -> "a/b.pdf"),
    or None and why it cannot be one."""
    text = raw.strip().replace("\\", "/")
    relative = PurePosixPath(text)
    if not text or str(relative) == ".":
        return None, "the path is empty"
    if relative.is_absolute() or re.match(r"[A-Za-z]:/", text):
        return None, f"path {raw!r} is absolute (give it relative to the manifest's folder)"
    if ".." in relative.parts:
        return None, f"path {raw!r} is not inside the manifest's folder"
    return relative.as_posix(), None


def _header(manifest: Manifest, record: Record | None) -> list[str] | None:
    if record is None or record.cells is None:
        error = record.error if record is not None else "the file is empty"
        manifest.problems.append(f"{manifest.path}, line 1: {error}: the manifest is not applied")
        return None
    header = [name.strip().lower() for name in record.cells]
    if "path" not in header:
        manifest.problems.append(
            f"{manifest.path}, line {record.line}: no 'path' column: the manifest is not applied"
        )
        return None
    for index, name in enumerate(header):
        if name and name in header[:index]:
            manifest.problems.append(
                f"{manifest.path}, line {record.line}: column {name!r} appears twice:"
                " the later one is ignored"
            )
            header[index] = ""
    return header


def _add_row(manifest: Manifest, header: list[str], record: Record, lines: dict[str, int]) -> None:
    if record.cells is None:
        rough = dict(zip(header, record.rough_cells, strict=False)).get("path", "")
        manifest.bad_row(record.line, record.error or "unreadable", _relative_key(rough)[0])
        return
    named = {name: cell for name, cell in zip(header, record.cells, strict=False) if name}
    key, problem = _relative_key(named.pop("path", ""))
    if key is None:
        manifest.bad_row(record.line, problem or "no path")
        return
    if key in lines:
        manifest.bad_row(record.line, f"{key!r} is listed twice (first on line {lines[key]})")
        return
    lines[key] = record.line
    values, problems = check_values(named)
    if len(record.cells) > len(header):
        problems.insert(0, f"{len(record.cells)} cells but {len(header)} columns")
    if problems:
        manifest.bad_row(record.line, "; ".join(problems), key)
        return
    manifest.entries[key] = values
    # A member of an archive or e-mail ("release.zip!/memo.pdf") is no file on disk.
    if "!/" not in key and not (manifest.path.parent / key).is_file():
        manifest.missing.append(f"{manifest.path}, line {record.line}: there is no file {key!r}")


def load_manifest(folder: Path) -> Manifest | None:
    """folder/manifest.csv with every bad row reported (`problems`) and left out, or None
    when there is none. Never raises for what the file holds."""
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.is_file():
        return None
    manifest = Manifest(manifest_path)
    try:
        text = read_csv_text(manifest_path)
    except OSError as error:
        manifest.problems.append(f"{manifest_path}: cannot be read ({error.strerror})")
        return manifest
    records = read_records(text)
    header = _header(manifest, next(records, None))
    if header is None:
        return manifest
    lines: dict[str, int] = {}
    for record in records:
        if record.cells is not None and not any(cell.strip() for cell in record.cells):
            continue
        _add_row(manifest, header, record, lines)
    return manifest


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """folder/manifest.csv as {relative posix path: metadata}; {} when there is none.

    Raises MetadataError naming every bad row (file and line) when any row is bad: a
    malformed record, a missing `path` column, a duplicate or escaping path, more cells than
    headers, or a value that cannot be used. An ingest uses `load_manifest` instead, which
    keeps the good rows.
    """
    manifest = load_manifest(folder)
    if manifest is None:
        return {}
    if manifest.problems:
        raise MetadataError("\n".join(manifest.problems))
    return manifest.entries


# -- sidecars --------------------------------------------------------------------------------


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
    except OSError as error:
        raise MetadataError(f"{sidecar_path}: cannot be read ({error.strerror})") from None
    if not isinstance(values, dict):
        raise MetadataError(f"{sidecar_path}, line 1: expected a JSON object")
    checked, problems = check_values({str(key).lower(): value for key, value in values.items()})
    if problems:
        raise MetadataError(f"{sidecar_path}: {'; '.join(problems)}")
    return checked


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from the sidecars of `path` ({} when there are none).

    Both memo.meta.json and memo.pdf.meta.json are read; the full-name one
    (memo.pdf.meta.json) wins key by key, being specific to this one file.
    Raises MetadataError for unreadable or malformed JSON, a value that is not an object, or
    a value that cannot be used.
    """
    merged: dict[str, Any] = {}
    for sidecar_path in sidecar_paths(path):
        if sidecar_path.is_file():
            merged.update(_read_sidecar_file(sidecar_path))
    return merged


# -- merging ---------------------------------------------------------------------------------


def merge_metadata(
    extracted: Mapping[str, Any], manifest: Mapping[str, Any], sidecar: Mapping[str, Any]
) -> dict[str, Any]:
    """One dict: sidecar beats manifest beats extraction, key by key (tags replace, not add).

    Unknown keys are kept; None or blank values never override.
    """
    merged: dict[str, Any] = {}
    for layer in (extracted, manifest, sidecar):
        for key, value in layer.items():
            if _is_blank(value):
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

"""Spreadsheets of a production's index (.csv or .xlsx with a file-name column): metadata for
the ingested files their rows name, checked and merged as manifest.csv rows are, and a report
of each row that names no ingested file. A sheet that names none stays a document."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.ingest.assemble import FileMetadata
from indexer.ingest.csv_lines import read_csv_text, read_records
from indexer.ingest.metadata import check_values
from indexer.ingest.sources import Source
from indexer.model.paths import MEMBER_SEPARATOR, base_name

SHEET_SUFFIXES = frozenset({".csv", ".xlsx"})
# Header spellings, compared lower-cased without spaces or punctuation.
FILE_COLUMNS = frozenset(
    {"path", "file", "filename", "filepath", "filenames", "nativefile", "nativefilename",
     "documentfile", "docfile", "documentname", "docname", "attachmentname", "fileid"}
)  # fmt: skip
COLUMN_KEYS = {
    "title": "title", "documenttitle": "title", "doctitle": "title", "description": "title",
    "date": "date", "documentdate": "date", "docdate": "date", "datesent": "date",
    "sentdate": "date", "type": "type", "documenttype": "type", "doctype": "type",
    "source": "source", "agency": "source", "component": "source", "office": "source",
    "url": "url", "link": "url", "release": "release", "production": "release",
    "productionvolume": "release", "volume": "release", "begbates": "bates_start",
    "batesbegin": "bates_start", "beginbates": "bates_start", "batesstart": "bates_start",
    "bates": "bates_start", "prodbegbates": "bates_start", "tags": "tags", "tag": "tags",
}  # fmt: skip
HEADER_ROWS = 5  # a title line or two may stand above the header row
MAX_SHEET_ROWS = 200_000
MAX_XLSX_BYTES = 64 * 1024 * 1024  # what an .xlsx may unpack to (it is a ZIP of XML)
_NOT_LETTERS = re.compile(r"[^a-z0-9]")


def _column(name: str) -> str:
    return _NOT_LETTERS.sub("", name.lower())


@dataclass
class IndexSheet:
    """A sheet's rows that can be used: (line, file named, values), and its problems."""

    path: str
    rows: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str] | None, str | None]]:
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_BYTES:
            raise ValueError(f"it unpacks to more than {MAX_XLSX_BYTES // 2**20} MiB")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(value) for value in row], None
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str] | None, str | None]]:
    for record in read_records(read_csv_text(path)):
        yield record.line, record.cells, record.error


def _rows(source: Source) -> Iterator[tuple[int, list[str] | None, str | None]]:
    if PurePosixPath(source.path).suffix.lower() == ".xlsx":
        return _xlsx_rows(source.file_path)
    return _csv_rows(source.file_path)


def _header(cells: list[str]) -> list[str] | None:
    """Each column's metadata key ("" to leave it out; the file column is "path"), or
    None when no column names files."""
    names = [_column(cell) for cell in cells]
    file_column = next((index for index, name in enumerate(names) if name in FILE_COLUMNS), None)
    if file_column is None:
        return None
    header = [
        COLUMN_KEYS.get(name, cell.strip().lower()) for name, cell in zip(names, cells, strict=True)
    ]
    header[file_column] = "path"
    for index, key in enumerate(header):
        if key in header[:index]:
            header[index] = ""  # a second column of the same meaning is ignored
    return header


def read_sheet(source: Source) -> IndexSheet | None:
    """The sheet's usable rows, or None when it has no file-name column (it is then no
    index). Raises OSError, ValueError or zipfile.BadZipFile when it cannot be read."""
    rows = _rows(source)
    header: list[str] | None = None
    for line, cells, _error in rows:
        if cells is not None:
            header = _header(cells)
        if header is not None or line >= HEADER_ROWS:
            break
    if header is None:
        return None
    sheet = IndexSheet(source.path)
    for line, cells, error in rows:
        if line > MAX_SHEET_ROWS:
            sheet.problems.append(f"{source.path}: rows after {MAX_SHEET_ROWS} are not read")
            break
        if cells is None:
            sheet.problems.append(f"{source.path}, line {line}: {error}: the row is not applied")
            continue
        named = {key: cell for key, cell in zip(header, cells, strict=False) if key}
        name = named.pop("path", "").strip()
        if not name:
            continue
        values, problems = check_values(named)
        if problems:
            problem = "; ".join(problems)
            sheet.problems.append(f"{source.path}, line {line}: {problem}: the row is not applied")
            continue
        sheet.rows.append((line, name, values))
    return sheet


class _Files:
    """The ingested files under one folder, found by the name a sheet gives them: a path
    relative to the folder (or to an archive in it), the file name, or the name without
    its extension; a name must point at one file only."""

    def __init__(self, folder: str, sources: list[Source]) -> None:
        self._by_last: dict[str, list[tuple[str, str]]] = {}
        for source in sources:
            if not source.path.startswith(folder):
                continue
            relative = source.path[len(folder) :].replace(MEMBER_SEPARATOR, "/").lower()
            last = base_name(source.path).lower()
            self._by_last.setdefault(last, []).append((relative, source.path))
            stem = PurePosixPath(last).stem
            if stem != last:
                self._by_last.setdefault(stem, []).append((relative, source.path))

    def find(self, name: str) -> list[str]:
        key = "/".join(p for p in name.replace("\\", "/").lower().split("/") if p not in ("", "."))
        if not key:
            return []
        last = key.rsplit("/", 1)[-1]
        found = set()
        for relative, path in self._by_last.get(last, []):
            stem_relative = str(PurePosixPath(relative).with_suffix(""))
            for candidate in (relative, stem_relative):
                if candidate == key or candidate.endswith("/" + key):
                    found.add(path)
        return sorted(found)


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] + "/"


def use_index_sheets(sources: list[Source], metadata: FileMetadata) -> list[Source]:
    """The sources without the index sheets among them, whose rows are given to `metadata`
    for the files they name; rows that name no file, or several, become its warnings."""
    sheets = [s for s in sources if PurePosixPath(s.path).suffix.lower() in SHEET_SUFFIXES]
    if not sheets:
        return sources
    documents = [source for source in sources if source not in sheets]
    used: set[str] = set()
    for source in sheets:
        try:
            sheet = read_sheet(source)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            if PurePosixPath(source.path).suffix.lower() == ".xlsx":
                metadata.warnings.append(f"{source.path}: not a readable spreadsheet ({error})")
            continue
        if sheet is None:
            continue
        files = _Files(_folder(source.path), documents)
        matched: dict[str, dict[str, Any]] = {}
        unmatched: list[str] = []
        for line, name, values in sheet.rows:
            found = files.find(name)
            if len(found) == 1:
                matched[found[0]] = values
            elif found:
                unmatched.append(f"{source.path}, line {line}: {name!r} names {len(found)} files")
            else:
                unmatched.append(f"{source.path}, line {line}: {name!r} names no ingested file")
        if not matched:
            continue
        used.add(source.path)
        metadata.add_index(matched)
        metadata.warnings.extend(sheet.problems + unmatched)
    return [source for source in sources if source.path not in used]

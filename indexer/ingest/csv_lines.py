"""CSV records with their line numbers; a broken record spoils its own line, never the rest.

Python's csv reader reads an unterminated quote at line 7 of 10 as one cell running to the end
of the file, and then fails: every later row is lost. Here each record is parsed on its own,
so a bad line is reported by number and the reading goes on at the next line. The file's
text is read as spreadsheets save it (`read_csv_text`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# A quoted cell may run over several lines; one still open after this many is unterminated.
MAX_RECORD_LINES = 50
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Record:
    """One CSV record: its cells, or why it could not be read (and its cells as best read
    from its first line alone). `line` is where it starts."""

    line: int
    cells: list[str] | None
    error: str | None = None
    rough_cells: tuple[str, ...] = ()


def _rough(line: str) -> tuple[str, ...]:
    """The cells of a malformed line, read leniently (to tell which file its row was for)."""
    rows = list(csv.reader(io.StringIO(line, newline="")))
    return tuple(rows[0]) if rows else ()


def _physical_lines(text: str) -> list[str]:
    lines, start = [], 0
    for end in _LINE_END.finditer(text):
        lines.append(text[start : end.end()])
        start = end.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def _one_record(lines: list[str], start: int) -> tuple[Record, int]:
    """The record starting at lines[start] and how many lines it takes."""
    number = start + 1
    try:
        rows = _parse(lines[start])
        return Record(number, rows[0] if rows else []), 1
    except csv.Error as error:
        if lines[start].count('"') % 2 == 0:  # no quote left open: a malformed line
            return Record(number, None, f"not valid CSV ({error})", _rough(lines[start])), 1
    quotes = lines[start].count('"')
    for end in range(start + 1, min(len(lines), start + MAX_RECORD_LINES)):
        quotes += lines[end].count('"')
        if quotes % 2:
            continue
        try:
            rows = _parse("".join(lines[start : end + 1]))
        except csv.Error:
            break
        if len(rows) == 1:  # a quoted cell over several lines
            return Record(number, rows[0]), end - start + 1
        break
    problem = "a quote opened on this line is never closed"
    return Record(number, None, problem, _rough(lines[start])), 1


def read_records(text: str) -> Iterator[Record]:
    """Every record of a CSV text, in order, each with the line it starts on (1-based)."""
    lines = _physical_lines(text)
    index = 0
    while index < len(lines):
        record, used = _one_record(lines, index)
        yield record
        index += used


def read_csv_text(path: Path) -> str:
    """The text of a CSV file as spreadsheets save it: UTF-16 with its BOM, UTF-8 with or
    without a BOM, else Windows-1252 (Excel's "CSV" on Windows). Never fails on a byte; raises
    OSError when the file cannot be read."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")

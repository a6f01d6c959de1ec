"""Property tests of the manifest reader (issue 12, fuzzing): any manifest.csv, as text or as
bytes, gives its entries or a MetadataError that names the file and a line; never another
exception. A well-formed manifest, however its values are spelt and quoted, reads back as
exactly the entries written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from indexer.ingest.metadata import MANIFEST_NAME, MetadataError, read_manifest
from tests.query_strategies import fuzz_settings

# Pieces that steer the CSV reader and the row checks into each branch.
CSV_PIECES = (
    ",", '"', '""', "\n", "\r\n", "\r", "\x00", "\ufeff", " ", "path", "Path", "title", "date",
    "tags", "bates_start", "../up.pdf", "/etc/passwd", "a\\b.pdf", "./c.pdf", ".", "memo.pdf",
    "2011-05-10", "05/10/2011", "13/05/2011", "May 2011", "-5", "é", "日本",
)  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder whose manifest.csv each example overwrites."""
    return tmp_path_factory.mktemp("fuzz-manifest")


def read(folder: Path, data: bytes) -> dict[str, dict[str, object]] | MetadataError:
    (folder / MANIFEST_NAME).write_bytes(data)
    try:
        return read_manifest(folder)
    except MetadataError as error:
        return error


def check_answer(folder: Path, answer: dict[str, dict[str, object]] | MetadataError) -> None:
    if isinstance(answer, MetadataError):
        assert re.search(rf"{re.escape(str(folder / MANIFEST_NAME))}, line \d+: ", str(answer))
        return
    for key, values in answer.items():
        assert key and not key.startswith("/") and ".." not in key.split("/")
        assert "path" not in values
        assert all(value not in ("", None) for value in values.values())


_manifest_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(CSV_PIECES), st.text(max_size=6)), max_size=40).map("".join),
    st.lists(st.sampled_from(CSV_PIECES), max_size=40).map(
        lambda parts: "path,title\n" + "".join(parts)
    ),
)


@fuzz_settings(600)
@given(_manifest_text)
def test_any_text_gives_entries_or_a_metadata_error(folder: Path, text: str) -> None:
    check_answer(folder, read(folder, text.encode("utf-8", "surrogatepass")))


@fuzz_settings(300)
@given(st.binary(max_size=300))
def test_any_bytes_give_entries_or_a_metadata_error(folder: Path, data: bytes) -> None:
    check_answer(folder, read(folder, data))


# -- well-formed manifests read back as written ----------------------------------------------

_segment = st.text(string.ascii_letters + string.digits + "_-. ", min_size=1, max_size=10).filter(
    lambda segment: segment.strip() == segment and segment not in (".", "..")
)
# Any text a cell can hold (csv cannot carry NUL).
_value = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
# Well-formed dates of the past: a date more than a month ahead is refused as nonsense.
_LAST_YEAR = dt.date.today().year - 1
_date = st.one_of(
    st.dates(dt.date(1000, 1, 1), dt.date(_LAST_YEAR, 12, 31)).map(dt.date.isoformat),
    st.integers(1000, _LAST_YEAR).map(str),
)


@st.composite
def _row(draw: st.DrawFn) -> tuple[str, list[str], dict[str, object]]:
    """(key, cells as written, expected entry)."""
    segments = draw(st.lists(_segment, min_size=1, max_size=3))
    written = draw(st.sampled_from(["/", "\\"])).join(segments)
    if draw(st.booleans()):
        written = "./" + written
    title, kind, custodian = draw(_value), draw(_value), draw(_value)
    date = draw(st.one_of(st.just(""), _date))
    cells = [draw(st.sampled_from(["", " "])) + written, title, date, kind, custodian]
    expected: dict[str, object] = {
        "title": title.strip(),
        "date": date,
        "type": kind.strip(),
        "custodian": custodian.strip(),
    }
    entry = {name: value for name, value in expected.items() if value}
    return "/".join(segments), cells, entry


@fuzz_settings(150)
@given(st.lists(_row(), max_size=8, unique_by=lambda row: row[0]), st.booleans())
def test_a_well_formed_manifest_reads_back_as_written(
    folder: Path, rows: list[tuple[str, list[str], dict[str, object]]], crlf: bool
) -> None:
    out = io.StringIO(newline="")
    # As spreadsheets write: CRLF, or LF with every cell quoted (csv quotes a lone CR in a
    # cell only when it is part of the line terminator).
    if crlf:
        writer = csv.writer(out, lineterminator="\r\n")
    else:
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["Path", " Title", "DATE", "type", "custodian"])
    writer.writerows(cells for _, cells, _ in rows)
    answer = read(folder, out.getvalue().encode("utf-8"))
    assert answer == {key: entry for key, _, entry in rows}

"""A manifest.csv and a production index .csv are read alike, in every encoding spreadsheets
save CSV in (UTF-8 with or without a BOM, UTF-16 with its BOM, Windows-1252): one reader,
`csv_lines.read_csv_text`, for both (issue 15)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indexer.ingest.csv_lines import read_csv_text
from tests.conftest import Home

TITLE = "Peña’s résumé – “detention” review"
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16 little-endian": lambda text: text.encode("utf-16"),  # BOM first, as Excel writes
    "utf-16 big-endian": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "windows-1252": lambda text: text.encode("cp1252"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_manifests_and_index_sheets_read_each_spreadsheet_encoding(
    tmp_path: Path, home: Home, encoding: str
) -> None:
    encode = ENCODINGS[encoding]
    folder = tmp_path / "release"
    (folder / "manifested").mkdir(parents=True)
    (folder / "indexed").mkdir()
    (folder / "manifested" / "memo.txt").write_text("A memo on the quarry permit.\n")
    (folder / "indexed" / "letter.txt").write_text("A letter on the quarry permit.\n")
    manifest = f"path,title,source\r\nmemo.txt,{TITLE},Oficina de Peña\r\n"
    (folder / "manifested" / "manifest.csv").write_bytes(encode(manifest))
    sheet = f"File Name,Description,Custodian\r\nletter.txt,{TITLE},Peña\r\n"
    (folder / "indexed" / "Production Index.csv").write_bytes(encode(sheet))
    assert read_csv_text(folder / "manifested" / "manifest.csv") == manifest

    report = home.ingest(folder)
    assert (report.added, report.failed, report.warnings) == (2, [], [])
    rows = {Path(row["path"]).name: row for row in home.store.list_documents()}
    assert rows["memo.txt"]["title"] == rows["letter.txt"]["title"] == TITLE
    assert rows["memo.txt"]["source"] == "Oficina de Peña"


def test_a_byte_no_encoding_reads_never_fails_the_file(tmp_path: Path) -> None:
    path = tmp_path / "index.csv"
    path.write_bytes(b"File Name,Description\r\nmemo.txt,broken \x81 byte\r\n")
    assert read_csv_text(path) == "File Name,Description\r\nmemo.txt,broken \ufffd byte\r\n"

"""Spreadsheets of a production's index (issue 15): a .csv or .xlsx with a file-name column
gives its rows to the ingested files they name (in the folder, in an archive), below what a
manifest or sidecar says; rows that name no file are reported; a sheet that names none, or
has no file-name column, stays a document."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

from indexer.search.service import SearchRequest, search
from tests.conftest import Home
from tests.indexer.intake.files import pdf_bytes, write_zip

ALPHA = pdf_bytes("Alpha memorandum on the detention review.")
BRAVO = pdf_bytes("Bravo letter on the fingerprint agreement.")


def rows_by_name(home: Home) -> dict[str, dict[str, object]]:
    return {Path(row["path"].replace("!/", "/")).name: row for row in home.store.list_documents()}


def test_a_csv_index_names_loose_files_and_archive_members(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "production"
    folder.mkdir()
    (folder / "alpha.pdf").write_bytes(ALPHA)
    write_zip(folder / "vol1.zip", {"docs/bravo.pdf": BRAVO})
    (folder / "Production Index.csv").write_text(
        "Production index of FOIA-2021-0042\n"
        "Beg Bates,File Name,Doc Date,Description,Custodian Notes\n"
        "ICE-000001,alpha.pdf,03/04/2021,Detention review memo,reviewed twice\n"
        "ICE-000002,docs\\bravo,2021-05-06,Fingerprint agreement letter,\n"
        "ICE-000003,charlie.pdf,2021-07-08,A file the release left out,\n"
        "ICE-000004,alpha.pdf,2102-01-01,The same file with a typo for a date,\n",
        encoding="utf-8",
    )
    report = home.ingest(folder)
    assert report.failed == [] and report.added == 2  # the sheet is metadata, no document
    rows = rows_by_name(home)
    assert set(rows) == {"alpha.pdf", "bravo.pdf"}
    assert (rows["alpha.pdf"]["title"], rows["alpha.pdf"]["date"]) == (
        "Detention review memo",
        "2021-03-04",
    )
    assert rows["bravo.pdf"]["title"] == "Fingerprint agreement letter"
    sheet = folder / "Production Index.csv"
    assert f"{sheet}, line 5: 'charlie.pdf' names no ingested file" in report.warnings
    assert any(
        w.startswith(f"{sheet}, line 6: date '2102-01-01' is in the future")
        for w in report.warnings
    )
    result = search(home.engine, home.store, SearchRequest("bates:ICE-000002"))
    assert [doc.title for doc in result.documents] == ["Fingerprint agreement letter"]
    shown = home.store.document_row(str(rows["alpha.pdf"]["doc_id"]))
    assert shown is not None and shown.metadata["custodian notes"] == "reviewed twice"


def test_an_xlsx_index_inside_the_archive(tmp_path: Path, home: Home) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Filename", "Date", "Title", "Type"])
    sheet.append(["alpha.pdf", dt.datetime(2020, 1, 2), "Alpha, as the agency titled it", "memo"])
    sheet.append(["missing.pdf", dt.datetime(2020, 1, 3), "Not in the release", "memo"])
    workbook_path = tmp_path / "index.xlsx"
    book.save(workbook_path)
    archive = write_zip(
        tmp_path / "release" / "p.zip",
        {"alpha.pdf": ALPHA, "bravo.pdf": BRAVO, "index.xlsx": workbook_path.read_bytes()},
    )
    report = home.ingest(archive.parent)
    rows = rows_by_name(home)
    assert set(rows) == {"alpha.pdf", "bravo.pdf"} and report.failed == []
    assert (rows["alpha.pdf"]["title"], rows["alpha.pdf"]["date"]) == (
        "Alpha, as the agency titled it",
        "2020-01-02",
    )
    assert rows["alpha.pdf"]["type"] == "memo"
    assert f"{archive}!/index.xlsx, line 3: 'missing.pdf' names no ingested file" in report.warnings


def test_manifest_and_sidecar_beat_the_index(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "production"
    folder.mkdir()
    (folder / "alpha.pdf").write_bytes(ALPHA)
    (folder / "bravo.pdf").write_bytes(BRAVO)
    (folder / "index.csv").write_text(
        "file,title,source\nalpha.pdf,Index title A,Index agency\nbravo.pdf,Index title B,X\n",
        encoding="utf-8",
    )
    (folder / "manifest.csv").write_text(
        "path,title\nalpha.pdf,Manifest title A\n", encoding="utf-8"
    )
    (folder / "bravo.meta.json").write_text(
        json.dumps({"title": "Sidecar title B"}), encoding="utf-8"
    )
    home.ingest(folder)
    rows = rows_by_name(home)
    assert rows["alpha.pdf"]["title"] == "Manifest title A"
    assert (
        rows["alpha.pdf"]["source"] == "Index agency"
    )  # what the manifest leaves, the index gives
    assert rows["bravo.pdf"]["title"] == "Sidecar title B"

    # A changed index reaches the files without extracting them again.
    (folder / "index.csv").write_text(
        "file,title,source\nalpha.pdf,Index title A,Second agency\n", encoding="utf-8"
    )
    again = home.ingest(folder)
    assert (again.updated, again.unchanged) == (2, 0)
    assert rows_by_name(home)["alpha.pdf"]["source"] == "Second agency"


def test_sheets_that_name_no_file_stay_documents(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "alpha.pdf").write_bytes(ALPHA)
    (folder / "arrests.csv").write_text("county,arrests\nFinney,12\nMineral,4\n", encoding="utf-8")
    (folder / "other.csv").write_text("file name,title\nnot-here.pdf,Gone\n", encoding="utf-8")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    report = home.ingest(folder)
    rows = rows_by_name(home)
    assert set(rows) == {"alpha.pdf", "arrests.csv", "other.csv"}
    assert [Path(item["path"]).name for item in report.failed] == ["broken.xlsx"]
    assert any("broken.xlsx: not a readable spreadsheet" in w for w in report.warnings)

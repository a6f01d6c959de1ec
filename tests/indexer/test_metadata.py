"""manifest.csv, NAME.meta.json sidecars, their merge, and date normalisation."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indexer.ingest.metadata import (
    MetadataError,
    apply_metadata,
    is_metadata_file,
    merge_metadata,
    normalize_date,
    read_manifest,
    read_sidecar,
)
from indexer.model.document import Document, Page


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2011-05-10", "2011-05-10"),
        ("2011-05", "2011-05"),
        ("2011", "2011"),
        ("05/10/2011", "2011-05-10"),  # US order, as US records write it
        ("5/1/2011", "2011-05-01"),
        ("May 10, 2011", "2011-05-10"),
        ("Jan. 13, 2017", "2017-01-13"),
        ("Thursday, August 6, 2020", "2020-08-06"),
        ("10 May 2011", "2011-05-10"),
        ("September 2011", "2011-09"),
        ("2011-05-10T14:00:00-05:00", "2011-05-10"),
        ("20170113", "2017-01-13"),
        (" 2011-05-10 ", "2011-05-10"),
        (2011, "2011"),
        ("13/05/2011", None),  # day first: not guessed
        ("05/10/11", None),  # two-digit year: not guessed
        ("10.05.2011", None),
        ("2011-02-30", None),
        ("2011-13", None),
        ("Smarch 10, 2011", None),
        ("last Tuesday", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def _manifest(folder: Path, text: str, encoding: str = "utf-8") -> Path:
    (folder / "manifest.csv").write_bytes(text.encode(encoding))
    return folder


def test_read_manifest(tmp_path: Path) -> None:
    text = (
        "\ufeffPath,Title,date,type,tags,custodian,bates_start\n"
        'memo.pdf,ICE memo on opt-out,05/10/2011,memo,"opt-out, Secure Communities",Field Office,'
        "ICE-000123\n"
        "./sub\\letter.pdf,,2011-06,,,,\n"
        ",,,,,,\n"
    )
    manifest = read_manifest(_manifest(tmp_path, text))
    assert manifest == {
        "memo.pdf": {
            "title": "ICE memo on opt-out",
            "date": "2011-05-10",
            "type": "memo",
            "tags": ["opt-out", "Secure Communities"],
            "custodian": "Field Office",  # unknown columns are kept
            "bates_start": "ICE-000123",
        },
        "sub/letter.pdf": {"date": "2011-06"},  # blank cells are "not given"
    }


def test_manifest_in_cp1252_from_a_spreadsheet(tmp_path: Path) -> None:
    folder = _manifest(tmp_path, "path,title\nmemo.pdf,Caf\u00e9 \u2013 memo\n", "cp1252")
    assert read_manifest(folder)["memo.pdf"]["title"] == "Caf\u00e9 \u2013 memo"


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title,date\nmemo,2011\n", "line 1: no 'path' column"),
        ("path,title\nmemo.pdf,A\nmemo.pdf,B\n", "line 3: 'memo.pdf' is listed twice"),
        ("path,title\nmemo.pdf,A,extra\n", "line 2: 3 cells but 2 columns"),
        ("path,date\nmemo.pdf,13/05/2011\n", "line 2: date '13/05/2011' is not a date"),
        ('path,title\nmemo.pdf,"A "quoted" title\n', "line 2"),
        ("path,title\n../outside.pdf,A\n", "line 2: path '../outside.pdf' is not inside"),
    ],
)
def test_malformed_manifest(tmp_path: Path, text: str, message: str) -> None:
    folder = _manifest(tmp_path, text)
    with pytest.raises(MetadataError, match=message.replace("(", r"\(")) as raised:
        read_manifest(folder)
    assert str(folder / "manifest.csv") in str(raised.value)


def test_read_sidecar_both_names_full_name_wins(tmp_path: Path) -> None:
    record = tmp_path / "memo.pdf"
    record.write_bytes(b"%PDF-1.4\n")
    (tmp_path / "memo.meta.json").write_text(
        '{"title": "Stem title", "release": "2011-R1", "Custodian": "ERO"}', encoding="utf-8"
    )
    (tmp_path / "memo.pdf.meta.json").write_bytes(
        codecs.BOM_UTF8 + b'{"title": "Full-name title", "tags": "a, b", "date": "May 2011"}'
    )
    assert read_sidecar(record) == {
        "title": "Full-name title",
        "release": "2011-R1",
        "custodian": "ERO",
        "tags": ["a", "b"],
        "date": "2011-05",
    }


def test_no_sidecar_is_empty(tmp_path: Path) -> None:
    assert read_sidecar(tmp_path / "memo.pdf") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{\n  "title": "A",\n  "date": \n}', r"memo\.pdf\.meta\.json, line 4"),
        ('["not", "an", "object"]', "line 1: expected a JSON object"),
        ('{"date": "someday"}', "date 'someday' is not a date"),
    ],
)
def test_malformed_sidecar(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "memo.pdf.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError, match=message):
        read_sidecar(tmp_path / "memo.pdf")


def test_merge_sidecar_beats_manifest_beats_extraction() -> None:
    extracted = {"title": "Extracted", "date": "2011", "source": "aclu.org", "pdf_created": "2015"}
    manifest = {"title": "Manifest", "date": "2011-05", "release": "R1", "tags": ["a"]}
    sidecar = {"title": "Sidecar", "tags": ["b"], "note": "kept", "source": None, "type": " "}
    assert merge_metadata(extracted, manifest, sidecar) == {
        "title": "Sidecar",
        "date": "2011-05",
        "source": "aclu.org",
        "pdf_created": "2015",
        "release": "R1",
        "tags": ["b"],
        "note": "kept",
    }


def test_apply_metadata_title_wins() -> None:
    doc = Document("", "", "memo.pdf", "pdf", "Extracted", (Page(1, "text"),), {"a": 1})
    applied = apply_metadata(doc, {"title": "  From the manifest ", "date": "2011-05"})
    assert applied.title == "From the manifest"
    assert dict(applied.metadata) == {"title": "  From the manifest ", "date": "2011-05"}
    assert apply_metadata(doc, {"date": "2011"}).title == "Extracted"
    assert doc.title == "Extracted"  # the original is untouched


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("manifest.csv", True),
        ("memo.meta.json", True),
        ("memo.pdf.meta.json", True),
        ("memo.pdf", False),
        ("manifest.csv.bak", False),
    ],
)
def test_is_metadata_file(name: str, expected: bool) -> None:
    assert is_metadata_file(Path("folder") / name) is expected

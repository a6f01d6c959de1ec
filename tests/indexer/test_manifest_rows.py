"""A bad manifest row or sidecar never blocks a folder: every bad row is reported at once, by
line, and the files are ingested with the good rows (issue 12, defect 4)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.ingest.csv_lines import read_records
from indexer.ingest.metadata import MetadataError, load_manifest, read_manifest
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

HEADER = "path,title,date,type,bates_start,tags"
NEXT_YEAR = (dt.date.today() + dt.timedelta(days=400)).isoformat()


def manifest_in(folder: Path, lines: list[str], newline: str = "\n", bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = newline.join(lines) + newline
    (folder / "manifest.csv").write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return folder


def files_in(folder: Path, count: int) -> list[str]:
    names = [f"doc{n}.txt" for n in range(1, count + 1)]
    write_docs(folder, {name: f"Record {name} about detainers." for name in names})
    return names


def lines_of(problems: list[str]) -> list[int]:
    return [int(problem.split(", line ")[1].split(":")[0]) for problem in problems]


# -- reading: each class of bad row, with instances of it ----------------------------------


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("doc1.txt,A,2011-13-45,memo,,", "date '2011-13-45' is not a date"),
        ("doc1.txt,A,someday,memo,,", "date 'someday' is not a date"),
        (f"doc1.txt,A,{NEXT_YEAR},memo,,", "is in the future"),
        ("doc1.txt,A,2999,memo,,", "is in the future"),
        ("doc1.txt,A,,memo,-5,", "bates_start '-5' is negative"),
        ("doc1.txt,A,,memo,-ICE-000123,", "is negative"),
        ("doc1.txt,A,,memo,twelve,", "bates_start 'twelve' is not a Bates number"),
        ("doc1.txt,A,,memo,12.5,", "not a Bates number"),
        ("doc1.txt,A,,memo,ICE-,", "not a Bates number"),
        ("doc1.txt,A,,memo,1234567890123,", "not a Bates number"),
        ("doc1.txt,A,,memo,,,extra", "7 cells but 6 columns"),
        ("doc1.txt,A\x00B,,memo,,", "title holds a NUL character"),
        ('doc1.txt,"A "quoted" title",,memo,,', "not valid CSV"),
        ('doc1.txt,"A "quoted" title,,memo,,', "a quote opened on this line is never closed"),
        ('doc1.txt,"Open title,2011,memo,,', "a quote opened on this line is never closed"),
    ],
)
def test_a_bad_value_rejects_its_row_only(tmp_path: Path, row: str, problem: str) -> None:
    folder = tmp_path / "m"
    files_in(folder, 2)
    manifest = load_manifest(manifest_in(folder, [HEADER, row, "doc2.txt,Good,2011-05,memo,,"]))
    assert manifest is not None
    assert len(manifest.problems) == 1
    assert problem in manifest.problems[0]
    assert manifest.problems[0].startswith(f"{folder / 'manifest.csv'}, line 2: ")
    assert manifest.problems[0].endswith("the row is not applied to doc1.txt")
    assert manifest.rejected == {"doc1.txt"}
    assert manifest.entries == {"doc2.txt": {"title": "Good", "date": "2011-05", "type": "memo"}}


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("../outside.txt", "is not inside the manifest's folder"),
        ("sub/../../outside.txt", "is not inside"),
        ("..\\outside.txt", "is not inside"),
        ("/etc/passwd", "is absolute"),
        ("C:\\records\\doc1.txt", "is absolute"),
        ("", "the path is empty"),
        ("./", "the path is empty"),
    ],
)
def test_a_path_outside_the_folder_is_a_bad_row(tmp_path: Path, raw: str, problem: str) -> None:
    folder = tmp_path / "m"
    files_in(folder, 1)
    rows = [HEADER, f'"{raw}",Escaping title,,,,', "doc1.txt,Kept title,,,,"]
    manifest = load_manifest(manifest_in(folder, rows))
    assert manifest is not None
    assert [problem in text for text in manifest.problems] == [True]
    assert lines_of(manifest.problems) == [2]
    assert manifest.entries == {"doc1.txt": {"title": "Kept title"}}


def test_an_unterminated_quote_spoils_only_its_own_line(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    names = files_in(folder, 9)
    rows = [HEADER] + [f"{name},Title {name},2011-05-1{n},memo,," for n, name in enumerate(names)]
    rows[6] = 'doc6.txt,"Title that never closes,2011-05-06,memo,,'  # line 7 of 10
    manifest = load_manifest(manifest_in(folder, rows))
    assert manifest is not None
    assert lines_of(manifest.problems) == [7]
    assert "a quote opened on this line is never closed" in manifest.problems[0]
    assert sorted(manifest.entries) == [name for name in names if name != "doc6.txt"]
    assert manifest.entries["doc9.txt"]["title"] == "Title doc9.txt"


def test_an_unterminated_quote_before_a_quoted_cell_does_not_pair_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    files_in(folder, 3)
    rows = [
        HEADER,
        'doc1.txt,"Never closed,2011,memo,,',
        "doc2.txt,Plain,2012,memo,,",
        'doc3.txt,"Quoted, with a comma",2013,memo,,',
    ]
    manifest = load_manifest(manifest_in(folder, rows))
    assert manifest is not None
    assert lines_of(manifest.problems) == [2]
    assert manifest.entries["doc2.txt"]["title"] == "Plain"
    assert manifest.entries["doc3.txt"]["title"] == "Quoted, with a comma"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_bom_line_ends_quoted_commas_and_cells_over_lines(tmp_path: Path, newline: str) -> None:
    folder = tmp_path / "m"
    files_in(folder, 3)
    rows = [
        "Path,Title,Date,Type,Bates_Start,Tags",
        'doc1.txt,"Detainers, holds and ""requests""",May 10 2011,memo,ICE-000123,"a, b"',
        f'doc2.txt,"A title{newline}over two lines",2011,letter,,',
        "doc3.txt,Last row,,,,",
    ]
    manifest = load_manifest(manifest_in(folder, rows, newline, bom=True))
    assert manifest is not None
    assert manifest.problems == [] and manifest.missing == []
    assert manifest.entries["doc1.txt"] == {
        "title": 'Detainers, holds and "requests"',
        "date": "2011-05-10",
        "type": "memo",
        "bates_start": "ICE-000123",
        "tags": ["a", "b"],
    }
    assert manifest.entries["doc2.txt"]["title"] == f"A title{newline}over two lines"
    assert manifest.entries["doc3.txt"] == {"title": "Last row"}


def test_a_stray_quote_inside_a_cell_is_text(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    files_in(folder, 2)
    rows = [HEADER, 'doc1.txt,A 5" floppy disk,,,,', "doc2.txt,Next,,,,"]
    manifest = load_manifest(manifest_in(folder, rows))
    assert manifest is not None and manifest.problems == []
    assert manifest.entries["doc1.txt"]["title"] == 'A 5" floppy disk'
    assert manifest.entries["doc2.txt"]["title"] == "Next"


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    files_in(folder, 6)
    rows = [
        HEADER,
        "doc1.txt,One,2011-02-30,,,",  # 2: impossible date
        "doc2.txt,Two,,,,",
        "../x.txt,Escapes,,,,",  # 4
        "doc2.txt,Two again,,,,",  # 5: listed twice
        "doc3.txt,Three,,,-1,",  # 6: negative
        "gone.txt,Not there,,,,",  # 7: no such file (a warning, not a bad row)
        'doc4.txt,"Open,,,,',  # 8: unterminated
        "doc5.txt,Five,,custom type,,",  # unknown types are fine
    ]
    manifest = load_manifest(manifest_in(folder, rows))
    assert manifest is not None
    assert lines_of(manifest.problems) == [2, 4, 5, 6, 8]
    assert "'doc2.txt' is listed twice (first on line 3)" in manifest.problems[2]
    assert lines_of(manifest.missing) == [7]
    assert "there is no file 'gone.txt'" in manifest.missing[0]
    assert set(manifest.entries) == {"doc2.txt", "gone.txt", "doc5.txt"}
    assert manifest.entries["doc2.txt"]["title"] == "Two"  # the first listing stands
    assert manifest.entries["doc5.txt"]["type"] == "custom type"
    with pytest.raises(MetadataError) as raised:
        read_manifest(folder)
    assert lines_of(str(raised.value).splitlines()) == [2, 4, 5, 6, 8]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("title,date", "line 1: no 'path' column: the manifest is not applied"),
        ("", "line 1: the file is empty: the manifest is not applied"),
        ('path,"title', "line 1: a quote opened on this line is never closed"),
    ],
)
def test_a_manifest_without_a_usable_header_is_one_warning(
    tmp_path: Path, header: str, problem: str
) -> None:
    folder = tmp_path / "m"
    files_in(folder, 1)
    (folder / "manifest.csv").write_text(header, encoding="utf-8")
    manifest = load_manifest(folder)
    assert manifest is not None
    assert [problem in text for text in manifest.problems] == [True]
    assert manifest.entries == {}


def test_a_hostile_manifest_is_read_in_bounded_time(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    files_in(folder, 1)
    lines = [HEADER] + [f'doc{n}.txt,"open {n},,,,' for n in range(20_000)]
    lines.append("doc1.txt,Good after them,,,,")
    manifest_in(folder, lines)
    started = time.perf_counter()
    manifest = load_manifest(folder)
    assert time.perf_counter() - started < 10
    assert manifest is not None and len(manifest.problems) == 20_000
    assert manifest.entries == {"doc1.txt": {"title": "Good after them"}}


def test_records_keep_their_first_line_number() -> None:
    text = 'a,b\r\n"x\r\ny",z\r\n\r\nlast,"row"'
    assert [(r.line, r.cells) for r in read_records(text)] == [
        (1, ["a", "b"]),
        (2, ["x\r\ny", "z"]),
        (4, []),
        (5, ["last", "row"]),
    ]


# -- ingest: the folder goes in, with the good rows --------------------------------------


def test_an_ingest_takes_every_file_and_reports_every_bad_row(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "records"
    names = files_in(folder, 10)
    write_docs(folder, {"unlisted.txt": "A record the manifest does not list."})
    rows = [HEADER] + [f"{name},Manifest title {name},2011,memo,," for name in names]
    rows[3] = "doc3.txt,Bad date,31/31/2011,memo,,"
    rows[5] = "doc5.txt,Bad Bates,,memo,-40,"
    rows[7] = 'doc7.txt,"Unterminated,2011,memo,,'
    rows.append("../../etc/passwd,Escape,,,,")
    rows.append("missing.txt,Gone,,,,")
    manifest_in(folder, rows)
    (folder / "doc9.meta.json").write_text('{"title": "Sidecar", "date": ', encoding="utf-8")
    (folder / "doc10.txt.meta.json").write_text('{"source": "ICE FOIA Office"}', encoding="utf-8")
    report = home.ingest(folder)
    assert report.failed == []
    assert report.added == 11
    manifest_warnings = [w for w in report.warnings if "manifest.csv, line" in w]
    assert lines_of(manifest_warnings) == [4, 6, 8, 12, 13]
    assert "there is no file 'missing.txt'" in manifest_warnings[-1]
    assert [w for w in report.warnings if "doc9.meta.json" in w] == [
        f"{folder / 'doc9.meta.json'}, line 1: Expecting value: the sidecar is not applied"
        " to doc9.txt"
    ]
    titles = {Path(d["path"]).name: d["title"] for d in home.store.list_documents()}
    assert titles["doc1.txt"] == "Manifest title doc1.txt"
    assert titles["doc9.txt"] == "Manifest title doc9.txt"  # its broken sidecar is left out
    for bad in ("doc3.txt", "doc5.txt", "doc7.txt"):  # extraction's metadata only
        assert not titles[bad].startswith(("Manifest", "Bad", "Unterminated"))
    assert "unlisted.txt" in titles
    by_source = search(home.engine, home.store, SearchRequest('source:"ICE FOIA Office"'))
    assert [Path(d.path).name for d in by_source.documents] == ["doc10.txt"]

    # The same warnings on every run until the manifest is fixed; then the rows apply.
    again = home.ingest(folder)
    assert (again.unchanged, again.warnings) == (11, report.warnings)
    rows[3] = "doc3.txt,Fixed date,2011-03-31,memo,,"
    manifest_in(folder, rows)
    fixed = home.ingest(folder)
    assert fixed.updated == 1
    assert lines_of([w for w in fixed.warnings if "manifest.csv" in w]) == [6, 8, 12, 13]
    dated = search(home.engine, home.store, SearchRequest("date:2011-03-31"))
    assert [d.title for d in dated.documents] == ["Fixed date"]


def test_the_cli_prints_each_bad_row_as_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    files_in(folder, 2)
    manifest_in(folder, [HEADER, "doc1.txt,A,2011-99,,,", "doc2.txt,B,,,ICE-x,"])
    home = tmp_path / "home"
    result = CliRunner().invoke(
        main, ["--home", str(home), "ingest", str(folder), "--ocr", "off", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added 2, updated 0")
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert lines_of(warnings) == [2, 3]
    as_json = CliRunner().invoke(main, ["--home", str(home), "ingest", str(folder), "--json"])
    assert lines_of(json.loads(as_json.output)["warnings"]) == [2, 3]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"bates_start": -5}', "bates_start -5 is negative"),
        ('{"bates_start": "ICE"}', "bates_start 'ICE' is not a Bates number"),
        ('{"title": ["a", "list"]}', "title is not text"),
        ('{"date": "2999-01-01"}', "is in the future"),
        ('{"tags": {"a": 1}}', "tags is neither a list nor comma-separated text"),
        ('{"title": "A\\u0000B"}', "title holds a NUL character"),
        ("\xff\xfe not json", "not readable JSON"),
    ],
)
def test_a_broken_sidecar_is_a_warning_for_its_file_only(
    tmp_path: Path, home: Home, content: str, problem: str
) -> None:
    folder = tmp_path / "records"
    files_in(folder, 2)
    manifest_in(folder, [HEADER, "doc1.txt,From the manifest,2011,,,"])
    (folder / "doc1.txt.meta.json").write_bytes(content.encode("latin-1"))
    (folder / "doc2.txt.meta.json").write_text('{"title": "Good sidecar"}', encoding="utf-8")
    report = home.ingest(folder)
    assert (report.added, report.failed) == (2, [])
    (warning,) = report.warnings
    assert warning.startswith(str(folder / "doc1.txt.meta.json"))
    assert problem in warning and warning.endswith("the sidecar is not applied to doc1.txt")
    titles = {Path(d["path"]).name: d["title"] for d in home.store.list_documents()}
    assert titles == {"doc1.txt": "From the manifest", "doc2.txt": "Good sidecar"}

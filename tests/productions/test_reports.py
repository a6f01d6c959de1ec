"""Productions and their reports on a real ingested corpus: membership, counts, gaps,
duplicate pages, citations, exports read back, the CLI, and `production:` in search."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from indexer.cli import main
from indexer.productions.export import export_report
from indexer.productions.report import UnknownProductionError, list_productions, production_report
from indexer.search.service import SearchRequest
from indexer.search.tags import search_with_tags
from indexer.store.database import Store
from tests.conftest import Home
from tests.productions.report_corpus import RELEASE, RELEASE_DATE

ICE = "ice-foia-2019-0412-interim-1"


def run(home: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def store(report_home: Path) -> Store:
    opened = Store(report_home)
    yield opened  # type: ignore[misc]
    opened.close()


def test_productions_come_from_the_release_else_the_prefix_and_folder(store: Store) -> None:
    summaries, outside = list_productions(store)
    assert [s.production.name for s in summaries] == [RELEASE, "CBP (boxes)", "DOJ-OIP (boxes)"]
    assert [s.production.production_id for s in summaries] == [ICE, "cbp-boxes", "doj-oip-boxes"]
    assert outside == 1  # the press statement: no release, no stamp
    ice = summaries[0]
    assert ice.release_date == RELEASE_DATE and ice.release_date_source == "manifest"
    counts = ice.counts
    assert (counts.documents, counts.pages) == (4, 8)
    assert (counts.whole, counts.redacted, counts.withheld, counts.ocr) == (5, 2, 1, 0)
    assert counts.exemptions() == [("b5", 1, 1), ("b6", 1, 2), ("b7c", 1, 1)]
    assert (counts.date_first, counts.date_last) == ("2018-01-15", "2018-04-15")
    cbp = summaries[1]
    assert cbp.production.prefix == "CBP" and cbp.production.folder.endswith("boxes")
    assert (cbp.counts.documents, cbp.counts.pages, cbp.counts.whole) == (2, 3, 3)


def test_the_report_finds_gaps_slip_sheets_and_duplicate_pages(store: Store) -> None:
    report = production_report(store, ICE)
    gaps = [(g.first, g.last, g.count, g.status) for g in report.gaps]
    assert gaps == [
        ("ICE-000005", "ICE-000006", 2, "withheld"),
        ("ICE-000009", "ICE-000010", 2, "missing"),
    ]
    slip = report.gaps[0].slip_sheet
    assert slip is not None and slip[1:] == (1, "ICE-000004")
    assert report.gaps[1].shown_status == "missing, no slip sheet"
    assert [[place[2] for place in dup.places] for dup in report.duplicates] == [
        ["ICE-000012", "ICE-000003"]
    ]
    assert report.bates_first is not None and report.bates_first.startswith("ICE-")
    assert len(report.documents) == 4
    assert sum(line.counts.pages for line in report.documents) == 8
    assert production_report(store, RELEASE.upper()) is not None  # by name, any case
    gaps_cbp = production_report(store, "cbp-boxes").gaps
    assert [(g.first, g.status) for g in gaps_cbp] == [("CBP 000103", "missing")]
    assert production_report(store, "doj-oip-boxes").gaps == []


def test_every_row_is_citable_with_its_pinpoint_page_and_bates(store: Store) -> None:
    report = production_report(store, ICE, base_url="https://foia.example.org")
    memo = next(line for line in report.documents if line.row.path.endswith("memo-1.txt"))
    assert memo.citation.bates_range == "ICE-000001 to ICE-000003"
    slip = report.gaps[0].slip_sheet
    assert slip is not None
    cited = report.page_citations[slip[:2]]
    assert cited.page == 1 and cited.bates == "ICE-000004"
    assert cited.url.startswith("https://foia.example.org/doc/")
    rendered = run(store.home, "production", ICE, "--cite", "ris")
    assert rendered.count("TY  - ") == len(report.citations())
    assert "ICE-000004" in rendered


def test_unknown_production_is_a_clear_error(store: Store, report_home: Path) -> None:
    with pytest.raises(UnknownProductionError):
        production_report(store, "no-such-release")
    result = CliRunner().invoke(main, ["--home", str(report_home), "production", "nope"])
    assert result.exit_code == 1 and "no production 'nope'" in result.output


def test_exports_read_back(store: Store, tmp_path: Path, report_home: Path) -> None:
    report = production_report(store, ICE)
    body = json.loads(run(report_home, "production", ICE, "--format", "json"))
    assert body["production_id"] == ICE and len(body["gaps"]) == 2
    assert body["gaps"][0]["citation"]["bates"] == "ICE-000004"
    text = run(report_home, "production", ICE, "--format", "csv")
    tables = [chunk for chunk in text.split("\n\n")]
    assert [t.splitlines()[0] for t in tables] == [
        "# Summary", "# Exemptions", "# Documents", "# Bates gaps", "# Duplicate pages",
    ]  # fmt: skip
    gaps = list(csv.DictReader(io.StringIO(tables[3].split("\n", 1)[1])))
    assert [row["status"] for row in gaps] == [
        report.gaps[0].shown_status,
        "missing, no slip sheet",
    ]
    markdown = run(report_home, "production", ICE, "--format", "md")
    assert markdown.startswith(f"# Production report: {RELEASE}")
    assert "| ICE-000009 | ICE-000010 | 2 | missing, no slip sheet |" in markdown
    out = tmp_path / "report.xlsx"
    run(report_home, "production", ICE, "--format", "xlsx", "--out", str(out))
    workbook = load_workbook(out, read_only=True)
    assert workbook.sheetnames == [
        "Summary",
        "Exemptions",
        "Documents",
        "Bates gaps",
        "Duplicate pages",
    ]
    rows = list(workbook["Documents"].iter_rows(values_only=True))
    assert rows[0][:5] == ("doc_id", "title", "date", "type", "pages")
    assert sorted(row[4] for row in rows[1:]) == [1, 1, 3, 3]
    summary = dict(workbook["Summary"].iter_rows(values_only=True))
    assert summary["pages_withheld"] == 1 and summary["bates_gaps"] == 2
    assert load_workbook(io.BytesIO(export_report(report, "xlsx"))).sheetnames[0] == "Summary"  # type: ignore[arg-type]


def test_the_productions_command(report_home: Path) -> None:
    listed = json.loads(run(report_home, "productions", "--json"))
    assert [p["production_id"] for p in listed["productions"]] == [
        ICE,
        "cbp-boxes",
        "doj-oip-boxes",
    ]
    assert listed["documents_outside"] == 1
    text = run(report_home, "productions")
    assert "5 whole, 2 partly redacted, 1 withheld in full" in text


def test_search_limited_to_one_production_and_its_facet(report_home: Path) -> None:
    home = Home(report_home)
    try:
        everywhere = search_with_tags(home.engine, home.store, SearchRequest("border OR policy"))
        assert everywhere.total_documents == 4
        assert everywhere.facets["production"] == {"CBP (boxes)": 2, "DOJ-OIP (boxes)": 2}
        for limited in (
            SearchRequest("border OR policy", filters={"production": "DOJ-OIP (boxes)"}),
            SearchRequest("(border OR policy) production:doj-oip-boxes"),
        ):
            result = search_with_tags(home.engine, home.store, limited)
            assert result.total_documents == 2
            assert result.facets["production"] == {"DOJ-OIP (boxes)": 2}
        # A production named by its release is searched through the index's release field.
        by_release = SearchRequest("detention", filters={"release": RELEASE})
        expected = search_with_tags(home.engine, home.store, by_release).total_documents
        assert expected == 3  # every page but the slip sheet prints "detention"
        for limited in (
            SearchRequest("detention", filters={"production": ICE}),
            SearchRequest(f'detention production:"{RELEASE.lower()}"'),
        ):
            result = search_with_tags(home.engine, home.store, limited)
            assert result.total_documents == expected
            assert result.facets["production"] == {RELEASE: expected}
        nothing = SearchRequest("policy production:no-such-release")
        assert search_with_tags(home.engine, home.store, nothing).total_documents == 0
    finally:
        home.close()


def test_a_new_release_updates_the_reports_and_loses_nothing(
    report_home: Path, tmp_path: Path
) -> None:
    import shutil

    from tests.productions.report_corpus import page, write

    home_path = tmp_path / "home"
    shutil.copytree(report_home, home_path)
    home = Home(home_path)
    try:
        before, _ = list_productions(home.store)
        write(tmp_path / "later", {"late.txt": [page("A later page.", "ICE-000009")]})
        (tmp_path / "later" / "late.txt.meta.json").write_text(json.dumps({"release": RELEASE}))
        home.ingest(tmp_path / "later")
        after, _ = list_productions(home.store)
        assert after[0].counts.pages == before[0].counts.pages + 1
        gaps = production_report(home.store, ICE).gaps
        assert [(g.first, g.last) for g in gaps] == [
            ("ICE-000005", "ICE-000006"),
            ("ICE-000010", "ICE-000010"),
        ]
    finally:
        home.close()

"""Batch search on a real index: counts and rows as `search` finds them, snippets as the
highlighter cuts them, bad lines reported by number, encodings, caps, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from indexer.search.service import SearchRequest, search
from indexer.text.highlight import snippet
from indexer.tools.batch import CSV_COLUMNS, BatchReport, run_batch, write_csv, write_json
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines


def pages(*texts: str, prefix: str = "ICE FOIA 10-2674", start: int = 1) -> str:
    """A multi-page text file: pages split by form feeds, each ending with a Bates stamp."""
    return "\f".join(f"{text}\n\n{prefix}.{start + n:07d}" for n, text in enumerate(texts))


DOCS = {
    "memo.txt": pages(
        "MEMORANDUM FOR Field Office Directors\nSUBJECT: Secure Communities deployment\n"
        "Counties asked whether they may opt out of Secure Communities. Headquarters answered"
        " that the program is a federal information-sharing partnership.",
        "The opt-out question came up again when Santa Clara County wrote to the sheriff."
        " Names were withheld under (b)(6) and (b)(7)(C).",
        "Appendix A lists the 287(g) agreements signed with sheriffs in Arizona, and the"
        " detention standards that apply to them.",
        start=101,
    ),
    "email.txt": pages(
        "From: Gray, Kimberly\nSent: Friday, August 7, 2009\nSubject: Optout\n"
        "States opting out of Secure Communities would still share fingerprints with the FBI.",
        "Interoperability lets a booking's fingerprints reach DHS. Detainers followed in"
        " Cook County; the detainee was held in detention for two days.",
        start=201,
    ),
    "letter.txt": '=HYPERLINK("http://example.invalid") Dear Sheriff Peña, the café meeting on'
    " detention standards is moved. The 287g program grew in Maricopa County.",
    "report.txt": pages(
        "Detention statistics for the fiscal year: detainees held, detainers lodged.",
        "Deaths in custody are reported to the Office of Detention Oversight.",
        "Santa Clara opted out in 2010; other counties kept sharing.",
        start=301,
    ),
    "notes.txt": "Meeting notes: Secure Communities activation schedule for Illinois.",
}
QUERIES = [
    "detention",
    "opt out",
    "opt-out",
    "optout",
    '"secure communities"',
    "287(g)",
    "(b)(6)",
    "b7c",
    "sheriff*",
    "detain",
    "fingerprints AND NOT fbi",
    "secure OR county",
    "pena",
    "title:memorandum",
    "bates:10-2674.0000102",
    "fingreprints~",
]


def build_home(base: Path) -> Home:
    """A home with DOCS ingested."""
    home = Home(base / "home")
    report = home.ingest(write_docs(base / "docs", DOCS))
    assert report.added == len(DOCS) and not report.failed
    return home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    built = build_home(tmp_path_factory.mktemp("batch"))
    yield built
    built.close()


def run(home: Home, lines: bytes | str, **options: int) -> BatchReport:
    return run_batch(home.engine, home.store, lines, **options)


def matching_pages(home: Home, text: str) -> list[tuple[str, int]]:
    result = search(home.engine, home.store, SearchRequest(text, limit=100, pages_per_document=20))
    return [(doc.doc_id, page.page) for doc in result.documents for page in doc.pages]


def test_counts_and_rows_are_what_search_finds(home: Home) -> None:
    report = run(home, "\n".join(QUERIES))
    assert [query.query for query in report.queries] == QUERIES
    assert not report.problems
    for query in report.queries:
        result = search(home.engine, home.store, SearchRequest(query.query))
        assert (query.total_documents, query.total_pages) == (
            result.total_documents,
            result.total_pages,
        ), query.query
        assert sorted(query.pages) == sorted(matching_pages(home, query.query)), query.query
        if result.documents:  # best first: the top page of the search is the first row
            top = result.documents[0]
            assert query.pages[0] == (top.doc_id, top.pages[0].page)
    assert report.total_rows == sum(q.total_pages for q in report.queries) > 20


def test_snippets_are_the_highlighters(home: Home) -> None:
    report = run(home, "\n".join(QUERIES))
    checked = 0
    for query in report.queries:
        html_rows = list(report.rows(query, html=True))
        plain_rows = list(report.rows(query, html=False))
        for html_row, plain_row in zip(html_rows, plain_rows, strict=True):
            if html_row.doc_id is None:
                continue
            assert html_row.page is not None
            text = home.store.page_texts(html_row.doc_id, [html_row.page])[html_row.page]
            expected = snippet(text, query.terms)
            assert html_row.snippet == expected, query.query
            assert plain_row.snippet == unescape(re.sub("</?mark>", "", expected))
            checked += 1
    assert checked == report.total_rows
    marked = [row.snippet for q in report.queries for row in report.rows(q) if row.doc_id]
    assert sum("<mark>" in cut for cut in marked) > 20


def test_bates_and_urls(home: Home) -> None:
    report = run(home, "labelled\tdetention OR custody")
    query = report.queries[0]
    assert query.label == "labelled" and query.query == "detention OR custody"
    rows = list(report.rows(query))
    stamps = {row.bates for row in rows}
    assert "ICE FOIA 10-2674.0000103" in stamps and "ICE FOIA 10-2674.0000302" in stamps
    assert all(row.url == f"/doc/{row.doc_id}/p/{row.page}" for row in rows)


def test_bad_lines_are_reported_by_number_and_the_rest_runs(home: Home) -> None:
    lines = [
        "# a comment",  # 1: skipped
        "",  # 2: skipped
        "first\tdetention",  # 3
        "a\tb\tc",  # 4: error
        "label only\t",  # 5: error
        '"unclosed phrase',  # 6: repaired, runs
        "()",  # 7: nothing to search
        "bad\x07bell",  # 8: error
        "   ",  # 9: skipped
        "x" * 1200,  # 10: cut, runs
        "last\tsecure communities",  # 11
    ]
    report = run(home, "\r\n".join(lines))
    problems = {(p.line, p.is_error) for p in report.problems}
    assert problems == {(4, True), (5, True), (6, False), (7, True), (8, True), (10, False)}
    assert [q.line for q in report.queries] == [3, 6, 10, 11]
    repaired = report.queries[1]
    assert repaired.notice and "quotation mark" in repaired.notice
    assert repaired.total_pages == len(matching_pages(home, "unclosed phrase"))
    assert report.queries[-1].total_pages == len(matching_pages(home, "secure communities"))
    messages = {p.line: p.message for p in report.problems}
    assert "tab" in messages[4] and "no query" in messages[5]


def test_a_file_that_is_not_utf8(home: Home) -> None:
    data = "detention\nPe\u00f1a\nsheriff\n".encode("cp1252")
    report = run(home, data)
    assert report.encoding == "utf-8, some lines cp1252"
    assert [(p.line, p.is_error) for p in report.problems] == [(2, False)]
    assert report.problems[0].message == "1 line is not UTF-8 and was read as cp1252 (line 2)"
    two = run(home, b"caf\xe9\ndetention\nna\xefve\n").problems
    assert two[0].message == "2 lines are not UTF-8 and were read as cp1252 (lines 1, 3)"
    pena = report.queries[1]
    assert pena.query == "Pe\u00f1a" and pena.total_documents == 1
    utf16 = run(home, "detention\nsheriff\n".encode("utf-16"))  # with its byte order mark
    assert utf16.encoding == "utf-16" and [q.query for q in utf16.queries] == [
        "detention",
        "sheriff",
    ]
    assert not utf16.problems


def test_rows_are_capped_and_the_cap_reported(home: Home) -> None:
    report = run(home, "detention\nsecure OR county", max_rows_per_query=2)
    for query in report.queries:
        assert len(query.pages) == 2 and query.is_truncated
        full = search(home.engine, home.store, SearchRequest(query.query))
        assert query.total_pages == full.total_pages > 2
    assert [p.line for p in report.problems] == [1, 2]
    assert all("only the best 2" in p.message and not p.is_error for p in report.problems)


def test_ten_thousand_lines(home: Home) -> None:
    words = ["detention", "sheriff", "fingerprints", "county", "pena", "custody", "opt out"]
    lines = [
        "# header" if n % 50 == 0 else f"q{n}\t{words[n % len(words)]} {n % 300}"
        for n in range(10_000)
    ]
    report = run(home, "\n".join(lines))
    assert len(report.queries) == 9_800 and not report.problems
    assert report.queries[-1].line == 10_000
    assert report.seconds < 30


def test_csv_and_json(home: Home) -> None:
    report = run(home, "# terms\ndetention\nnothing matches zzyzx\nmeet*\n")
    buffer = io.StringIO()
    written = write_csv(report, buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS and written == report.total_rows
    body = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    empty = [row for row in body if row["query"] == "nothing matches zzyzx"]
    assert len(empty) == 1 and empty[0]["doc_id"] == "" and empty[0]["query_pages"] == "0"
    assert all("<mark>" not in row["snippet"] for row in body)
    # The letter opens with a spreadsheet formula: the cell must not run as one.
    letter = [row for row in body if "HYPERLINK" in row["snippet"]]
    assert letter and all(row["snippet"].startswith("'=") for row in letter)
    detention = [row for row in body if row["query"] == "detention"]
    assert len(detention) == report.queries[0].total_pages
    assert {row["line"] for row in detention} == {"2"}

    buffer = io.StringIO()
    assert write_json(report, buffer) == written
    data = json.loads(buffer.getvalue())
    assert [q["query"] for q in data["queries"]] == ["detention", "nothing matches zzyzx", "meet*"]
    first = data["queries"][0]
    assert len(first["rows"]) == first["total_pages"]
    assert set(first["rows"][0]) == {"doc_id", "page", "bates", "title", "snippet", "url"}
    assert any("<mark>" in row["snippet"] for row in first["rows"])
    assert data["queries"][1]["rows"] == [] and data["total_rows"] == written


def test_absolute_permalinks_for_downloads(home: Home) -> None:
    report = run(home, "detention\nnothing matches zzyzx\n")
    buffer = io.StringIO()
    write_csv(report, buffer, base_url="https://foia.example/")
    body = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    found = [row for row in body if row["doc_id"]]
    assert found and all(
        row["url"] == f"https://foia.example/doc/{row['doc_id']}/p/{row['page']}" for row in found
    )
    assert [row["url"] for row in body if not row["doc_id"]] == [""]
    buffer = io.StringIO()
    write_json(report, buffer, base_url="https://foia.example")
    rows = json.loads(buffer.getvalue())["queries"][0]["rows"]
    assert rows and all(row["url"].startswith("https://foia.example/doc/") for row in rows)


def test_each_row_names_its_documents_title(home: Home) -> None:
    """Issue 14, defect 16: the CSV had no title column, so a row said only a doc_id."""
    report = run(home, "detention\nnothing matches zzyzx\n")
    buffer = io.StringIO()
    write_csv(report, buffer)
    body = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    rows = home.store.document_rows(sorted({row["doc_id"] for row in body if row["doc_id"]}))
    assert rows and all(row.title for row in rows.values())
    for row in body:
        expected = rows[row["doc_id"]].title if row["doc_id"] else ""
        # a title a spreadsheet would run as a formula is guarded, as every free-text cell
        assert row["title"] == ("'" if expected.startswith("=") else "") + expected
    assert [r.title for q in report.queries for r in report.rows(q) if r.doc_id] == [
        row["title"].removeprefix("'") for row in body if row["doc_id"]
    ]


@pytest.mark.parametrize(
    ("line", "says", "query"),
    [
        ("\tdetention", "starts with a tab", "detention"),  # the label column left empty
        ("  detention", "spaces at the start", "detention"),
        ("deten\u200btion", "U+200B", "deten tion"),  # a zero-width space from a paste
        ("label\tsecure\u00a0communities", "U+00A0", "secure communities"),
        ("\ufeffdetention", "U+FEFF", "detention"),  # a byte order mark inside the text
        ("secure\u2003communities", "U+2003", "secure communities"),
    ],
)
def test_a_line_with_odd_whitespace_is_reported_not_run_silently(
    home: Home, line: str, says: str, query: str
) -> None:
    """Issue 14, defect 16: a line starting with a tab ran with no word said. Every odd
    space or invisible character is reported on its line; the query runs as it reads."""
    report = run(home, f"detention\n{line}\ncustody\n")
    notices = [p for p in report.problems if p.line == 2]
    assert notices and not any(p.is_error for p in notices), report.problems
    assert any(says in p.message for p in notices), notices
    assert not [p for p in report.problems if p.line != 2]
    assert [q.line for q in report.queries] == [1, 2, 3]
    assert report.queries[1].query == query
    plain = run(home, query)
    assert report.queries[1].total_pages == plain.queries[0].total_pages

"""Dockets through the real pipeline and index: case:, plain queries, precision, the facet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.search.service import SearchRequest, search
from indexer.search.tags import search_with_tags
from tests.conftest import Home, write_docs

# Invented records in the styles of other courts than the evaluation set's.
NINTH_CIRCUIT = (
    "UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT\n"
    "ORTEGA-LUNA, Petitioner-Appellee,\n  v.                         No. 20-16811\n"
    "                             D.C. No. 3:20-cv-02731-VC\n"
    "ORDER\nThe motion to stay the release order is denied.\n"
    "\fThe detention facility reported forty cases of influenza in the quarantine wing.\n"
    "\fCase: 20-16811, 11/02/2020, DktEntry: 14, Page 3 of 3\nThe mandate shall issue.\n"
)
EDNY = (
    "UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF NEW YORK\n"
    "MEMORANDUM AND ORDER\n16-CV-4756 (NGG) (JO)\n"
    "The agency's rescission memorandum is vacated.\n"
    "\fCase 1:16-cv-04756-NGG-JO Document 254 Filed 11/09/17 Page 2 of 30\n"
    "The plaintiffs' motion for a preliminary injunction is granted.\n"
)
CRIMINAL = (
    "UNITED STATES v. DOE\nCriminal No. 21-1088 (PLF)\nJUDGMENT IN A CRIMINAL CASE\n"
    "The defendant pleaded guilty to count one of the information.\n"
)
CIVIL = (
    "ROE v. EXECUTIVE OFFICE FOR IMMIGRATION REVIEW\nCase No. 1:21-cv-01088-APM\n"
    "ORDER granting the motion to compel the Vaughn index.\n"
)
NOISE = (
    "Acknowledgment of FOIA Request No. 19-4521, received 12-10-2011.\n"
    "Call 202-555-0143 with questions about request 2018-01123 or Pub. L. No. 99-603.\n"
    "Cal. Penal Code section 12-345 applies. Bates DHS-ICE-0004521.\n"
)
NEVADA_PDF_PAGES = [
    ["Case 2:19-cv-01178-JAD-EJY Document 12 Filed 07/30/19 Page 1 of 2",
     "ORDER on the petition for a writ of habeas corpus"],
    ["Case 2:19-cv-01178-JAD-EJY Document 12 Filed 07/30/19 Page 2 of 2",
     "The respondents shall answer the petition within thirty days."],
]  # fmt: skip


def _write_pdf(path: Path, pages: list[list[str]]) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdf = canvas.Canvas(str(path), invariant=1)
    for lines in pages:
        for index, line in enumerate(lines):
            pdf.drawString(72, 720 - 14 * index, line)
        pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def court_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    folder = write_docs(
        tmp_path_factory.mktemp("court"),
        {
            "ninth-circuit-order.txt": NINTH_CIRCUIT,
            "edny-opinion.txt": EDNY,
            "criminal-judgment.txt": CRIMINAL,
            "civil-order.txt": CIVIL,
            "request-letter.txt": NOISE,
        },
    )
    _write_pdf(folder / "nevada-order.pdf", NEVADA_PDF_PAGES)
    home = Home(tmp_path_factory.mktemp("court-home"))
    report = home.ingest(folder)
    assert not report.failed and report.added == 6
    yield home
    home.close()


def _found(home: Home, text: str, **filters: str) -> dict[str, list[int]]:
    """{file name: pages listed} of a search."""
    result = search(home.engine, home.store, SearchRequest(text, filters=filters, limit=50))
    return {Path(d.path).name: sorted(p.page for p in d.pages) for d in result.documents}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("case:20-cv-2731", {"ninth-circuit-order.txt": [1]}),
        ("case:3:20-cv-02731-VC", {"ninth-circuit-order.txt": [1]}),
        ('case:"20 Civ. 2731"', {"ninth-circuit-order.txt": [1]}),
        ("case:20-16811", {"ninth-circuit-order.txt": [1, 3]}),
        ('case:"No. 20-16811"', {"ninth-circuit-order.txt": [1, 3]}),
        ("case:16-cv-4756", {"edny-opinion.txt": [1, 2]}),
        ("case:16cv4756", {"edny-opinion.txt": [1, 2]}),
        ("case:19-cv-1178", {"nevada-order.pdf": [1, 2]}),
        ("case:21-cr-1088", {"criminal-judgment.txt": [1]}),
        ("case:21-cv-1088", {"civil-order.txt": [1]}),
        ("case:21-1088", {"criminal-judgment.txt": [1], "civil-order.txt": [1]}),
        ("case:19-4521", {}),
        ("case:12-345", {}),
    ],
)
def test_case_field_finds_the_pages_that_print_the_docket(
    court_home: Home, query: str, found: dict[str, list[int]]
) -> None:
    assert _found(court_home, query) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("20 Civ. 2731", {"ninth-circuit-order.txt": [1]}),
        ("3:20-cv-2731", {"ninth-circuit-order.txt": [1]}),
        ("Case No. 20-16811", {"ninth-circuit-order.txt": [1, 3]}),
        ("16 Civ. 4756", {"edny-opinion.txt": [1, 2]}),
        ("1:16-cv-04756", {"edny-opinion.txt": [1, 2]}),
        ("No. 16-CV-4756 injunction", {"edny-opinion.txt": [2]}),
        ("2:19cv1178", {"nevada-order.pdf": [1, 2]}),
        ("19 Civ. 1178 (JAD)", {"nevada-order.pdf": [1, 2]}),
        ("21 Cr. 1088", {"criminal-judgment.txt": [1]}),
        ("1:21-cr-01088", {"criminal-judgment.txt": [1]}),
        ("21-cv-1088", {"civil-order.txt": [1]}),
        ("No. 21-1088", {"criminal-judgment.txt": [1], "civil-order.txt": [1]}),
        ("Civil Action No. 21-1088", {"criminal-judgment.txt": [1], "civil-order.txt": [1]}),
        ("19-cv-4521", {}),
        ("2:18-cv-01178", {}),
    ],
)
def test_plain_queries_find_a_docket_in_any_style(
    court_home: Home, query: str, found: dict[str, list[int]]
) -> None:
    assert _found(court_home, query) == found


def test_a_docket_typed_in_full_no_longer_matches_its_parts_everywhere(court_home: Home) -> None:
    # Before issue 11, `1:16-cv-04756` matched every page holding a "1", "16" or "cv".
    result = search(court_home.engine, court_home.store, SearchRequest("1:16-cv-04756"))
    assert (result.total_documents, result.total_pages) == (1, 2)


def test_the_facet_lists_the_cases_of_each_matching_document(court_home: Home) -> None:
    result = search(court_home.engine, court_home.store, SearchRequest("influenza"))
    # Page 2 alone matches, and prints no docket: the facet lists the document's cases.
    assert [Path(d.path).name for d in result.documents] == ["ninth-circuit-order.txt"]
    assert result.facets["case"] == {"20-16811": 1, "20-cv-2731": 1}
    result = search(court_home.engine, court_home.store, SearchRequest("order OR orders"))
    assert result.facets["case"] == {
        "16-cv-4756": 1,
        "19-cv-1178": 1,
        "20-16811": 1,
        "20-cv-2731": 1,
        "21-cv-1088": 1,
    }


def test_the_facet_counts_documents_and_labels_typed_keys(court_home: Home) -> None:
    result = search(court_home.engine, court_home.store, SearchRequest("the"))
    assert result.facets["case"] == {
        "16-cv-4756": 1,
        "19-cv-1178": 1,
        "20-16811": 1,
        "20-cv-2731": 1,
        "21-cr-1088": 1,
        "21-cv-1088": 1,
    }


def test_a_case_filter_narrows_to_the_pages_that_print_it(court_home: Home) -> None:
    assert _found(court_home, "the", case="21-cr-1088") == {"criminal-judgment.txt": [1]}
    assert _found(court_home, "mandate", case="20-16811") == {"ninth-circuit-order.txt": [3]}
    assert _found(court_home, "influenza", case="20-16811") == {}


def test_the_case_labels_are_stored_with_the_document(court_home: Home) -> None:
    cases = {
        Path(row["path"]).name: court_home.store.load_document(row["doc_id"]).metadata.get("cases")  # type: ignore[union-attr]
        for row in court_home.store.list_documents()
    }
    assert cases == {
        "ninth-circuit-order.txt": ["20-16811", "20-cv-2731"],
        "edny-opinion.txt": ["16-cv-4756"],
        "criminal-judgment.txt": ["21-cr-1088"],
        "civil-order.txt": ["21-cv-1088"],
        "request-letter.txt": None,
        "nevada-order.pdf": ["19-cv-1178"],
    }


@pytest.mark.parametrize("value", ["junk", "12-10-2011", "2018-01123", "see 21-cv-1088"])
def test_a_value_that_is_no_docket_is_told_and_loses_nothing(court_home: Home, value: str) -> None:
    result = search_with_tags(
        court_home.engine, court_home.store, SearchRequest(f"case:{value!r}".replace("'", '"'))
    )
    assert result.total_documents == 0
    assert result.notice is not None and "is not a docket number" in result.notice
    assert _found(court_home, "case:21-cv-1088") == {"civil-order.txt": [1]}
    assert len(court_home.store.list_documents()) == 6

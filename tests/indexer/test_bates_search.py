"""Bates stamps of styles no list knows, end to end: reportlab PDFs with stamps in their
corners (some as a scanner damaged them, one production numbered by its cover), ingested into
a real index and found through `bates:` and through plain queries, in every form a person
types; and plain numbers that must not turn into a Bates search. Every stamp is invented."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest
from indexer.model.results import SearchResult
from indexer.reading.documents import document_json
from indexer.search.engine import Engine
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store


@dataclass(frozen=True)
class Sheet:
    """A page: its lines from the top, and a stamp in the top or the bottom right corner."""

    lines: Sequence[str]
    stamp: str | None = None
    is_top: bool = False


def write_pdf(path: Path, sheets: Sequence[Sheet]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for sheet in sheets:
        pdf.setFont("Helvetica", 10)
        y = 700 if sheet.stamp and sheet.is_top else 720
        for line in sheet.lines:
            pdf.drawString(72, y, line)
            y -= 14
        if sheet.stamp:
            pdf.setFont("Helvetica", 8)
            pdf.drawRightString(576, 750 if sheet.is_top else 30, sheet.stamp)
        pdf.showPage()
    pdf.save()


# Treasury: spaces and hyphens, bottom corner; page 3 as a scanner read it, page 4 unstamped.
TREASURY = [
    Sheet(["Memorandum on the seized currency ledger.", "The ledger was audited in May."],
          "TREAS-2019-FOIA-00877 000120"),
    Sheet(["The auditor found two entries without receipts.", "Both were referred."],
          "TREAS-2019-FOIA-00877 000121"),
    Sheet(["The referral memo went to the inspector on the same day."],
          "TREAS-2O19-F0lA-OO877 OOOI22"),
    Sheet(["The inspector closed the referral without findings."]),
]  # fmt: skip
# Housing: dots in the top corner, the dot of page 2 read as a comma.
HOUSING = [
    Sheet(["Letter to the county housing authority about the voucher waitlist."],
          "HUD.OGC.2021.0412.00031", is_top=True),
    Sheet(["The authority answered that the waitlist reopened in March."],
          "HUD.OGC.2021.0412,00032", is_top=True),
]  # fmt: skip
# A one-page record: a stamp alone in its corner, zero-padded.
LABOR = [Sheet(["Charge dismissed for want of jurisdiction."], "NLRB 2016 FOIA 0192 000007")]
# Unstamped pages whose cover prints their range.
COVER = [
    Sheet(["PRODUCTION COVER SHEET", "Bates range: DOI-FWS 000210 - DOI-FWS 000212"]),
    Sheet(["Field notes on the wetland survey, first day."]),
    Sheet(["Field notes on the wetland survey, second day."]),
    Sheet(["Field notes on the wetland survey, third day."]),
]
# Numbers that look like stamps, in running text: none is this record's stamp.
PROSE = [
    Sheet([
        "Ports recorded 12000 apprehensions in 2019 under the 287(g) program.",
        "We answered FOIA request 2018-01123 and cited Case No. 14-cv-6117.",
        "See TREAS-2019-FOIA-00877 000121 for the audit; call 202-555-0147.",
        "The request was closed.",
    ]),
    Sheet(["Page two of the letter: 121 entries were reviewed."]),
]  # fmt: skip
FILES = {
    "treasury": TREASURY,
    "housing": HOUSING,
    "labor": LABOR,
    "cover": COVER,
    "prose": PROSE,
}


@dataclass
class Built:
    store: Store
    engine: Engine
    doc_ids: dict[str, str]

    def search(self, text: str, exact: bool = False) -> SearchResult:
        request = SearchRequest(text, limit=100, pages_per_document=20, exact=exact)
        return search(self.engine, self.store, request)

    def pages(self, text: str, exact: bool = False) -> set[tuple[str, int]]:
        result = self.search(text, exact)
        return {(Path(doc.path).stem, page.page) for doc in result.documents for page in doc.pages}

    def shown(self, stem: str) -> list[str | None]:
        shown = document_json(self.store, self.doc_ids[stem])
        assert shown is not None
        return [page["bates"] for page in shown["pages"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("productions")
    for stem, sheets in FILES.items():
        write_pdf(folder / f"{stem}.pdf", sheets)
    home = tmp_path_factory.mktemp("home")
    store, engine = Store(home), open_engine(home)
    report = Ingest(store, engine, workers=1, ocr="off").run([folder])
    assert report.failed == [] and report.added == len(FILES)
    doc_ids = {Path(d["path"]).stem: d["doc_id"] for d in store.list_documents()}
    yield Built(store, engine, doc_ids)
    engine.close()
    store.close()


def test_every_stamped_page_shows_its_stamp_repaired(built: Built) -> None:
    assert built.shown("treasury") == [
        "TREAS-2019-FOIA-00877 000120",
        "TREAS-2019-FOIA-00877 000121",
        "TREAS-2019-FOIA-00877 000122",  # printed "TREAS-2O19-F0lA-OO877 OOOI22"
        "TREAS-2019-FOIA-00877 000123",  # unstamped: counted from the page before
    ]
    assert built.shown("housing") == ["HUD.OGC.2021.0412.00031", "HUD.OGC.2021.0412.00032"]
    assert built.shown("labor") == ["NLRB 2016 FOIA 0192 000007"]
    assert built.shown("cover") == [None, "DOI-FWS 000210", "DOI-FWS 000211", "DOI-FWS 000212"]
    assert built.shown("prose") == [None, None]
    shown = document_json(built.store, built.doc_ids["cover"])
    assert shown is not None and shown["bates_range"] == ["DOI-FWS 000210", "DOI-FWS 000212"]


def test_a_search_hit_shows_the_repaired_stamp(built: Built) -> None:
    result = built.search("bates:TREAS-122")
    assert [(hit.bates, hit.page) for doc in result.documents for hit in doc.pages] == [
        ("TREAS-2019-FOIA-00877 000122", 3)
    ]


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ('bates:"TREAS-2019-FOIA-00877 000121"', ("treasury", 2)),  # as printed
        ("bates:TREAS-2019-FOIA-00877-000121", ("treasury", 2)),  # hyphens
        ('bates:"treas 2019 foia 877 121"', ("treasury", 2)),  # spaces, no zeros
        ('bates:"TREAS 2019FOIA00877.000121"', ("treasury", 2)),  # FOIA glued to the year
        ("bates:TREAS-2019-00877-000121", ("treasury", 2)),  # FOIA left out
        ("bates:TREAS-121", ("treasury", 2)),  # the short form
        ("bates:000121", ("treasury", 2)),  # the prefix dropped
        ("bates:TREAS-2019-FOIA-00877-000122", ("treasury", 3)),  # the damaged stamp
        ('bates:"TREAS-2O19-F0lA-OO877 OOOI22"', ("treasury", 3)),  # typed as OCR read it
        ("bates:TREAS-123", ("treasury", 4)),  # the unstamped page
        ("bates:HUD-OGC-2021-412-32", ("housing", 2)),  # the comma page
        ("bates:HUD.OGC.2021.0412.00032", ("housing", 2)),
        ("bates:OGC-31", ("housing", 1)),
        ('bates:"NLRB 2016 FOIA 192 7"', ("labor", 1)),
        ("bates:DOI-FWS-000211", ("cover", 3)),  # a page inside the cover's range
        ("bates:FWS-212", ("cover", 4)),
    ],
)
def test_bates_field_finds_every_form(built: Built, query: str, page: tuple[str, int]) -> None:
    assert built.pages(query) == {page}


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("TREAS-121", ("treasury", 2)),
        ("TREAS 2019 FOIA 877 121", ("treasury", 2)),
        ("TREAS-2019-FOIA-00877-000122", ("treasury", 3)),  # the page OCR damaged
        ("TREAS-122 referral memo", ("treasury", 3)),  # beside other words
        ("TREAS-123 inspector", ("treasury", 4)),
        ("HUD OGC 2021 412 32", ("housing", 2)),
        ("hud.ogc.2021.0412.00032", ("housing", 2)),
        ("NLRB-7", ("labor", 1)),
        ("DOI-FWS-211", ("cover", 3)),
        ('"TREAS 2019 FOIA 877 121"', ("treasury", 2)),  # quoted: the phrase is the stamp
    ],
)
def test_a_plain_query_finds_a_typed_stamp(built: Built, query: str, page: tuple[str, int]) -> None:
    assert built.pages(query) == {page}


def test_what_was_also_matched_is_said(built: Built) -> None:
    result = built.search("TREAS-121")
    assert [expansion.to_json() for expansion in result.expanded] == [
        {"term": "TREAS-121", "also": ["Bates stamp TREAS 121"]}
    ]


def test_exact_spelling_only_does_not_search_the_stamp(built: Built) -> None:
    assert built.pages("TREAS-121", exact=True) == set()
    assert built.pages("=TREAS-121") == set()


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("12000 apprehensions", {("prose", 1)}),
        # a year: the pages that print it, no Bates search
        ("2019", {("prose", 1), ("treasury", 1), ("treasury", 2)}),
        ("287(g)", {("prose", 1)}),
        ("14-cv-6117", {("prose", 1)}),
        ('"FOIA request 2018-01123"', {("prose", 1)}),
        ("121 entries", {("prose", 2)}),  # a bare number: never a stamp in a plain query
        ("7", set()),
        ("NLRB 7", set()),  # an agency and a count
        ("Form NLRB-7", set()),  # a form's number
    ],
)
def test_plain_numbers_do_not_become_a_bates_search(
    built: Built, query: str, pages: set[tuple[str, int]]
) -> None:
    result = built.search(query)
    found = {(Path(doc.path).stem, page.page) for doc in result.documents for page in doc.pages}
    assert found == pages
    assert not [e for e in result.expanded if any(a.startswith("bates:") for a in e.also)]


def test_a_stamp_in_running_text_is_found_as_text_but_is_no_stamp(built: Built) -> None:
    # prose page 1 prints TREAS-2019-FOIA-00877 000121 in a sentence: found as words...
    assert built.pages('"TREAS-2019-FOIA-00877 000121"') == {("treasury", 2), ("prose", 1)}
    # ...but the page carries no stamp of its own
    assert built.pages("bates:121") == {("treasury", 2)}


def test_bates_without_a_number_says_so(built: Built) -> None:
    result = built.search("bates:TREAS")
    assert result.total_pages == 0
    assert result.notice == "bates: takes a stamp that ends in its number, not 'TREAS'."

"""A FOIA production end to end: reportlab PDFs with Bates footers, redaction boxes carrying
exemption labels, e-mail printouts, a memo, a withheld page and a scanned page, ingested with
OCR and searched the way an investigator asks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from indexer.cli import main
from indexer.engines import open_engine
from indexer.extractors.ocr import ocr_available
from indexer.ingest.pipeline import Ingest, IngestReport
from indexer.model.results import SearchResult
from indexer.reading.documents import document_json
from indexer.search.engine import Engine
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store

CORPUS_PDF = Path(__file__).resolve().parents[2] / "corpus" / "pdf"
HAS_OCR = ocr_available()
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="tesseract with eng is not installed")

FONT, SIZE, LEADING = "Helvetica", 10, 14
LEFT, TOP, RIGHT, FOOTER = 72, 720, 540, 40


@dataclass(frozen=True)
class Box:
    """A redaction: a black box with the exemption label printed on it in white."""

    label: str
    width: float = 50.0


Line = str | Sequence[str | Box]


@dataclass(frozen=True)
class Sheet:
    """One page to draw: its lines and the Bates stamp in its footer (None: unstamped)."""

    lines: Sequence[Line]
    stamp: str | None = None


def draw_line(pdf: canvas.Canvas, line: Line, y: float) -> None:
    x = float(LEFT)
    space = stringWidth(" ", FONT, SIZE)
    for part in [line] if isinstance(line, str) else line:
        if isinstance(part, Box):
            width = max(part.width, stringWidth(part.label, FONT, SIZE) + 8)
            x += space
            pdf.setFillColorRGB(0, 0, 0)
            pdf.rect(x, y - 3, width, SIZE + 4, fill=1, stroke=0)
            pdf.setFillColorRGB(1, 1, 1)
            pdf.drawString(x + 4, y, part.label)
            pdf.setFillColorRGB(0, 0, 0)
            x += width + space
        else:
            pdf.drawString(x, y, part)
            x += stringWidth(part, FONT, SIZE)


def write_pdf(path: Path, sheets: Sequence[Sheet]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for sheet in sheets:
        pdf.setFont(FONT, SIZE)
        for index, line in enumerate(sheet.lines):
            draw_line(pdf, line, TOP - index * LEADING)
        if sheet.stamp:
            pdf.drawRightString(RIGHT, FOOTER, sheet.stamp)
        pdf.showPage()
    pdf.save()
    return path


def write_scanned_pdf(path: Path, sheet: Sheet, work_dir: Path, dpi: int = 200) -> Path:
    """A page drawn as text, rasterised by PDFium and saved as an image alone: no text layer."""
    vector = write_pdf(work_dir / f"{path.stem}-vector.pdf", [sheet])
    document = pdfium.PdfDocument(vector)
    try:
        bitmap = document[0].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().copy()
    finally:
        document.close()
    image.save(path, format="PDF", resolution=dpi)
    vector.unlink()
    return path


# The production. Penney sends page 1 of the thread and receives page 2; Rodriguez writes to
# him alone in email-to-penney. Exemption labels in every printed form; page 3 is unstamped.
PRODUCTION = [
    Sheet(
        [
            "From: Penney, Marc",
            "Sent: Tuesday, May 11, 2010 9:14 AM",
            ["To: Rodriguez, Alma;", Box("(b)(6)")],
            "Cc: Walker, Thomas",
            "Subject: RE: Arlington County opt-out of Secure Communities",
            "",
            "Alma, thanks for the call this morning. The county board voted to ask whether it can",
            "decline to take part in Secure Communities once the state signs the agreement.",
            ["The deputy sheriff,", Box("(b)(6)"), "asked for the fact sheet, and the jail"],
            ["administrator", Box("(b)(7)(C)"), "wants the activation date for the county."],
            "Please send the talking points to the field office director before Thursday.",
        ],
        "ICE FOIA 10-2674.0007281",
    ),
    Sheet(
        [
            "-----Original Message-----",
            "From: Rodriguez, Alma",
            "Sent: Monday, May 10, 2010 4:52 PM",
            ["To: Penney, Marc;", Box("(b)(6)")],
            "Subject: Arlington County opt-out of Secure Communities",
            "",
            "Marc, the board chair called the field office this afternoon about the resolution.",
            "Officer b6 and Sergeant b7c met with the county board on Monday evening.",
        ],
        "ICE FOIA 10-2674.0007282",
    ),
    Sheet(
        [
            "Attachment: briefing notes for the Arlington County board chair",
            "Interoperability between the FBI and DHS systems begins at booking in the jail.",
            ["Contact at the state bureau:", Box("(b) (6)", 70)],
            "Two paragraphs withheld under Ex. 5 as deliberative.",
        ],
        None,
    ),
    Sheet(["Page withheld in full pursuant to FOIA Exemption (b)(5)."], "ICE FOIA 10-2674.0007284"),
]
MEMO = [
    Sheet(
        [
            "U.S. Department of Homeland Security",
            "U.S. Immigration and Customs Enforcement",
            "",
            "MEMORANDUM FOR:    Thomas Walker",
            "                   Field Office Director, Washington",
            "FROM:              Marc Penney",
            "                   Deputy Assistant Director, Secure Communities",
            "SUBJECT:           287(g) program review in Arlington County",
            "DATE:              June 3, 2010",
            "",
            "The review of the 287(g) agreement found that the standard operating procedures",
            ["were followed. Screening techniques are described in the annex", Box("(b)(7)(E)")],
        ],
        "DHS-ICE-000345",
    ),
    Sheet(
        [
            "The annex lists the officers of the county trained in the last quarter.",
            ["Training coordinator:", Box("(b)(6)")],
        ],
        "DHS-ICE-000346",
    ),
]
TO_PENNEY = [
    Sheet(
        [
            "From: Rodriguez, Alma",
            "Sent: Friday, April 2, 2010 11:05 AM",
            "To: Penney, Marc",
            "Subject: Detainer statistics for the county jail",
            "",
            "Marc, attached are the detainer statistics you asked for.",
            ["The analyst who compiled them is", Box("(b)(7)(C)")],
            "",
            "-----Original Message-----",
            "From: Chen, David",
            "Sent: Thursday, April 1, 2010 3:40 PM",
            "To: Rodriguez, Alma",
            "Subject: Detainers lodged at the county jail",
            "",
            "Alma, here are the monthly counts of detainers since activation.",
        ]
    )
]
NOTES = [
    Sheet(
        [
            "Notes for the board meeting",
            "Questions the county board may ask about Secure Communities and the jail.",
            "Who sees the fingerprints taken at booking, and can the county stop sharing them?",
        ]
    )
]
REPORT = [
    Sheet(["Quarterly report on the deployment of Secure Communities in each county."]),
    Sheet(["Second page of the quarterly report, listing the activated jurisdictions."]),
]
SCAN = Sheet(
    [
        "SECURE COMMUNITIES",
        "STANDARD OPERATING PROCEDURES",
        "",
        "Fingerprints submitted by the county sheriff at booking are checked against the",
        "biometric records of the Department of Homeland Security through interoperability.",
    ],
    "ICE 2010FOIA2674.0117629",
)
MANIFEST = "path,date,type,bates_start\nunstamped-report.pdf,2011-02,report,DHS-ICE-000500\n"


@dataclass
class Built:
    """The ingested production: its store, index, report and doc_ids by file stem."""

    store: Store
    engine: Engine
    report: IngestReport
    doc_ids: dict[str, str]

    def search(self, text: str, **filters: str) -> SearchResult:
        request = SearchRequest(text, filters=filters, limit=100, pages_per_document=20)
        return search(self.engine, self.store, request)

    def pages(self, text: str, **filters: str) -> set[tuple[str, int]]:
        """(file stem, page) of every page the query finds."""
        result = self.search(text, **filters)
        return {(Path(doc.path).stem, page.page) for doc in result.documents for page in doc.pages}

    def documents(self, text: str, **filters: str) -> set[str]:
        return {Path(doc.path).stem for doc in self.search(text, **filters).documents}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("production")
    work_dir = tmp_path_factory.mktemp("work")
    write_pdf(folder / "production-ice.pdf", PRODUCTION)
    write_pdf(folder / "memo-dhs.pdf", MEMO)
    write_pdf(folder / "email-to-penney.pdf", TO_PENNEY)
    write_pdf(folder / "notes-undated.pdf", NOTES)
    write_pdf(folder / "unstamped-report.pdf", REPORT)
    write_scanned_pdf(folder / "scan.pdf", SCAN, work_dir)
    (folder / "manifest.csv").write_text(MANIFEST)
    home = tmp_path_factory.mktemp("home")
    store, engine = Store(home), open_engine(home)
    report = Ingest(store, engine, workers=2, ocr="auto").run([folder])
    doc_ids = {Path(d["path"]).stem: d["doc_id"] for d in store.list_documents()}
    yield Built(store, engine, report, doc_ids)
    engine.close()
    store.close()


def test_every_file_is_ingested(built: Built) -> None:
    assert built.report.failed == []
    assert built.report.added == 6
    assert built.report.pages == 11
    assert built.report.ocr_pages == (1 if HAS_OCR else 0)


# -- Bates numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'bates:"ICE FOIA 10-2674.0007282"',  # full, as printed
        "bates:0007282",  # without the prefix
        "bates:7282",  # without leading zeros
        "bates:ICE-7282",  # the short form
        'bates:"ICE FOIA 10-2674 0007282"',  # OCR lost the dot
        'bates:"ICE FOIA 10-2674.000 7282"',  # OCR split the number
        'bates:"ice foia 10 - 2674.0007282"',  # case and spaces around the hyphen
    ],
)
def test_a_bates_number_in_every_form_finds_its_page(built: Built, query: str) -> None:
    assert built.pages(query) == {("production-ice", 2)}


def test_an_unstamped_page_is_numbered_from_its_neighbours(built: Built) -> None:
    assert built.pages("bates:7283") == {("production-ice", 3)}
    assert built.pages("bates:ICE-7283") == {("production-ice", 3)}
    shown = document_json(built.store, built.doc_ids["production-ice"])
    assert shown is not None
    assert [page["bates"] for page in shown["pages"]] == [
        "ICE FOIA 10-2674.0007281",
        "ICE FOIA 10-2674.0007282",
        "ICE FOIA 10-2674.0007283",
        "ICE FOIA 10-2674.0007284",
    ]
    assert shown["bates_range"] == ["ICE FOIA 10-2674.0007281", "ICE FOIA 10-2674.0007284"]


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("bates:DHS-ICE-000346", ("memo-dhs", 2)),
        ("bates:DHS-ICE-346", ("memo-dhs", 2)),
        ("bates:000345", ("memo-dhs", 1)),
        ("bates:DHS-ICE-000501", ("unstamped-report", 2)),  # numbered from the manifest
        ("bates:500", ("unstamped-report", 1)),
    ],
)
def test_multi_part_prefixes_and_manifest_numbers(
    built: Built, query: str, page: tuple[str, int]
) -> None:
    assert built.pages(query) == {page}


def test_a_short_form_does_not_find_the_same_number_under_another_prefix(built: Built) -> None:
    assert built.pages("bates:FBI-7282") == set()


# -- exemption labels ------------------------------------------------------------------------

B6_PAGES = {("production-ice", 1), ("production-ice", 2), ("production-ice", 3), ("memo-dhs", 2)}
B7C_PAGES = {("production-ice", 1), ("production-ice", 2), ("email-to-penney", 1)}


@pytest.mark.parametrize(
    "query",
    ["exemption:(b)(6)", "exemption:b6", 'exemption:"(b) (6)"', "exemption:6", 'exemption:"Ex. 6"'],
)
def test_exemption_6_in_every_printed_form(built: Built, query: str) -> None:
    assert built.pages(query) == B6_PAGES


@pytest.mark.parametrize(
    "query",
    ["exemption:(b)(7)(C)", "exemption:b7c", "exemption:B7C", "exemption:7c", 'exemption:"7(C)"'],
)
def test_exemption_7c_in_every_printed_form(built: Built, query: str) -> None:
    assert built.pages(query) == B7C_PAGES


def test_a_label_in_context_and_on_a_slip_sheet(built: Built) -> None:
    # "withheld under Ex. 5" counts: the line says withheld; the slip sheet prints (b)(5).
    expected = {("production-ice", 3), ("production-ice", 4)}
    assert built.pages('exemption:"Ex. 5"') == expected
    assert built.pages("exemption:(b)(7)(E)") == {("memo-dhs", 1)}


def test_exemption_facet_counts_documents_per_label(built: Built) -> None:
    result = built.search("exemption:b6")
    assert result.facets["exemption"] == {"b6": 2, "b5": 1, "b7c": 1}
    everything = built.search("county")
    assert everything.facets["exemption"] == {"b6": 2, "b7c": 2, "b5": 1, "b7e": 1}


def test_an_unknown_label_is_a_notice_not_an_error(built: Built) -> None:
    result = built.search("exemption:(b)(12)")
    assert result.total_pages == 0
    assert result.notice and "exemption label" in result.notice


# -- headers, types and dates ----------------------------------------------------------------


def test_from_finds_senders_only(built: Built) -> None:
    assert built.documents("from:Penney") == {"production-ice", "memo-dhs"}
    assert built.documents("to:Penney") == {"production-ice", "email-to-penney"}
    assert built.documents("cc:Walker") == {"production-ice"}
    assert built.documents("to:Walker") == {"memo-dhs"}  # MEMORANDUM FOR
    assert built.documents("subject:detainer") == {"email-to-penney"}


def test_a_redacted_address_is_not_kept_as_a_recipient(built: Built) -> None:
    shown = document_json(built.store, built.doc_ids["production-ice"])
    assert shown is not None
    first, second = shown["pages"][0]["headers"], shown["pages"][1]["headers"]
    assert first == {
        "from": "Penney, Marc",
        "to": "Rodriguez, Alma",
        "cc": "Walker, Thomas",
        "subject": "RE: Arlington County opt-out of Secure Communities",
    }
    assert second["from"] == "Rodriguez, Alma" and second["to"] == "Penney, Marc"


def test_a_thread_of_two_messages_on_one_page(built: Built) -> None:
    shown = document_json(built.store, built.doc_ids["email-to-penney"])
    assert shown is not None
    headers = shown["pages"][0]["headers"]
    assert headers["from"] == "Rodriguez, Alma; Chen, David"
    assert headers["to"] == "Penney, Marc; Rodriguez, Alma"
    assert shown["date"] == "2010-04-02"  # the newest message, printed on top
    assert built.documents("from:Chen") == {"email-to-penney"}
    assert built.documents('subject:"detainers lodged"') == {"email-to-penney"}


def test_type_is_filled_from_headers_and_the_manifest(built: Built) -> None:
    assert built.documents("type:email") == {"production-ice", "email-to-penney"}
    assert built.documents("type:memo") == {"memo-dhs"}
    assert built.documents("type:report") == {"unstamped-report"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("county date:2010", {"production-ice", "memo-dhs", "email-to-penney"}),
        ("county date:2010-05", {"production-ice"}),
        ("county date:2010-06-03", {"memo-dhs"}),
        ("county date:[2010-04 TO 2010-05]", {"production-ice", "email-to-penney"}),
        ("county date:2011", {"unstamped-report"}),
    ],
)
def test_date_filters_never_return_undated_documents(
    built: Built, query: str, expected: set[str]
) -> None:
    assert built.documents(query) == expected


def test_undated_documents_are_counted_as_undated(built: Built) -> None:
    result = built.search("county")
    undated = {"notes-undated", "scan"} if HAS_OCR else {"notes-undated"}  # scan: unread
    assert len(result.documents) == 4 + len(undated)
    assert result.facets["year"] == {"2010": 3, "2011": 1, "undated": len(undated)}
    assert built.documents("county", year="undated") == undated
    dates = {Path(doc.path).stem: doc.date for doc in result.documents}
    assert dates["production-ice"] == "2010-05-11"  # the thread's newest message, page 1
    assert dates["memo-dhs"] == "2010-06-03"
    assert dates["unstamped-report"] == "2011-02"


# -- withheld pages and OCR ------------------------------------------------------------------


def test_the_withheld_page_is_flagged_in_foia_show(built: Built) -> None:
    home = built.store.home
    result = CliRunner().invoke(
        main, ["--home", str(home), "show", built.doc_ids["production-ice"], "--json"]
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    withheld = [page["withheld"] for page in shown["pages"]]
    assert withheld[:2] == [False, False] and withheld[3] is True
    assert shown["pages"][3]["exemptions"] == ["b5"]


def test_a_released_page_noting_a_partial_withholding_is_not_withheld_in_full(
    built: Built,
) -> None:
    shown = document_json(built.store, built.doc_ids["production-ice"])
    assert shown is not None
    assert shown["pages"][2]["withheld"] is False  # "Two paragraphs withheld under Ex. 5"


def test_text_layer_pages_say_so(built: Built) -> None:
    found = built.pages("ocr:none")
    assert ("production-ice", 1) in found and ("scan", 1) not in found
    assert len(found) == 10


@needs_ocr
def test_the_scanned_page_is_read_and_found(built: Built) -> None:
    assert built.pages("ocr:ocr") == {("scan", 1)}
    assert built.pages("ocr:low") == set()
    assert built.pages('"standard operating procedures"') >= {("scan", 1)}
    assert built.pages("interoperability") == {("production-ice", 3), ("scan", 1)}
    assert built.pages("bates:ICE-117629") == {("scan", 1)}
    shown = document_json(built.store, built.doc_ids["scan"])
    assert shown is not None
    page = shown["pages"][0]
    assert page["ocr"] is True and page["ocr_confidence"] > 80
    assert page["bates"] == "ICE 2010FOIA2674.0117629"


@pytest.mark.skipif(HAS_OCR, reason="tesseract is installed: the page was read")
def test_without_tesseract_the_scanned_page_waits_for_ocr(built: Built) -> None:
    assert built.pages("ocr:needed") == {("scan", 1)}
    assert any("Tesseract is not installed" in w for w in built.report.warnings)


@pytest.mark.slow
@needs_ocr
def test_a_scanned_287g_agreement_is_found_by_its_printed_words(tmp_path: Path) -> None:
    pdf_path = CORPUS_PDF / "HamiltonCountySheriffTN_JEM_031325.pdf"
    if not pdf_path.is_file():
        pytest.skip("corpus/pdf/HamiltonCountySheriffTN_JEM_031325.pdf is not present")
    home = tmp_path / "home"
    store, engine = Store(home), open_engine(home)
    try:
        report = Ingest(store, engine, workers=2, ocr="auto").run([pdf_path])
        assert report.failed == [] and report.ocr_pages == report.pages == 11
        for query in ('"Memorandum of Agreement"', "287(g)", "287g"):
            result = search(engine, store, SearchRequest(query, pages_per_document=20))
            assert len(result.documents) == 1, query
            pages = [page.page for page in result.documents[0].pages]
            assert pages[0] == 1, (query, pages)  # the best hit is the title page
    finally:
        engine.close()
        store.close()

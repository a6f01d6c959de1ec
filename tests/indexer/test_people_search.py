"""from:, to:, cc: and bcc: find a person however the header prints the name, on the page of
the message that names them; printouts are titled by their subject (issue 11, class 6).

Real files (text with form feeds, a reportlab PDF, HTML) go through the real extractors, the
ingest pipeline and a Whoosh index on disk; every person is invented."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest
from indexer.search.engine import Engine
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store

# Three messages, one a page; the second page's To: list wraps over three indented lines.
THREAD = """\
From: Nakashima-Ortiz, Leilani <Leilani.Nakashima-Ortiz@eoir.usdoj.gov>
Sent: Wednesday, January 9, 2019 7:45 AM
To: Achterberg, Wim J.
Cc: Mbeki, Thandiwe
Subject: RE: Docket reassignments for the Otay Mesa court

Wim, the list is final. Thandiwe will tell the clerks.
\f-----Original Message-----
From: Achterberg, Wim J.
Sent: Tuesday, January 8, 2019 5:10 PM
To: Nakashima-Ortiz, Leilani; Okonkwo, Chidi A.; Rasmussen, Signe;
    Fitzgerald-Quist, Orla; Haddad, Yusuf; Park, Ji-woo;
    Szabo, Eniko; Villanueva, Paz; Kowalczyk, Bartosz;
    Delacroix, Amelie
Bcc: Ibrahim, Nuru
Subject: Docket reassignments for the Otay Mesa court

All, the reassignment list goes out tomorrow.
\fWe keep the Tuesday calendar as it is. The judges agreed on the numbers.
\f-----Original Message-----
From: "Villanueva, Paz" <paz.villanueva@eoir.usdoj.gov>
Sent: Monday, January 7, 2019 9:00 AM
To: 'Wim Achterberg' via Otay-Mesa-Judges <otay-mesa-judges@lists.eoir.gov>
Subject: Otay Mesa numbers

Wim, here are the numbers you asked for.
"""

# Peter Okafor and Anna Lindqvist on different lines: no Peter Lindqvist, no Anna Okafor.
TWO_PEOPLE = """\
From: Okafor, Peter
Sent: Thursday, May 2, 2019 10:00 AM
To: Lindqvist, Anna
Cc: Mensah, Kwame, Solberg, Ingrid
Subject: Hold counts

Anna, the counts are attached.
"""

MEMO = """\
U.S. Department of Homeland Security
Office of Intelligence and Analysis

MEMORANDUM FOR:   Sector Chiefs
                  Field Office Directors

FROM:             Bartholomew K. Iwasaki-Brandt
                  Acting Director, Field Intelligence

SUBJECT:          Category II reporting from the southern border

DATE:             March 14, 2022

Background

The sectors send their Category II reports every Friday.
"""

MAIL_HTML = """\
<html><head><title>Print - staffing.html</title></head><body>
<p><b>From:</b> Mensah, Kwame &lt;Kwame.Mensah@uscis.dhs.gov&gt;<br>
<b>Sent:</b> Friday, April 5, 2019 3:30 PM<br>
<b>To:</b> Solberg, Ingrid; van der Berg, Anneke<br>
<b>Subject:</b> Asylum office staffing for the Newark surge</p>
</body></html>
"""

LABELS = ("From:", "Sent:", "To:", "Cc:", "Subject:")
COLUMN_VALUES = (
    "Wierzbicki, Tomasz",
    "Monday, June 3, 2019 11:02 AM",
    "Oyelaran-Whitfield, Temitope K.; Ferreira, Joao",
    "Solberg, Ingrid",
    "Tier 2 transfer list for the Yuma sector",
)
MEMO_NO_SUBJECT = (
    "MEMORANDUM FOR: All Asylum Office Directors",
    "FROM: Ines Vasquez-Mora",
    "        Senior Counsel",
    "",
    "Interim Guidance on Credible Fear Scheduling",
    "",
    "Offices schedule credible fear interviews within ten days.",
)


def write_column_pdf(path: Path) -> None:
    """An Outlook printout as a PDF: labels in one column, values in the next; the text
    layer reads all the labels first, then all the values."""
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica", 10)
    for row, label in enumerate(LABELS):
        pdf.drawString(72, 700 - row * 14, label)
    for row, value in enumerate(COLUMN_VALUES):
        pdf.drawString(160, 700 - row * 14, value)
    pdf.drawString(72, 600, "Temitope, the list is attached.")
    pdf.showPage()
    pdf.save()


def write_lines_pdf(path: Path, lines: tuple[str, ...]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica", 10)
    for row, line in enumerate(lines):
        pdf.drawString(72, 700 - row * 14, line)
    pdf.showPage()
    pdf.save()


@dataclass(frozen=True)
class Built:
    store: Store
    engine: Engine

    def pages(self, text: str, *, exact: bool = False) -> set[tuple[str, int]]:
        """(file stem, page) of every page the query finds."""
        request = SearchRequest(text, limit=100, pages_per_document=50, exact=exact)
        result = search(self.engine, self.store, request)
        return {(Path(doc.path).stem, page.page) for doc in result.documents for page in doc.pages}

    def titles(self) -> dict[str, str]:
        return {Path(d["path"]).stem: d["title"] for d in self.store.list_documents()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("printouts")
    (folder / "thread.txt").write_text(THREAD, encoding="utf-8")
    (folder / "two-people.txt").write_text(TWO_PEOPLE, encoding="utf-8")
    (folder / "memo.txt").write_text(MEMO, encoding="utf-8")
    (folder / "staffing.html").write_text(MAIL_HTML, encoding="utf-8")
    write_column_pdf(folder / "column.pdf")
    write_lines_pdf(folder / "memo-no-subject.pdf", MEMO_NO_SUBJECT)
    home = tmp_path_factory.mktemp("home")
    store, engine = Store(home), open_engine(home)
    Ingest(store, engine, workers=1, ocr="off").run([folder])
    yield Built(store, engine)
    engine.close()
    store.close()


@pytest.mark.parametrize(
    "query",
    [
        'from:"Wim Achterberg"',
        'from:"Achterberg, Wim"',
        'from:"Achterberg, Wim J."',
        'from:"Wim J. Achterberg"',
        'from:"W. Achterberg"',
        'from:"W. J. Achterberg"',
        "from:achterberg",
        "from:Achterberg",
    ],
)
def test_a_sender_in_every_form_finds_the_page_of_his_message(built: Built, query: str) -> None:
    # page 3 continues the message of page 2: it carries its headers
    assert built.pages(query) == {("thread", 2), ("thread", 3)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('to:"Wim Achterberg"', {("thread", 1), ("thread", 4)}),  # 4: "'Wim Achterberg' via"
        ('from:"Leilani Nakashima-Ortiz"', {("thread", 1)}),
        ('from:"L. Nakashima-Ortiz"', {("thread", 1)}),
        ("from:leilani.nakashima-ortiz@eoir.usdoj.gov", {("thread", 1)}),
        ('to:"Leilani Nakashima-Ortiz"', {("thread", 2), ("thread", 3)}),
        ('cc:"Thandiwe Mbeki"', {("thread", 1)}),
        # the last line of a To: list wrapped over four lines
        ('to:"Amelie Delacroix"', {("thread", 2), ("thread", 3)}),
        ('to:"Ji-woo Park"', {("thread", 2), ("thread", 3)}),
        ('to:"Chidi Okonkwo"', {("thread", 2), ("thread", 3)}),
        ('bcc:"Nuru Ibrahim"', {("thread", 2), ("thread", 3)}),
        ('from:"Paz Villanueva"', {("thread", 4)}),
        ("from:paz.villanueva@eoir.usdoj.gov", {("thread", 4)}),
        ("to:otay-mesa-judges@lists.eoir.gov", {("thread", 4)}),
        # a label column in a PDF's text layer
        ('from:"Tomasz Wierzbicki"', {("column", 1)}),
        ('to:"Temitope Oyelaran-Whitfield"', {("column", 1)}),
        ('to:"Joao Ferreira"', {("column", 1)}),
        ('cc:"Ingrid Solberg"', {("column", 1), ("two-people", 1)}),
        # an HTML printout
        ('from:"K. Mensah"', {("staffing", 1)}),
        ('to:"Anneke van der Berg"', {("staffing", 1)}),
        # memos: the person, not the title line under the name
        ('from:"Bartholomew Iwasaki-Brandt"', {("memo", 1)}),
        ('to:"Sector Chiefs"', {("memo", 1)}),
        ('to:"Field Office Directors"', {("memo", 1)}),
        ('from:"Ines Vasquez-Mora"', {("memo-no-subject", 1)}),
    ],
)
def test_people_fields(built: Built, query: str, expected: set[tuple[str, int]]) -> None:
    assert built.pages(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        'to:"Peter Lindqvist"',  # Peter is the sender, Anna Lindqvist the recipient
        'from:"Peter Lindqvist"',
        'to:"Anna Okafor"',
        'cc:"Kwame Solberg"',  # two people of one Cc: line
        'cc:"Mensah Ingrid"',
        'from:"Bartholomew K. Iwasaki-Brandt Acting Director"',
        'from:"Acting Director"',  # the title line is not the sender
        'from:"Senior Counsel"',
        'to:"Thandiwe Mbeki"',  # a Cc:, not a To:
        'cc:"Nuru Ibrahim"',  # a Bcc:, not a Cc:
        'from:"Wim K. Achterberg"',  # another middle initial
        'to:"Wim Achterberg" from:"Wim Achterberg"',
    ],
)
def test_what_people_fields_do_not_match(built: Built, query: str) -> None:
    assert built.pages(query) == set()


def test_the_sender_stays_found_as_printed(built: Built) -> None:
    assert built.pages('from:"Okafor, Peter"') == {("two-people", 1)}
    assert built.pages('to:"Lindqvist, Anna"') == {("two-people", 1)}


def test_exact_spelling_only_still_finds_the_person(built: Built) -> None:
    # a people field holds people in their normal form: the toggle changes nothing there
    assert built.pages('to:"Lindqvist, Anna"', exact=True) == {("two-people", 1)}
    assert built.pages('to:"A. Lindqvist"', exact=True) == {("two-people", 1)}
    assert built.pages('to:"Peter Lindqvist"', exact=True) == set()
    assert built.pages("from:paz.villanueva@eoir.usdoj.gov", exact=True) == {("thread", 4)}


def test_printouts_are_titled_by_their_subject(built: Built) -> None:
    assert built.titles() == {
        "thread": "RE: Docket reassignments for the Otay Mesa court",
        "two-people": "Hold counts",
        "memo": "Category II reporting from the southern border",
        "staffing": "Asylum office staffing for the Newark surge",
        "column": "Tier 2 transfer list for the Yuma sector",
        "memo-no-subject": "Interim Guidance on Credible Fear Scheduling",
    }

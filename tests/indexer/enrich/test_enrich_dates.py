"""Document dates: headers and datelines only, never a date from a sentence or a guess."""

from __future__ import annotations

import pytest

from indexer.enrich.dates import find_date, parse_date_text
from tests.conftest import sample_pdf_texts

LETTER = """\
                                   U.S. Department of Homeland Security
                                   500 12th Street, SW
                                   Washington, DC 20536

                                   U.S. Immigration
                                   and Customs Enforcement

                                   November 9, 2010

Miguel Márquez
County Counsel, County of Santa Clara
70 West Hedding Street, East Wing, 9th Floor
San Jose, CA 95110

Dear Mr. Márquez:

On September 28, 2010, the Board of Supervisors adopted a resolution asking to be
removed from Secure Communities. On 10/5/2010 your office wrote to us again.
"""

EMAIL = """\
From: Venturella, David
Sent: Tuesday, September 28, 2010 4:52 PM
To: Penney, Randi
Subject: RE: opt-out

The board meets on October 19, 2010.
"""

PRESS_RELEASE = """\
News Release
September 28, 2010
WASHINGTON -- ICE today announced that Secure Communities is now active in all
counties of the state, and will be nationwide by 2013.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LETTER, "2010-11-09"),
        (EMAIL, "2010-09-28"),
        (PRESS_RELEASE, "2010-09-28"),
        ("MEMORANDUM FOR: John Morton\nDATE: 05/10/2011\n", "2011-05-10"),
        ("WASHINGTON, D.C., Sept. 28, 2010 -- ICE today announced", "2010-09-28"),
        ("FOR IMMEDIATE RELEASE\nTuesday, May 10, 2011\nICE announced", "2011-05-10"),
        ("Report to Congress\n2011-05-10\n", "2011-05-10"),
        ("Order\n\n2/2/09\n", "2009-02-02"),  # a line that is only a date
        ("Secure Communities\nQuarterly Report\nMay 2011\n", "2011-05"),
        ("Release Date: 10 May 2011\n", "2011-05-10"),
        ("date: 2011-05-10\ntags: , Press Releases", "2011-05-10"),
    ],
)
def test_find_date(text: str, expected: str) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On May 1, 2010, the county voted to opt out.",
        "The deadline is 05/10/2011 for all counties.",  # numeric date inside a sentence
        "• Date of Birth: March 29, 1969\n• Date of Death: December 17, 2020",
        "RECEIVED MAY 12 2011\nOffice of the Director",
        "Filed 01/29/2009 Page 2 of 2",
        "Secure Communities will be nationwide by 2013.",
        "Date: May 10, 1949",  # outside 1950..2035
        "",
    ],
)
def test_find_date_refuses_to_guess(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("May 10, 2011", "2011-05-10"),
        ("10 May 2011", "2011-05-10"),
        ("10th May, 2011", "2011-05-10"),
        ("2011-05-10", "2011-05-10"),
        ("Tuesday, May 10, 2011 3:14 PM", "2011-05-10"),
        ("Tue, 10 May 2011 15:14:00 -0400", "2011-05-10"),
        ("Sept. 28, 2010", "2010-09-28"),
        ("Dec. 1st, 2009", "2009-12-01"),
        ("05/10/2011", "2011-05-10"),
        ("5-10-2011", "2011-05-10"),
        ("5/10/11", "2011-05-10"),
        ("5/10/99", "1999-05-10"),
        ("May 2011", "2011-05"),
        ("February 30, 2011", None),
        ("13/25/2011", None),
        ("25/05/2011", None),  # day first is not read: US records
        ("May 10, 2036", None),
        ("2011", None),
        ("soon", None),
    ],
)
def test_parse_date_text(value: str, expected: str | None) -> None:
    assert parse_date_text(value) == expected


@pytest.mark.parametrize(
    ("name", "page", "expected"),
    [
        ("ddrAnthonyJones.pdf", 0, None),  # dates of birth and death are not the report's date
        ("pr-88-example.pdf", 0, "2015-09-29"),
        ("federal-register-2020-17221.pdf", 0, "2020-08-06"),
    ],
)
def test_real_documents(name: str, page: int, expected: str | None) -> None:
    text = sample_pdf_texts(name)[page]
    assert find_date(text) == expected


# -- boundaries (issue 12: the mutants the tests above let through) --------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # two-digit years: 00-35 are 2000s, the rest 1900s (then 1950..2035 applies)
        ("5/10/21", "2021-05-10"),
        ("5/10/35", "2035-05-10"),
        ("5/10/36", None),
        ("5/10/50", "1950-05-10"),
        ("May 10, 1950", "1950-05-10"),
        ("May 10, 2035", "2035-05-10"),
        ("May 10, 1949", None),
    ],
)
def test_parse_date_text_year_bounds(value: str, expected: str | None) -> None:
    assert parse_date_text(value) == expected


FILLER = "".join(f"line {n} of the letterhead\n" for n in range(1, 40))


def test_a_dateline_is_looked_for_in_the_first_25_lines() -> None:
    lines = FILLER.splitlines(keepends=True)
    assert find_date("".join(lines[:24]) + "May 10, 2011\n") == "2011-05-10"
    assert find_date("".join(lines[:25]) + "May 10, 2011\n") is None
    # blank lines are not counted
    assert find_date("\n\n".join(lines[:24]) + "\nMay 10, 2011\n") == "2011-05-10"


def test_the_first_header_or_dateline_on_the_page_wins() -> None:
    header_first = "x\n" * 20 + "DATE: 05/10/2011\nMay 11, 2011\n"
    assert find_date(header_first) == "2011-05-10"
    dateline_first = "x\n" * 20 + "May 11, 2011\nDATE: 05/10/2011\n"
    assert find_date(dateline_first) == "2011-05-11"

"""Header layouts of real printouts: Outlook's label column, recipient lists wrapped over
many lines, Bcc, each message of a thread, and a memo's title lines under the names
(enrich/headers.py, enrich/columns.py, enrich/memo_names.py)."""

from __future__ import annotations

import pytest

from indexer.enrich.columns import pair_label_column
from indexer.enrich.headers import Headers, parse_headers
from indexer.enrich.memo_names import is_office, memo_people

LABEL_COLUMN = """\
Wierzbicki, Tomasz

From:
Sent:
To:
Cc:
Subject:

Wierzbicki, Tomasz
Monday, June 3, 2019 11:02 AM
Mensah, Kwame; Oyelaran-Whitfield, Temitope K.;
van der Berg, Anneke
Solberg, Ingrid
Tier 2 transfer list for the Yuma sector

Kwame, the list is attached. Anneke has the counts.
"""


def test_a_label_column_is_paired_with_its_values() -> None:
    assert parse_headers(LABEL_COLUMN) == Headers(
        kind="email",
        from_=["Wierzbicki, Tomasz"],
        to=["Mensah, Kwame", "Oyelaran-Whitfield, Temitope K.", "van der Berg, Anneke"],
        cc=["Solberg, Ingrid"],
        subject=["Tier 2 transfer list for the Yuma sector"],
        dates=["Monday, June 3, 2019 11:02 AM"],
        messages=1,
    )


def test_pair_label_column_rewrites_lines_in_place() -> None:
    lines = ["From:", "To:", "", "Lund, Tomas", "Berg, Ana;", "Holm, Eva", "", "Body."]
    assert pair_label_column(lines) == [
        "From: Lund, Tomas",
        "To: Berg, Ana; Holm, Eva",
        "",
        "",
        "",
        "",
        "",
        "Body.",
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["From:", "To:", "", "Lund, Tomas"],  # fewer values than labels: left alone
        ["From:", "", "Lund, Tomas"],  # one label is no column
        ["From:", "From:", "Lund, Tomas", "Berg, Ana"],  # a label twice is no column
        ["From:", "To:", "", "", "", "Lund, Tomas", "Berg, Ana"],  # three blank lines
        ["Body text", "From: Lund, Tomas", "To: Berg, Ana"],
    ],
)
def test_what_is_no_label_column(lines: list[str]) -> None:
    assert pair_label_column(lines) == lines


@pytest.mark.parametrize(
    "lines",
    [
        ["Body", "From:", "To:"],  # labels on the last lines
        ["From:", "To:", ""],
        ["From:", "To:", "", ""],
    ],
)
def test_labels_without_values(lines: list[str]) -> None:
    assert pair_label_column(lines) == lines


def test_values_after_the_labels_with_one_blank_line_and_spare_lines() -> None:
    lines = ["Sent:", "To:", "", "", "May 2, 2019", "Berg, Ana", "Thanks."]
    assert pair_label_column(lines) == [
        "Sent: May 2, 2019",
        "To: Berg, Ana",
        "",
        "",
        "",
        "",
        "Thanks.",
    ]


def test_a_column_after_a_body_line_and_after_a_column_that_does_not_pair() -> None:
    lines = ["Body", "From:", "To:", "", "Lund, Tomas", "Berg, Ana"]
    assert pair_label_column(lines)[1:3] == ["From: Lund, Tomas", "To: Berg, Ana"]
    lines = ["From:", "To:", "", "Lund", "", "Sent:", "Cc:", "", "May 2", "Berg, Ana"]
    assert pair_label_column(lines)[:6] == ["From:", "To:", "", "Lund", "", "Sent: May 2"]


def test_a_list_wraps_while_lines_are_spare() -> None:
    lines = ["To:", "Cc:", "", "Berg, Ana;", "Holm, Eva,", "Dahl, Siv;", "Lund, Tomas"]
    assert pair_label_column(lines)[:2] == [
        "To: Berg, Ana; Holm, Eva, Dahl, Siv;",
        "Cc: Lund, Tomas",
    ]


def test_a_wrapped_value_takes_only_the_spare_lines() -> None:
    # "Berg, Ana;" ends a list, but no line is spare: the next label gets the next line
    lines = ["To:", "Cc:", "", "Berg, Ana;", "Holm, Eva"]
    assert pair_label_column(lines)[:2] == ["To: Berg, Ana;", "Cc: Holm, Eva"]


def test_labels_each_with_its_value_on_the_next_line() -> None:
    text = "From:\nMensah, Kwame\nSent:\nMay 2, 2019\nTo:\nSolberg, Ingrid\n\nBody."
    headers = parse_headers(text)
    assert (headers.from_, headers.to, headers.dates) == (
        ["Mensah, Kwame"],
        ["Solberg, Ingrid"],
        ["May 2, 2019"],
    )


THREAD_WITH_LONG_LISTS = """\
From: Nakashima-Ortiz, Leilani <Leilani.Nakashima-Ortiz@eoir.usdoj.gov>
Sent: Wednesday, January 9, 2019 7:45 AM
To: Achterberg, Wim; Mbeki, Thandiwe; Okonkwo, Chidi A.; Rasmussen, Signe;
    Fitzgerald-Quist, Orla; Haddad, Yusuf; Park, Ji-woo; Ferraro, Luca;
    Szabo, Eniko; Villanueva, Paz; Kowalczyk, Bartosz; Sorensen, Mette;
    Delacroix, Amelie
Bcc: Ibrahim, Nuru
Subject: Docket reassignments for the Otay Mesa court

Everyone: the reassignment list is final.

-----Original Message-----
From: Achterberg, Wim
Sent: Tuesday, January 8, 2019 5:10 PM
To: Nakashima-Ortiz, Leilani
Cc: Haddad, Yusuf,
Park, Ji-woo
Bcc: Sorensen, Mette; Ibrahim, Nuru
Subject: RE: reassignments

Fine with me.
"""


def test_each_message_of_a_thread_keeps_its_own_people() -> None:
    headers = parse_headers(THREAD_WITH_LONG_LISTS)
    assert headers.from_ == [
        "Nakashima-Ortiz, Leilani <Leilani.Nakashima-Ortiz@eoir.usdoj.gov>",
        "Achterberg, Wim",
    ]
    assert headers.to == [
        "Achterberg, Wim", "Mbeki, Thandiwe", "Okonkwo, Chidi A.", "Rasmussen, Signe",
        "Fitzgerald-Quist, Orla", "Haddad, Yusuf", "Park, Ji-woo", "Ferraro, Luca",
        "Szabo, Eniko", "Villanueva, Paz", "Kowalczyk, Bartosz", "Sorensen, Mette",
        "Delacroix, Amelie", "Nakashima-Ortiz, Leilani",
    ]  # fmt: skip
    assert headers.cc == ["Haddad, Yusuf", "Park, Ji-woo"]
    assert headers.bcc == ["Ibrahim, Nuru", "Sorensen, Mette", "Ibrahim, Nuru"]
    assert headers.messages == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # indented lines continue a value, also without ';' at the end
        (
            "From: Lund, Tomas\nTo: Berg, Ana; Holm, Eva\n   Dahl, Siv\n\nBody.",
            ["Berg, Ana", "Holm, Eva", "Dahl, Siv"],
        ),
        # a name wrapped between its given names stays one name
        (
            "From: Lund, Tomas\nTo: Berg, Ana; Holm, Eva\n   Maria; Dahl, Siv\n\nBody.",
            ["Berg, Ana", "Holm, Eva Maria", "Dahl, Siv"],
        ),
        ("From: Lund, Tomas\nTo: Berg, Ana; Holm,\n   Eva\n\nBody.", ["Berg, Ana", "Holm, Eva"]),
        # a field line ends a list; a list then a blank line; a list then body lines
        ("From: Lund, Tomas\nTo: Berg, Ana;\nCc: Holm, Eva\n", ["Berg, Ana"]),
        (
            "From: Lund, Tomas\nTo: Berg, Ana;\nHolm, Eva;\nDahl, Siv\n\nBody",
            ["Berg, Ana", "Holm, Eva", "Dahl, Siv"],
        ),
        (
            "From: Lund, Tomas\nTo: Berg, Ana;\nHolm, Eva\nThe body.\nMore.\n\n",
            ["Berg, Ana", "Holm, Eva"],
        ),
        (
            "From: Lund, Tomas\nTo: Ana Berg,\n   Eva Holm, Siv Dahl\n",
            ["Ana Berg", "Eva Holm", "Siv Dahl"],
        ),
        # an open list goes on over many lines
        (
            "From: Lund, Tomas\nTo: A1, Ana;\nB2, Bo;\nC3, Cy;\nD4, Di;\nE5, Ed\nHello all.\n",
            ["A1, Ana", "B2, Bo", "C3, Cy", "D4, Di", "E5, Ed"],
        ),
        # a line at the field's own indent after a closed value is body
        ("From: Lund, Tomas\nTo: Berg, Ana\nHolm, Eva was right.\n\nBody", ["Berg, Ana"]),
        # an indented line after an empty value is no continuation of it
        ("From: Lund, Tomas\nCc:\n   indented body\n\nTo: Berg, Ana", ["Berg, Ana"]),
        # a blank line or a separator ends a list
        ("From: Lund, Tomas\nTo: Berg, Ana;\n\nHolm, Eva\n", ["Berg, Ana"]),
        ("From: Lund, Tomas\nTo: Berg, Ana;\n-----Original Message-----\n", ["Berg, Ana"]),
    ],
)
def test_wrapped_recipient_lists(text: str, expected: list[str]) -> None:
    assert parse_headers(text).to == expected


def test_a_list_stops_after_thirty_lines() -> None:
    names = [f"Name{index}, Given;" for index in range(40)]
    text = "From: Lund, Tomas\nTo: First, Ana;\n" + "\n".join(names) + "\n"
    assert len(parse_headers(text).to) == 31


def test_bcc_is_its_own_field_not_cc() -> None:
    headers = parse_headers("From: Lund, Tomas\nTo: Berg, Ana\nBcc: Holm, Eva\n")
    assert (headers.cc, headers.bcc) == ([], ["Holm, Eva"])
    headers = parse_headers("From: Lund, Tomas\nBcc: Eva Holm, Siv Dahl\n")
    assert headers.bcc == ["Eva Holm", "Siv Dahl"]


MEMO = """\
DEPARTMENT OF JUSTICE
Executive Office for Immigration Review

MEMORANDUM FOR:       Chief Immigration Judges
                      Court Administrators

THROUGH:              Oluwaseun Adebayo-Clarke
                      Deputy Chief Immigration Judge

FROM:                 Bartholomew K. Iwasaki-Brandt, Acting Director
                      Office of Policy

SUBJECT:              Interim docketing rules for Category II cases

DATE:                 March 14, 2022

Background
"""


def test_memo_people_without_their_title_lines() -> None:
    headers = parse_headers(MEMO)
    assert headers.to == ["Chief Immigration Judges", "Court Administrators"]
    assert headers.cc == ["Oluwaseun Adebayo-Clarke"]
    # the title after the comma and the office line under it go
    assert headers.from_ == ["Bartholomew K. Iwasaki-Brandt"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Ines Vasquez-Mora", "Senior Counsel"], ["Ines Vasquez-Mora"]),
        (
            ["Ines Vasquez-Mora", "Senior Counsel", "Kofi Boateng", "Chief"],
            ["Ines Vasquez-Mora", "Kofi Boateng"],
        ),
        (["Ines Vasquez-Mora, Senior Counsel"], ["Ines Vasquez-Mora"]),
        (["Vasquez-Mora, Ines"], ["Vasquez-Mora, Ines"]),  # "Last, First": no title
        (["Vasquez-Mora, Ines", "Senior Counsel"], ["Vasquez-Mora, Ines"]),
        (["Field Office Directors", "Sector Chiefs"], ["Field Office Directors", "Sector Chiefs"]),
        (["Directors, Field Operations"], ["Directors, Field Operations"]),
        (["Ines Vasquez-Mora; Kofi Boateng"], ["Ines Vasquez-Mora", "Kofi Boateng"]),
        (["Ines Vasquez-Mora", "Kofi Boateng"], ["Ines Vasquez-Mora", "Kofi Boateng"]),
        (["Ines", "Senior Counsel"], ["Ines", "Senior Counsel"]),  # one word: no person's name
        (["A B C D E F", "Counsel"], ["A B C D E F", "Counsel"]),  # six words: no name either
        (["Ines Vasquez <iv@x.gov>", "Counsel"], ["Ines Vasquez <iv@x.gov>", "Counsel"]),
        (["", "---", "Kofi Boateng"], ["Kofi Boateng"]),
        # a title of several lines; a five-word name; a title after two commas
        (["Kofi Boateng", "Deputy Director", "Office of Policy"], ["Kofi Boateng"]),
        (["Maria Elena de la Cruz", "Senior Counsel"], ["Maria Elena de la Cruz"]),
        (["Kofi Boateng, Director, Field Operations"], ["Kofi Boateng"]),
        (["Kofi Boateng,", "Senior Counsel"], ["Kofi Boateng"]),
        (["Xu Ming", "Chief"], ["Xu Ming"]),
        (["; Kofi Boateng"], ["Kofi Boateng"]),
        (
            ["Ines Vasquez-Mora; Senior Counsel; Kofi Boateng"],
            ["Ines Vasquez-Mora", "Kofi Boateng"],
        ),
    ],
)
def test_memo_people(lines: list[str], expected: list[str]) -> None:
    assert memo_people(lines) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deputy Director", True),
        ("Office of Policy", True),
        ("OFFICER", True),
        ("Sector Chiefs", True),
        ("Chiefs Desk", True),
        ("Marcus Daniels", False),
        ("Ines Vasquez-Mora", False),
        ("Directorate-General", False),  # a word joined by a hyphen is one word
        ("", False),
    ],
)
def test_is_office(text: str, expected: bool) -> None:
    assert is_office(text) is expected

"""Bates stamps: finding them on pages, splitting, search keys, gaps and ranges."""

from __future__ import annotations

import pytest

from indexer.enrich.bates import (
    bates_keys,
    bates_range,
    fill_gaps,
    find_bates,
    number_pages,
    query_keys,
    split_bates,
)
from tests.conftest import sample_pdf_texts

EMAIL_PAGE = """\
From:                 Venturella, David
Sent:                 Tuesday, September 28, 2010 4:52 PM
To:                   Penney, Randi; (b)(6), (b)(7)(C)
Subject:              RE: Santa Clara County opt-out letter

Randi - see my edits. Call (202) 732-0600 or write to 500 12th Street SW,
Washington, DC 20536-5009, before 2011. Authority: 8 U.S.C. 1357 and Form I-213.

Page 1 of 5
                                                     ICE FOIA 10-2674.0007281
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (EMAIL_PAGE, "ICE FOIA 10-2674.0007281"),
        ("body text\n\nICE 2010FOIA2674.0117629\n", "ICE 2010FOIA2674.0117629"),
        ("body text\nDHS-ICE-000345", "DHS-ICE-000345"),
        ("body text\nDHS 000345\n", "DHS 000345"),
        ("body text\nNDLON_0001234", "NDLON_0001234"),
        ("body text\nNDLON-0001234", "NDLON-0001234"),
        ("(b)(6)\n  CBP   0004521  \n", "CBP 0004521"),
        ("body\nPage 2        DHS 000345", "DHS 000345"),
        ("body\nmore\nDHS 000345      Page 2", "DHS 000345"),
        ("text\nmore text\nXYZ 1234", "XYZ 1234"),  # unpadded, but the whole last line
        # OCR damage: a lost dot, a space inside the number, spaces around the hyphen.
        ("body\nICE FOIA 10-2674 0007281", "ICE FOIA 10-2674 0007281"),
        ("body\nICE FOIA 10-2674.000 7281", "ICE FOIA 10-2674.0007281"),
        ("body\nICE FOIA 10 - 2674 . 0007281", "ICE FOIA 10-2674.0007281"),
        ("body\nICE FOIA 10-2674.0007281 2", "ICE FOIA 10-2674.0007281"),  # page number after
        # The last stamp on the page wins (a page that cites another page first).
        ("See ICE FOIA 10-2674.0000012.\nICE FOIA 10-2674.0007281", "ICE FOIA 10-2674.0007281"),
    ],
)
def test_find_bates(text: str, expected: str) -> None:
    assert find_bates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Washington, DC 20536",
        "Boston, MA 02134",
        "Page 1 of 5",
        "PAGE 0001",
        "8 U.S.C. 1357",
        "the officer completes Form ABC 00123 at booking",
        "HSI 0001234 was opened in 2009\nand closed\nlater\nthat year",
        "FY 2017",
        "text\nmore\nFY 2011",
        "text\nmore\nICE 2010",
        "TEL 202-732-0600",
        "OMB 1653-0051",
        "A012345678",
        "VerDate Sep<11>2014 16:21 Aug 05, 2020 Jkt 250001 PO 00000 Frm 00001 Fmt 4702",
        "body\nPO 00000",
        "In 2010 SB 1070 passed in Arizona and ICE reviewed 3488 cases.",
    ],
)
def test_find_bates_rejects_look_alikes(text: str) -> None:
    assert find_bates(text) is None


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("ICE FOIA 10-2674.0007281", ("ICE FOIA 10-2674", 7281, 7)),
        ("ICE 2010FOIA2674.0117629", ("ICE 2010FOIA2674", 117629, 7)),
        ("DHS-ICE-000345", ("DHS-ICE", 345, 6)),
        ("DHS 000345", ("DHS", 345, 6)),
        ("ice foia 10-2674 0007281", ("ICE FOIA 10-2674", 7281, 7)),
        ("ICE FOIA  10-2674.000 7281", ("ICE FOIA 10-2674", 7281, 7)),
    ],
)
def test_split_bates(stamp: str, expected: tuple[str, int, int]) -> None:
    assert split_bates(stamp) == expected


def test_split_bates_without_number() -> None:
    with pytest.raises(ValueError, match="not a Bates number"):
        split_bates("ICE FOIA")


def test_bates_keys() -> None:
    assert bates_keys("ICE 2010FOIA2674.0117630") == {
        "2010.2674.ice_117630",  # the prefix's parts in any order, FOIA and zeros dropped
        "ice_117630",  # the agency and the number
        "117630",  # the number alone
        "ice2010foia26740117630",  # as printed, letters and digits only
    }


def test_bates_keys_without_number() -> None:
    assert bates_keys("Withheld") == {"withheld"}
    assert bates_keys("  ") == set()


STAMPS = [
    "ICE 2010FOIA2674.0117630",
    "ICE 2010FOIA2674.0117631",
    "ICE FOIA 10-2674.0117630",
    "DHS-ICE-0117630",
    "NDLON 0117630",
    "ICE FOIA 10-2674.0007281",
]


@pytest.mark.parametrize(
    ("typed", "stamp", "others"),
    [
        ("ICE 2010FOIA2674.0117630", STAMPS[0], set()),
        ("ice 2010foia2674.117630", STAMPS[0], set()),
        ("ICE2010FOIA26740117630", STAMPS[0], set()),
        ("ICE FOIA 10-2674.000 7281", STAMPS[5], set()),
        ("ICE FOIA 10-2674 0007281", STAMPS[5], set()),
        ("ICE FOIA 10-2674.7281", STAMPS[5], set()),
        # The short form finds the page in every ICE production with that number.
        ("ICE-117630", STAMPS[0], {STAMPS[2], STAMPS[3]}),
        ("DHS-117630", STAMPS[3], set()),
        # A bare number finds that number under any prefix.
        ("0117630", STAMPS[0], {STAMPS[2], STAMPS[3], STAMPS[4]}),
        ("117630", STAMPS[0], {STAMPS[2], STAMPS[3], STAMPS[4]}),
    ],
)
def test_query_keys_find_the_right_stamp(typed: str, stamp: str, others: set[str]) -> None:
    keys = query_keys(typed)
    found = {candidate for candidate in STAMPS if keys & bates_keys(candidate)}
    assert found == {stamp} | others


def test_query_keys_without_number() -> None:
    assert query_keys("ICE FOIA") == set()


def test_fill_gaps_counts_from_the_nearest_stamp() -> None:
    stamps = [None, "ICE FOIA 10-2674.0007281", None, None, "ICE FOIA 10-2674.0007290", None]
    assert fill_gaps(stamps) == [
        "ICE FOIA 10-2674.0007280",
        "ICE FOIA 10-2674.0007281",
        "ICE FOIA 10-2674.0007282",  # tie between 7281 and 7290 goes to the earlier page
        "ICE FOIA 10-2674.0007289",
        "ICE FOIA 10-2674.0007290",
        "ICE FOIA 10-2674.0007291",
    ]


def test_fill_gaps_never_below_zero_and_nothing_to_count_from() -> None:
    assert fill_gaps([None, None, "DHS 000001", None]) == [
        None,
        "DHS 000000",
        "DHS 000001",
        "DHS 000002",
    ]
    assert fill_gaps([None, None]) == [None, None]


def test_number_pages() -> None:
    assert number_pages("ICE 2010FOIA2674.0117629", 3) == [
        "ICE 2010FOIA2674.0117629",
        "ICE 2010FOIA2674.0117630",
        "ICE 2010FOIA2674.0117631",
    ]
    assert number_pages("NDLON 999", 2) == ["NDLON 999", "NDLON 1000"]
    assert number_pages("DHS 000001", 0) == []
    with pytest.raises(ValueError, match="not a Bates number"):
        number_pages("unknown", 2)


def test_bates_range() -> None:
    assert bates_range([None, "DHS 000002", None, "DHS 000004", None]) == (
        "DHS 000002",
        "DHS 000004",
    )
    assert bates_range([None, None]) is None


@pytest.mark.parametrize(
    "name",
    [
        "federal-register-2020-17221.pdf",  # "PO 00000 Frm 00001" job lines on every page
        "ca9_19.pdf",  # court filing: docket numbers, statute citations
        "OwyheeCoID_TFM_MOA_03.07.25.pdf",  # ICE 287(g) agreement
        "foia_detaineedeaths_2003_2017.pdf",  # ICE FOIA-library table with dates and numbers
    ],
)
def test_no_stamp_on_unstamped_real_documents(name: str) -> None:
    found = {find_bates(text) for text in sample_pdf_texts(name)}
    assert found == {None}


# -- where a generic stamp may sit (issue 12: the mutants the tests above let through) -------

PROSE = "The detainer was lodged at the county jail.\nIt was lifted the next day.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XYZ 1234", "XYZ 1234"),  # a page that is only the stamp
        ("\nXYZ 1234", "XYZ 1234"),  # after a blank first line
        ("body\n| XYZ 1234", "XYZ 1234"),  # table rules and bullets around a corner stamp
        ("body\n* XYZ 1234 \u2022", "XYZ 1234"),
        ("body\nXYZ 1234\nfoo\nbar", "XYZ 1234"),  # the first of the last three lines
        ("body\nNDLON0001234", "NDLON0001234"),  # padded, printed with no separator
        ("body\nXYZ 01234", "XYZ 01234"),  # five padded digits, no state code
        ("text\nmore\nXYZ 2100", "XYZ 2100"),  # past the years a page prints
        ("text\nmore\nXYZ 1899", "XYZ 1899"),
        # padded: it ends its line anywhere on the page
        ("header\nNDLON 0001234\n" + PROSE * 3, "NDLON 0001234"),
    ],
)
def test_generic_stamps_in_a_corner(text: str, expected: str) -> None:
    assert find_bates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # unpadded stamps in prose: with words before or after them on the line
        "body\nsee XYZ 1234 here",
        "body\nsee XYZ 1234\nend",
        "body\nx XYZ 1234",
        "XYZ 1234 was filed today\nline two\nline three\nline four",
        # padded ones in prose: words on both sides, or not at the end of a line in the body
        "one\nsee NDLON 0001234 for more\ntwo\nthree\nfour",
        "see NDLON 0001234 x",
        # no separator and unpadded: "ABC1234" could be anything
        "body\nABC1234",
        # all zeros, and years
        "body\nXYZ 0000",
        "body\nXYZ 000000",
        "text\nmore\nXYZ 1900",
        "text\nmore\nXYZ 2099",
    ],
)
def test_generic_look_alikes_in_prose_are_not_stamps(text: str) -> None:
    assert find_bates(text) is None


def test_split_bates_keeps_the_prefix_as_printed() -> None:
    assert split_bates("AX 000123") == ("AX", 123, 6)
    assert split_bates("-DHS 000345") == ("-DHS", 345, 6)


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("ICE-0117630", {"ice0117630", "ice_117630"}),
        ("ICE-117630", {"ice117630", "ice_117630"}),
        ("0117630", {"0117630", "117630"}),
        ("117630", {"117630"}),
        ("ice foia 10-2674.0007281", {"icefoia1026740007281", "10.2674.ice_7281"}),
    ],
)
def test_query_keys_are_the_typed_form_and_the_stamp_key(typed: str, keys: set[str]) -> None:
    assert query_keys(typed) == keys


def test_a_padded_short_form_finds_its_page() -> None:
    stamp = "ICE 2010FOIA2674.0117630"
    assert query_keys("ICE-0117630") & bates_keys(stamp)


def test_fill_gaps_breaks_a_tie_by_page_not_by_stamp() -> None:
    # the earlier page carries the larger number: it still wins the tie
    assert fill_gaps(["DHS 000009", None, "DHS 000001"]) == [
        "DHS 000009",
        "DHS 000010",
        "DHS 000001",
    ]


def test_bates_range_is_the_first_and_the_last_stamp() -> None:
    stamps = [None, "DHS 000002", "DHS 000003", None, "DHS 000005", None]
    assert bates_range(stamps) == ("DHS 000002", "DHS 000005")


def test_bates_range_of_a_cover_range() -> None:
    assert bates_range(["NARA 000210 - NARA 000212", None]) == ("NARA 000210", "NARA 000212")
    assert bates_range([None, "NARA 000009", "NARA 000210 - NARA 000212"]) == (
        "NARA 000009",
        "NARA 000212",
    )
    assert bates_range(["NARA 000210 - NARA 000212", "NARA 000300"]) == (
        "NARA 000210",
        "NARA 000300",
    )

"""Stamps found from the production itself: corners, growing numbers, OCR slips, covers, and
what is not a stamp. Every production here is invented: other agencies, years, styles."""

from __future__ import annotations

import pytest

from indexer.enrich import enrich_document
from indexer.enrich.bates_detect import (
    CORNER_LINES,
    MAX_RANGE,
    MAX_WORDS,
    cover_stamps,
    document_stamps,
    stamp_like,
)
from indexer.enrich.bates_stamp import Stamp
from indexer.model.document import Document, Page
from tests.conftest import sample_pdf_texts

BODY = (
    "The detainee was transferred to the county facility on the same day.\n"
    "Medical staff reviewed the intake screening and noted no concerns.\n"
    "The supervisor approved the transfer after the review was complete.\n"
    "A copy of the form was placed in the file for the records office.\n"
)


def bottom(stamp: str, body: str = BODY) -> str:
    """A page with `stamp` in its bottom right corner."""
    return f"INCIDENT SUMMARY\n\n{body}\n\n\n{' ' * 40}{stamp}\n"


def top(stamp: str, body: str = BODY) -> str:
    return f"{' ' * 40}{stamp}\n\nINCIDENT SUMMARY\n\n{body}"


# -- a production's own style, found from its pages --------------------------------------------


@pytest.mark.parametrize(
    "stamps",
    [
        ["HHS-OIG-2019-FOIA-04417 000088", "HHS-OIG-2019-FOIA-04417 000089"],
        ["SSA.2021.0077.00012", "SSA.2021.0077.00013", "SSA.2021.0077.00014"],
        ["DOS 2016 F 00912 000101", "DOS 2016 F 00912 000102"],  # spaces only
        ["TREAS(22-cr-0457)-000310", "TREAS(22-cr-0457)-000311"],  # a docket inside
        ["NARA2014FOIA0815-0101", "NARA2014FOIA0815-0102"],  # glued
        ["OPM_2011_0044_000210", "OPM_2011_0044_000211"],
        ["DHS-USSS-0001", "DHS-USSS-0002"],  # short numbers: they grow page by page
        ["VA 123", "VA 124"],
    ],
)
def test_a_style_no_list_knows_is_found_in_the_bottom_corner(stamps: list[str]) -> None:
    assert document_stamps([bottom(stamp) for stamp in stamps]) == stamps


def test_a_stamp_in_the_top_corner() -> None:
    stamps = ["GAO-19-0551.000007", "GAO-19-0551.000008", "GAO-19-0551.000009"]
    assert document_stamps([top(stamp) for stamp in stamps]) == stamps


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("Page 2 of 3            NARA-0001235", "NARA-0001235"),  # after a wide gap
        ("NARA-0001235            Page 2 of 3", "NARA-0001235"),  # before one
        ("CONFIDENTIAL | NARA-0001235", "NARA-0001235"),  # a rule between them
        ("\u2022 NARA-0001235 \u2022", "NARA-0001235"),
        ("\tNARA-0001235", "NARA-0001235"),
        ("Produced NARA-0001235", "NARA-0001235"),  # the words at the end of a line
        ("NARA-0001235 produced", "NARA-0001235"),  # and at its start
    ],
)
def test_a_stamp_beside_other_corner_text(line: str, stamp: str) -> None:
    first = bottom("NARA-0001234")
    assert document_stamps([first, f"{BODY}{line}\n"]) == ["NARA-0001234", stamp]


def test_the_corner_is_the_first_and_last_lines() -> None:
    lines = [f"Line {number} of the body text." for number in range(10)]
    for depth in range(CORNER_LINES):
        near_top = lines[:depth] + ["FEMA-0000451"] + lines[depth:]
        near_bottom = lines[: len(lines) - depth] + ["FEMA-0000452"] + lines[len(lines) - depth :]
        assert document_stamps(["\n".join(near_top), "\n".join(near_bottom)]) == [
            "FEMA-0000451",
            "FEMA-0000452",
        ]
    middle = lines[:5] + ["FEMA-4510"] + lines[5:]
    lower = lines[:5] + ["FEMA-4511"] + lines[5:]
    assert document_stamps(["\n".join(middle), "\n".join(lower)]) == [None, None]


def test_numbers_may_jump_but_must_grow_at_least_one_a_page() -> None:
    jump = ["SBA 000210", "SBA 000260", "SBA 000261"]  # pages left out of the file
    assert document_stamps([bottom(stamp) for stamp in jump]) == jump
    # The same number on each page, falling numbers, and growing by less than the pages
    for stamps in (
        ["SBA 000210", "SBA 000210"],
        ["SBA 000211", "SBA 000210"],
        ["SBA 000210", "SBA 000211", "SBA 000209"],
    ):
        assert document_stamps([bottom(stamp) for stamp in stamps]) == [None] * len(stamps)
    slow = [bottom("SBA 000210"), BODY, bottom("SBA 000211")]
    assert document_stamps(slow) == [None, None, None]
    fills = [bottom("SBA 000210"), BODY, bottom("SBA 000212")]
    assert document_stamps(fills) == ["SBA 000210", "SBA 000211", "SBA 000212"]


def test_a_document_stamped_on_its_first_and_last_page_only() -> None:
    pages = [bottom("EPA-HQ-2020-0042 000500")] + [BODY] * 3 + [bottom("EPA-HQ-2020-0042 000504")]
    assert document_stamps(pages) == [f"EPA-HQ-2020-0042 00050{n}" for n in range(5)]


def test_the_production_on_most_pages_wins_and_then_the_fullest_prefix() -> None:
    pages = [
        top("USDA 000010") + "USDA-APHIS-2018-00112 000451\n",
        top("USDA 000011") + "USDA-APHIS-2018-00112 000452\n",
        top("USDA 000012"),
    ]
    assert document_stamps(pages) == ["USDA 000010", "USDA 000011", "USDA 000012"]
    fullest = [bottom("DOE OHA 2017 00612 000031"), bottom("DOE OHA 2017 00612 000032")]
    assert document_stamps(fullest) == ["DOE OHA 2017 00612 000031", "DOE OHA 2017 00612 000032"]


def test_the_lowest_stamp_of_a_page_is_taken() -> None:
    pages = [top("DOT 000100") + "DOT 000200\n", top("DOT 000101") + "DOT 000201\n"]
    assert document_stamps(pages) == ["DOT 000200", "DOT 000201"]


def test_a_one_page_document_needs_a_padded_stamp_alone_in_its_corner() -> None:
    assert document_stamps([bottom("NASA-2019-FOIA-0006 00045")]) == ["NASA-2019-FOIA-0006 00045"]
    assert document_stamps([bottom("NASA 0045")]) == ["NASA 0045"]
    assert document_stamps([bottom("NASA-2019-FOIA-0006 01045")]) == [None]  # one zero
    assert document_stamps([bottom("NASA-2019-FOIA-0006 045")]) == [None]  # too short
    assert document_stamps([bottom("NASA-2019-FOIA-0006 1045")]) == [None]
    assert document_stamps([bottom("SEE NASA 00045")]) == ["SEE NASA 00045"]
    # not all of its corner
    assert document_stamps([bottom("see NASA-2019-FOIA-0006 00045")]) == [None]
    assert document_stamps([top("NASA 000045 1")]) == [None]  # a page number after it


def test_a_known_style_still_counts_on_a_page_the_production_misses() -> None:
    pages = [
        bottom("CBP-2019-FOIA-00310 000012"),
        bottom("CBP-2019-FOIA-00310 000013"),
        "A slip sheet.\nICE FOIA 10-2674.0007281\n",
    ]
    assert document_stamps(pages) == [
        "CBP-2019-FOIA-00310 000012",
        "CBP-2019-FOIA-00310 000013",
        "ICE FOIA 10-2674.0007281",
    ]
    assert document_stamps(["One page.\nICE 2010FOIA2674.0117629\n"]) == [
        "ICE 2010FOIA2674.0117629"
    ]


# -- the scanner's damage ---------------------------------------------------------------------


def test_damaged_stamps_are_shown_repaired_in_the_productions_style() -> None:
    printed = [
        "DOL-2O21-FOIA-OO3I5.0001BO",  # O for 0, I for 1, B for 8
        "DOL-2021-FOIA-00315.000181",
        "DOL-2021-FOlA-OO3l5.0OOlB2",  # l for I and for 1
        "DOL-2021-FOIA-00315,000183",  # a comma for the dot
        "DOL-2021-FOIA-00315 000184",  # the dot lost
        "DOL-2021-FOIA-00315.0001BS",  # S for 5
        "DOL-2021-FOIA-00315.000186",
    ]
    assert document_stamps([bottom(stamp) for stamp in printed]) == [
        f"DOL-2021-FOIA-00315.0001{n}" for n in range(80, 87)
    ]


def test_an_ocr_split_number_and_a_split_hyphen() -> None:
    printed = ["FDA 2018 - 0091 . 000 122", "FDA 2018-0091.000123", "FDA 2018-0091.000124"]
    assert document_stamps([bottom(stamp) for stamp in printed]) == [
        "FDA 2018-0091.000122",
        "FDA 2018-0091.000123",
        "FDA 2018-0091.000124",
    ]


def test_the_most_common_width_and_separator_win() -> None:
    printed = ["NRC 00071", "NRC-000072", "NRC-000073"]
    assert document_stamps([bottom(stamp) for stamp in printed]) == [
        "NRC-000071",
        "NRC-000072",
        "NRC-000073",
    ]


# -- what is not a stamp ------------------------------------------------------------------------


def pages_ending(lines: list[str]) -> list[str]:
    return [f"{BODY}{line}\n" for line in lines]


@pytest.mark.parametrize(
    "lines",
    [
        # prose in the corner, even with a growing number
        ["We answered FOIA request 2018-01123 in full.", "We answered FOIA request 2018-01124."],
        ["the ICE 000345 memo was sent", "the ICE 000346 memo was sent"],
        ["See Case No. 14-cv-06117 (SDNY).", "See Case No. 14-cv-06118 (SDNY)."],
        ["Call (202) 732-0600 today", "Call (202) 732-0601 today"],
        ["TEL 202-732-0600", "TEL 202-732-0601"],
        ["OMB No. 1653-0051", "OMB No. 1653-0052"],
        # running headers and footers that count pages
        ["Page 1 of 3", "Page 2 of 3"],
        ["PAGE 0001", "PAGE 0002"],
        ["Case 1:14-cv-06117-JPO Document 44 Filed 06/09/15 Page 1 of 5", "... Page 2 of 5"],
        ["Jkt 250001 PO 00000 Frm 00001 Fmt 4702", "Jkt 250001 PO 00000 Frm 00002 Fmt 4702"],
        ["VerDate Sep<11>2014 Frm 00001", "VerDate Sep<11>2014 Frm 00002"],
        ["APPENDIX 101", "APPENDIX 102"],
        ["TABLE 0101", "TABLE 0102"],
        ["EXHIBIT 000101", "EXHIBIT 000102"],
        ["FORM 000101", "FORM 000102"],
        ["Sec. 000101", "Sec. 000102"],
        ["SECTION 287 NO 000101", "SECTION 287 NO 000102"],
        ["SF-424 REV 000101", "SF-424 REV 000102"],
        # years, ZIP codes, zeros, one letter
        ["ANNUAL REPORT 2018", "ANNUAL REPORT 2019"],
        ["Washington, DC 20536", "Washington, DC 20537"],
        ["WASHINGTON DC 20536-5009", "WASHINGTON DC 20537-5009"],
        ["XYZ 000", "XYZ 0000"],
        ["A-000101", "A-000102"],
        ["AB 12", "AB 13"],  # two digits
        ["TOOLONGAGENCYNAME 000101", "TOOLONGAGENCYNAME 000102"],
        ["ICE detainers 000101", "ICE detainers 000102"],  # a long word in lower case
        ["A B C D E F G 000101", "A B C D E F G 000102"],  # more words than a stamp
        ["ICE <000101>", "ICE <000102>"],  # signs no stamp prints
    ],
)
def test_look_alikes_in_corners_are_not_stamps(lines: list[str]) -> None:
    assert document_stamps(pages_ending(lines)) == [None, None]


def test_a_state_code_before_other_numbers_can_be_a_stamp() -> None:
    # VA is a state and an agency: only five digits after it read as a ZIP code
    assert document_stamps(pages_ending(["VA 0001234", "VA 0001235"])) == [
        "VA 0001234",
        "VA 0001235",
    ]
    assert document_stamps(pages_ending(["VA 12345 000101", "VA 12345 000102"])) == [None, None]
    assert document_stamps(pages_ending(["VA 1234 000101", "VA 1234 000102"])) == [
        "VA 1234 000101",
        "VA 1234 000102",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NARA 000123", Stamp("NARA", " ", 123, 6, ("nara",))),
        ("USCIS 2017 FOIA 44120 89", None),  # "89": fewer than three digits
        (
            "NARA 2017 FOIA 44120 089",
            Stamp("NARA 2017 FOIA 44120", " ", 89, 3, ("nara", "2017", "foia", "44120")),
        ),  # noqa: E501
        ("NARA 1900", None),
        ("NARA 2099", None),
        ("NARA 1899", Stamp("NARA", " ", 1899, 4, ("nara",))),
        ("NARA 2100", Stamp("NARA", " ", 2100, 4, ("nara",))),
        ("NARA 02018", Stamp("NARA", " ", 2018, 5, ("nara",))),  # a padded year is a number
        ("ABCDEFGHIJKL 000123", Stamp("ABCDEFGHIJKL", " ", 123, 6, ("abcdefghijkl",))),
        ("ABCDEFGHIJKLM 000123", None),
        ("NARA cv 000123", Stamp("NARA cv", " ", 123, 6, ("nara", "cv"))),  # short words
        ("NARA case 000123", None),
        ("Nara 000123", None),
        ("NARA 0000", None),
        ("123 NARA 000123", None),
        ("PO 000123", None),
        ("DC 20536", None),
        ("DC 205361", Stamp("DC", " ", 205361, 6, ("dc",))),
        ("NARA: 000123", None),
        ("A1 B2 C3 D4 E5 F6", None),
        ("NARA A B C D 000123", Stamp("NARA A B C D", " ", 123, 6, ("nara", "a", "b", "c", "d"))),
        ("", None),
        ("ICE 000210 - ICE 000245", None),  # a range: the agency twice
    ],
)
def test_stamp_like(text: str, expected: Stamp | None) -> None:
    assert stamp_like(text) == expected


def test_max_words() -> None:
    assert stamp_like(" ".join(["NARA"] + ["A"] * (MAX_WORDS - 2) + ["000123"])) is not None
    assert stamp_like(" ".join(["NARA"] + ["A"] * (MAX_WORDS - 1) + ["000123"])) is None


def test_no_page_and_empty_pages() -> None:
    assert document_stamps([]) == []
    assert document_stamps(["", "\n\n"]) == [None, None]


@pytest.mark.parametrize(
    "name",
    [
        "federal-register-2020-17221.pdf",
        "ca9_19.pdf",
        "OwyheeCoID_TFM_MOA_03.07.25.pdf",
        "foia_detaineedeaths_2003_2017.pdf",
        "bjs_2016_2017.pdf",
        "ca-warn-report.pdf",
        "vector-pdf.pdf",
    ],
)
def test_no_stamp_in_unstamped_real_documents(name: str) -> None:
    texts = sample_pdf_texts(name)
    assert document_stamps(texts) == [None] * len(texts)
    assert cover_stamps(texts) == [None] * len(texts)


# -- a range printed on a cover ---------------------------------------------------------------

COVER = "PRODUCTION COVER SHEET\nBates range: NARA 000210 - NARA 000212\nReleased in part.\n"


def test_a_cover_range_numbers_the_pages_it_counts() -> None:
    assert cover_stamps([COVER, BODY, BODY]) == ["NARA 000210", "NARA 000211", "NARA 000212"]
    assert cover_stamps([COVER, BODY, BODY, BODY]) == [
        None,
        "NARA 000210",
        "NARA 000211",
        "NARA 000212",
    ]


@pytest.mark.parametrize("count", [1, 2, 5])
def test_a_cover_range_that_does_not_fit_the_pages_stays_on_the_cover(count: int) -> None:
    texts = [COVER] + [BODY] * (count - 1)
    assert cover_stamps(texts) == ["NARA 000210 - NARA 000212"] + [None] * (count - 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("DOI-2019-0041 000300 through DOI-2019-0041 000301", "DOI-2019-0041 000300"),
        ("Bates DOI 000300 to DOI 000301", "DOI 000300"),
        ("DOI 000300 \u2013 DOI 000301 (2 pages)", "DOI 000300"),
        ("BATES RANGE DOI 000300 - DOI 000301", "DOI 000300"),  # its own prefix, not the label's
        ("DOI 000300 - DOI 000301", "DOI 000300"),
    ],
)
def test_range_styles(line: str, expected: str) -> None:
    assert cover_stamps([f"Cover\n{line}\n", BODY])[0] == expected


@pytest.mark.parametrize(
    "line",
    [
        "DOI 000301 - DOI 000300",  # backwards
        "DOI 000300 - DOI 000300",
        "DOI 000300 - NPS 000301",  # two productions
        f"DOI 000001 - DOI {MAX_RANGE + 2:06d}",  # wider than any document
        "pages 12 - 14",
        "DOI 000300 and DOI 000301",
        "DOI 000300 - 000301",
    ],
)
def test_no_range(line: str) -> None:
    assert cover_stamps([f"Cover\n{line}\n", BODY]) == [None, None]


def test_the_widest_range_allowed() -> None:
    line = f"DOI 000001 - DOI {MAX_RANGE + 1:06d}"
    assert cover_stamps([f"Cover\n{line}\n", BODY]) == [line, None]


def test_only_the_first_page_is_a_cover_and_the_first_range_counts() -> None:
    assert cover_stamps([BODY, COVER]) == [None, None]
    second = COVER + "NARA 000400 - NARA 000401\n"
    assert cover_stamps([second, BODY, BODY]) == ["NARA 000210", "NARA 000211", "NARA 000212"]
    assert cover_stamps([]) == []


# -- the edges of each rule (what mutation testing asked for) -------------------------------


def test_junk_lines_at_the_foot_are_no_lines() -> None:
    body = "\n".join(f"Line {number} of the body text." for number in range(10))
    pages = [f"{body}\n| NARA-1234 |\n|\n\u2022\n*\n", f"{body}\n| NARA-1235 |\n|\n\u2022\n*\n"]
    assert document_stamps(pages) == ["NARA-1234", "NARA-1235"]


def test_a_short_page_is_all_corner_but_a_longer_one_is_not() -> None:
    for count in range(1, 2 * CORNER_LINES):
        lines = [f"Line {number}." for number in range(count)]
        pages = ["\n".join([*lines[:1], stamp, *lines[1:]]) for stamp in ("OSC 4510", "OSC 4511")]
        assert document_stamps(pages) == ["OSC 4510", "OSC 4511"]
    lines = [f"Line {number}." for number in range(2 * CORNER_LINES)]
    middle = [
        lines[:CORNER_LINES] + [stamp] + lines[CORNER_LINES:] for stamp in ("OSC 4510", "OSC 4511")
    ]
    assert document_stamps(["\n".join(page) for page in middle]) == [None, None]


def test_a_stamp_after_words_on_its_line() -> None:
    pages = [bottom("NARA 1234"), f"{BODY}Produced NARA 1240\n", f"{BODY}Produced by NARA 1250\n"]
    assert document_stamps(pages) == ["NARA 1234", "NARA 1240", "NARA 1250"]


def test_a_one_page_stamp_with_four_digits_two_of_them_zeros() -> None:
    assert document_stamps([bottom("NASA-2019-FOIA-0006 0045")]) == ["NASA-2019-FOIA-0006 0045"]
    assert document_stamps([bottom("NASA-2019-FOIA-0006 0145")]) == [None]
    assert document_stamps([bottom("NASA-2019-FOIA-0006 00145")]) == ["NASA-2019-FOIA-0006 00145"]


def test_short_lower_case_words_may_sit_in_a_stamp() -> None:
    assert stamp_like("NARA abc 000123") == Stamp("NARA abc", " ", 123, 6, ("nara", "abc"))
    assert stamp_like("NARA abcd 000123") is None


def test_a_cover_whose_range_a_known_style_would_take() -> None:
    cover = "PRODUCTION COVER SHEET\nDOI-FWS 000210 - DOI-FWS 000212\n"
    assert document_stamps([cover, BODY, BODY]) == [None, None, None]
    assert cover_stamps([cover, BODY, BODY]) == [
        "DOI-FWS 000210",
        "DOI-FWS 000211",
        "DOI-FWS 000212",
    ]
    # the production's stamps on the pages after it: the cover is counted back from them
    stamped = [cover, bottom("DOI-FWS 000210"), bottom("DOI-FWS 000211")]
    assert document_stamps(stamped) == ["DOI-FWS 000209", "DOI-FWS 000210", "DOI-FWS 000211"]
    # a cover that is stamped itself keeps its stamp
    own = [
        top("NARA 000210") + "NARA 000210 - NARA 000212\n",
        top("NARA 000211"),
        top("NARA 000212"),
    ]
    assert document_stamps(own) == ["NARA 000210", "NARA 000211", "NARA 000212"]


def test_one_word_ends_and_a_first_dash_that_is_no_range() -> None:
    assert cover_stamps(["Cover\nDOI-000300 - DOI-000301\n", BODY]) == ["DOI-000300", "DOI-000301"]
    line = "pages 1 - 3 of DOI 000300 - DOI 000301"
    assert cover_stamps([f"Cover\n{line}\n", BODY]) == ["DOI 000300", "DOI 000301"]
    two = "DOI 000300 - DOI 000301 (2 pp.) - NPS 000400 - NPS 000402"
    assert cover_stamps([f"Cover\n{two}\n", BODY]) == ["DOI 000300", "DOI 000301"]


# -- in the enrichment of a whole document -----------------------------------------------------


def test_enrichment_takes_a_cover_range_after_the_manifest() -> None:
    pages = tuple(Page(number, text) for number, text in enumerate([COVER, BODY], start=1))
    doc = Document("0123456789abcdef", "0" * 64, "records/x.txt", "text", "x", pages, {})
    enriched = enrich_document(doc)
    assert [page.bates for page in enriched.pages] == ["NARA 000210 - NARA 000212", None]
    assert enriched.metadata["bates_range"] == ["NARA 000210", "NARA 000212"]
    manifest = enrich_document(doc.replace(metadata={"bates_start": "SSA 000007"}))
    assert [page.bates for page in manifest.pages] == ["SSA 000007", "SSA 000008"]
    assert manifest.metadata["bates_range"] == ["SSA 000007", "SSA 000008"]

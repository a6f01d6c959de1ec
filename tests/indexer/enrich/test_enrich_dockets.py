"""Docket numbers in text: every court style to one key, and what is not a docket."""

from __future__ import annotations

import time

import pytest

from indexer.enrich.dockets import (
    REMEMBERED_TEXT_CHARS,
    Docket,
    case_labels,
    docket_keys,
    find_dockets,
    normalize_docket,
)


def _keys(text: str) -> list[tuple[str, str]]:
    """(printed span, key) of each docket found."""
    return [(text[d.start : d.end], d.key) for d in find_dockets(text)]


# Invented cases in the styles of many courts: the whole printed docket, and its key.
@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("3:16-cv-00412", "16-cv-412"),  # CM/ECF with a division
        ("16-cv-412", "16-cv-412"),
        ("16-CV-0412", "16-cv-412"),
        ("4:09cr218", "09-cr-218"),  # compact
        ("09CR218", "09-cr-218"),
        ("22 Civ. 7031", "22-cv-7031"),  # S.D.N.Y.
        ("22 Civ 7031", "22-cv-7031"),
        ("05 Cr. 1190 (KMW)", "05-cr-1190"),
        ("05 Crim. 1190", "05-cr-1190"),
        ("13 Misc. 44", "13-mc-44"),
        ("13 Mag. 2207", "13-mj-2207"),
        ("11 CV 903", "11-cv-903"),
        ("1:18-cv-02255-TSC", "18-cv-2255"),  # judge's initials
        ("2:20-cr-00031-RMP-2", "20-cr-31"),  # a defendant number after the initials
        ("1:18-cv-02255 (TSC)", "18-cv-2255"),
        ("1:18-cv-02255 (TSC)(GMH)", "18-cv-2255"),
        ("1:18-cv-2255-ABC-DE", "18-cv-2255"),
        ("EP-19-CR-01604-DB", "19-cr-1604"),  # W.D. Tex. city prefix
        ("CIV-13-0966-D", "13-cv-966"),  # W.D. Okla., type first, with initials
        ("CR-08-0112-F", "08-cr-112"),
        ("2:14-md-02592", "14-md-2592"),
        ("3:21-mj-00077", "21-mj-77"),
        ("1:23-mc-00310", "23-mc-310"),
        ("6:17-bk-04415", "17-bk-4415"),
        ("6:17-ap-00081", "17-ap-81"),
        ("2019-cv-4521", "19-cv-4521"),  # a four-digit year
        ("1998-CR-17", "98-cr-17"),
        ("8:11\u2013cv\u201301123", "11-cv-1123"),  # en dashes
    ],
)
def test_each_style_of_a_docket_is_one_key(printed: str, key: str) -> None:
    text = f"Filed in {printed} on the same day."
    [docket] = find_dockets(text)
    assert docket.key == key
    assert text[docket.start : docket.end].translate({0x2013: "-"}) in printed.replace(
        "\u2013", "-"
    )


@pytest.mark.parametrize(
    ("text", "key", "typeless"),
    [
        ("No. 16-412", "16-412", "16-412"),
        ("Case No. 16-412", "16-412", "16-412"),
        ("Docket No. 16-412", "16-412", "16-412"),
        ("Appeal No. 16-412", "16-412", "16-412"),
        ("Civil Action No. 16-412 (ESH)", "16-cv-412", "16-412"),
        ("Civil No. 16-412", "16-cv-412", "16-412"),
        ("Civ. No. 16-412", "16-cv-412", "16-412"),
        ("Criminal No. 16-412", "16-cr-412", "16-412"),
        ("Criminal Action No. 16-412", "16-cr-412", "16-412"),
        ("Cr. No. 16-412", "16-cr-412", "16-412"),
        ("Misc. No. 16-412", "16-mc-412", "16-412"),
        ("Magistrate No. 16-412", "16-mj-412", "16-412"),
        ("Bankruptcy No. 16-412", "16-bk-412", "16-412"),
        ("Adv. Pro. No. 16-412", "16-ap-412", "16-412"),
        ("Adversary Proceeding No. 16-412", "16-ap-412", "16-412"),
        ("NUMBER 16-412", "16-412", "16-412"),
        ("Case #: 16-412", "16-412", "16-412"),
        ("No. 1:16-412", "16-412", "16-412"),
        ("Case: 16-412", "16-412", "16-412"),  # an appeals court's page header
        ("Docket : 16-412", "16-412", "16-412"),
    ],
)
def test_a_labelled_docket_without_type(text: str, key: str, typeless: str) -> None:
    [docket] = find_dockets(text)
    assert (docket.start, docket.end) == (0, len(text))
    assert docket.key == key
    assert docket.typeless_key == typeless
    assert docket.kind is None
    assert docket.query_key == typeless  # typed without a type: every type of that number


def test_a_label_that_names_a_kind_yields_to_the_printed_type() -> None:
    [docket] = find_dockets("Civil Action No. 3:16-cr-00412-JAM")
    assert (docket.kind, docket.implied, docket.key, docket.query_key) == (
        "cr",
        "cv",
        "16-cr-412",
        "16-cr-412",
    )


def test_keys_of_a_page() -> None:
    text = "Case 2:17-cv-01893-JLR Document 4\nSee also No. 18-35102 (9th Cir.)."
    assert docket_keys(text) == {"17-cv-1893", "17-1893", "18-35102"}
    assert docket_keys("nothing here 2017") == set()


def test_a_docket_has_both_keys_once() -> None:
    assert Docket(0, 1, "16", "412", "cv").keys == ("16-cv-412", "16-412")
    assert Docket(0, 1, "16", "412").keys == ("16-412",)
    assert Docket(0, 1, "16", "412", None, "cr").keys == ("16-cr-412", "16-412")


@pytest.mark.parametrize(
    "text",
    [
        "The hearing of 12-10-2011 was moved.",  # a date
        "Call 202-555-0143 or (202) 555-0143.",  # phone numbers
        "FOIA request 2018-01123 was received.",
        "FOIA Request No. 2018-01123",  # four-digit, labelled
        "Request No. 19-4521 was closed.",  # a bare No. after another word
        "Request NUMBER 19-4521; Request # 19-4521; Request Nos. 19-4521",
        "Request No. 19-4521\nmore",
        "Pub. L. No. 99-603, 100 Stat. 3359",  # a public law
        "S. Rep. No. 93-854 at 12",  # a Senate report
        "H.R. Rep. No. 104-828",
        "Executive Order No. 13-768",
        "Invoice no. 12-345",
        "Cal. Penal Code section 12-345 and § 13-1105",  # section numbers
        "ICE-2019-000345 and DHS-ICE-000345",  # Bates stamps
        "Docket No. FAA-2020-0686",  # an agency docket with letters
        "Docket No. USCIS-2010-0008",
        "1200 SW 345th Street; 12 SW 345",  # addresses
        "12 po 345 and 12 sw 345 and 12 md 345",  # types a court never spaces
        "12-civ.-345",
        "12-cv-0000 and No. 12-000",  # all-zero numbers
        "a12-cv-345, 12-cv-345b, 12-cv-345-6, 3.12-cv-345, 1,12-cv-345",
        "12-cv-12345678",  # eight digits
        "Civil Action 15-1087",  # a label without No. does not make a bare number a docket
        "case 12-15 people",
        "Case 20-16811 and Appeal: 20-16811 and Action: 20-16811",
        "no 19-4521",  # "no" without its period is a word
        "No. 12-10-2011",
        "No. 123-4567",
        "2019-4521",
    ],
)
def test_what_is_not_a_docket(text: str) -> None:
    assert find_dockets(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "No. 19-4521",
        "  No. 19-4521",
        "Jones v. Smith, No. 19-4521, 2020 WL 1",
        "Jones v. No. 19-4521",
        "Jones vs. No. 19-4521",
        "(No. 19-4521)",
        "see; No. 19-4521",
        "Petitioner :\n v. : No. 19-4521",
        "ORDER [No. 19-4521]",
        "line one\nNo. 19-4521",
    ],
)
def test_where_a_bare_no_labels_a_docket(text: str) -> None:
    assert [d.key for d in find_dockets(text)] == ["19-4521"]


def test_a_typed_docket_needs_no_label_and_a_wrong_one_is_left_out() -> None:
    text = "Request No. 12-cv-345"
    [docket] = find_dockets(text)
    assert text[docket.start : docket.end] == "12-cv-345"
    assert docket.implied is None


def test_a_type_first_docket_needs_a_label_or_initials() -> None:
    assert _keys("No. CIV-13-966") == [("No. CIV-13-966", "13-cv-966")]
    assert _keys("CIV-13-966-D") == [("CIV-13-966-D", "13-cv-966")]
    assert _keys("Request No. CIV-13-966-D") == [("CIV-13-966-D", "13-cv-966")]
    assert _keys("CIV-13-966 and CR-13-966") == []
    assert _keys("Request No. CIV-13-966") == []
    assert _keys("M-13-966-D") == [("M-13-966-D", "13-mc-966")]
    assert _keys("MJ-13-966-D") == [("MJ-13-966-D", "13-mj-966")]


def test_a_list_of_dockets_after_nos() -> None:
    text = "Case Nos. 20-55436, 20-55662 & 2:21-00077 (ABC) and 22-000, 22-9"
    assert _keys(text) == [
        ("Case Nos. 20-55436", "20-55436"),
        ("20-55662", "20-55662"),
        ("21-00077 (ABC)", "21-77"),
        ("22-9", "22-9"),  # the all-zero one is skipped, the list goes on
    ]
    # A typed docket is found on its own and ends the list.
    assert _keys("Nos. 20-1, 21-cv-77, 20-2") == [("Nos. 20-1", "20-1"), ("21-cv-77", "21-cv-77")]
    assert _keys("No. 20-55436, 20-55662") == [("No. 20-55436", "20-55436")]
    assert _keys("Nos. 20-55436, at 12-15") == [("Nos. 20-55436", "20-55436")]
    assert _keys("Nos. 20-55436, 2021-15") == [("Nos. 20-55436", "20-55436")]


def test_a_rejected_reading_does_not_stop_the_search() -> None:
    assert _keys("12 SW 345 and 12-cv-345") == [("12-cv-345", "12-cv-345")]
    assert _keys("12-civ.-345 then 13-cv-1") == [("13-cv-1", "13-cv-1")]
    assert _keys("CIV-13-966 and CIV-14-1-D") == [("CIV-14-1-D", "14-cv-1")]
    assert _keys("Request No. 19-4521\nNo. 20-1") == [("No. 20-1", "20-1")]


def test_adjacent_dockets_are_both_found() -> None:
    text = "12-cv-345(AB)13-cv-1"
    assert _keys(text) == [("12-cv-345(AB)", "12-cv-345"), ("13-cv-1", "13-cv-1")]


def test_the_label_is_part_of_the_docket() -> None:
    text = "Civil Action No. 1:17-cv-00289-LMB-IDD filed"
    assert _keys(text) == [("Civil Action No. 1:17-cv-00289-LMB-IDD", "17-cv-289")]


def test_dockets_come_in_text_order() -> None:
    text = "No. 20-1 then 19-cv-2 then 18 Cr. 3 then Civil No. 17-4"
    assert [d.key for d in find_dockets(text)] == ["20-1", "19-cv-2", "18-cr-3", "17-cv-4"]


def test_case_labels_drop_a_typeless_key_that_a_typed_one_covers() -> None:
    dockets = find_dockets("No. 16-412; 16-cv-412; No. 16-413; 16-cr-412; 16-cv-412")
    assert case_labels(dockets) == ["16-413", "16-cr-412", "16-cv-412"]
    assert case_labels([]) == []


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("1:14-cv-06117", "14-cv-6117"),
        (" 14 Civ. 6117 (LGR) ", "14-cv-6117"),
        ("No. 19-CV-4521", "19-cv-4521"),
        ("Civil Action No. 19-4521", "19-4521"),
        ("19-4521", "19-4521"),
        ("19-4521.", "19-4521"),
        ("21-cr-77", "21-cr-77"),
        ("SA-21-CR-00077-XR", "21-cr-77"),
    ],
)
def test_normalize_a_typed_docket(typed: str, key: str) -> None:
    assert normalize_docket(typed) == key


@pytest.mark.parametrize(
    "typed",
    ["", "garbage", "12-10-2011", "2018-01123", "see 12-cv-345", "12-cv-345 and more", "19-4521 x"],
)
def test_normalize_refuses_what_is_not_one_docket(typed: str) -> None:
    assert normalize_docket(typed) is None


def test_normalize_refuses_two_dockets() -> None:
    assert normalize_docket("12-cv-345 13-cv-1") is None


@pytest.mark.parametrize(
    "text",
    [
        "No." + " " * 100_000 + "x",
        "Civil Action " * 20_000,
        "12-" * 50_000,
        "1:" * 50_000 + "12-cv-",
        "Nos. 20-1" + ", 20-1" * 20_000,
        "(ABC)" * 30_000,
    ],
)
def test_hostile_text_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    find_dockets(text)
    assert time.perf_counter() - started < 2.0


# A text short enough to be remembered, and one too long to be.
@pytest.mark.parametrize("filler", [0, REMEMBERED_TEXT_CHARS])
def test_a_text_read_again_gives_the_same_dockets_whatever_a_caller_did_to_the_first(
    filler: int,
) -> None:
    text = "x " * (filler // 2) + "See Case No. 1:19-cv-04521, and see also No. 20-16811."
    first = find_dockets(text)
    expected = [(docket.key, docket.start) for docket in first]
    assert [key for key, _ in expected] == ["19-cv-4521", "20-16811"]
    first.clear()
    assert [(docket.key, docket.start) for docket in find_dockets(text)] == expected
    assert [(d.key, d.start) for d in find_dockets(text.replace("20-", "21-"))] == [
        expected[0],
        ("21-16811", expected[1][1]),
    ]

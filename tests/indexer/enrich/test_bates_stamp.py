"""A stamp as a structure: OCR repair, parsing, and the keys index and query time share."""

from __future__ import annotations

import pytest

from indexer.enrich.bates_stamp import (
    MAX_RANGE_KEYS,
    Stamp,
    agencies,
    compact,
    parse,
    parse_range,
    prefix_key,
    repair,
    stamp_keys,
    typed_keys,
)

# -- repair: the scanner's slips inside a stamp -----------------------------------------------


@pytest.mark.parametrize(
    ("printed", "repaired"),
    [
        # letters read for digits among digits: O, o, I, l, S, B
        ("HHS-2O19-OOO77", "HHS-2019-00077"),
        ("HHS-2o19-00077", "HHS-2019-00077"),
        ("NARA 00I204", "NARA 001204"),
        ("NARA 00l204", "NARA 001204"),
        ("NARA 00S204", "NARA 005204"),
        ("NARA 00B204", "NARA 008204"),
        ("NARA 0012O4", "NARA 001204"),  # one digit run touching it is enough...
        ("NARA OO1204", "NARA 001204"),  # ...on either side
        ("NARA 00120B", "NARA 001208"),
        ("NARA-FOIA-OSl9-0001", "NARA-FOIA-0519-0001"),  # a run of slips before a digit
        # digits read for letters between letters
        ("DOS-F0IA-000123", "DOS-FOIA-000123"),
        ("USC1S 000123", "USCIS 000123"),
        ("TS5A 000123", "TSSA 000123"),
        ("AB8C 000123", "ABBC 000123"),
        # a lower-case l in an upper-case word is an I
        ("FBl 000123", "FBI 000123"),
        ("DOJ-FOlA-000123", "DOJ-FOIA-000123"),
        # punctuation and spacing kept, only runs of space collapsed
        ("NARA  .  000123", "NARA . 000123"),
    ],
)
def test_repair_puts_the_scanners_slips_right(printed: str, repaired: str) -> None:
    assert repair(printed) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "OIS 000123",  # the first word is the agency: it stays letters, confused or not
        "SOB-000123",
        "ISO",  # a word alone has no digits around it
        "FOIA 10-2674",  # "10" is its own piece: no letters around it
        "FOIA10 000123",  # digits after letters, not between two letter runs
        "10FOIA 000123",
        "cv 000123",  # lower case: no l, nothing to put right
        "ICE-all-000123",  # a lower-case word keeps its l
        "ICE 2016FOIA03381.000215",  # nothing confused: runs of digits and letters kept
    ],
)
def test_repair_leaves_what_is_not_a_slip(text: str) -> None:
    assert repair(text) == " ".join(text.split())


def test_a_lone_lower_case_l_between_digits_is_a_one() -> None:
    assert repair("NARA 2l-000123") == "NARA 21-000123"
    assert repair("NARA l") == "NARA l"


# -- parse ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (
            "CBP-2018-FOIA-01123 000451",
            Stamp("CBP-2018-FOIA-01123", " ", 451, 6, ("cbp", "2018", "foia", "1123")),
        ),  # noqa: E501
        (
            "DOJ OIP 2022 00517 000045",
            Stamp("DOJ OIP 2022 00517", " ", 45, 6, ("doj", "oip", "2022", "517")),
        ),  # noqa: E501
        (
            "FBI(21-cv-1143)-000088",
            Stamp("FBI(21-cv-1143", ")-", 88, 6, ("fbi", "21", "cv", "1143")),
        ),  # noqa: E501
        (
            "USCIS2017FOIA44120-0089",
            Stamp("USCIS2017FOIA44120", "-", 89, 4, ("uscis", "2017", "foia", "44120")),
        ),  # noqa: E501
        ("NARA,0000123", Stamp("NARA", ",", 123, 7, ("nara",))),
        ("NARA  .  0000123", Stamp("NARA", ".", 123, 7, ("nara",))),
        ("NARA0000123", Stamp("NARA", "", 123, 7, ("nara",))),
        ("0000123", Stamp("", "", 123, 7, ())),
        # OCR: spaces around a hyphen, the number split after its zeros, slips
        ("SSA 2019 - 0077 . 000 123", Stamp("SSA 2019-0077", ".", 123, 6, ("ssa", "2019", "77"))),
        ("SSA-2O19-OO77-0OOI23", Stamp("SSA-2019-0077", "-", 123, 6, ("ssa", "2019", "77"))),
        ("SSA-00 0", Stamp("SSA", "-", 0, 3, ("ssa",))),
    ],
)
def test_parse(printed: str, expected: Stamp) -> None:
    assert parse(printed) == expected


def test_parse_keeps_a_zero_run_that_is_part_of_a_word() -> None:
    # "2674000" is one piece: its zeros are not a split number
    assert parse("ICE 2674000 7281") == Stamp("ICE 2674000", " ", 7281, 4, ("ice", "2674000"))
    # a zero run after a dot, before a number after a dot: not split by a space
    assert parse("ICE 2674.000.7281") == Stamp("ICE 2674.000", ".", 7281, 4, ("ice", "2674", "0"))


@pytest.mark.parametrize("text", ["NARA", "", "   ", "NARA 0001 part"])
def test_parse_needs_a_number_at_the_end(text: str) -> None:
    assert parse(text) is None


def test_printed_in_the_stamps_style() -> None:
    stamp = parse("EOIR-2020-FOIA-00519.000316")
    assert stamp is not None
    assert stamp.printed() == "EOIR-2020-FOIA-00519.000316"
    assert stamp.printed(9) == "EOIR-2020-FOIA-00519.000009"
    assert stamp.printed(1234567) == "EOIR-2020-FOIA-00519.1234567"
    assert stamp.printed(0) == "EOIR-2020-FOIA-00519.000000"


# -- keys -------------------------------------------------------------------------------------


def test_prefix_key_and_agencies() -> None:
    stamp = parse("FBI(21-cv-1143)-000088")
    assert stamp is not None
    assert prefix_key(stamp) == "1143.21.cv.fbi"
    assert agencies(stamp) == ["fbi"]
    other = parse("DOJ-OIP-FOIA-REQ-MC-AP-NO-X-2022-000045")
    assert other is not None
    assert agencies(other) == ["doj", "oip"]  # FOIA, REQ, MC, AP, NO and one letter are no agency
    assert prefix_key(other) == "2022.ap.doj.mc.no.oip.req.x"
    assert prefix_key(Stamp("", "", 5, 1, ())) == ""
    only_foia = parse("FOIA 000123")
    assert only_foia is not None
    assert prefix_key(only_foia) == "foia"  # FOIA is dropped only beside other words


def test_stamp_keys_of_a_stamp() -> None:
    assert stamp_keys("DOJ-OIP-2022-00517_000045") == {
        "2022.517.doj.oip_45",  # the whole prefix, any order, zeros and FOIA dropped
        "doj.oip_45",  # its agencies
        "doj_45",  # each agency: the short form DOJ-45
        "oip_45",
        "45",  # the number alone (bates: only)
        "dojoip202200517000045",  # as printed, glued
    }
    assert stamp_keys("NARA 000123") == {"nara_123", "123", "nara000123"}
    assert stamp_keys("000123") == {"123", "000123"}


def test_stamp_keys_of_a_value_without_number() -> None:
    assert stamp_keys("Withheld in full") == {"withheldinfull"}
    assert stamp_keys(" - ") == set()


def test_stamp_keys_are_those_of_the_repaired_stamp() -> None:
    assert stamp_keys("SSA-2O19-OO77-0OOI23") == stamp_keys("SSA-2019-0077-000123")


# Every way a person types the stamp meets the page, and none meets another production.
PRODUCTIONS = [
    "SSA-2019-FOIA-0077 000123",
    "SSA-2020-FOIA-0077 000123",  # another year
    "HHS-2019-FOIA-0077 000123",  # another agency
    "SSA-2019-FOIA-0078 000124",  # another request, another page
]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("SSA-2019-FOIA-0077 000123", {0}),  # as printed
        ("SSA-2019-FOIA-0077-000123", {0}),  # hyphens
        ("ssa.2019.foia.0077.000123", {0}),  # dots, lower case
        ("SSA 2019 FOIA 77 123", {0}),  # spaces, no zeros
        ("SSA 2019FOIA0077.000123", {0}),  # FOIA glued to the year
        ("SSA-2019-0077-000123", {0}),  # FOIA left out
        ("SSA FOIA 2019 77 123", {0}),  # parts in another order
        ("SSA-2O19-FOIA-OO77-OOOI23", {0}),  # typed from the OCR text
        ("SSA2019FOIA0077000123", {0}),  # glued as printed
        ("SSA-123", {0, 1}),  # the short form: every SSA production with that number
        ("SSA-000123", {0, 1}),
        ("HHS-123", {2}),
        ("123", {0, 1, 2}),  # the bare number (bates: only)
        ("000124", {3}),
        ("SSA 2021 FOIA 77 123", set()),
        ("SSA-124", {3}),
        ("DOJ-123", set()),
    ],
)
def test_typed_keys_meet_the_stamp_keys(typed: str, found: set[int]) -> None:
    keys = typed_keys(typed)
    assert {index for index, stamp in enumerate(PRODUCTIONS) if keys & stamp_keys(stamp)} == found


def test_typed_keys() -> None:
    assert typed_keys("SSA 2019 FOIA 77 123") == {"2019.77.ssa_123", "ssa2019foia77123"}
    assert typed_keys("0123") == {"123", "0123"}
    assert typed_keys("SSA") == set()
    assert compact("S.S.A. 000-1") == "ssa0001"


# -- ranges printed on a cover ----------------------------------------------------------------


def test_parse_range() -> None:
    ends = parse_range("NARA 000210 - NARA 000213")
    assert ends is not None
    assert [stamp.number for stamp in ends] == [210, 213]
    assert parse_range("NARA 000210 - NARA 000210") is None  # not a range
    assert parse_range("NARA 000213 - NARA 000210") is None  # backwards
    assert parse_range("NARA 000210 - SSA 000213") is None  # two productions
    assert parse_range("NARA 000210 - NARA") is None
    assert parse_range("NARA - NARA 000213") is None
    assert parse_range("NARA 000210") is None
    assert parse_range("NARA 000210 to NARA 000213") is None  # only our own separator


def test_a_range_value_is_found_by_every_number_in_it() -> None:
    keys = stamp_keys("NARA 000210 - NARA 000212")
    assert {"nara_210", "nara_211", "nara_212", "210", "211", "212"} <= keys
    assert "nara_209" not in keys and "nara_213" not in keys
    each = stamp_keys("NARA 000210") | stamp_keys("NARA 000211") | stamp_keys("NARA 000212")
    assert keys == each - {"nara000210", "nara000211", "nara000212"}


def test_a_wide_range_is_found_by_its_ends() -> None:
    last = 210 + MAX_RANGE_KEYS
    keys = stamp_keys(f"NARA 000210 - NARA {last:06d}")
    assert keys == {"nara_210", "210", f"nara_{last}", str(last)}
    widest = stamp_keys(f"NARA 000210 - NARA {last - 1:06d}")
    assert f"nara_{last - 2}" in widest  # MAX_RANGE_KEYS numbers: every one


# -- the edges of each rule (what mutation testing asked for) -------------------------------


def test_the_agency_stays_letters_even_glued_to_its_number() -> None:
    assert repair("SOB000123") == "SOB000123"
    assert repair("SOB-IS000123") == "SOB-15000123"  # only the first run is the agency
    assert repair("NA01RA 000123") == "NAOIRA 000123"  # a run of two slips between letters


def test_two_letter_agencies_and_a_range_of_three_parts() -> None:
    assert stamp_keys("VA-OIG 000123") == {
        "oig.va_123",
        "oig_123",
        "va_123",
        "123",
        "vaoig000123",
    }
    assert parse_range("NARA 000210 - NARA 000211 - NARA 000212") is None

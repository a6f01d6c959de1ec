"""Bates gap finding on invented productions: consecutive ranges, slip sheets (stamped before
the gap, or printing the range), stamps damaged by OCR, several prefixes in one folder."""

from __future__ import annotations

import pytest

from indexer.productions.gaps import MISSING, WITHHELD, StampedPage, find_gaps


def pages(*stamps: str | None, doc_id: str = "d") -> list[StampedPage]:
    return [StampedPage(doc_id, number, stamp) for number, stamp in enumerate(stamps, start=1)]


def summary(found: list) -> list[tuple[str, str, int, str]]:  # type: ignore[type-arg]
    return [(gap.first, gap.last, gap.count, gap.status) for gap in found]


@pytest.mark.parametrize(
    "stamps",
    [
        ("ICE-000001", "ICE-000002", "ICE-000003"),
        ("CBP 0451", "CBP 0452", "CBP 0453", "CBP 0454"),
        ("DOJ OIP 2022 00517 000045", "DOJ OIP 2022 00517 000046"),
        ("ICE FOIA 10-2674.0007281", "ICE FOIA 10-2674.0007282", "ICE FOIA 10-2674.0007283"),
        ("FBI-000010 - FBI-000019", "FBI-000020"),  # a cover's range, then the next page
        ("USCIS-000300", "USCIS-000300", "USCIS-000301"),  # a number twice is no gap
    ],
)
def test_consecutive_numbers_have_no_gap(stamps: tuple[str | None, ...]) -> None:
    assert find_gaps(pages(*stamps)) == []


@pytest.mark.parametrize(
    ("stamps", "expected"),
    [
        (("ICE-000001", "ICE-000004"), [("ICE-000002", "ICE-000003", 2, MISSING)]),
        (("CBP 0451", "CBP 0452", "CBP 0460"), [("CBP 0453", "CBP 0459", 7, MISSING)]),
        (
            ("DHS-ICE-000100", "DHS-ICE-000102", "DHS-ICE-000105"),
            [
                ("DHS-ICE-000101", "DHS-ICE-000101", 1, MISSING),
                ("DHS-ICE-000103", "DHS-ICE-000104", 2, MISSING),
            ],
        ),  # fmt: skip
        # Out of order across documents: sorted by number first.
        (("ICE-000007", "ICE-000001", "ICE-000002"), [("ICE-000003", "ICE-000006", 4, MISSING)]),
    ],
)
def test_missing_numbers_without_a_slip_sheet(stamps: tuple[str, ...], expected: list) -> None:  # type: ignore[type-arg]
    found = find_gaps(pages(*stamps))
    assert summary(found) == expected
    assert all(gap.shown_status == "missing, no slip sheet" for gap in found)


def test_a_slip_sheet_stamped_before_the_gap_accounts_for_it() -> None:
    found = find_gaps([
        StampedPage("a", 1, "EOIR-000020"),
        StampedPage("b", 1, "EOIR-000021", True, "Withheld in full pursuant to (b)(5)"),
        StampedPage("c", 1, "EOIR-000025"),
    ])  # fmt: skip
    assert summary(found) == [("EOIR-000022", "EOIR-000024", 3, WITHHELD)]
    assert found[0].slip_sheet == ("b", 1, "EOIR-000021")
    assert found[0].shown_status == "withheld in full (slip sheet on page 1 of b, EOIR-000021)"


@pytest.mark.parametrize(
    "text",
    [
        "Bates USMS 000046 through USMS 000052 withheld in full, (b)(7)(E)",
        "USMS 000046 - USMS 000052: pages withheld",
        "Pages 46 to 52 withheld in full",  # bare numbers, read in the sheet's own prefix
    ],
)
def test_a_slip_sheet_printing_the_range_accounts_for_it(text: str) -> None:
    found = find_gaps([
        StampedPage("a", 1, "USMS 000044"),
        StampedPage("s", 1, "USMS 000045", True, text),
        StampedPage("a", 2, "USMS 000053"),
    ])  # fmt: skip
    assert summary(found) == [("USMS 000046", "USMS 000052", 7, WITHHELD)]
    assert found[0].slip_sheet == ("s", 1, "USMS 000045")


def test_a_range_covering_part_of_a_gap_leaves_the_rest_missing() -> None:
    found = find_gaps([
        StampedPage("a", 1, "TSA-000010"),
        StampedPage("a", 2, "TSA-000030", True, "Pages TSA-000011 - TSA-000015 withheld"),
        StampedPage("a", 3, "TSA-000031"),
    ])  # fmt: skip
    assert summary(found) == [
        ("TSA-000011", "TSA-000015", 5, WITHHELD),
        ("TSA-000016", "TSA-000029", 14, MISSING),
    ]


def test_a_withheld_page_not_before_the_gap_accounts_for_nothing() -> None:
    found = find_gaps([
        StampedPage("a", 1, "NARA-0100", True, "Withheld in full"),
        StampedPage("a", 2, "NARA-0101"),
        StampedPage("a", 3, "NARA-0105"),
    ])  # fmt: skip
    assert summary(found) == [("NARA-0102", "NARA-0104", 3, MISSING)]


@pytest.mark.parametrize(
    "stamps",
    [
        ("ICE-0007281", "lCE-0007282", "ICE-00O7283"),  # l for I, O for 0
        ("CBP-2018-FOIA-01123 000451", "CBP-2O18-F0IA-01123 000452"),
        ("ICE FOIA 10-2674.0007281", "ICE FOIA 10-2674 0007282", "ICE FOIA 10-2674.000 7283"),
    ],
)
def test_stamps_damaged_by_ocr_open_no_gap_and_no_prefix(stamps: tuple[str, ...]) -> None:
    assert find_gaps(pages(*stamps)) == []


def test_a_damaged_stamp_still_shows_a_real_gap() -> None:
    found = find_gaps(pages("ICE-0007281", "lCE-00O7282", "ICE-0007286"))
    assert summary(found) == [("ICE-0007283", "ICE-0007285", 3, MISSING)]


def test_several_prefixes_in_one_folder_are_counted_apart() -> None:
    interleaved = [
        StampedPage("1", 1, "CBP 000101"),
        StampedPage("2", 1, "DOJ-OIP-000050"),
        StampedPage("1", 2, "CBP 000102"),
        StampedPage("2", 2, "DOJ-OIP-000052"),
        StampedPage("3", 1, "CBP 000103"),
        StampedPage("4", 1, "FBI 0009"),
    ]
    found = find_gaps(interleaved)
    assert summary(found) == [("DOJ-OIP-000051", "DOJ-OIP-000051", 1, MISSING)]
    assert found[0].prefix == "DOJ-OIP"


def test_pages_without_a_stamp_take_no_part() -> None:
    assert find_gaps(pages(None, "no number here", None)) == []
    assert find_gaps([]) == []

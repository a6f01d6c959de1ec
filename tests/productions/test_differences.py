"""The redaction differences between two copies of a page, on invented pairs."""

from __future__ import annotations

import pytest

from indexer.productions.differences import (
    EXEMPTIONS_DIFFER,
    PRINTED_IN_A,
    PRINTED_IN_B,
    page_differences,
)

LEAD = "The deputy field office director met with the county sheriff on Tuesday and"
TAIL = "discussed the transfer schedule for the coming quarter with headquarters staff."


def both(middle_a: str, middle_b: str) -> list[tuple[str, str, tuple, tuple]]:  # type: ignore[type-arg]
    found = page_differences(f"{LEAD} {middle_a} {TAIL}", f"{LEAD} {middle_b} {TAIL}")
    return [(d.kind, d.passage, d.labels_a, d.labels_b) for d in found]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Ana Lindqvist", "(b)(6)", [(PRINTED_IN_A, "Ana Lindqvist", (), ("b6",))]),
        ("(b) (7)(C)", "extension 4410", [(PRINTED_IN_B, "extension 4410", ("b7c",), ())]),
        ("Ana Lindqvist", "b6", [(PRINTED_IN_A, "Ana Lindqvist", (), ("b6",))]),
        ("Ana Lindqvist", "█████ █████", [(PRINTED_IN_A, "Ana Lindqvist", (), ())]),
        ("Ana Lindqvist", "[REDACTED]", [(PRINTED_IN_A, "Ana Lindqvist", (), ())]),
        ("(b)(6)", "(b)(7)(C)", [(EXEMPTIONS_DIFFER, "[redaction]", ("b6",), ("b7c",))]),
        (
            "(b)(6), (b)(7)(C)",
            "(b)(6)",
            [(EXEMPTIONS_DIFFER, "[redaction]", ("b6", "b7c"), ("b6",))],
        ),
        # A statute's subsection printed in both copies is no redaction.
        (
            "under § 1346(b)(1) Ana",
            "under § 1346(b)(1) (b)(6)",
            [(PRINTED_IN_A, "Ana", (), ("b6",))],
        ),
        # A copy that redacted more: the words the other prints beside the shared redaction.
        ("Ana (b)(6)", "(b)(6)", [(PRINTED_IN_A, "Ana", (), ("b6",))]),
    ],
)
def test_each_kind_of_difference(a: str, b: str, expected: list) -> None:  # type: ignore[type-arg]
    assert both(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ana Lindqvist", "Ana Lindqvist"),  # the same
        ("(b)(6)", "b6"),  # one label printed two ways
        ("(b)(6)", "(b) (6)"),
        ("(b)(6)", "█████"),  # a box claims no exemption: nothing to compare
        ("Ana Lindqvist", ""),  # words missing with no redaction (an OCR drop)
        ("Ana Lindqvist", "Ann Lindquist"),  # words against words (a misreading)
        ("infonnation", "information"),
        ("28 U.S.C. 1346(b)(1)", "28 U.S.C. 1346(b)(2)"),  # citations, not labels
        ("the redacted memo", "the Ana memo"),  # the word in prose is no redaction
    ],
)
def test_what_is_no_redaction_difference(a: str, b: str) -> None:
    assert both(a, b) == []


def test_the_passage_keeps_the_words_around_it_and_ignores_the_stamps() -> None:
    found = page_differences(
        f"{LEAD} Ana Lindqvist {TAIL}\nICE-2019-FOIA 000347",
        f"{LEAD} (b)(6) {TAIL}\nCBP 000717",
        "ICE-2019-FOIA 000347",
        "CBP 000717",
    )
    assert len(found) == 1
    assert found[0].passage == "Ana Lindqvist"
    assert found[0].before.endswith("sheriff on Tuesday and")
    assert found[0].after.startswith("discussed the transfer schedule")


def test_several_differences_on_one_page_in_page_order() -> None:
    a = f"{LEAD} Ana Lindqvist said (b)(5) about extension 4410 {TAIL}"
    b = f"{LEAD} (b)(6) said (b)(7)(E) about (b)(6) {TAIL}"
    kinds = [(d.kind, d.passage) for d in page_differences(a, b)]
    assert kinds == [
        (PRINTED_IN_A, "Ana Lindqvist"),
        (EXEMPTIONS_DIFFER, "[redaction]"),
        (PRINTED_IN_A, "extension 4410"),
    ]

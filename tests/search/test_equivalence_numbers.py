"""The numbers recogniser: the exact forms of each number typed, and what stays as typed."""

from __future__ import annotations

import pytest

from indexer.search.equivalence import EMPTY_VOCABULARY, Segment, numbers as recogniser


def spans(text: str) -> list[tuple[int, int, tuple[object, ...]]]:
    found = list(recogniser.segments(text.split(), EMPTY_VOCABULARY))
    assert all(segment.kind == "numbers" for segment in found)
    return [(segment.start, segment.end, segment.forms) for segment in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a percentage in every spelling: the others come back, never the typed one
        (
            "45%",
            [
                (
                    0,
                    1,
                    (
                        ("45", "per", "cent"),
                        ("forty", "five", "percent"),
                        ("forty", "five", "per", "cent"),
                    ),
                )
            ],
        ),
        (
            "45 %",
            [
                (
                    0,
                    2,
                    (
                        ("45", "per", "cent"),
                        ("forty", "five", "percent"),
                        ("forty", "five", "per", "cent"),
                    ),
                )
            ],
        ),
        (
            "forty-five percent",
            [(0, 2, (("45", "percent"), ("45", "per", "cent"), ("forty", "five", "per", "cent")))],
        ),
        (
            "forty five per cent",
            [(0, 4, (("45", "percent"), ("45", "per", "cent"), ("forty", "five", "percent")))],
        ),
        (
            "fortyfive percent",
            [
                (
                    0,
                    2,
                    (
                        ("45", "percent"),
                        ("45", "per", "cent"),
                        ("forty", "five", "percent"),
                        ("forty", "five", "per", "cent"),
                    ),
                )
            ],
        ),
        ("Sixty %", [(0, 2, (("60", "percent"), ("60", "per", "cent"), ("sixty", "per", "cent")))]),
        ("8%", [(0, 1, (("8", "per", "cent"), ("eight", "percent"), ("eight", "per", "cent")))]),
        ("100%", [(0, 1, (("100", "per", "cent"),))]),
        ("1.5%", [(0, 1, (("1.5", "per", "cent"),))]),
        ("0.25 per cent", [(0, 3, (("0.25", "percent"),))]),
        ("12,500%", [(0, 1, (("12500", "per", "cent"),))]),
        # a number alone, ten or more, in digits or words
        ("14", [(0, 1, (("fourteen",),))]),
        ("fourteen", [(0, 1, (("14",),))]),
        ("thirty-two", [(0, 1, (("32",),))]),
        ("32", [(0, 1, (("thirty", "two"),))]),
        ("twenty", [(0, 1, (("20",),))]),
        ("10", [(0, 1, (("ten",),))]),
        ("99", [(0, 1, (("ninety", "nine"),))]),
        # ordinals
        ("21st", [(0, 1, (("twenty", "first"),))]),
        ("twenty-first", [(0, 1, (("21st",),))]),
        ("twentieth", [(0, 1, (("20th",),))]),
        ("11th", [(0, 1, (("eleventh",),))]),
        ("3rd quarter", [(0, 1, (("third",),))]),
        ("third quarter", [(0, 1, (("3rd",),))]),
        ("the 2nd panel", [(1, 2, (("second",),))]),
        ("second quarter", [(0, 1, (("2nd",),))]),
        ("3th quarter", [(0, 1, (("3rd",), ("third",)))]),  # a wrong suffix, read anyway
        # a number word beside another typed word, whatever its size
        ("one detainer", [(0, 1, (("1",),))]),
        ("subclass 2", [(1, 2, (("two",),))]),
        ("zero tolerance", [(0, 1, (("0",),))]),
        # a number glued to a word: "ninety-day" = "90-day"
        ("ninety-day notice", [(0, 1, (("90", "day"),))]),
        ("90-day", [(0, 1, (("ninety", "day"),))]),
        ("five-year", [(0, 1, (("5", "year"),))]),
        ("forty-five-day", [(0, 1, (("45", "day"),))]),
        # two numbers side by side are two segments
        (
            "fourteen adults 45%",
            [
                (0, 1, (("14",),)),
                (
                    2,
                    3,
                    (
                        ("45", "per", "cent"),
                        ("forty", "five", "percent"),
                        ("forty", "five", "per", "cent"),
                    ),
                ),
            ],
        ),
        ("twenty five", [(0, 2, (("25",),))]),
        ("ninety days", [(0, 1, (("90",),))]),
        ("45 per day", [(0, 1, (("forty", "five"),))]),
        ("21st percent", [(0, 1, (("twenty", "first"),))]),
        ("45 per", [(0, 1, (("forty", "five"),))]),
        (
            "45 per cent rise",
            [
                (
                    0,
                    3,
                    (
                        ("45", "percent"),
                        ("forty", "five", "percent"),
                        ("forty", "five", "per", "cent"),
                    ),
                )
            ],
        ),
    ],
)
def test_the_forms_of_a_number(
    text: str, expected: list[tuple[int, int, tuple[object, ...]]]
) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a small number typed alone is a common word: the precision rule
        "one",
        "i",
        "first",
        "second",
        "two",
        "9",
        "3rd",
        "zero",
        # numbers without other spellings
        "1,240",
        "12000 apprehensions",
        "2020 report",
        "1.5 increase",
        "007 agent",
        "05 agents",
        "250 agents",
        "101st airborne",
        "90-day-old memo",
        "90-5 vote",
        # not numbers
        "percent",
        "%",
        "per cent",
        "someone",
        "ninetyish",
        "10-K filing",
        "covid-19 cases",
        "287(g)",
        "I-9 forms",
        "",
    ],
)
def test_what_stays_as_typed(text: str) -> None:
    assert spans(text) == []


def test_a_number_inside_a_longer_compound_is_left_to_other_classes() -> None:
    assert spans("2:12-cv-00345") == []
    assert spans("12-cv-345 14") == [(1, 2, (("fourteen",),))]
    assert spans("1-2-3 go") == []


def test_segments_are_whole_typed_words() -> None:
    found = list(recogniser.segments(["At", "forty-five%", "of", "sites"], EMPTY_VOCABULARY))
    assert found == [
        Segment(
            1,
            2,
            "numbers",
            (("45", "percent"), ("45", "per", "cent"), ("forty", "five", "per", "cent")),
        )
    ]
    assert recogniser.KIND == "numbers"
    assert recogniser.MIN_ALONE == 10

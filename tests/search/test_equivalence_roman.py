"""The roman numerals recogniser: a number after a word that takes one, in three spellings."""

from __future__ import annotations

import pytest

from indexer.search.equivalence import EMPTY_VOCABULARY, roman as recogniser


def spans(text: str) -> list[tuple[int, int, tuple[object, ...]]]:
    found = list(recogniser.segments(text.split(), EMPTY_VOCABULARY))
    assert all(segment.kind == "roman" for segment in found)
    return [(segment.start, segment.end, segment.forms) for segment in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phase II", [(0, 2, (("phase", "2"), ("phase", "two")))]),
        ("phase 2 rollout", [(0, 2, (("phase", "two"), ("phase", "ii")))]),
        ("phase two", [(0, 2, (("phase", "2"), ("phase", "ii")))]),
        ("LEVEL iii holds", [(0, 2, (("level", "3"), ("level", "three")))]),
        ("the Tier IV rooms", [(1, 3, (("tier", "4"), ("tier", "four")))]),
        ("Title VI", [(0, 2, (("title", "6"), ("title", "six")))]),
        ("title 42", [(0, 2, (("title", "forty", "two"), ("title", "xlii")))]),
        ("Part I", [(0, 2, (("part", "1"), ("part", "one")))]),
        ("stage 5", [(0, 2, (("stage", "five"), ("stage", "v")))]),
        ("Category X", [(0, 2, (("category", "10"), ("category", "ten")))]),
        ("class thirty-nine", [(0, 2, (("class", "39"), ("class", "xxxix")))]),
        ("class XXXIX", [(0, 2, (("class", "39"), ("class", "thirty", "nine")))]),
        ("grade 14", [(0, 2, (("grade", "fourteen"), ("grade", "xiv")))]),
        ("priority I referrals", [(0, 2, (("priority", "1"), ("priority", "one")))]),
        ("Volume LXXXIX", [(0, 2, (("volume", "89"), ("volume", "eighty", "nine")))]),
        ("annex 3", [(0, 2, (("annex", "three"), ("annex", "iii")))]),
        ("Appendix XII", [(0, 2, (("appendix", "12"), ("appendix", "twelve")))]),
        ("appendices ii", [(0, 2, (("appendices", "2"), ("appendices", "two")))]),
        ("Levels 2", [(0, 2, (("levels", "two"), ("levels", "ii")))]),
        ("phase-III", [(0, 1, (("phase", "3"), ("phase", "three")))]),
        (
            "phase ii and phase iii",
            [
                (0, 2, (("phase", "2"), ("phase", "two"))),
                (3, 5, (("phase", "3"), ("phase", "three"))),
            ],
        ),
        ("tier twenty one", [(0, 3, (("tier", "21"), ("tier", "xxi")))]),
        ("phase out of level 3", [(3, 5, (("level", "three"), ("level", "iii")))]),
    ],
)
def test_the_forms_of_a_numeral(
    text: str, expected: list[tuple[int, int, tuple[object, ...]]]
) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a pronoun or a letter is a word, not a number (precision)
        "I",
        "i",
        "I saw Phase",
        "X marks",
        "V",
        "Part of the plan",
        "level of review",
        "phase",
        "title",
        # a keyword, then no number it takes
        "Class C felony",
        "Part D",
        "Category L",
        "phase IIII",
        "level 0",
        "tier 90",
        "title 100",
        "phase 05",
        "phase third",
        "phase XC",
        "part 2b",
        # the numeral is not right after a keyword
        "the II phase",
        "subphase II",
        "level-headed II",
    ],
)
def test_what_stays_as_typed(text: str) -> None:
    assert spans(text) == []


def test_the_keywords_and_the_largest_numeral() -> None:
    assert recogniser.KIND == "roman"
    assert {
        "level",
        "phase",
        "tier",
        "title",
        "part",
        "stage",
        "category",
        "class",
    } < recogniser.KEYWORDS
    assert {"grade", "priority", "volume", "annex", "appendix", "appendices"} < recogniser.KEYWORDS
    assert recogniser.read_numeral(["lxxxix"], 0) == (89, 1)
    assert recogniser.read_numeral(["ninety"], 0) is None
    assert recogniser.read_numeral(["eighty", "nine"], 0) == (89, 2)

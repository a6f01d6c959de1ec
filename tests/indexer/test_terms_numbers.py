"""The tokenizer reads signs as words and numbers whole (issue 11), offsets kept for marking."""

from __future__ import annotations

import pytest

from indexer.model.document import Word
from indexer.reading.page_images import Box, PageLayout, highlight_boxes
from indexer.text.highlight import HighlightTerms, highlight_page
from indexer.text.terms import iter_terms, keyword_terms


def tokens(text: str) -> list[tuple[str, int]]:
    return [(term, position) for term, position, _, _ in iter_terms(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a percent sign is the word "percent" at the next position, glued or spaced
        ("45%", [("45", 0), ("percent", 1)]),
        ("45 %", [("45", 0), ("percent", 1)]),
        ("rose 7%.", [("rose", 0), ("7", 1), ("percent", 2)]),
        ("%", [("percent", 0)]),
        ("62\uff05 of", [("62", 0), ("percent", 1), ("of", 2)]),  # fullwidth
        ("3\ufe6a", [("3", 0), ("percent", 1)]),  # small percent sign
        # a section sign is "section"; a double one "sections" and "section" at one position
        ("§ 1357(g)", [("section", 0), ("1357g", 1)]),
        ("§1326", [("section", 0), ("1326", 1)]),
        ("§§ 1331", [("sections", 0), ("section", 0), ("1331", 1)]),
        ("§§§", [("sections", 0), ("section", 0), ("section", 1)]),
        # thousands separators: groups of three digits after a comma make one number
        ("12,000 seized", [("12000", 0), ("seized", 1)]),
        ("1,240", [("1240", 0)]),
        ("1,000,000", [("1000000", 0)]),
        ("$4,500,", [("4500", 0)]),
        ("18,450.", [("18450", 0)]),
        ("1,240.75", [("1240.75", 0)]),
        ("12, 000", [("12", 0), ("000", 1)]),
        ("3,45", [("3", 0), ("45", 1)]),
        ("1,2345", [("1", 0), ("2345", 1)]),
        ("1234,567", [("1234", 0), ("567", 1)]),
        ("12,000,1", [("12", 0), ("000", 1), ("1", 2)]),
        ("12,0001", [("12", 0), ("0001", 1)]),
        ("x12,000", [("x12", 0), ("000", 1)]),
        ("012,000", [("012", 0), ("000", 1)]),  # a stamp's number, not a thousand
        ("0,125", [("0", 0), ("125", 1)]),
        # a decimal is one term, never two numbers
        ("3.5", [("3.5", 0)]),
        ("a 1.5 percent rise", [("a", 0), ("1.5", 1), ("percent", 2), ("rise", 3)]),
        ("0.25%", [("0.25", 0), ("percent", 1)]),
        ("28 CFR 50.15.", [("28", 0), ("cfr", 1), ("50.15", 2)]),
        ("5.20-5.36", [("5.205.36", 0), ("5.20", 0), ("5.36", 1)]),
        ("236.1(d)", [("236.1", 0), ("d", 1)]),
        # numbers with more than one point, or glued to letters, are not decimals
        ("1.5.2", [("152", 0), ("1", 0), ("5", 1), ("2", 2)]),
        ("03.07.25", [("030725", 0), ("03", 0), ("07", 1), ("25", 2)]),
        ("v1.5", [("v15", 0), ("v1", 0), ("5", 1)]),
        ("3.5x", [("35x", 0), ("3", 0), ("5x", 1)]),
        ("00519.000320", [("00519000320", 0), ("00519", 0), ("000320", 1)]),
        ("ICE-00519.5", [("ice005195", 0), ("ice", 0), ("00519", 1), ("5", 2)]),
        ("1.05", [("1.05", 0)]),
        ("0.5-10.25", [("0.510.25", 0), ("0.5", 0), ("10.25", 1)]),
        ("F.3d", [("f3d", 0), ("f", 0), ("3d", 1)]),
    ],
)
def test_signs_are_words_and_numbers_stay_whole(text: str, expected: list[tuple[str, int]]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "At 45% of the 1,240 sites, § 1357(g) and §§ 5.20-5.36 applied to 3.5 percent.",
        "Fees rose 12,000.50 (0.25 %) under §5.05(b)(1).",
    ],
)
def test_offsets_of_signs_and_numbers_point_into_the_printed_text(text: str) -> None:
    for term, _, start, end in iter_terms(text):
        assert term in keyword_terms(text[start:end])


def test_a_sign_is_offset_to_itself() -> None:
    assert list(iter_terms("45%")) == [("45", 0, 0, 2), ("percent", 1, 2, 3)]
    assert list(iter_terms("§§ 7")) == [
        ("sections", 0, 0, 2),
        ("section", 0, 0, 2),
        ("7", 1, 3, 4),
    ]
    assert list(iter_terms("12,000")) == [("12000", 0, 0, 6)]


def test_a_page_marks_a_percentage_and_a_section_as_printed() -> None:
    text = "At 45% of sites, see 8 U.S.C. § 1357(g); a 45 percent drop."
    phrases = HighlightTerms(phrases=frozenset({("45", "percent"), ("section", "1357g")}))
    assert highlight_page(text, phrases) == (
        "At <mark>45%</mark> of sites, see 8 U.S.C. <mark>§ 1357(g)</mark>;"
        " a <mark>45 percent</mark> drop."
    )
    signs = HighlightTerms(exact=frozenset({"percent", "section"}))
    assert highlight_page("5% in § 2 and 5 percent", signs) == (
        "5<mark>%</mark> in <mark>§</mark> 2 and 5 <mark>percent</mark>"
    )
    assert highlight_page("12,000 and 12 000", HighlightTerms(exact=frozenset({"12000"}))) == (
        "<mark>12,000</mark> and 12 000"
    )


def test_page_boxes_hold_a_percentage_and_a_section_sign() -> None:
    words = (
        Word("45%", 10.0, 10.0, 30.0, 20.0),
        Word("§", 40.0, 10.0, 45.0, 20.0),
        Word("1357(g)", 50.0, 10.0, 80.0, 20.0),
        Word("1,240", 10.0, 30.0, 30.0, 40.0),
        Word("3.5", 40.0, 30.0, 50.0, 40.0),
        Word("35", 60.0, 30.0, 70.0, 40.0),
    )
    layout = PageLayout(100.0, 100.0, words)

    def boxed(*terms: str) -> list[float]:
        return [box.x for box in highlight_boxes(layout, HighlightTerms(frozenset(terms)))]

    assert boxed("percent") == [8.8]
    assert boxed("section", "1357g") == [38.8, 48.8]
    assert boxed("1240") == [8.8]
    assert boxed("3.5") == [38.8]
    assert boxed("35") == [58.8]
    assert highlight_boxes(layout, HighlightTerms(frozenset({"45"}))) == [
        Box(x=8.8, y=8.8, width=22.4, height=12.4)
    ]

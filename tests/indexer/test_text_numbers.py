"""Number words and roman numerals, both ways (indexer.text.numbers)."""

from __future__ import annotations

import pytest

from indexer.text.numbers import (
    CARDINAL_VALUES,
    MAX_ROMAN,
    MAX_WORDED,
    ORDINAL_VALUES,
    cardinal_words,
    ordinal_digits,
    ordinal_words,
    read_number_words,
    roman,
    roman_value,
)


@pytest.mark.parametrize(
    ("number", "words", "ordinal"),
    [
        (0, ("zero",), ("zeroth",)),
        (1, ("one",), ("first",)),
        (2, ("two",), ("second",)),
        (3, ("three",), ("third",)),
        (9, ("nine",), ("ninth",)),
        (10, ("ten",), ("tenth",)),
        (12, ("twelve",), ("twelfth",)),
        (19, ("nineteen",), ("nineteenth",)),
        (20, ("twenty",), ("twentieth",)),
        (21, ("twenty", "one"), ("twenty", "first")),
        (45, ("forty", "five"), ("forty", "fifth")),
        (70, ("seventy",), ("seventieth",)),
        (90, ("ninety",), ("ninetieth",)),
        (99, ("ninety", "nine"), ("ninety", "ninth")),
    ],
)
def test_words_of_a_number(number: int, words: tuple[str, ...], ordinal: tuple[str, ...]) -> None:
    assert cardinal_words(number) == words
    assert ordinal_words(number) == ordinal
    assert CARDINAL_VALUES["".join(words)] == number
    assert ORDINAL_VALUES["".join(ordinal)] == number


@pytest.mark.parametrize("number", [-1, MAX_WORDED + 1, 1000])
def test_no_words_outside_zero_to_ninety_nine(number: int) -> None:
    with pytest.raises(ValueError, match=f"{number} has no number words"):
        cardinal_words(number)
    with pytest.raises(ValueError, match=f"{number} has no ordinal words"):
        ordinal_words(number)


def test_every_number_word_reads_back() -> None:
    assert MAX_WORDED == 99
    assert len(CARDINAL_VALUES) == len(ORDINAL_VALUES) == 100
    for number in range(100):
        words, ordinal = cardinal_words(number), ordinal_words(number)
        assert read_number_words(words, 0) == (number, len(words), False)
        assert read_number_words(ordinal, 0) == (number, len(ordinal), True)


@pytest.mark.parametrize(
    ("number", "digits"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (40, "40th"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (213, "213th"),
    ],
)
def test_ordinal_digits(number: int, digits: str) -> None:
    assert ordinal_digits(number) == digits


@pytest.mark.parametrize(
    ("terms", "start", "read"),
    [
        (["forty", "five", "percent"], 0, (45, 2, False)),
        (["forty", "percent"], 0, (40, 1, False)),
        (["twenty", "first", "century"], 0, (21, 2, True)),
        (["twenty"], 0, (20, 1, False)),
        (["the", "fortyfive"], 1, (45, 1, False)),
        (["twentyfirst"], 0, (21, 1, True)),
        (["fifth"], 0, (5, 1, True)),
        (["ninety", "zero"], 0, (90, 1, False)),  # "ninety zero" is not 90
        (["ninety", "ten"], 0, (90, 1, False)),
        (["five", "two"], 0, (5, 1, False)),  # units do not add up
        (["forty", "zeroth"], 0, (40, 1, False)),
        (["percent"], 0, None),
        (["45"], 0, None),
        (["i"], 0, None),
    ],
)
def test_read_number_words(
    terms: list[str], start: int, read: tuple[int, int, bool] | None
) -> None:
    assert read_number_words(terms, start) == read


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "i"),
        (2, "ii"),
        (3, "iii"),
        (4, "iv"),
        (5, "v"),
        (6, "vi"),
        (9, "ix"),
        (10, "x"),
        (14, "xiv"),
        (19, "xix"),
        (24, "xxiv"),
        (39, "xxxix"),
        (40, "xl"),
        (44, "xliv"),
        (49, "xlix"),
        (50, "l"),
        (88, "lxxxviii"),
        (89, "lxxxix"),
    ],
)
def test_roman_numerals_both_ways(number: int, numeral: str) -> None:
    assert roman(number) == numeral
    if len(numeral) > 1 or numeral in "ivx":
        assert roman_value(numeral) == number
        assert roman_value(numeral.upper()) == number


@pytest.mark.parametrize("number", [0, -3, MAX_ROMAN + 1, 100])
def test_no_numeral_outside_its_range(number: int) -> None:
    with pytest.raises(ValueError, match=f"{number} has no roman numeral"):
        roman(number)


@pytest.mark.parametrize(
    "term", ["iiii", "ic", "vv", "xxxxx", "l", "c", "d", "m", "xc", "mix", "iv.", "", "a", "2"]
)
def test_what_is_no_roman_numeral(term: str) -> None:
    assert MAX_ROMAN == 89
    assert roman_value(term) is None

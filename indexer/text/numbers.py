"""Number words (zero to ninety-nine, cardinal and ordinal) and roman numerals, both ways."""

from __future__ import annotations

from collections.abc import Sequence

MAX_WORDED = 99
# Roman numerals read after a word that takes a number: I to LXXXIX. A lone "L" (or C, D, M)
# is a letter ("Class C", "Part D"), never a numeral.
MAX_ROMAN = 89
ROMAN_SINGLE_LETTERS = frozenset({"i", "v", "x"})

UNIT_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINAL_UNIT_WORDS = (
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
ORDINAL_TENS_WORDS = (
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
)
_ROMAN_DIGITS = ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def cardinal_words(number: int) -> tuple[str, ...]:
    """The words of 0..99, one a position: 45 -> ("forty", "five"), 40 -> ("forty",)."""
    if not 0 <= number <= MAX_WORDED:
        raise ValueError(f"{number} has no number words here (0 to {MAX_WORDED})")
    if number < 20:
        return (UNIT_WORDS[number],)
    tens, unit = divmod(number, 10)
    if unit == 0:
        return (TENS_WORDS[tens - 2],)
    return TENS_WORDS[tens - 2], UNIT_WORDS[unit]


def ordinal_words(number: int) -> tuple[str, ...]:
    """The words of the ordinal 0..99: 21 -> ("twenty", "first"), 20 -> ("twentieth",)."""
    if not 0 <= number <= MAX_WORDED:
        raise ValueError(f"{number} has no ordinal words here (0 to {MAX_WORDED})")
    if number < 20:
        return (ORDINAL_UNIT_WORDS[number],)
    tens, unit = divmod(number, 10)
    if unit == 0:
        return (ORDINAL_TENS_WORDS[tens - 2],)
    return TENS_WORDS[tens - 2], ORDINAL_UNIT_WORDS[unit]


def ordinal_digits(number: int) -> str:
    """The ordinal in digits: 1 -> "1st", 12 -> "12th", 22 -> "22nd", 103 -> "103rd"."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _word_values() -> tuple[dict[str, int], dict[str, int]]:
    cardinals: dict[str, int] = {}
    ordinals: dict[str, int] = {}
    for number in range(MAX_WORDED + 1):
        cardinals["".join(cardinal_words(number))] = number
        ordinals["".join(ordinal_words(number))] = number
    return cardinals, ordinals


# Every number word, closed compounds included ("fortyfive", "twentyfirst"), to its value.
CARDINAL_VALUES, ORDINAL_VALUES = _word_values()
_TENS_VALUES = {word: 20 + 10 * index for index, word in enumerate(TENS_WORDS)}
_UNIT_VALUES = {word: value for value, word in enumerate(UNIT_WORDS) if 1 <= value <= 9}
_ORDINAL_UNIT_VALUES = {
    word: value for value, word in enumerate(ORDINAL_UNIT_WORDS) if 1 <= value <= 9
}


def read_number_words(terms: Sequence[str], start: int) -> tuple[int, int, bool] | None:
    """The number written in words at `terms[start]`: (value, terms read, is ordinal), or None.

    Reads "forty" "five" (two terms) as 45, and "twenty" "first" as the ordinal 21; a tens
    word followed by anything else is read alone.
    """
    term = terms[start]
    following = terms[start + 1] if start + 1 < len(terms) else ""
    if term in _TENS_VALUES:
        if following in _UNIT_VALUES:
            return _TENS_VALUES[term] + _UNIT_VALUES[following], 2, False
        if following in _ORDINAL_UNIT_VALUES:
            return _TENS_VALUES[term] + _ORDINAL_UNIT_VALUES[following], 2, True
    if term in CARDINAL_VALUES:
        return CARDINAL_VALUES[term], 1, False
    if term in ORDINAL_VALUES:
        return ORDINAL_VALUES[term], 1, True
    return None


def roman(number: int) -> str:
    """The roman numeral of 1..MAX_ROMAN, lower-case as the index folds it: 14 -> "xiv"."""
    if not 1 <= number <= MAX_ROMAN:
        raise ValueError(f"{number} has no roman numeral here (1 to {MAX_ROMAN})")
    letters = []
    for value, numeral in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        letters.append(numeral * count)
    return "".join(letters)


ROMAN_VALUES = {roman(number): number for number in range(1, MAX_ROMAN + 1)}


def roman_value(term: str) -> int | None:
    """The value of a canonical roman numeral ("xiv" -> 14; case folded), else None: "iiii",
    "ic", a lone "l" and anything past MAX_ROMAN are not numerals."""
    term = term.lower()
    if len(term) == 1 and term not in ROMAN_SINGLE_LETTERS:
        return None
    return ROMAN_VALUES.get(term)

"""Numbers and units: 45% = 45 percent = 45 per cent = forty-five percent; 3rd = third.

A number is read in digits ("45", "1.5", "21st") or in words ("forty-five", "forty five",
"fortyfive", "twenty-first"), optionally followed by a percent ("%", "percent", "per cent"),
or glued to a word ("ninety-day" = "90-day"). Its other spellings are the digits and the
words of 0..99 (cardinal and ordinal) times the spellings of the percent; a larger number or
a decimal only changes how its percent is written. "12,000" = "12000" and "%" = "percent"
come from the tokenizer (`indexer.text.terms`), not from here.

Precision rule: a number below ten with neither a percent nor a glued word ("one", "first",
"2") is expanded only when another word was typed beside it, so that the plain query `one`
or `second` does not also match every "1" and "2nd".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from indexer.search.equivalence.core import Form, Segment, Vocabulary
from indexer.search.equivalence.typed import Typed
from indexer.text.numbers import (
    MAX_WORDED,
    cardinal_words,
    ordinal_digits,
    ordinal_words,
    read_number_words,
)

KIND = "numbers"
# A number this small, typed alone, is a common word ("one", "first"): not expanded.
MIN_ALONE = 10
# A word glued to a number ("90-day") has at least this many letters: "10-K" is a form name.
MIN_GLUED_LETTERS = 2
PERCENT_FORMS: tuple[tuple[str, ...], ...] = (("percent",), ("per", "cent"))
_DIGITS_RE = re.compile(r"0|[1-9]\d*")
_DECIMAL_RE = re.compile(r"\d+\.\d+")
_ORDINAL_RE = re.compile(r"(0|[1-9]\d*)(?:st|nd|rd|th)")


@dataclass(frozen=True)
class Number:
    """A number read at terms [start, end): its value (None for a decimal), whether it is an
    ordinal, and its digits as typed."""

    start: int
    end: int
    value: int | None
    is_ordinal: bool
    digits: str

    def spellings(self) -> tuple[tuple[str, ...], ...]:
        """Every way to write it: digits first, then words (0..99 only)."""
        if self.value is None:
            return ((self.digits,),)
        if self.is_ordinal:
            written = (ordinal_digits(self.value),)
            if self.value > MAX_WORDED:
                return (written,)
            return written, ordinal_words(self.value)
        if self.value > MAX_WORDED:
            return ((str(self.value),),)
        return (str(self.value),), cardinal_words(self.value)


def read_number(terms: Sequence[str], start: int) -> Number | None:
    """The number written at `terms[start]`, in digits or in words, or None."""
    term = terms[start]
    if _DIGITS_RE.fullmatch(term):
        return Number(start, start + 1, int(term), False, term)
    if _DECIMAL_RE.fullmatch(term):
        return Number(start, start + 1, None, False, term)
    ordinal = _ORDINAL_RE.fullmatch(term)
    if ordinal:
        return Number(start, start + 1, int(ordinal.group(1)), True, term)
    worded = read_number_words(terms, start)
    if worded is None:
        return None
    value, used, is_ordinal = worded
    return Number(start, start + used, value, is_ordinal, str(value))


def percent_end(terms: Sequence[str], start: int) -> int | None:
    """The end of a percent written at `terms[start]` ("percent", "per cent"), or None."""
    if start < len(terms) and terms[start] == "percent":
        return start + 1
    if tuple(terms[start : start + 2]) == ("per", "cent"):
        return start + 2
    return None


def segments(words: Sequence[str], vocabulary: Vocabulary) -> Iterator[Segment]:
    """The numbers among `words` and their other spellings (see the module's rule)."""
    typed = Typed.of(words)
    index = 0
    while index < len(typed):
        found = _segment_at(typed, index, len(words) > 1)
        if found is None:
            index += 1
            continue
        segment, index = found
        yield segment


def _segment_at(typed: Typed, start: int, has_company: bool) -> tuple[Segment, int] | None:
    """The segment of the number at term `start` and the term after it, or None."""
    if not typed.starts_word(start):
        return None
    number = read_number(typed.terms, start)
    if number is None:
        return None
    end = number.end
    unit = percent_end(typed.terms, end) if not number.is_ordinal else None
    suffix: tuple[str, ...] = ()
    if unit is not None:
        end = unit
    elif _glued_word(typed, end):
        suffix = (typed.terms[end],)
        end += 1
    if not typed.ends_word(end):
        return None
    is_small = number.value is None or number.value < MIN_ALONE
    if unit is None and not suffix and is_small and not has_company:
        return None
    units = PERCENT_FORMS if unit is not None else ((),)
    forms: list[Form] = [
        spelling + written_unit + suffix
        for spelling in number.spellings()
        for written_unit in units
    ]
    segment = typed.segment(start, end, KIND, forms)
    return (segment, end) if segment is not None else None


def _glued_word(typed: Typed, index: int) -> bool:
    """Whether term `index` is a word glued to the number before it, the last of its typed
    word: "ninety-day", "90-day", "five-year"; not a letter ("10-K")."""
    return (
        index < len(typed)
        and not typed.starts_word(index)
        and typed.ends_word(index + 1)
        and typed.terms[index].isalpha()
        and len(typed.terms[index]) >= MIN_GLUED_LETTERS
    )

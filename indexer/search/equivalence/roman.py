"""Roman numerals where a number belongs: "Phase II" = "Phase 2" = "phase two".

Only right after a word that takes a number (level, phase, tier, title, part, stage,
category, class, grade, priority, volume, annex, appendix, and their plurals) is a numeral,
digits or a number word read as a number, from 1 to 89 (I to LXXXIX). Elsewhere "I", "V" or
"X" stays a word, so that `I` or "Part of the plan" never become numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from indexer.search.equivalence.core import Segment, Vocabulary
from indexer.search.equivalence.typed import Typed
from indexer.text.numbers import MAX_ROMAN, cardinal_words, read_number_words, roman, roman_value

KIND = "roman"
# The words after which a numeral is a number, singular and plural, folded.
KEYWORDS = frozenset(
    {
        "level",
        "levels",
        "phase",
        "phases",
        "tier",
        "tiers",
        "title",
        "titles",
        "part",
        "parts",
        "stage",
        "stages",
        "category",
        "categories",
        "class",
        "classes",
        "grade",
        "grades",
        "priority",
        "priorities",
        "volume",
        "volumes",
        "annex",
        "annexes",
        "appendix",
        "appendixes",
        "appendices",
    }
)
_DIGITS_RE = re.compile(r"[1-9]\d?")


def read_numeral(terms: Sequence[str], start: int) -> tuple[int, int] | None:
    """(value, terms read) of a roman numeral, digits or number words at `terms[start]`
    worth 1..MAX_ROMAN, else None."""
    term = terms[start]
    if _DIGITS_RE.fullmatch(term):
        value, used = int(term), 1
    elif (numeral := roman_value(term)) is not None:
        value, used = numeral, 1
    else:
        worded = read_number_words(terms, start)
        if worded is None or worded[2]:
            return None
        value, used, _ = worded
    return (value, used) if 1 <= value <= MAX_ROMAN else None


def segments(words: Sequence[str], vocabulary: Vocabulary) -> Iterator[Segment]:
    """Each keyword followed by a number, with the number in digits, words and numeral."""
    typed = Typed.of(words)
    for index in range(len(typed) - 1):
        keyword = typed.terms[index]
        if keyword not in KEYWORDS or not typed.starts_word(index):
            continue
        read = read_numeral(typed.terms, index + 1)
        if read is None:
            continue
        value, used = read
        forms = [
            (keyword, str(value)),
            (keyword, *cardinal_words(value)),
            (keyword, roman(value)),
        ]
        segment = typed.segment(index, index + 1 + used, KIND, forms)
        if segment is not None:
            yield segment

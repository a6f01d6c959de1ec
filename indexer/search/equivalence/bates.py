"""Bates stamps typed in a plain query: `CBP-453`, `CBP 2018 FOIA 1123 454` -> the `bates` key.

A typed stamp is an agency word (two letters or more) and a number: one word joined by
punctuation (`CBP-453`, `FBI(21-cv-1143)-000088`, `ICE2016FOIA03381.000215`), or several
words whose others hold digits or are upper-case letters or FOIA (`DOJ OIP 2022 00517 45`).
Several words start with an upper-case agency, or hold FOIA (`cbp 2018 foia 1123 454`): a
span too long would hide the classes of the words in it. Two words, an agency and a number,
are a stamp only with the number zero-padded (`ICE 000453`): "ICE 12000 apprehensions" is
prose. Never a stamp: a bare number, a year, a docket (`14-cv-6117` starts with digits),
`287(g)`, an agency's docket (`FAA-2020-0686`), a label's number ("Form EOIR-28", "No.
CBP-45"), Phase or Title before a number.
The keys are those `bates:` searches (`indexer.enrich.bates_stamp`), so every style of the
stamp on the page meets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from indexer.enrich.bates import NOT_PREFIXES
from indexer.enrich.bates_stamp import NOT_AGENCIES, Stamp, parse, typed_keys
from indexer.search.equivalence.core import Keyed, Segment, Vocabulary

MAX_WORDS = 6
_WORD = re.compile(r"[A-Za-z0-9._,()/#-]+")
_AGENCY = re.compile(r"[A-Za-z]{2,12}")
_EDGES = "\"'“”‘’,;:!?"
# An agency's rule-making docket (FAA-2020-0686, EPA-HQ-OAR-2019-0055): the dockets' class.
_AGENCY_DOCKET = re.compile(r"[A-Za-z]{2,12}(?:-[A-Za-z]{2,12})*-(?:19|20)\d\d-\d{4}")
# A number after these words is theirs, not a page's.
_LABELS = frozenset({
    "form", "no", "nos", "number", "num", "case", "docket", "section", "sec", "title", "part",
    "page", "pages", "exhibit", "appendix", "phase", "level", "tier", "stage", "volume", "vol",
})  # fmt: skip


def _is_year(stamp: Stamp) -> bool:
    return stamp.width == 4 and 1900 <= stamp.number <= 2099


def _is_stamp_word(word: str) -> bool:
    """A word after the agency: holds a digit, or is FOIA or an upper-case word (OIP); never
    a stamp of its own (letters, then digits)."""
    agency = _AGENCY.match(word)
    if agency and agency.group().upper() != "FOIA" and any(char.isdigit() for char in word):
        return False  # "SSA-123 HHS-456": a stamp of its own
    if any(char.isdigit() for char in word):
        return True
    return word.upper() == "FOIA" or (word.isalpha() and word.isupper() and len(word) <= 8)


def _typed_stamp(words: Sequence[str], text: str) -> Stamp | None:
    """The stamp these typed words (`text`: joined by spaces) are, or None."""
    agency = _AGENCY.match(words[0])
    if agency is None or agency.group().upper() in NOT_PREFIXES:
        return None
    if len(words) == 1 and _AGENCY_DOCKET.fullmatch(words[0]):
        return None
    if agency.group().lower() in _LABELS | NOT_AGENCIES:
        return None
    if not all(_WORD.fullmatch(part) for part in text.split()):
        return None
    has_foia = "foia" in (word.lower() for word in words[1:])
    if len(words) > 1 and not (agency.group().isupper() or has_foia):
        return None  # "detainers ICE-117630": a typed stamp of words starts upper case
    if not all(_is_stamp_word(word) for word in words[1:]):
        return None
    stamp = parse(text)
    if stamp is None or not stamp.tokens or stamp.number == 0 or _is_year(stamp):
        return None
    if len(words) == 2 and words[0].isalpha() and words[1].isdigit() and words[1][0] != "0":
        return None  # "ICE 12000": an agency and a count
    return stamp


def _after_label(words: Sequence[str], start: int) -> bool:
    return start > 0 and words[start - 1].strip(_EDGES).rstrip(".").lower() in _LABELS


def segments(words: Sequence[str], vocabulary: Vocabulary) -> Iterator[Segment]:
    """Every run of typed words that is a Bates stamp, with its `bates` key as its form."""
    cleaned = [word.strip(_EDGES) for word in words]
    for start in range(len(cleaned)):
        if not cleaned[start] or _after_label(words, start):
            continue
        for end in range(start + 1, min(len(cleaned), start + MAX_WORDS) + 1):
            if not all(cleaned[start:end]):
                break
            text = " ".join(cleaned[start:end])
            if _typed_stamp(cleaned[start:end], text) is not None:
                keys = sorted(typed_keys(text))
                yield Segment(start, end, "bates", tuple(Keyed("bates", key) for key in keys))

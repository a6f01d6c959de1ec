"""Acronyms a record defines itself: "Office of the Principal Legal Advisor (OPLA)".

A definition is an acronym in parentheses right after its long form ("the Office of Detention
Oversight ("ODO")", "(hereinafter "ODO")") or a long form in parentheses right after its
acronym ("EOIR (Executive Office for Immigration Review)"). It counts only when the initials
of the long form spell the acronym: each capitalised word gives its initial (a dotted "U.S."
gives "US"), and the small words "of", "the", "and", "for"... may give theirs or be skipped.
The long form is the shortest run of words before the parentheses that fits, so "U.S.
Immigration and Customs Enforcement (ICE)" defines ICE as "Immigration and Customs
Enforcement". Acronyms of fewer than MIN_LETTERS letters ("(IT)", "(AD)") are left out: too
many of them are words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from indexer.model.document import Document

MIN_LETTERS = 3
MAX_LETTERS = 10
# Words a long form may skip or take the initial of: "Department of Justice (DOJ)".
SMALL_WORDS = frozenset(
    {"a", "an", "and", "&", "at", "by", "de", "del", "for", "in", "of", "on", "the", "to"}
)
_QUOTE = "\"'\u201c\u201d\u2018\u2019"
# "(OPLA)", "("ODO")", "(the "ODO")", "(hereinafter, "ODO")"
_AFTER_RE = re.compile(
    rf"\(\s*(?:hereinafter,?\s+)?(?:the\s+)?[{_QUOTE}]?"
    rf"(?P<acronym>[A-Z][A-Za-z&]{{1,{MAX_LETTERS + 2}}})[{_QUOTE}]?\s*\)"
)
# "EOIR (Executive Office for Immigration Review)"
_BEFORE_RE = re.compile(
    rf"(?<![\w&])(?P<acronym>[A-Z][A-Z&]{{{MIN_LETTERS - 1},{MAX_LETTERS + 2}}})"
    r"\s+\((?P<long>[^()\n]{3,160})\)"
)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019.][A-Za-z0-9]+)*\.?|&")
_DOTTED_RE = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?")
# A long form does not reach back over these: another parenthesis, a clause, a paragraph.
_STOP_RE = re.compile(r"[()\[\]{};:,\"\u201c\u201d]|\n\s*\n")
LOOK_BACK_CHARS = 200


def find_definitions(text: str) -> list[tuple[str, str]]:
    """(acronym, long form) of every definition in `text`, in order, each pair once; the long
    form as printed, its white space collapsed."""
    found: list[tuple[str, str]] = []
    for acronym, long_form in _definitions(text):
        if (acronym, long_form) not in found:
            found.append((acronym, long_form))
    return found


def document_acronyms(doc: Document) -> dict[str, str]:
    """acronym -> long form of the definitions in a document (the first one of each acronym)."""
    acronyms: dict[str, str] = {}
    for page in doc.pages:
        for acronym, long_form in find_definitions(page.text):
            acronyms.setdefault(acronym, long_form)
    return dict(sorted(acronyms.items()))


def _definitions(text: str) -> Iterator[tuple[str, str]]:
    for match in _AFTER_RE.finditer(text):
        acronym = match.group("acronym")
        before = text[max(0, match.start() - LOOK_BACK_CHARS) : match.start()]
        stops = list(_STOP_RE.finditer(before))
        if stops:
            before = before[stops[-1].end() :]
        words = list(_WORD_RE.finditer(before))
        long_form = _shortest_fit(acronym, [w.group(0) for w in words])
        if long_form is not None:
            start = words[len(words) - long_form].start()
            yield acronym, _clean(before[start : words[-1].end()])
    for match in _BEFORE_RE.finditer(text):
        acronym, inside = match.group("acronym"), match.group("long")
        inner = [w.group(0) for w in _WORD_RE.finditer(inside)]
        if inner and any(_fits(letters, inner) for letters in _spellings(acronym)):
            yield acronym, _clean(inside)


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _spellings(acronym: str) -> list[str]:
    """The letter strings an acronym may stand for: all its letters ("DoD" -> "DOD"), and its
    capitals alone when it mixes cases ("MediFor" -> "MF"); none shorter than MIN_LETTERS."""
    letters = [c for c in acronym if c.isalpha()]
    spellings = ["".join(letters).upper()]
    capitals = "".join(c for c in letters if c.isupper())
    if capitals != spellings[0]:
        spellings.append(capitals)
    return [s for s in spellings if MIN_LETTERS <= len(s) <= MAX_LETTERS]


def _shortest_fit(acronym: str, words: Sequence[str]) -> int | None:
    """How many of the last `words` spell `acronym` (the fewest that do), or None."""
    for letters in _spellings(acronym):
        for count in range(1, min(len(words), 2 * len(letters) + 2) + 1):
            run = words[len(words) - count :]
            if not _is_small(run[0]) and _fits(letters, run):
                return count
    return None


def _is_small(word: str) -> bool:
    return word.lower() in SMALL_WORDS


def _initials(word: str) -> str:
    """What a word gives an acronym: its capital initial, or every letter of "U.S."."""
    if _DOTTED_RE.fullmatch(word):
        return "".join(c for c in word if c.isalpha()).upper()
    return word[0].upper()


def _fits(letters: str, words: Sequence[str]) -> bool:
    """Whether `words` spell `letters`: every word but a small one gives its initials, and a
    word that is not small is capitalised. Each (letter, word) pair is tried once, so a run
    of small words costs no more than its length."""

    @cache
    def fits_from(at_letter: int, at_word: int) -> bool:
        if at_word == len(words):
            return at_letter == len(letters)
        word = words[at_word]
        initials = _initials(word)
        takes = letters.startswith(initials, at_letter) and fits_from(
            at_letter + len(initials), at_word + 1
        )
        if _is_small(word):
            return fits_from(at_letter, at_word + 1) or takes
        return word[0].isupper() and takes

    return fits_from(0, 0)


__all__ = ["MIN_LETTERS", "document_acronyms", "find_definitions"]

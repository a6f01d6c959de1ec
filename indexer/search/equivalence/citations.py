"""Legal citations: 8 U.S.C. § 1357(g) = 8 USC 1357(g) = title 8 section 1357(g); F.Supp.2d.

Codes and reporters are one table of printed spellings (`CODES`, `REPORTERS`), not a rule
each: a typed run of words is a code or reporter when its letters, run together, are those
of a spelling ("F Supp 2d", "F.Supp.2d" and "F. Supp. 2d" all read `fsupp2d`). A citation
needs a number beside it, so a lone "US" or "F" stays a word:

- a code citation, `[title] CODE [sign] [section]` with a title or a section: its forms are
  every spelling of the code, with no sign, "section" or "sec" before the section, and for
  the U.S. Code also "title 8 section 1357(g)";
- a reporter citation, `volume REPORTER page`: every spelling of the reporter;
- a section, `sign section` ("§", "§§", "section", "sec.", "s."): "section" and "sec";
  "sec" or "section" without a number after it, and "SEC" in capitals without a period
  (the Securities and Exchange Commission), are no sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from indexer.search.equivalence.core import Form, Segment, Vocabulary
from indexer.search.equivalence.typed import Typed, word_terms

KIND = "citations"
# Each line: the spellings of one code, as printed (the index reads "USC" and "U.S.C." apart
# inside a phrase: `usc` is one position, `u s c` three).
CODES = ("U.S.C. | USC", "C.F.R. | CFR")
REPORTERS = (
    "U.S.",
    "S. Ct. | S.Ct.",
    "L. Ed. | L.Ed.",
    "L. Ed. 2d | L.Ed.2d",
    "F.",
    "F.2d",
    "F.3d",
    "F.4th",
    "F. Supp. | F.Supp.",
    "F. Supp. 2d | F.Supp.2d",
    "F. Supp. 3d | F.Supp.3d",
    "F. App'x | F. Appx | Fed. App'x | Fed. Appx",
    "Fed. Cl.",
    "B.R.",
    "Fed. Reg. | FR",
    "P.2d",
    "P.3d",
    "A.2d",
    "A.3d",
    "N.E.2d",
    "N.E.3d",
    "N.W.2d",
    "S.E.2d",
    "S.W.3d",
    "So. 2d",
    "So. 3d",
)
MAX_NAME_TERMS = 5
SIGN_FORMS: tuple[tuple[str, ...], ...] = ((), ("section",), ("sec",))
_SIGN_TERMS = frozenset({"section", "sections", "sec", "secs"})
_NUMBER_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class Source:
    """A code or a reporter: its name as first printed in the table, and the terms of each
    of its spellings (dotted, spaced, closed)."""

    name: str
    spellings: tuple[tuple[str, ...], ...]
    is_code: bool


def _sources() -> dict[str, Source]:
    by_letters: dict[str, Source] = {}
    for line in (*CODES, *REPORTERS):
        printed = [spelling.strip() for spelling in line.split("|")]
        spellings = [word_terms(spelling) for spelling in printed]
        spellings += [("".join(terms),) for terms in spellings]
        source = Source(printed[0], tuple(dict.fromkeys(spellings)), line in CODES)
        for terms in source.spellings:
            by_letters["".join(terms)] = source
    return by_letters


# A code or reporter by its letters run together: "fsupp2d", "usc".
SOURCES = _sources()


def source_at(typed: Typed, start: int) -> tuple[Source, int] | None:
    """The longest code or reporter spelled by whole typed words from term `start`, and the
    term after it."""
    if start >= len(typed) or not typed.starts_word(start):
        return None
    found = None
    for end in range(start + 1, min(len(typed), start + MAX_NAME_TERMS) + 1):
        source = SOURCES.get("".join(typed.terms[start:end]))
        if source is not None and typed.ends_word(end):
            found = (source, end)
    return found


def number_at(typed: Typed, index: int) -> bool:
    """Whether term `index` is a whole typed word of digits (a title, volume or page)."""
    return (
        index < len(typed)
        and typed.starts_word(index)
        and typed.ends_word(index + 1)
        and _NUMBER_RE.fullmatch(typed.terms[index]) is not None
    )


def sign_at(typed: Typed, index: int) -> bool:
    """Whether term `index` is a section sign: "§", "§§", "section(s)", "sec(s)." or "s.",
    but not "SEC" in capitals without a period."""
    if index >= len(typed) or not typed.starts_word(index):
        return False
    term, raw = typed.terms[index], typed.raw_word(index)
    if term == "s":
        return raw in ("s.", "S.")
    return term in _SIGN_TERMS and raw not in ("SEC", "SECS")


def section_end(typed: Typed, index: int) -> int | None:
    """The end of a section number at term `index` (to the end of its typed word: "1357(g)",
    "236.1(d)", "50.15"), or None."""
    if index >= len(typed) or not typed.terms[index][:1].isdigit():
        return None
    if not typed.starts_word(index) and not sign_at(typed, index - 1):
        return None
    return typed.word_end(index)


def segments(words: Sequence[str], vocabulary: Vocabulary) -> Iterator[Segment]:
    """Every citation among `words` with its other spellings; `core.choose` keeps the
    longest of overlapping ones."""
    typed = Typed.of(words)
    for start in range(len(typed)):
        for found in (
            _code_citation(typed, start),
            _reporter_citation(typed, start),
            _titled_citation(typed, start),
            _section(typed, start),
        ):
            if found is not None:
                yield found


def _code_forms(
    title: tuple[str, ...], code: Source, section: tuple[str, ...]
) -> Iterator[tuple[str, ...]]:
    signs = SIGN_FORMS if section else ((),)
    for spelling in code.spellings:
        for sign in signs:
            yield title + spelling + sign + section
    if title and section and code.name == "U.S.C.":
        yield ("title", *title, "section", *section)


def _sign_and_section(typed: Typed, start: int) -> tuple[tuple[str, ...], int]:
    """The section (terms) after a possible sign at term `start`, and the term after it;
    no section: (), start."""
    after_sign = start + 1 if sign_at(typed, start) else start
    end = section_end(typed, after_sign)
    if end is None:
        return (), start
    return typed.terms[after_sign:end], end


def _code_citation(typed: Typed, start: int) -> Segment | None:
    has_title = number_at(typed, start)
    title = typed.terms[start : start + 1] if has_title else ()
    found = source_at(typed, start + len(title))
    if found is None or not found[0].is_code:
        return None
    code, end = found
    section, end_all = _sign_and_section(typed, end)
    if not title and not section:
        return None
    forms: list[Form] = list(_code_forms(title, code, section))
    return typed.segment(start, end_all, KIND, forms)


def _reporter_citation(typed: Typed, start: int) -> Segment | None:
    if not number_at(typed, start):
        return None
    found = source_at(typed, start + 1)
    if found is None or found[0].is_code:
        return None
    reporter, end = found
    if not number_at(typed, end):
        return None
    volume, page = typed.terms[start : start + 1], typed.terms[end : end + 1]
    forms: list[Form] = [volume + spelling + page for spelling in reporter.spellings]
    return typed.segment(start, end + 1, KIND, forms)


def _titled_citation(typed: Typed, start: int) -> Segment | None:
    """ "title 8 section 1357(g)": the U.S. Code, its title named."""
    if typed.terms[start] != "title" or not number_at(typed, start + 1):
        return None
    section, end = _sign_and_section(typed, start + 2)
    if not section:
        return None
    title = typed.terms[start + 1 : start + 2]
    forms: list[Form] = list(_code_forms(title, SOURCES["usc"], section))
    return typed.segment(start, end, KIND, forms)


def _section(typed: Typed, start: int) -> Segment | None:
    if not sign_at(typed, start):
        return None
    section, end = _sign_and_section(typed, start)
    if not section:
        return None
    forms: list[Form] = [sign + section for sign in SIGN_FORMS if sign]
    return typed.segment(start, end, KIND, forms)

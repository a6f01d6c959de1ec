"""The people of a memo's FROM / MEMORANDUM FOR / THROUGH lines, without their title lines.

A memo prints a person's title under the name ("Marguerite A. Szymanski" / "Associate
Director, Field Operations"), or after it on the same line ("John Morton, Director"). A line
of office words right under a person's name is that person's title and is left out; the same
kind of line under another office ("Regional Directors" / "District Directors") is a
recipient of its own and stays.
"""

from __future__ import annotations

import re

_OFFICE_WORDS = frozenset(
    {
        "acting", "administrator", "adviser", "advisor", "agent", "analyst", "assistant",
        "associate", "attorney", "branch", "bureau", "center", "chair", "chairman", "chief",
        "commander", "commissioner", "coordinator", "counsel", "deputy", "directorate", "director",
        "division", "executive", "field", "general", "head", "inspector", "liaison",
        "manager", "office", "officer", "operations", "principal", "program",
        "secretary", "section", "senior", "special", "specialist", "staff",
        "superintendent", "supervisor", "unit",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_MAX_NAME_WORDS = 5


def is_office(text: str) -> bool:
    """Whether `text` holds an office or title word ("Deputy Director", "Field Operations")."""
    words = [word.lower() for word in _WORD.findall(text)]
    return any(word in _OFFICE_WORDS or word.removesuffix("s") in _OFFICE_WORDS for word in words)


def _is_personal_name(text: str) -> bool:
    """A name of 2 to 5 words that names no office: "Marguerite A. Szymanski"."""
    words = text.split()
    return 2 <= len(words) <= _MAX_NAME_WORDS and not is_office(text) and "@" not in text


def _without_title(line: str) -> str:
    """ "John Morton, Director" -> "John Morton"; "Szymanski, Marguerite" stays."""
    name, comma, title = line.partition(",")
    if comma and is_office(title) and _is_personal_name(name.strip()):
        return name.strip()
    return line


def memo_people(lines: list[str]) -> list[str]:
    """The names and offices of a memo field's lines, one a line (or a ';' part); the title
    lines under a person's name (any number of office lines) left out."""
    people: list[str] = []
    after_person = False
    for line in lines:
        for part in (piece.strip(" ,") for piece in line.split(";")):
            if not _WORD.search(part):
                continue
            if after_person and is_office(part):
                continue
            name = _without_title(part)
            people.append(name)
            after_person = _is_personal_name(name)
    return people

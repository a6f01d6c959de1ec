"""People in From/To/Cc/Bcc values: who they are, in one normal form for index and query.

A header prints a person in many ways: "Lindqvist, Peter J.", "Peter Lindqvist",
"P. Lindqvist", "'Peter Lindqvist' via Policy-List <list@x.org>",
"Lindqvist, Peter [mailto:Peter.Lindqvist@x.gov]", or only the address. `split_people` cuts a
printed value into one entry a person; `parse_person` reads an entry; `people_text` writes the
index value of a field (each person's forms, separated so that no phrase runs from one person
into the next) and `query_forms` turns what a user typed into the forms to look for, so that
both sides meet whatever the header printed.

Lists: ';' always separates people. A ',' separates people unless it joins a surname to the
given names that follow it ("Lindqvist, Peter J."): a given-names piece is one word, or ends
with an initial, or follows a surname that starts with a particle ("de la Cruz, Ana Maria");
"Peter Lindqvist, Adaeze Okafor" is two people. A middle initial typed must be printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A term between two forms, so that a phrase never runs from one person into another.
SEPARATOR = "_"
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_BRACKETED = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|\([^()]*\)")
_VIA = re.compile(r"\s+via\s+\S.*$", re.IGNORECASE)
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "hon", "prof"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"})
_PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "dos", "das", "du", "la", "le", "van",
     "von", "ten", "ter", "bin", "ibn", "al", "el", "st", "mac"}
)  # fmt: skip
_LOCAL_NAME = re.compile(r"^(?P<first>[a-z]{2,})[._](?P<last>[a-z]{2,})$", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    """One person as printed: given names (the first one and the middle ones), surname,
    address; any of them may be empty. `printed` is the name as it stood, without address."""

    first: str = ""
    middle: tuple[str, ...] = ()
    last: str = ""
    address: str = ""
    printed: str = ""


def _split_outside(value: str, separator: str) -> list[str]:
    """`value` cut at `separator`, except inside quotes, <...>, [...] and (...)."""
    pieces: list[str] = []
    depth, quote, start = 0, "", 0
    for index, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
        elif char in '"\u201c':
            quote = '"' if char == '"' else "\u201d"
        elif char in "<[(":
            depth += 1
        elif char in ">])":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            pieces.append(value[start:index])
            start = index + 1
    pieces.append(value[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _name_words(piece: str) -> list[str]:
    """The words of a piece without its address, brackets and quotes."""
    text = _BRACKETED.sub(" ", _ADDRESS.sub(" ", piece))
    words = [word.strip(_QUOTES) for word in text.split()]
    return [word for word in words if word]


def _is_initial(word: str) -> bool:
    core = word.rstrip(".")
    return len(core) == 1 and core.isalpha()


def _is_surname(piece: str) -> bool:
    words = _name_words(piece)
    return "@" not in piece and 1 <= len(words) <= 3


def _is_given(piece: str, surname: str) -> bool:
    """Whether `piece` holds the given names of the surname before it ("Peter", "Peter J.")."""
    words = _name_words(piece)
    if not 1 <= len(words) <= 3:
        return False
    before = _name_words(surname)
    is_plain_surname = len(before) == 1 or before[0].lower() in _PARTICLES
    return len(words) == 1 or _is_initial(words[-1]) or is_plain_surname


def _pair(pieces: list[str]) -> list[str]:
    """Comma pieces joined where a surname and its given names were cut apart."""
    entries: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if following is not None and _is_surname(piece) and _is_given(following, piece):
            entries.append(f"{piece}, {following}")
            index += 2
        else:
            entries.append(piece)
            index += 1
    return entries


def split_people(value: str) -> list[str]:
    """One entry a person, as printed: "Lindqvist, Peter J.; Okafor, Adaeze" -> two entries.

    In a ';' list, a part with one comma is one "Last, First" person."""
    entries: list[str] = []
    parts = _split_outside(value, ";")
    for part in parts:
        pieces = _split_outside(part, ",")
        is_one_person = len(parts) > 1 and len(pieces) == 2 and "@" not in pieces[0]
        entries.extend([", ".join(pieces)] if is_one_person else _pair(pieces))
    return [entry for entry in entries if re.search(r"[^\W\d_]", entry)]


def _clean_words(words: list[str]) -> list[str]:
    """Words without honorifics, generational suffixes and stray quotes."""
    kept = [word.strip(_QUOTES) for word in words]
    kept = [word for word in kept if word.rstrip(".").lower() not in _SUFFIXES and word]
    while len(kept) > 1 and kept[0].rstrip(".").lower() in _HONORIFICS:
        kept = kept[1:]
    return kept


def _from_words(given: list[str], surname: list[str]) -> tuple[str, tuple[str, ...], str]:
    if not given:
        return "", (), " ".join(surname)
    return given[0], tuple(given[1:]), " ".join(surname)


def _split_name(name: str) -> tuple[str, tuple[str, ...], str]:
    """(first, middle, last) of "Last, First M." or "First M. Last" (particles go with last)."""
    if "," in name:
        surname, _, given = name.partition(",")
        given_words = _clean_words(given.replace(",", " ").split())
        return _from_words(given_words, _clean_words(surname.split()))
    words = _clean_words(name.split())
    if len(words) < 2:
        return _from_words([], words)
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return _from_words(words[:cut], words[cut:])


def parse_person(entry: str) -> Person | None:
    """The person of one entry; None when it holds neither a name nor an address."""
    addresses = _ADDRESS.findall(entry)
    address = addresses[0].lower() if addresses else ""
    name = _VIA.sub("", _BRACKETED.sub(" ", _ADDRESS.sub(" ", entry)))
    name = " ".join(name.split()).strip(_QUOTES + " ,;:")
    if not re.search(r"[^\W\d_]", name):
        local = _LOCAL_NAME.match(address.split("@")[0])
        if local is None:
            return Person(address=address) if address else None
        return Person(local["first"], (), local["last"], address)
    first, middle, last = _split_name(name)
    return Person(first, middle, last, address, name)


def _initial(word: str) -> str:
    return word[:1]


def person_forms(person: Person) -> list[str]:
    """The ways a record may print `person`, lower-cased: "peter j lindqvist", "peter
    lindqvist", "p lindqvist", "p j lindqvist", the address, the name as printed."""
    forms: list[str] = []
    if person.first and person.last:
        middle = list(person.middle)
        forms.append(" ".join([person.first, *middle, person.last]))
        forms.append(f"{person.first} {person.last}")
        forms.append(f"{_initial(person.first)} {person.last}")
        initials = [_initial(word) for word in middle]
        forms.append(" ".join([_initial(person.first), *initials, person.last]))
    elif person.last:
        forms.append(person.last)
    forms += [person.address, person.printed]
    folded = (" ".join(form.lower().replace(",", " ").split()) for form in forms)
    return list(dict.fromkeys(form for form in folded if form))


def people_text(entries: Iterable[str]) -> str:
    """The index value of a people field: every form of every person, SEPARATOR between."""
    forms: list[str] = []
    for entry in entries:
        person = parse_person(entry)
        if person is not None:
            forms += person_forms(person)
    return f" {SEPARATOR} ".join(forms)


def query_forms(typed: str) -> list[str]:
    """What to look for when a user types `typed` into from:/to:/cc:/bcc:: the address when
    one is typed, else the name in the index's order ("Lindqvist, Peter" -> "peter
    lindqvist"), else the text as typed."""
    person = parse_person(typed)
    if person is None:
        return [" ".join(typed.split())] if typed.strip() else []
    if person.address:
        return [person.address]
    if person.first and person.last:
        return [" ".join([person.first, *person.middle, person.last]).lower()]
    return [person.last.lower()]

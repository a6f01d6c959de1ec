"""Agencies and programs (class 7): "ICE" = "Immigration and Customs Enforcement" and so on.

Finds the typed words that spell a form of a class of the vocabulary (shipped list, the home's
synonyms.txt, acronyms learned from the records) and returns the class's other forms. Words
are compared as the index folds them, each word closed up ("U.S." = "US", "S-Comm" = "SComm"),
so case and punctuation do not matter, except for acronyms: a form of one word with two
capitals or more matches only a word typed with two capitals or more ("ICE", "DoD"), never
"ice" or "Ice", so that ice, cap and pep stay words. A form is returned as the phrase of its
parts ("u", "s", "coast", "guard": finds "U.S. Coast Guard") and, when it differs, closed up
("us", "coast", "guard": finds "US Coast Guard"). A typed form found in several classes
(CAP learned as "Corrective Action Plan" and shipped as "Criminal Alien Program") gets the
forms of each, and the classes are never chained.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from indexer.search.equivalence.core import Form, Segment, Vocabulary
from indexer.search.equivalence.vocabulary import Synonyms, closed_terms, phrase_terms

KIND = "agencies"
# Forms one typed span expands to (each form counts its spellings): the rules drop those the
# index does not hold, and a query must stay small.
MAX_SEGMENT_FORMS = 12
# Lookup tables kept for the vocabularies last used (one per home in practice).
MAX_TABLES = 8


@dataclass(frozen=True)
class _Form:
    entry: int
    is_acronym: bool
    spellings: tuple[tuple[str, ...], ...]


@dataclass
class _Table:
    by_key: dict[tuple[str, ...], list[_Form]] = field(default_factory=dict)
    by_entry: list[list[_Form]] = field(default_factory=list)
    longest: int = 0


def is_acronym(text: str) -> bool:
    """One word with two capitals or more: "ICE", "DoD", "S-Comm", "ICE's"."""
    return len(text.split()) == 1 and sum(c.isupper() for c in text) >= 2


def segments(words: Sequence[str], vocabulary: Vocabulary) -> Iterator[Segment]:
    """Each span of `words` that spells a form of a class, with the other forms of its
    classes (longest spans first; `core.choose` keeps those that do not overlap)."""
    table = _table(vocabulary)
    if not table.by_key:
        return
    keys = [closed_terms(word) for word in words]
    for start in range(len(words)):
        if not keys[start]:
            continue
        typed: tuple[str, ...] = ()
        for end in range(start + 1, len(words) + 1):
            typed += keys[end - 1]
            if len(typed) > table.longest:
                break
            if not keys[end - 1]:  # a span never ends on a word without terms ("&")
                continue
            forms = _other_forms(table, typed, words[start:end])
            if forms:
                yield Segment(start, end, KIND, forms)


def _other_forms(table: _Table, typed: tuple[str, ...], words: Sequence[str]) -> tuple[Form, ...]:
    """The spellings of the forms of every class one of whose forms `words` spell, but the
    typed one ("US Coast Guard" still gets "U.S. Coast Guard" as u, s, coast, guard)."""
    text = " ".join(words)
    typed_as_acronym = is_acronym(text)
    as_typed = phrase_terms(text)  # searched anyway
    found: list[tuple[str, ...]] = []
    for matched in table.by_key.get(typed, ()):
        if matched.is_acronym and not typed_as_acronym:
            continue
        for other in table.by_entry[matched.entry]:
            found.extend(s for s in other.spellings if s != as_typed and s not in found)
    return tuple(found[:MAX_SEGMENT_FORMS])


def _written_classes(vocabulary: Vocabulary) -> Iterable[tuple[str, ...]]:
    if isinstance(vocabulary, Synonyms):
        return [entry.forms for entry in vocabulary.entries]
    return [tuple(" ".join(run) for run in runs) for runs in vocabulary.classes]


def _build(vocabulary: Vocabulary) -> _Table:
    table = _Table()
    for index, forms in enumerate(_written_classes(vocabulary)):
        entry: list[_Form] = []
        for text in forms:
            key = closed_terms(text)
            spellings = tuple(dict.fromkeys((phrase_terms(text), key)))
            form = _Form(index, is_acronym(text), spellings)
            entry.append(form)
            table.by_key.setdefault(key, []).append(form)
            table.longest = max(table.longest, len(key))
        table.by_entry.append(entry)
    return table


_tables: dict[int, tuple[Vocabulary, _Table]] = {}
_tables_lock = threading.Lock()


def _table(vocabulary: Vocabulary) -> _Table:
    """The lookup table of a vocabulary, built once for the vocabularies in use (a loaded
    vocabulary is kept until its files change, so this is once a home and change)."""
    with _tables_lock:
        cached = _tables.get(id(vocabulary))
        if cached is not None and cached[0] is vocabulary:
            return cached[1]
    table = _build(vocabulary)
    with _tables_lock:
        if len(_tables) >= MAX_TABLES:
            _tables.clear()
        _tables[id(vocabulary)] = (vocabulary, table)
    return table


__all__ = ["KIND", "MAX_SEGMENT_FORMS", "is_acronym", "segments"]

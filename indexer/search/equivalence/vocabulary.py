"""The names that mean the same thing: the shipped synonyms.txt, the home's, learned acronyms.

`vocabulary_for(store)` loads the three into one `Synonyms` (a `Vocabulary`), kept until the
home's synonyms.txt or the learned acronyms change, so an edited file applies to the next
search. A synonyms file holds one class a line, its forms separated by SEPARATOR, "#" starting
a comment (see the shipped file's header). A bad line is left out with a problem naming the
file and line; a file that cannot be read is left out with a problem naming it. Neither ever
stops a search.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from indexer.search.equivalence.core import Vocabulary
from indexer.store.acronyms import LearnedAcronym, acronyms_version, learned_acronyms
from indexer.store.connection import Database
from indexer.text.terms import iter_terms

SYNONYMS_NAME = "synonyms.txt"
SHIPPED_SOURCE = "shipped synonyms.txt"
SEPARATOR = "="
COMMENT = "#"
MAX_FORMS = 12
MAX_FORM_WORDS = 12
MAX_LINE_CHARS = 2000
MAX_FILE_BYTES = 2_000_000
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SynonymClass:
    """Forms that mean the same thing, as written, and where the class comes from: "shipped
    synonyms.txt:12", "/home/foia/synonyms.txt:3" or "learned from corpus/a.pdf"."""

    forms: tuple[str, ...]
    source: str
    origin: str  # "shipped", "home" or "learned"


@dataclass(frozen=True)
class Synonyms(Vocabulary):
    """A Vocabulary that remembers each class as written (acronyms keep their capitals) and
    where it came from, with the problems met loading it."""

    entries: tuple[SynonymClass, ...] = ()
    problems: tuple[str, ...] = ()


def phrase_terms(text: str) -> tuple[str, ...]:
    """The exact-field terms of a phrase, one a position ("U.S. Coast Guard" -> u, s, coast,
    guard), as a quoted phrase searches them."""
    by_position: dict[int, str] = {}
    for term, position, _, _ in iter_terms(text):
        by_position[position] = term
    return tuple(by_position[p] for p in sorted(by_position))


def closed_terms(text: str) -> tuple[str, ...]:
    """The terms of `text` with each compound closed up: "U.S. S-Comm" -> ("us", "scomm").
    A compound's closed form comes first and spans its parts, which are left out."""
    terms: list[str] = []
    end_of_token = -1
    for term, _, start, end in iter_terms(text):
        if start >= end_of_token:
            terms.append(term)
            end_of_token = end
    return tuple(terms)


def parse_synonyms(text: str, name: str, origin: str) -> tuple[list[SynonymClass], list[str]]:
    """The classes of a synonyms file and a problem for each bad line (left out)."""
    classes: list[SynonymClass] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split(COMMENT, 1)[0].strip()
        if not content:
            continue
        forms, problem = _parse_line(content)
        if problem is not None:
            problems.append(f"{name} line {number}: {problem}; the line is left out")
        else:
            classes.append(SynonymClass(forms, f"{name}:{number}", origin))
    return classes, problems


def _parse_line(content: str) -> tuple[tuple[str, ...], str | None]:
    if len(content) > MAX_LINE_CHARS:
        return (), f"longer than {MAX_LINE_CHARS} characters"
    forms = [" ".join(part.split()) for part in content.split(SEPARATOR)]
    if any(not form for form in forms):
        return (), f"an empty form (nothing between two {SEPARATOR!r} or at an end)"
    for form in forms:
        if not phrase_terms(form):
            return (), f"{form!r} has no letters or digits"
        if len(form.split()) > MAX_FORM_WORDS:
            return (), f"{form!r} has more than {MAX_FORM_WORDS} words"
    distinct = list(dict.fromkeys(forms))
    if len({closed_terms(form) for form in distinct}) < 2:
        return (), f"a class needs two different forms separated by {SEPARATOR!r}"
    if len(distinct) > MAX_FORMS:
        return (), f"{len(distinct)} forms, at most {MAX_FORMS}"
    return tuple(distinct), None


def shipped_classes() -> tuple[list[SynonymClass], list[str]]:
    """The classes of the list shipped with the product."""
    text = resources.files(__package__).joinpath(SYNONYMS_NAME).read_text(encoding="utf-8")
    return parse_synonyms(text, SHIPPED_SOURCE, "shipped")


def home_classes(path: Path) -> tuple[list[SynonymClass], list[str]]:
    """The classes of a home's synonyms.txt: none when there is no such file, none and a
    problem when it cannot be read, is too big or is not UTF-8 text."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [f"{path}: cannot be read ({error.strerror or error}); it is left out"]
    if len(data) > MAX_FILE_BYTES:
        return [], [f"{path}: larger than {MAX_FILE_BYTES:,} bytes; it is left out"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [f"{path}: not UTF-8 text (byte {error.start}); it is left out"]
    return parse_synonyms(text, str(path), "home")


def learned_classes(learned: Iterable[LearnedAcronym]) -> list[SynonymClass]:
    """One class a learned (acronym, long form), naming the first document that defines it."""
    classes = []
    for acronym in learned:
        more = len(acronym.paths) - 1
        source = f"learned from {acronym.paths[0]}" + (f" and {more} more" if more else "")
        classes.append(SynonymClass((acronym.acronym, acronym.long_form), source, "learned"))
    return classes


def build_synonyms(home_file: Path | None, learned: Sequence[LearnedAcronym] = ()) -> Synonyms:
    """The home's classes, the shipped ones, then the learned ones, in one Vocabulary."""
    shipped, shipped_problems = shipped_classes()
    home, home_problems = home_classes(home_file) if home_file is not None else ([], [])
    entries = (*home, *shipped, *learned_classes(learned))
    return Synonyms(
        classes=tuple(tuple(phrase_terms(form) for form in entry.forms) for entry in entries),
        sources=tuple(entry.source for entry in entries),
        entries=entries,
        problems=(*shipped_problems, *home_problems),
    )


def matching_classes(vocabulary: Synonyms, text: str) -> list[SynonymClass]:
    """The classes with a form that holds every word of `text`, case and punctuation
    aside ("ice" lists the classes of ICE and of Immigration and Customs Enforcement)."""
    wanted = set(closed_terms(text))
    return [
        entry
        for entry in vocabulary.entries
        if any(wanted <= set(closed_terms(form)) for form in entry.forms)
    ]


def class_json(entry: SynonymClass) -> dict[str, object]:
    """A class as `foia synonyms --json` lists it."""
    return {"forms": list(entry.forms), "source": entry.source, "origin": entry.origin}


_cache: dict[Path, tuple[object, Synonyms]] = {}
_cache_lock = threading.Lock()


def _file_signature(path: Path) -> object:
    try:
        found = path.stat()
    except OSError as error:
        return type(error).__name__
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def vocabulary_for(store: Database, log_problems: bool = True) -> Synonyms:
    """The vocabulary in force for the store's home, loaded again only when its
    synonyms.txt or the learned acronyms changed. Logs each problem when it loads (a
    server's log says what was left out), unless the caller shows them itself."""
    home_file = store.home / SYNONYMS_NAME
    signature = (_file_signature(home_file), acronyms_version(store))
    with _cache_lock:
        cached = _cache.get(store.home)
        if cached is not None and cached[0] == signature:
            return cached[1]
    vocabulary = build_synonyms(home_file, learned_acronyms(store))
    for problem in vocabulary.problems if log_problems else ():
        _log.warning("synonyms: %s", problem)
    with _cache_lock:
        _cache[store.home] = (signature, vocabulary)
    return vocabulary


__all__ = [
    "SEPARATOR",
    "SYNONYMS_NAME",
    "SynonymClass",
    "Synonyms",
    "build_synonyms",
    "class_json",
    "closed_terms",
    "home_classes",
    "matching_classes",
    "parse_synonyms",
    "phrase_terms",
    "vocabulary_for",
]

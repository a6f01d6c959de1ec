"""The engine-neutral index query: what `search.rules` builds and every engine compiles.

A user's text is parsed into `search.parser`'s tree (what was typed); the investigator rules
turn that into these nodes (what to look up in the index: folded and stemmed terms, phrases,
ranges over named fields). An engine translates them one for one into its own queries and
never sees the user's text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """Pages whose `field` holds `text` (already folded or stemmed for that field)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Pages whose `field` holds `words` in order, at most `slop` positions apart in all
    (slop 1: side by side)."""

    field: str
    words: tuple[str, ...]
    slop: int = 1


@dataclass(frozen=True)
class NumberRange:
    """Pages whose numeric `field` lies within [low, high]; None leaves that end open."""

    field: str
    low: int | None
    high: int | None


@dataclass(frozen=True)
class TermRange:
    """Pages whose label `field` sorts within [low, high]."""

    field: str
    low: str
    high: str


@dataclass(frozen=True)
class AllOf:
    """Pages matching every child; scored as the sum of their scores."""

    children: tuple[IndexQuery, ...]


@dataclass(frozen=True)
class AnyOf:
    """Pages matching at least one child; scored as the sum of the matching children."""

    children: tuple[IndexQuery, ...]


@dataclass(frozen=True)
class Exclude:
    """Every page except those matching `child` (inside AllOf: "and not")."""

    child: IndexQuery


@dataclass(frozen=True)
class Everything:
    """Every page."""


@dataclass(frozen=True)
class Nothing:
    """No page: what a word that cannot match (or a refused filter) becomes."""


IndexQuery = (
    Term | Phrase | NumberRange | TermRange | AllOf | AnyOf | Exclude | Everything | Nothing
)

EVERYTHING = Everything()
NOTHING = Nothing()

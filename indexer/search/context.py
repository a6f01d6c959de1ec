"""What building an index query needs and learns (BuildContext), and the limits of one query.

The limits bound what any typed text costs (issue 12); the context carries the lexicon, the
tag resolver, the vocabulary of equivalences (issue 11), whether expansions are off ("exact
spelling only"), and collects notices, the words to highlight and what was also matched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.search.engine import Lexicon
from indexer.search.equivalence import EMPTY_VOCABULARY, Vocabulary
from indexer.search.index_query import IndexQuery
from indexer.text.highlight import HighlightTerms

MAX_EXPANSIONS = 200
MAX_FUZZY_EXPANSIONS = 50
# The terms all the wildcards and fuzzy words of one query expand to; once they are used up,
# each further one still gets its first MIN_EXPANSIONS.
MAX_QUERY_EXPANSIONS = 400
MIN_EXPANSIONS = 2
# Index words read while expanding the wildcards of one query (`d*tion` reads every d word).
MAX_SCANNED_TERMS = 50_000
# Fuzzy words of one query looked up (each reads the index's words near it); the others, and
# fuzzy words longer than MAX_LOOKUP_CHARS, are searched as typed.
MAX_FUZZY_WORDS = 8
MAX_FUZZY_CANDIDATES = 500
# Words longer than this are not looked up letter by letter (compound splits, fuzzy): the cost
# grows with the length, and no compound or misspelling is that long.
MAX_LOOKUP_CHARS = 40

# Resolves a virtual field (tag:, note:, production:) to the pages it names: (doc_ids, page
# keys), or to a query of the index that finds the same pages (production: of a release).
Resolved = tuple[set[str], set[str]] | IndexQuery | None
Resolver = Callable[[str, str], Resolved]


@dataclass
class BuildContext:
    """What building needs and what it learns: the lexicon for term look-ups, the resolver
    for fields that live in SQLite, the equivalences' vocabulary and whether they are off;
    notices for the user, words to highlight, what was also matched."""

    lexicon: Lexicon
    resolve: Resolver | None = None
    notices: list[str] = field(default_factory=list)
    exact: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    expansions_left: int = MAX_QUERY_EXPANSIONS
    scans_left: int = MAX_SCANNED_TERMS
    fuzzy_left: int = MAX_FUZZY_WORDS

    vocabulary: Vocabulary = EMPTY_VOCABULARY
    exact_only: bool = False
    # typed text -> the other spellings that were searched too (the index holds them)
    expanded: dict[str, list[str]] = field(default_factory=dict)

    def notice_once(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def has_term(self, fieldname: str, term: str) -> bool:
        return bool(self.lexicon.doc_frequency(fieldname, term))

    def highlight_terms(self) -> HighlightTerms:
        return HighlightTerms(frozenset(self.exact), frozenset(self.stems), frozenset(self.phrases))

    def note_expanded(self, typed: str, also: list[str]) -> None:
        """Remember that `typed` also matched `also` (shown as "also matched"). Forms that
        differ only in spaces ("u s immigration", "us immigration") are shown once."""
        known = self.expanded.setdefault(typed, [])
        seen = {_squeezed(form) for form in known} | {_squeezed(typed.lower())}
        for form in also:
            if _squeezed(form) not in seen:
                seen.add(_squeezed(form))
                known.append(form)


def _squeezed(text: str) -> str:
    return "".join(character for character in text if character.isalnum())

"""Our terms handed to tantivy: pre-tokenized text with positions, or laid-out stemmed terms.

The bindings cannot run a Python analyzer inside tantivy, so every field is analyzed here with
`indexer.text.terms` and tantivy indexes what it is given. Fields with positions (phrases)
get a PreTokenizedString: each term at its own position, so the closed form of a compound
shares its first part's position ("opt-out" is `optout`@0, `opt`@0, `out`@1), exactly as in
the Whoosh index. The terms are computed as plain lists (`positioned`), in an ingest worker
when there is one, and turned into tantivy's objects in the writing process (`pretokenized`).
Fields without positions (`body`, `lead_title`) need only the terms and their counts: they
are laid out as one string split on spaces by the `terms` tokenizer, which costs a tenth of
building a Token object per term (docs/architecture.md has the figures).
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter

from tantivy import Filter, PreTokenizedString, TextAnalyzer, TextAnalyzerBuilder, Token, Tokenizer

from indexer.text.shared_terms import shared_terms
from indexer.text.terms import iter_terms, stem

# Splits the laid-out terms on spaces and keeps them as they are (no term holds a space).
TERMS_TOKENIZER = "terms"
# tantivy refuses terms over 65,530 bytes; a longer "word" is garbage in any record.
MAX_TERM_BYTES = 65_000
# A term of at most this many characters is at most MAX_TERM_BYTES in UTF-8.
_LONGEST_TERM_CHARS = MAX_TERM_BYTES // 4

# A positioned field's terms and their positions (one list each, of the same length), or,
# when the positions run 0, 1, 2, ... (no compound, no sign word), the terms laid out: the
# `terms` tokenizer gives them those same positions at a tenth of the cost of Token objects.
Positioned = tuple[list[str], list[int]] | str

_last: tuple[str | None, list[str], list[int]] = (None, [], [])


def _terms(text: str) -> tuple[list[str], list[int]]:
    """The terms of `text` and their positions, computed once for the two fields a page's
    text goes to (and taken from the ingest worker's shared terms when it has them)."""
    global _last
    cached_text, words, positions = _last
    if cached_text is not text:
        terms = shared_terms(text)
        if terms is None:
            terms = list(iter_terms(text))
        words = list(map(itemgetter(0), terms))
        if words and max(map(len, words)) > _LONGEST_TERM_CHARS:
            terms = [term for term in terms if len(term[0]) <= _LONGEST_TERM_CHARS]
            words = list(map(itemgetter(0), terms))
        positions = list(map(itemgetter(1), terms))
        _last = (text, words, positions)
    return words, positions


def terms_analyzer() -> TextAnalyzer:
    """The tokenizer of the laid-out fields: split on whitespace, nothing else."""
    return (
        TextAnalyzerBuilder(Tokenizer.whitespace())
        .filter(Filter.remove_long(MAX_TERM_BYTES))
        .build()
    )


def positioned(text: str, stemmed: bool = False) -> Positioned:
    """The folded (or stemmed) terms of `text` and their positions, as plain lists (or laid
    out when the positions are 0, 1, 2, ...): what an ingest worker hands to the writing
    process (cheap to send, unlike tantivy's objects)."""
    words, positions = _terms(text)
    if stemmed:
        words = list(map(stem, words))
    if positions == list(range(len(positions))):
        return " ".join(words)
    return words, positions


def pretokenized(terms: tuple[list[str], list[int]]) -> PreTokenizedString:
    """The terms at their positions as tantivy takes them. The positioned fields index
    positions, not character offsets (`schema.build_schema`), so no offsets are carried."""
    words, positions = terms
    if len(words) != len(positions):
        raise ValueError("a positioned field needs one position for each of its terms")
    return PreTokenizedString("", list(map(Token, words, positions, repeat(0))))


def laid_out(text: str, stemmed: bool = True) -> str:
    """The terms of `text` (stemmed unless told), separated by spaces."""
    words, _ = _terms(text)
    return " ".join(map(stem, words) if stemmed else words)

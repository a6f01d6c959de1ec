"""Spelling suggestions from the index's own words, for searches that found nothing."""

from __future__ import annotations

import re

from indexer.search.engine import Engine
from indexer.text.terms import fold

SUGGEST_FIELD = "exact"
MAX_DISTANCE = 2
# Words shorter than this are left alone: every short word is near some other word.
MIN_WORD_CHARS = 4
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})
# Plain letter words not followed by ":" (a field name) and not inside a wildcard or fuzzy term.
_WORD_RE = re.compile(r"(?<![\w:*?~])([^\W\d_]+)(?![\w:*?~])")


def suggest_words(engine: Engine, words: list[str]) -> list[str]:
    """Each word as the index spells it: unchanged when the index has it (or nothing is
    close), else the closest indexed word (fewest edits, then most documents).

    Raises IndexNotBuiltError / SchemaOutdatedError when there is no usable index.
    """
    lexicon = engine.lexicon()
    suggestions = []
    for word in words:
        folded = fold(word)
        if len(folded) < MIN_WORD_CHARS or lexicon.doc_frequency(SUGGEST_FIELD, folded):
            suggestions.append(word)
            continue
        best = word
        for distance in range(1, MAX_DISTANCE + 1):
            near = list(lexicon.terms_within(SUGGEST_FIELD, folded, distance, prefix=1))
            if near:
                best = max(
                    near, key=lambda term: (lexicon.doc_frequency(SUGGEST_FIELD, term), term)
                )
                break
        suggestions.append(str(best))
    return suggestions


def suggest_query(engine: Engine, text: str) -> str | None:
    """`text` with its misspelled words replaced by indexed ones, or None when no word
    changes. Operators, field names, wildcards and quotes are kept as typed."""
    matches = [m for m in _WORD_RE.finditer(text) if m.group(1) not in _OPERATORS]
    if not matches:
        return None
    replacements = suggest_words(engine, [m.group(1) for m in matches])
    changed = False
    parts = []
    cursor = 0
    for match, replacement in zip(matches, replacements, strict=True):
        parts.append(text[cursor : match.start(1)])
        if replacement != match.group(1):
            changed = True
            parts.append(replacement)
        else:
            parts.append(match.group(1))
        cursor = match.end(1)
    parts.append(text[cursor:])
    return "".join(parts) if changed else None

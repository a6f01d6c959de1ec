"""Spelling suggestions from the index's own words, for searches that found nothing.

The work is bounded whatever was typed (issue 12): only the text the search saw is read (the
first MAX_QUERY_CHARS characters, the first MAX_NODES words), at most MAX_SUGGESTED_WORDS
unknown words are looked up, each at most MAX_WORD_CHARS long, each look-up keeps at most
MAX_CANDIDATES near words, and the look-ups stop after SUGGEST_SECONDS, keeping what they found.
A suggestion is a nicety: when MAX_SUGGESTING queries of a process are already being looked
up, the next one gets none rather than waiting, so that a flood of misspelled queries costs
what their searches cost.
"""

from __future__ import annotations

import itertools
import re
import threading
import time

from indexer.search.engine import Engine
from indexer.search.parser import MAX_NODES, MAX_QUERY_CHARS
from indexer.text.terms import fold

SUGGEST_FIELD = "exact"
MAX_DISTANCE = 2
# Words shorter than this are left alone: every short word is near some other word.
MIN_WORD_CHARS = 4
# Longer words are left alone: no one misspells a 40-letter word, and the cost of a look-up
# grows with the word's length.
MAX_WORD_CHARS = 40
# Unknown words looked up in one query; the others are kept as typed.
MAX_SUGGESTED_WORDS = 5
# Near words weighed for one unknown word.
MAX_CANDIDATES = 50
# Time for the look-ups of one query: then the words left are kept as typed.
SUGGEST_SECONDS = 0.25
# Queries looked up at once in a process; another one gets no suggestion.
MAX_SUGGESTING = 2
_suggesting = threading.BoundedSemaphore(MAX_SUGGESTING)
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})
# Plain letter words not followed by ":" (a field name) and not inside a wildcard or fuzzy term.
_WORD_RE = re.compile(r"(?<![\w:*?~])([^\W\d_]+)(?![\w:*?~])")


def suggest_words(engine: Engine, words: list[str], seconds: float = SUGGEST_SECONDS) -> list[str]:
    """Each word as the index spells it: unchanged when the index has it (or nothing is
    close), else the closest indexed word (fewest edits, then most documents). At most
    MAX_SUGGESTED_WORDS unknown words are looked up, within `seconds`: the others come back
    unchanged.

    Raises IndexNotBuiltError / SchemaOutdatedError when there is no usable index.
    """
    lexicon = engine.lexicon()
    deadline = time.monotonic() + seconds
    looked_up = 0
    suggestions = []
    known: dict[str, str] = {}  # a word typed twice is looked up once
    for word in words:
        folded = fold(word)
        if folded in known:
            suggestions.append(known[folded])
            continue
        if (
            not MIN_WORD_CHARS <= len(folded) <= MAX_WORD_CHARS
            or looked_up >= MAX_SUGGESTED_WORDS
            or time.monotonic() > deadline
            or lexicon.doc_frequency(SUGGEST_FIELD, folded)
        ):
            suggestions.append(word)
            continue
        looked_up += 1
        best = word
        for distance in range(1, MAX_DISTANCE + 1):
            found = lexicon.terms_within(SUGGEST_FIELD, folded, distance, prefix=1)
            near = list(itertools.islice(found, MAX_CANDIDATES))
            if near:
                best = max(
                    near, key=lambda term: (lexicon.doc_frequency(SUGGEST_FIELD, term), term)
                )
                break
        known[folded] = str(best)
        suggestions.append(str(best))
    return suggestions


def suggest_query(engine: Engine, text: str, seconds: float = SUGGEST_SECONDS) -> str | None:
    """`text` with its misspelled words replaced by indexed ones, or None when no word
    changes (also when MAX_SUGGESTING other queries are being looked up). Operators, field
    names, wildcards and quotes are kept as typed. Only what the search read is looked at: a
    text cut to MAX_QUERY_CHARS comes back cut."""
    text = text[:MAX_QUERY_CHARS]
    found = (m for m in _WORD_RE.finditer(text) if m.group(1) not in _OPERATORS)
    matches = list(itertools.islice(found, MAX_NODES))
    if not matches or not _suggesting.acquire(blocking=False):
        return None
    try:
        replacements = suggest_words(engine, [m.group(1) for m in matches], seconds)
    finally:
        _suggesting.release()
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

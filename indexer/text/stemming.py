"""The Porter stemmer the stemmed fields and the highlighter share."""

from __future__ import annotations

from whoosh.lang.porter import stem as _whoosh_stem


def porter_stem(term: str) -> str:
    """The Porter stem of one folded term."""
    return str(_whoosh_stem(term))

"""Whoosh analyzers over the engine-free terms of indexer.text.terms: exact and stemmed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, LowercaseFilter, StemFilter, Token, Tokenizer

from indexer.text.terms import iter_terms

# The terms of the last text indexed, by identity: a page's text is given to two fields
# (`body` stemmed, `exact` with positions) and tokenized once for both. Holding the text keeps
# its identity from being reused; assignment of the tuple is atomic across threads.
_last_indexed: tuple[str | None, list[tuple[str, int, int, int]]] = (None, [])


def _index_terms(value: str) -> list[tuple[str, int, int, int]]:
    global _last_indexed
    text, terms = _last_indexed
    if text is not value:
        terms = list(iter_terms(value))
        _last_indexed = (value, terms)
    return terms


class FoiaTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh tokenizer over `iter_terms`; terms come out already folded."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            token.pos = start_pos
            token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        terms = _index_terms(value) if mode == "index" else iter_terms(value)
        for term, position, start, end in terms:
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def exact_analyzer() -> Analyzer:
    """Folded, unstemmed terms with positions: phrases and the highlighter's exact matches."""
    return FoiaTokenizer() | LowercaseFilter()


def stemmed_analyzer() -> Analyzer:
    """Folded and Porter-stemmed terms: plain words, so `opting` finds "opted" and "opt"."""
    return FoiaTokenizer() | LowercaseFilter() | StemFilter(cachesize=100_000)

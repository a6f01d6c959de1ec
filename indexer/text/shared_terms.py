"""The terms of a page's text computed once for every reader of one ingest step.

An ingest worker tokenizes each page twice over when nothing is shared: the engine's
analysis (tantivy's fields `body` and `exact`) and the near-duplicate fingerprint both read
`iter_terms(page.text)`. Inside `sharing_terms()` the first reader computes the list and the
others get the same one. Outside it `shared_terms` answers None and each reader tokenizes as
it always did, so code that runs alone (a single search, the fingerprint of one page) keeps
no memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from indexer.text.terms import iter_terms

Term = tuple[str, int, int, int]  # folded term, position, start char, end char

# At most this many terms are kept at once (about 35 MB): a document of a few hundred pages.
# The pages after that are tokenized by each reader again, as without sharing.
MAX_REMEMBERED_TERMS = 300_000


class _Memo:
    def __init__(self) -> None:
        self.entries: dict[int, tuple[str, list[Term]]] = {}
        self.count = 0


_memo: _Memo | None = None


@contextmanager
def sharing_terms() -> Iterator[None]:
    """Within it, the terms of each text object are computed once (`shared_terms`)."""
    global _memo
    outer = _memo
    _memo = _Memo()
    try:
        yield
    finally:
        _memo = outer


def shared_terms(text: str) -> list[Term] | None:
    """`iter_terms(text)` as a list, computed once for this text object while `sharing_terms`
    is open (keyed by identity: the pages' own strings); None when it is not."""
    memo = _memo
    if memo is None:
        return None
    entry = memo.entries.get(id(text))
    if entry is not None and entry[0] is text:
        return entry[1]
    terms = list(iter_terms(text))
    if memo.count + len(terms) <= MAX_REMEMBERED_TERMS:
        memo.entries[id(text)] = (text, terms)  # the text kept alive: its id is not reused
        memo.count += len(terms)
    return terms

"""What to try when a search found nothing (issue 11): never just "no results".

Three kinds of help, each checked against the index before it is offered: spellings close to
the typed words that the index holds (a suggestion is offered only when its query finds
documents, and says how many), the filters whose removal finds documents, and the typed words
that occur nowhere in the index. The work is bounded: at most MAX_COUNTS extra searches.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from indexer.model.results import DroppableFilter, EmptyHelp, Suggestion
from indexer.search import parser as qp
from indexer.search.engine import Engine
from indexer.search.parser import plain_words
from indexer.search.suggest import MAX_CANDIDATES, SUGGEST_FIELD, suggest_query
from indexer.text.terms import fold, keyword_terms

if TYPE_CHECKING:
    from indexer.search.service import SearchRequest

# Extra searches one empty result may run to check its help.
MAX_COUNTS = 8
MAX_SUGGESTIONS = 4
# Near spellings weighed for each unknown word, and unknown words looked up one by one.
NEAR_PER_WORD = 3
NEAR_WORDS = 2
MIN_WORD_CHARS = 4
MAX_WORD_CHARS = 40

# Counts the documents a request finds.
Counter = Callable[["SearchRequest"], int]


class _Budget:
    def __init__(self, count: Counter) -> None:
        self.count = count
        self.left = MAX_COUNTS

    def documents(self, request: SearchRequest) -> int:
        if self.left <= 0:
            return 0
        self.left -= 1
        return self.count(request)


def unknown_words(engine: Engine, text: str) -> list[str]:
    """The typed words none of whose terms the index holds."""
    lexicon = engine.lexicon()
    unknown = []
    for word in plain_words(text):
        terms = keyword_terms(word)
        if terms and not any(lexicon.doc_frequency(SUGGEST_FIELD, term) for term in terms):
            unknown.append(word)
    return unknown


def _near(engine: Engine, word: str) -> list[str]:
    folded = fold(word)
    if not word.isalpha() or not MIN_WORD_CHARS <= len(folded) <= MAX_WORD_CHARS:
        return []
    lexicon = engine.lexicon()
    for distance in (1, 2):
        found = lexicon.terms_within(SUGGEST_FIELD, folded, distance, prefix=1)
        near = list(itertools.islice(found, MAX_CANDIDATES))
        if near:
            near.sort(key=lambda term: (-lexicon.doc_frequency(SUGGEST_FIELD, term), term))
            return near[:NEAR_PER_WORD]
    return []


def _asks_for_variants(node: qp.Node | None) -> bool:
    """Whether a query tree holds a wildcard or fuzzy word: those already looked words up."""
    if isinstance(node, qp.Word):
        return node.kind in ("wildcard", "fuzzy")
    if isinstance(node, (qp.And, qp.Or)):
        return any(_asks_for_variants(child) for child in node.children)
    if isinstance(node, qp.Not):
        return _asks_for_variants(node.child)
    return False


def _candidate_queries(engine: Engine, text: str, unknown: list[str]) -> list[str]:
    """Queries to try: every misspelled word replaced, then one word at a time. None for a
    query with wildcard or fuzzy words: their look-ups were the query's budget."""
    if _asks_for_variants(qp.parse(text).tree):
        return []
    candidates = []
    whole = suggest_query(engine, text)
    if whole:
        candidates.append(whole)
    for word in unknown[:NEAR_WORDS]:
        for term in _near(engine, word):
            pattern = re.compile(rf"(?<![\w:]){re.escape(word)}(?!\w)")
            candidates.append(pattern.sub(term, text, count=1))
    return list(dict.fromkeys(c for c in candidates if c != text))


def _dropped(request: SearchRequest, budget: _Budget) -> list[DroppableFilter]:
    found = []
    for name, value in request.filters.items():
        if value:
            filters = {k: v for k, v in request.filters.items() if k != name}
            count = budget.documents(replace(request, filters=filters))
            if count:
                found.append(DroppableFilter(name, value, count))
    if request.date_from or request.date_to:
        count = budget.documents(replace(request, date_from=None, date_to=None))
        if count:
            shown = f"{request.date_from or '…'} to {request.date_to or '…'}"
            found.append(DroppableFilter("date", shown, count))
    if request.exact:
        count = budget.documents(replace(request, exact=False))
        if count:
            found.append(DroppableFilter("exact", "exact spelling only", count))
    return found


def empty_help(engine: Engine, request: SearchRequest, count: Counter) -> EmptyHelp:
    """Help for `request`, which found nothing; `count` runs a request and counts documents."""
    budget = _Budget(count)
    unknown = unknown_words(engine, request.text)
    dropped = _dropped(request, budget)
    suggestions: list[Suggestion] = []
    filtered = bool(request.filters or request.date_from or request.date_to)
    for query in _candidate_queries(engine, request.text, unknown):
        if len(suggestions) >= MAX_SUGGESTIONS:
            break
        documents = budget.documents(replace(request, text=query))
        if documents:
            suggestions.append(Suggestion(query, documents))
        elif filtered:
            bare = replace(request, text=query, filters={}, date_from=None, date_to=None)
            documents = budget.documents(bare)
            if documents:
                suggestions.append(Suggestion(query, documents, without_filters=True))
    return EmptyHelp(tuple(suggestions), tuple(dropped), tuple(unknown))

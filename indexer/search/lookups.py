"""Wildcard and fuzzy words: index terms looked up by pattern or by edit distance, bounded.

`d*tion` and `detainr~` expand to at most MAX_EXPANSIONS (fuzzy: MAX_FUZZY_EXPANSIONS) index
terms, and all the expansions of one query share the budget of its BuildContext (issue 12).
"""

from __future__ import annotations

import itertools
import re

from indexer.search.context import (
    MAX_EXPANSIONS,
    MAX_FUZZY_CANDIDATES,
    MAX_FUZZY_EXPANSIONS,
    MAX_FUZZY_WORDS,
    MAX_LOOKUP_CHARS,
    MAX_QUERY_EXPANSIONS,
    MAX_SCANNED_TERMS,
    MIN_EXPANSIONS,
    BuildContext,
)
from indexer.search.index_query import NOTHING, AnyOf, IndexQuery, Term
from indexer.text.terms import fold, keyword_terms


def _expand(fieldname: str, pattern: str, context: BuildContext, limit: int) -> list[str]:
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    regex = re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z"
    )
    shared = max(MIN_EXPANSIONS, context.expansions_left)
    found: list[str] = []
    terms = context.lexicon.expand_prefix(fieldname, prefix) if context.scans_left > 0 else ()
    for term in terms:
        context.scans_left -= 1
        if regex.match(term):
            found.append(term)
            if len(found) > min(limit, shared):
                found.pop()
                _notice_cut(pattern, limit, shared, context)
                break
        if context.scans_left <= 0:
            context.notice_once(
                f"The wildcards of this query read {MAX_SCANNED_TERMS:,} index words, the most"
                " a query may: some matching words were not searched."
            )
            break
    context.expansions_left = max(0, context.expansions_left - len(found))
    return found


def _notice_cut(pattern: str, limit: int, shared: int, context: BuildContext) -> None:
    if limit <= shared:
        context.notices.append(
            f"{pattern} matches more than {limit} words: the first {limit} were used."
        )
        return
    context.notice_once(
        f"The wildcards and fuzzy words of a query expand to at most {MAX_QUERY_EXPANSIONS:,}"
        f" words in all: the ones that came after used their first {MIN_EXPANSIONS} or fewer."
    )


def wildcard(fieldname: str, text: str, context: BuildContext) -> IndexQuery:
    pattern = fold(re.sub(r"[^\w*?]", "", text))
    terms = _expand(fieldname, pattern, context, MAX_EXPANSIONS)
    context.exact.update(terms)
    return AnyOf(tuple(Term(fieldname, term) for term in terms)) if terms else NOTHING


def fuzzy(fieldname: str, text: str, distance: int, context: BuildContext) -> IndexQuery:
    terms = keyword_terms(text)
    if not terms:
        return NOTHING
    if context.fuzzy_left <= 0 or len(terms[0]) > MAX_LOOKUP_CHARS:
        context.notice_once(
            f"At most {MAX_FUZZY_WORDS} fuzzy words of up to {MAX_LOOKUP_CHARS} letters are"
            " looked up in a query: the others were searched as typed."
        )
        context.exact.add(terms[0])
        return Term(fieldname, terms[0])
    context.fuzzy_left -= 1
    near = context.lexicon.terms_within(fieldname, terms[0], distance, prefix=1)
    found = list(itertools.islice(near, MAX_FUZZY_CANDIDATES))
    limit = min(MAX_FUZZY_EXPANSIONS, max(MIN_EXPANSIONS, context.expansions_left))
    found = sorted(found, key=lambda t: (t != terms[0], t))[:limit]
    context.expansions_left = max(0, context.expansions_left - len(found))
    context.exact.update(found)
    return AnyOf(tuple(Term(fieldname, term) for term in found)) if found else NOTHING

"""Compile an engine-neutral IndexQuery into the tantivy query it stands for, node for node,
with Whoosh's meaning where the two differ (phrase slop, a lone "not", label ranges)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import singledispatch
from itertools import accumulate, product
from os.path import commonprefix

from tantivy import FieldType, Occur, Query, Schema, Searcher

from indexer.engines.tantivy.schema import FIELD_BOOSTS, ID_FIELDS, LABEL_FIELDS
from indexer.search import index_query as iq

# The most gap layouts a proximity phrase is spelled out into (4 words ~7, 2 words ~512).
MAX_PHRASE_LAYOUTS = 512
# tantivy's unsigned fields stop at 2**64 - 1; page and date bounds are far below.
_MAX_UNSIGNED = 2**63 - 1
# Fields Whoosh does not score (KEYWORD and ID fields): a term there counts as its weight, 1.
UNSCORED_FIELDS = frozenset((*ID_FIELDS, *LABEL_FIELDS))


class Compiler:
    """Compiles queries against one searcher (label ranges read its term dictionary)."""

    def __init__(self, schema: Schema, searcher: Searcher) -> None:
        self.schema = schema
        self.searcher = searcher

    def compile(self, node: iq.IndexQuery) -> Query:
        return _compile(node, self)

    def idf_ratio(self, field: str, term: str) -> float:
        """Whoosh's idf of a term over tantivy's: boosted by it, a term scores as in the
        Whoosh engine. Whoosh's idf, log(N / (df + 1)) + 1, keeps a word on every page near
        1, where tantivy's, log(1 + (N - df + 0.5) / (df + 0.5)), falls to nearly 0; a query
        of a rare and a common word ranked differently on the two engines."""
        pages = self.searcher.num_docs
        found = self.searcher.doc_freq(field, term) if pages else 0
        if not found:
            return 1.0
        whoosh = math.log(pages / (found + 1)) + 1
        tantivy = math.log(1 + (pages - found + 0.5) / (found + 0.5))
        return whoosh / tantivy

    def terms_between(self, field: str, low: str, high: str) -> list[str]:
        """The indexed terms of `field` that sort within [low, high]."""
        found = self.searcher.terms_with_prefix(field, commonprefix([low, high]))
        return sorted(term for term, _ in found if low <= term <= high)


@singledispatch
def _compile(node: object, compiler: Compiler) -> Query:
    raise TypeError(f"not an index query node: {node!r}")


@_compile.register
def _term(node: iq.Term, compiler: Compiler) -> Query:
    query = Query.term_query(compiler.schema, node.field, node.text)
    boost = node.boost * FIELD_BOOSTS.get(node.field, 1.0)
    if node.field in UNSCORED_FIELDS:  # Whoosh's weight of a label: 1 a page, boosted
        return Query.const_score_query(query, boost)
    boost *= compiler.idf_ratio(node.field, node.text)
    return query if boost == 1.0 else Query.boost_query(query, boost)


@_compile.register
def _phrase(node: iq.Phrase, compiler: Compiler) -> Query:
    if not node.words:
        return Query.empty_query()
    if len(node.words) == 1:
        return Query.term_query(compiler.schema, node.field, node.words[0])
    if node.slop <= 1:  # side by side: tantivy's slop 0
        return Query.phrase_query(compiler.schema, node.field, list(node.words), 0)
    return _sloppy_phrase(node, compiler)


def _sloppy_phrase(node: iq.Phrase, compiler: Compiler) -> Query:
    """Whoosh's proximity: each word 1 to `slop` positions after the one before, in order.
    tantivy's slop is a budget over the whole phrase that also lets words swap places, so
    the phrase becomes every layout of its gaps, each an exact phrase with offsets; past
    MAX_PHRASE_LAYOUTS layouts, tantivy's budget (slop - 1 per gap) is used instead."""
    gaps = len(node.words) - 1
    if node.slop**gaps > MAX_PHRASE_LAYOUTS:
        budget = (node.slop - 1) * gaps
        return Query.phrase_query(compiler.schema, node.field, list(node.words), budget)
    layouts = []
    for spacing in product(range(1, node.slop + 1), repeat=gaps):
        offsets = [0, *accumulate(spacing)]
        words: list[str | tuple[int, str]] = list(zip(offsets, node.words, strict=True))
        layouts.append(Query.phrase_query(compiler.schema, node.field, words, 0))
    return _should(layouts)


@_compile.register
def _number_range(node: iq.NumberRange, compiler: Compiler) -> Query:
    low = None if node.low is None else max(node.low, 0)
    high = None if node.high is None else min(node.high, _MAX_UNSIGNED)
    if high is not None and (high < 0 or (low is not None and low > high)):
        return Query.empty_query()
    if low is None and high is None:
        return Query.exists_query(node.field)
    return Query.range_query(compiler.schema, node.field, FieldType.Unsigned, low, high)


@_compile.register
def _term_range(node: iq.TermRange, compiler: Compiler) -> Query:
    terms = compiler.terms_between(node.field, node.low, node.high)
    if not terms:
        return Query.empty_query()
    found = _should(Query.term_query(compiler.schema, node.field, term) for term in terms)
    return Query.const_score_query(found, 1.0)  # Whoosh's ranges score 1 a page


def _should(queries: Iterable[Query]) -> Query:
    return Query.boolean_query([(Occur.Should, query) for query in queries])


@_compile.register
def _all_of(node: iq.AllOf, compiler: Compiler) -> Query:
    if not node.children:
        return Query.empty_query()
    clauses = []
    for child in node.children:
        if isinstance(child, iq.Exclude):
            clauses.append((Occur.MustNot, compiler.compile(child.child)))
        else:
            clauses.append((Occur.Must, compiler.compile(child)))
    if all(occur == Occur.MustNot for occur, _ in clauses):
        clauses.append((Occur.Must, Query.all_query()))
    return Query.boolean_query(clauses)


@_compile.register
def _any_of(node: iq.AnyOf, compiler: Compiler) -> Query:
    if not node.children:
        return Query.empty_query()
    return _should(compiler.compile(child) for child in node.children)


@_compile.register
def _exclude(node: iq.Exclude, compiler: Compiler) -> Query:
    # A lone "not" is every page but those (tantivy's MustNot alone matches nothing).
    child = compiler.compile(node.child)
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, child)])


@_compile.register
def _everything(node: iq.Everything, compiler: Compiler) -> Query:
    return Query.all_query()


@_compile.register
def _nothing(node: iq.Nothing, compiler: Compiler) -> Query:
    return Query.empty_query()

"""Compile an engine-neutral IndexQuery into the Whoosh query it stands for, node for node."""

from __future__ import annotations

from functools import singledispatch

from whoosh import query as wq

from indexer.search import index_query as iq


@singledispatch
def compile_query(node: object) -> wq.Query:
    """The Whoosh query for one IndexQuery node (and its children)."""
    raise TypeError(f"not an index query node: {node!r}")


@compile_query.register
def _term(node: iq.Term) -> wq.Query:
    return wq.Term(node.field, node.text, boost=node.boost)


@compile_query.register
def _phrase(node: iq.Phrase) -> wq.Query:
    return wq.Phrase(node.field, list(node.words), slop=node.slop)


@compile_query.register
def _number_range(node: iq.NumberRange) -> wq.Query:
    return wq.NumericRange(node.field, node.low, node.high)


@compile_query.register
def _term_range(node: iq.TermRange) -> wq.Query:
    return wq.TermRange(node.field, node.low, node.high)


@compile_query.register
def _all_of(node: iq.AllOf) -> wq.Query:
    return wq.And([compile_query(child) for child in node.children])


@compile_query.register
def _any_of(node: iq.AnyOf) -> wq.Query:
    return wq.Or([compile_query(child) for child in node.children])


@compile_query.register
def _exclude(node: iq.Exclude) -> wq.Query:
    return wq.Not(compile_query(node.child))


@compile_query.register
def _everything(node: iq.Everything) -> wq.Query:
    return wq.Every()


@compile_query.register
def _nothing(node: iq.Nothing) -> wq.Query:
    return wq.NullQuery

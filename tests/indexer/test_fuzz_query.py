"""Property tests of the query parser (issue 12, fuzzing): any text gives a tree or nothing,
with a notice only when the text was repaired, and then the tree of its plain words; every
well-formed query gives exactly the tree it spells, with no notice."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import assume, given, strategies as st

from indexer.search import parser as qp
from tests.query_strategies import (
    Pair,
    fuzz_settings,
    query_noise,
    well_formed,
)

REPAIRED = "Your query could not be read as written"


def nodes(tree: qp.Node | None) -> Iterator[qp.Node]:
    if tree is None:
        return
    yield tree
    if isinstance(tree, qp.And | qp.Or):
        for child in tree.children:
            yield from nodes(child)
    elif isinstance(tree, qp.Not):
        yield from nodes(tree.child)


@fuzz_settings(1000)
@given(st.one_of(st.text(max_size=300), query_noise()))
def test_any_text_gives_a_tree_or_nothing_never_an_exception(text: str) -> None:
    parsed = qp.parse(text)
    assert isinstance(parsed, qp.ParsedQuery)
    assert parsed.notice is None or parsed.notice.strip()
    assert len(parsed.words) <= qp.MAX_NODES
    for node in nodes(parsed.tree):
        assert isinstance(node, qp.Word | qp.Phrase | qp.Range | qp.And | qp.Or | qp.Not)
        if isinstance(node, qp.And | qp.Or):
            assert len(node.children) >= 2
        if isinstance(node, qp.Word):
            assert node.text and node.kind in ("word", "wildcard", "fuzzy", "exact")
            assert node.distance in (1, 2)
        if isinstance(node, qp.Word | qp.Phrase | qp.Range) and node.field is not None:
            assert node.field in qp.FIELDS
    if not text.strip():
        assert parsed == qp.ParsedQuery(None)


@fuzz_settings(500)
@given(st.one_of(st.text(max_size=120), query_noise()))
def test_a_repaired_query_searches_its_plain_words(text: str) -> None:
    parsed = qp.parse(text)
    assume(parsed.notice is not None)
    words = qp.plain_words(text[: qp.MAX_QUERY_CHARS].replace("\u201c", '"').replace("\u201d", '"'))
    assert parsed.words == words
    assert REPAIRED in parsed.notice
    if len(words) > 1:
        assert parsed.tree == qp.And(tuple(qp.Word(word) for word in words))
    else:
        assert parsed.tree == (qp.Word(words[0]) if words else None)
    assert (" ".join(words) or "(nothing)") in parsed.notice


@fuzz_settings(500)
@given(well_formed())
def test_a_well_formed_query_gives_its_tree_and_no_notice(pair: Pair) -> None:
    tree, text = pair
    parsed = qp.parse(text)
    assert parsed.notice is None, (text, parsed.notice)
    assert parsed.tree == tree, text


@fuzz_settings(200)
@given(
    well_formed(),
    st.sampled_from(["(", '"', "AND", "OR", "NOT", "&&", "title:", "nofield:x"]),
    st.sampled_from([")", "AND", "OR", "||", '"', "nofield:x"]),
)
def test_a_stray_token_is_repaired_with_a_notice(pair: Pair, after: str, before: str) -> None:
    _, text = pair
    for broken in (f"{text} {after}", f"{before} {text}"):
        parsed = qp.parse(broken)
        assert parsed.notice is not None and REPAIRED in parsed.notice, broken
        assert parsed.words == qp.plain_words(broken)


@fuzz_settings(100)
@given(well_formed(), st.integers(1, 3))
def test_a_query_past_the_length_limit_is_cut_with_a_notice(pair: Pair, copies: int) -> None:
    _, text = pair
    padding = "x" * (qp.MAX_QUERY_CHARS + 1)
    parsed = qp.parse(" ".join([text] * copies) + " " + padding)
    assert parsed.notice is not None
    assert parsed.notice.startswith(f"The query was cut to its first {qp.MAX_QUERY_CHARS}")

"""Hypothesis strategies for the query language: well-formed queries with the tree they must
parse to, and query-like noise built from the language's own pieces (operators, fields,
brackets, quotes, FOIA forms), for the parser, search and API property tests.

FUZZ_SCALE=10 multiplies every test's example count (a thorough run); the suite runs at 1.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings, strategies as st

from indexer.search import parser as qp

FUZZ_SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüßøñ"
FIELD_NAMES = sorted(qp.FIELDS)
# Pieces that steer the parser into each of its branches, and into its error paths.
QUERY_PIECES = (
    "AND", "OR", "NOT", "&&", "||", "(", ")", '"', "-", "*", "?", "~", "~2", ":", "[", "]",
    " TO ", "(b)(6)", "(b)(7)(C)", "287(g)", "287 (g)", "b7c", "DHS-ICE-000345", "page:",
    "date:", "title:", "tag:", "bates:", "exemption:", "year:", "unknown:", "99999999999",
    "2147483648", "-1", "0", "2010-05", "*", "opt-out", "\u201c", "\u201d", "\\", "\x00",
    "\t", "\n", "é", "日本",
)  # fmt: skip


def fuzz_settings(examples: int, **options: object) -> settings:
    """Hypothesis settings for a property test: `examples` examples (times FUZZ_SCALE), no
    deadline (the machine is shared: timing is not the property under test)."""
    return settings(
        max_examples=max(1, round(examples * FUZZ_SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        **options,  # type: ignore[arg-type]
    )


def query_noise() -> st.SearchStrategy[str]:
    """Text built from the language's pieces, words and any characters, in any order."""
    piece = st.one_of(
        st.sampled_from(QUERY_PIECES),
        st.text(alphabet=LETTERS, min_size=1, max_size=8),
        st.text(max_size=3),
    )
    # Pieces side by side ("page:" "99999999999") or apart.
    return st.builds(str.join, st.sampled_from([" ", ""]), st.lists(piece, max_size=24))


def field_values() -> st.SearchStrategy[str]:
    """`field:value` for every field, with hostile values: numbers of any size and sign,
    ranges with such bounds, wildcards, phrases, any short text."""
    number = st.integers(-(10**30), 10**30).map(str)
    bound = st.one_of(number, st.just("*"), st.just(""), st.text(LETTERS, max_size=6))
    value = st.one_of(
        number,
        st.builds("[{} TO {}]".format, bound, bound),
        st.text(LETTERS, min_size=1, max_size=6).map(lambda word: word + "*"),
        st.text(max_size=8).map(lambda text: '"' + text.replace('"', "") + '"'),
        st.text(max_size=8),
    )
    return st.builds("{}:{}".format, _field, value)


def any_query() -> st.SearchStrategy[str]:
    """Any text at all, text made of the language's pieces, hostile field values, and
    well-formed queries."""
    fielded = st.lists(st.one_of(field_values(), _plain), min_size=1, max_size=4).map(" ".join)
    return st.one_of(
        st.text(max_size=200),
        query_noise(),
        fielded,
        fielded,  # twice: hostile field values reach the most code behind the parser
        well_formed().map(lambda pair: pair[1]),
    )


# -- well-formed queries and the tree each must give -----------------------------------------

_plain = st.text(alphabet=LETTERS, min_size=1, max_size=8).filter(
    lambda word: word not in ("AND", "OR", "NOT")
)
_letters = st.text(alphabet=LETTERS, min_size=3, max_size=8)
_field = st.sampled_from(FIELD_NAMES)
Pair = tuple[qp.Node, str]


@st.composite
def _word(draw: st.DrawFn, field: str | None = None) -> Pair:
    kind = draw(st.sampled_from(["word", "word", "wildcard", "fuzzy"]))
    if kind == "wildcard":
        stem = draw(st.text(alphabet=LETTERS, min_size=2, max_size=6))
        tail = draw(st.sampled_from(["*", "?", "*s", "?x*", "**"]))
        return qp.Word(stem + tail, field, "wildcard"), stem + tail
    if kind == "fuzzy":
        core = draw(_letters)
        mark = draw(st.sampled_from(["~", "~1", "~2"]))
        distance = 2 if mark == "~2" else 1
        return qp.Word(core, field, "fuzzy", distance), core + mark
    text = draw(_plain)
    return qp.Word(text, field), text


@st.composite
def _phrase(draw: st.DrawFn, field: str | None = None) -> Pair:
    words = draw(st.lists(_plain, min_size=1, max_size=4))
    slop = draw(st.one_of(st.none(), st.integers(0, 99)))
    text = '"' + " ".join(words) + '"' + ("" if slop is None else f"~{slop}")
    return qp.Phrase(" ".join(words), field, slop or 0), text


@st.composite
def _fielded(draw: st.DrawFn) -> Pair:
    field = draw(_field)
    typed = draw(st.sampled_from([field, field.upper(), field.title()]))
    shape = draw(st.sampled_from(["word", "phrase", "range", "group"]))
    if shape == "range":
        bound = st.one_of(
            st.none(), st.from_regex(r"[0-9A-Za-z][0-9A-Za-z.-]{0,9}", fullmatch=True)
        )
        low, high = draw(bound), draw(bound)
        return qp.Range(field, low, high), f"{typed}:[{low or '*'} TO {high or '*'}]"
    if shape == "group":
        words = draw(st.lists(_word(field), min_size=2, max_size=3))
        joiner = draw(st.sampled_from([" OR ", " "]))
        node = (qp.Or if joiner == " OR " else qp.And)(tuple(node for node, _ in words))
        return node, f"{typed}:(" + joiner.join(text for _, text in words) + ")"
    node, text = draw(_phrase(field) if shape == "phrase" else _word(field))
    return node, f"{typed}:{text}"


@st.composite
def _negated_word(draw: st.DrawFn) -> Pair:
    node, text = draw(_word())
    return qp.Not(node), "-" + text


_leaf = st.one_of(_word(), _word(), _phrase(), _fielded(), _negated_word())


def _wrapped(pair: Pair) -> str:
    node, text = pair
    return f"({text})" if isinstance(node, qp.And | qp.Or) else text


@st.composite
def _combined(draw: st.DrawFn, children: st.SearchStrategy[Pair]) -> Pair:
    how = draw(st.sampled_from(["and", "or", "not"]))
    if how == "not":
        node, text = draw(children)
        return qp.Not(node), "NOT " + _wrapped((node, text))
    parts = draw(st.lists(children, min_size=2, max_size=4))
    joiners = [" ", " AND ", " && "] if how == "and" else [" OR ", " || "]
    joiner = draw(st.sampled_from(joiners))
    nodes = tuple(node for node, _ in parts)
    return (qp.And if how == "and" else qp.Or)(nodes), joiner.join(map(_wrapped, parts))


def well_formed() -> st.SearchStrategy[Pair]:
    """(tree, text): a query in the language, and the tree it must parse to."""
    return st.recursive(_leaf, lambda children: _combined(children), max_leaves=8)

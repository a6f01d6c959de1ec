"""The analyzers fold the spellings investigators use interchangeably, keeping offsets."""

from __future__ import annotations

import pytest

from indexer.engines.whoosh.analysis import stemmed_analyzer
from indexer.text.terms import iter_terms, keyword_terms


def terms(text: str) -> list[str]:
    return [term for term, _, _, _ in iter_terms(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("opt-out", ["optout", "opt", "out"]),
        ("opt\u2013out", ["optout", "opt", "out"]),
        ("287(g)", ["287g"]),
        ("287 (g)", ["287g"]),
        ("1357(g)(1)", ["1357g1"]),
        ("(b)(6)", ["b6"]),
        ("(b) (7)(C)", ["b7c"]),
        ("(b)(7)(c)", ["b7c"]),
        ("B7C", ["b7c"]),
        ("Peña", ["pena"]),
        ("\ufb01le", ["file"]),
        ("DHS\u2019s program", ["dhs", "program"]),
        ("depor-\ntation", ["deportation"]),
    ],
)
def test_variants_fold_to_the_same_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_offsets_point_into_the_text_as_printed() -> None:
    text = "Under 287(g), counties may opt\u2011out."
    for term, _, start, end in iter_terms(text):
        printed = text[start:end]
        assert keyword_terms(printed)[0] == term


def test_compound_parts_keep_consecutive_positions_for_phrases() -> None:
    found = list(iter_terms("they opt-out now"))
    positions = {term: position for term, position, _, _ in found}
    assert positions["opt"] + 1 == positions["out"]
    assert positions["optout"] == positions["opt"]
    assert positions["now"] == positions["out"] + 1


def test_stemming_joins_inflections() -> None:
    analyzer = stemmed_analyzer()
    stems = [token.text for token in analyzer("opting opted opt deported deportation")]
    assert stems[:3] == ["opt", "opt", "opt"]
    assert stems[3] == stems[4] == "deport"


def test_indexing_one_text_for_two_fields_gives_each_its_own_tokens() -> None:
    """A page's text is tokenized once for `body` and `exact` while indexing: each field must
    still get exactly the tokens it gets on its own, and a new text must not get stale ones."""
    from indexer.engines.whoosh.analysis import exact_analyzer

    def tokens(analyzer, text: str, mode: str) -> list[tuple[str, int, int, int]]:  # type: ignore[no-untyped-def]
        return [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode=mode)
        ]

    first = "Counties opting out of the opt-out memo (b)(6) under 287(g)."
    second = "".join(["A different ", "page entirely."])
    exact, stemmed = exact_analyzer(), stemmed_analyzer()
    for text in (first, second, first):
        alone_exact, alone_stemmed = tokens(exact, text, ""), tokens(stemmed, text, "")
        assert tokens(stemmed, text, "index") == alone_stemmed
        assert tokens(exact, text, "index") == alone_exact
        assert alone_exact != alone_stemmed  # the fields differ: stems vs exact words

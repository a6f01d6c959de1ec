"""Hits found around candidates are the hits of tokenizing the whole page, byte for byte.

Pages are generated from the forms the tokenizer treats specially (compounds, (b)(6), 287 (g),
grouped numbers, decimals, words broken across lines, possessives, signs, accents, ligatures,
wide letters, brackets, odd spaces); queries are built from the page's own terms (as typed,
stemmed, phrases of neighbouring words) and from near misses.
"""

from __future__ import annotations

import random

import pytest

from indexer.text.highlight import HighlightTerms, cut_snippet, merge_spans, snippet
from indexer.text.hit_finder import find_hits, hits_by_tokenizing
from indexer.text.terms import iter_terms, stem

WORDS = [
    "the", "of", "and", "to", "a", "in", "memo", "agency", "deported", "deportation", "hoping",
    "hope", "happy", "sensibility", "possibly", "realization", "removal", "officer", "officers",
    "sheriff", "county", "detainer", "notify", "notified", "percent", "section", "ice", "us",
    "b", "b6", "g", "287g", "5", "12000", "3", "the's", "agency's", "optout", "out", "opt",
    "vlitybility", "oitybility",  # stems ending -ble that differ two letters from the end
]  # fmt: skip
FORMS = [
    "opt-out", "U.S.", "(b)(6)", "(b) (7)(C)", "287(g)", "287 (g)(1)", "12,000", "1,234.50",
    "3.5", "v1.5.2", "depor-\ntation", "depor- \n  tation", "the-\nend", "agency's", "45%",
    "§ 1357", "§§ 1331", "Peña", "ﬁle", "ＭＥＭＯ", "İstanbul", "K\u212aelvin", "café-bar",
    "x_the", "(the)", "the.", "the,", "e-mail", "rock'n'roll", "A&B", "b6", "0.25", "a.b.c",
    "\u2013", "\u00a0", "\u2003", "--", "-", "(", ")", "\"quoted\"", "[brackets]",
    "10-0147.0000870",
]  # fmt: skip
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\t", " (", ") ", "-\n", ", ", ". ", "\u00a0"]


def _page(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 60)):
        word = rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(FORMS)
        if rng.random() < 0.2:
            word = word.upper() if rng.random() < 0.5 else word.capitalize()
        parts.append(word)
        parts.append(rng.choice(SPACES))
    return "".join(parts)


def _terms(page: str, rng: random.Random) -> HighlightTerms:
    """Terms of the page itself (some), their stems, neighbouring words as phrases."""
    tokens = [term for term, _, _, _ in iter_terms(page)] or ["memo"]
    pool = tokens + WORDS
    exact = {rng.choice(pool) for _ in range(rng.randint(0, 3))}
    if rng.random() < 0.02:  # a wildcard's many expansions: whole pages are tokenized
        exact |= set(WORDS) | {f"word{number}" for number in range(150)}
    stems = {stem(rng.choice(pool)) for _ in range(rng.randint(0, 3))}
    phrases = set()
    if rng.random() < 0.4 and len(tokens) > 2:
        start = rng.randrange(len(tokens) - 1)
        phrases.add(tuple(tokens[start : start + rng.randint(2, 3)]))
    if rng.random() < 0.2:
        phrases.add(("memo", "agency"))
    return HighlightTerms(frozenset(exact), frozenset(stems), frozenset(phrases))


def test_generated_pages_get_the_hits_of_tokenizing_them_whole() -> None:
    rng = random.Random(13)
    compared = with_hits = 0
    for _ in range(2500):
        page = _page(rng)
        terms = _terms(page, rng)
        if not terms:
            continue
        expected = merge_spans(hits_by_tokenizing(page, terms))
        found = merge_spans(find_hits(page, terms))
        assert found == expected, (page, terms)
        assert snippet(page, terms, width=80) == cut_snippet(page, expected, width=80)
        compared += 1
        with_hits += bool(expected)
    assert compared > 1800 and with_hits > compared // 2  # the queries did find things


@pytest.mark.parametrize(
    ("page", "terms", "marked"),
    [
        ("the opt-out list", HighlightTerms(frozenset({"optout"})), ["opt-out"]),
        ("under (b)(6) and (b) (7)(C)", HighlightTerms(frozenset({"b6", "b7c"})),
         ["(b)(6)", "(b) (7)(C)"]),
        ("a 287 (g) deal", HighlightTerms(frozenset({"287g"})), ["287 (g)"]),
        ("paid 12,000 dollars", HighlightTerms(frozenset({"12000"})), ["12,000"]),
        ("was depor-\n  tation", HighlightTerms(stems=frozenset({"deport"})), ["depor-\n  tation"]),
        ("rose 45% today", HighlightTerms(stems=frozenset({"percent"})), ["%"]),
        ("under § 1357", HighlightTerms(frozenset({"section"})), ["§"]),
        ("Señor PEÑA", HighlightTerms(frozenset({"pena"})), ["PEÑA"]),
        ("the sensibility", HighlightTerms(stems=frozenset({stem("sensibility")})),
         ["sensibility"]),
        ("a vlitybility", HighlightTerms(stems=frozenset({"vlityble"})), ["vlitybility"]),
        ("3.5 and 5", HighlightTerms(frozenset({"5"})), ["5"]),
        ("x_the (the) the.", HighlightTerms(frozenset({"the"})), ["the", "the"]),
        ("opt out, opt-out, opt. out", HighlightTerms(phrases=frozenset({("opt", "out")})),
         ["opt out", "opt-out", "opt. out"]),
    ],
)  # fmt: skip
def test_each_special_form_is_found_as_tokenizing_finds_it(
    page: str, terms: HighlightTerms, marked: list[str]
) -> None:
    found = merge_spans(find_hits(page, terms))
    assert found == merge_spans(hits_by_tokenizing(page, terms))
    assert [page[start:end] for start, end in found] == marked


def test_hostile_pages_stay_linear() -> None:
    """A page with no space, or nothing but hyphens and line breaks, is read once."""
    terms = HighlightTerms(frozenset({"ab"}), frozenset({"ab"}), frozenset({("ab", "ab")}))
    for page in ["ab" * 200_000, "ab-\n" * 100_000, "(ab) " * 100_000, " " * 300_000 + "ab"]:
        assert merge_spans(find_hits(page, terms)) == merge_spans(hits_by_tokenizing(page, terms))

"""A sign the index reads as a word ("§", "%") is a word of the query, not a malformed query.

Before issue 11, `§ 1357(g)` was refused ("'§' is not a word") and searched for `1357(g)`
alone with a notice; a lone `§` or `%` searched for nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.search.parser import And, Not, Phrase, Word, parse, plain_words
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

DOCS = {
    "moa.txt": "Authority: 8 U.S.C. § 1357(g) permits the agreement.",
    "plain.txt": "Under section 1357(g) of the Act the county may apply.",
    "bare.txt": "The 1357(g) program and nothing else.",
    "rate.txt": "Detainers rose 45% in the second year.",
    "other.txt": "A page about training schedules.",
}


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("§ 1357(g)", And((Word("§"), Word("1357(g)")))),
        ("§§ 1331", And((Word("§§"), Word("1331")))),
        ("§", Word("§")),
        ("%", Word("%")),
        ("45 %", And((Word("45"), Word("%")))),
        ("45%", Word("45%")),
        ("title:§", Word("§", "title")),
        ("-%", Not(Word("%"))),
        ("rate NOT §", And((Word("rate"), Not(Word("§"))))),
        ('"§ 1357(g)"', Phrase("§ 1357(g)")),
        ('"§"', Phrase("§")),
    ],
)
def test_a_sign_is_a_word(text: str, tree: object) -> None:
    parsed = parse(text)
    assert parsed.notice is None
    assert parsed.tree == tree


@pytest.mark.parametrize(
    ("text", "reason"),
    [("!!", "'!!' is not a word"), ("#", "'#' is not a word"), ('"&"', "an empty phrase")],
)
def test_other_punctuation_is_still_no_word(text: str, reason: str) -> None:
    parsed = parse(text)
    assert parsed.tree is None
    assert parsed.notice is not None and f"({reason})" in parsed.notice


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("8 U.S.C. § 1357(g)", ("8", "U", "S", "C", "§", "1357(g)")),
        ("§§ 5.20 and 45% of 45 %", ("§§", "5", "20", "and", "45%", "of", "45", "%")),
        ("!! # &", ()),
    ],
)
def test_plain_words_keep_the_signs(text: str, words: tuple[str, ...]) -> None:
    assert plain_words(text) == words


def test_a_malformed_query_keeps_its_signs_in_the_words_it_searches() -> None:
    parsed = parse('"§ 1357(g)')
    assert parsed.tree == And((Word("§"), Word("1357(g)")))
    assert parsed.notice is not None and "searched for § 1357(g)." in parsed.notice


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("signs")
    home = Home(base / "home")
    report = home.ingest(write_docs(base / "docs", DOCS))
    assert report.added == len(DOCS) and not report.failed
    yield home
    home.close()


def found(home: Home, text: str) -> tuple[set[str], str | None]:
    result = search(home.engine, home.store, SearchRequest(text, limit=50))
    return {Path(doc.path).name for doc in result.documents}, result.notice


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("§ 1357(g)", {"moa.txt", "plain.txt"}),
        ('"§ 1357(g)"', {"moa.txt", "plain.txt"}),
        ('"section 1357(g)"', {"moa.txt", "plain.txt"}),
        ("§", {"moa.txt", "plain.txt"}),
        ("%", {"rate.txt"}),
        ('"45%"', {"rate.txt"}),
        ('"45 percent"', {"rate.txt"}),
        ('"45 %"', {"rate.txt"}),
        ("1357(g) -§", {"bare.txt"}),
    ],
)
def test_a_query_with_a_sign_finds_the_sign_and_its_word(
    index: Home, query: str, expected: set[str]
) -> None:
    documents, notice = found(index, query)
    assert notice is None
    assert documents == expected

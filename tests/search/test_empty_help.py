"""The help of an empty search (issue 11): which near spellings it offers, and its budget of
extra searches. A real index of invented ledgers; each extra search is counted by a wrapper
over the real engine's `match`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from indexer.model.results import DroppableFilter, EmptyHelp, Suggestion
from indexer.search.empty import MAX_COUNTS, MAX_SUGGESTIONS, MAX_WORD_CHARS
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

# A word of MAX_WORD_CHARS letters (the longest looked up), and a misspelling of it.
LONGEST = "wexfordharborlicensingdirectorateauditaa"
assert len(LONGEST) == MAX_WORD_CHARS
DOCS = {
    "a.txt": "The ledger of harbor fees.",
    "b.txt": "The ledger was audited by the harbor master.",
    "c.txt": "A ledger page is missing.",
    "d.txt": "The lodger paid the harbor fees.",
    "e.txt": "The ledges of the quay were closed.",
    "f.txt": "The harbour pilots met.",
    "g.txt": "The lodge was closed for the winter.",
    "h.txt": "Two lodges share the quay.",
    "i.txt": "The lodge lodges visiting pilots.",
    "j.txt": "A complaint was lodged with the harbor master.",
    "k.txt": "The pier stall sold pies.",
    "l.txt": f"Codes {LONGEST} and {LONGEST[:-1]}b were retired.",
}
MANIFEST = "path,type\na.txt,letter\nd.txt,memo\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("empty-help")
    folder = write_docs(base / "docs", DOCS)
    (folder / "manifest.csv").write_text(MANIFEST)
    home = Home(base / "home")
    report = home.ingest(folder)
    assert report.added == len(DOCS) and not report.failed
    yield home
    home.close()


def helped(index: Home, request: SearchRequest) -> tuple[EmptyHelp | None, int]:
    """The help of `request`, and how many searches the engine ran for it (the search too)."""
    real_match = index.engine.match
    searches = 0

    def counting_match(*args: Any, **kwargs: Any) -> Any:
        nonlocal searches
        searches += 1
        return real_match(*args, **kwargs)

    index.engine.match = counting_match  # type: ignore[method-assign]
    try:
        result = search(index.engine, index.store, request)
    finally:
        del index.engine.match  # the class's own method again
    assert result.total_documents == 0
    return result.empty_help, searches


def offered(index: Home, text: str) -> list[tuple[str, int]]:
    help_, _ = helped(index, SearchRequest(text))
    assert help_ is not None and help_.unknown_words == (text,)
    for suggestion in help_.suggestions:  # each finds what it says it finds
        found = search(index.engine, index.store, SearchRequest(suggestion.query, limit=50))
        assert len(found.documents) == suggestion.documents
    return [(s.query, s.documents) for s in help_.suggestions]


def test_every_near_spelling_one_letter_away_is_offered_most_documents_first(
    index: Home,
) -> None:
    # a slip in the second letter: "ledger" (3 documents) and "lodger" (1)
    assert offered(index, "ludger") == [("ledger", 3), ("lodger", 1)]


def test_at_most_three_near_spellings_a_word_those_in_most_documents(index: Home) -> None:
    # one letter from "lodgez": lodge and lodges (2 documents each), lodged and lodger (1);
    # (the three offered find the same four pages: one stem); the whole query's best first
    assert offered(index, "lodgez") == [("lodges", 4), ("lodge", 4), ("lodged", 4)]


def test_spellings_two_letters_away_are_offered_only_when_none_is_one_away(index: Home) -> None:
    # "ledger" is two letters from "lodgerz" and in more documents, but "lodger" is one away
    assert offered(index, "lodgerz") == [("lodger", 1)]
    assert offered(index, "ledgxz") == [("ledger", 3), ("ledges", 1)]  # none one away


def test_words_of_four_to_max_word_chars_letters_are_looked_up(index: Home) -> None:
    assert offered(index, "piex") == [("pies", 1), ("pier", 1)]  # "pie" is no word here
    assert offered(index, LONGEST[:-1] + "x") == [(LONGEST[:-1] + "b", 1), (LONGEST, 1)]


def test_a_word_with_digits_is_not_looked_up(index: Home) -> None:
    assert offered(index, "lodger2") == []


@pytest.mark.parametrize(
    ("looked_up", "unknown"),
    [
        ("harb*", ("ludger", "harb")),
        ("harbr~", ("ludger", "harbr")),
        ("NOT harb*", ("ludger", "harb")),
    ],
)
def test_a_query_with_a_wildcard_or_fuzzy_word_gets_no_spellings(
    index: Home, looked_up: str, unknown: tuple[str, ...]
) -> None:
    # its look-ups were its budget: "ledger harb*" would find two records
    help_, _ = helped(index, SearchRequest(f"ludger {looked_up}"))
    assert help_ == EmptyHelp(suggestions=(), drop_filters=(), unknown_words=unknown)


def test_a_quoted_phrase_is_offered_with_its_words_spelled_as_the_index_does(
    index: Home,
) -> None:
    help_, _ = helped(index, SearchRequest('"ludger page"'))
    assert help_ is not None
    assert [(s.query, s.documents) for s in help_.suggestions] == [('"ledger page"', 1)]


def test_one_word_at_a_time_replaces_its_first_occurrence(index: Home) -> None:
    # the whole query's best spelling replaces both; "lodger ludger" finds nothing
    help_, _ = helped(index, SearchRequest("ludger ludger"))
    assert help_ is not None
    assert [(s.query, s.documents) for s in help_.suggestions] == [("ledger ledger", 3)]


@pytest.mark.parametrize(
    ("request_", "dropped"),
    [
        (SearchRequest("lodger", date_from="2030"), DroppableFilter("date", "2030 to …", 1)),
        (SearchRequest("lodger", date_to="1999-12"), DroppableFilter("date", "… to 1999-12", 1)),
        (
            SearchRequest("lodger", filters={"type": "letter", "year": ""}),
            DroppableFilter("type", "letter", 1),
        ),
        (SearchRequest("lodgers", exact=True), DroppableFilter("exact", "exact spelling only", 1)),
    ],
)
def test_each_filter_whose_removal_finds_documents_is_offered(
    index: Home, request_: SearchRequest, dropped: DroppableFilter
) -> None:
    help_, _ = helped(index, request_)
    assert help_ is not None and help_.drop_filters == (dropped,)


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest("ludger", date_from="2030"),
        SearchRequest("ludger", date_to="1999"),
        SearchRequest("ludger", filters={"type": "report"}),
    ],
)
def test_a_spelling_that_finds_nothing_filtered_is_offered_without_the_filters(
    index: Home, request_: SearchRequest
) -> None:
    help_, _ = helped(index, request_)
    assert help_ is not None
    assert help_.suggestions == (
        Suggestion("ledger", 3, without_filters=True),
        Suggestion("lodger", 1, without_filters=True),
    )


def test_at_most_max_suggestions_are_offered(index: Home) -> None:
    # five spellings find documents: the whole query's, two of "ludger", two of "piex"
    help_, _ = helped(index, SearchRequest("ludger OR piex"))
    assert help_ is not None
    assert [(s.query, s.documents) for s in help_.suggestions] == [
        ("ledger OR pies", 4),
        ("ledger OR piex", 3),
        ("lodger OR piex", 1),
        ("ludger OR pier", 1),  # not "ludger OR pies": the fifth
    ]
    assert len(help_.suggestions) == MAX_SUGGESTIONS


def test_nothing_three_letters_away_is_offered(index: Home) -> None:
    assert offered(index, "lxdgxrz") == []


def test_the_help_runs_at_most_max_counts_searches_and_offers_only_what_they_found(
    index: Home,
) -> None:
    # Three filters to try dropping, then four spellings each tried with the filters and
    # without: eleven searches wanted, MAX_COUNTS run; what was not run is not offered.
    request = SearchRequest(
        "ludger harbr", filters={"type": "report"}, date_from="2001", exact=True
    )
    help_, searches = helped(index, request)
    assert searches == 1 + MAX_COUNTS
    assert help_ == EmptyHelp(
        suggestions=(Suggestion("ledger harbor", 2, without_filters=True),),
        drop_filters=(),
        unknown_words=("ludger", "harbr"),
    )


def test_the_budget_is_not_spent_when_little_is_to_be_checked(index: Home) -> None:
    help_, searches = helped(index, SearchRequest("ludger harbr"))
    assert searches == 1 + 4  # the search, then one search each of four spellings
    assert help_ is not None
    assert [(s.query, s.documents) for s in help_.suggestions] == [("ledger harbor", 2)]

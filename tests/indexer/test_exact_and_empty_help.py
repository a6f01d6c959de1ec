"""Exact spelling only (`=word`, `exact:"..."`, the toggle), and what an empty result offers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines

DOCS = {
    "a.txt": "States may opt out of Secure Communities, the governor wrote.",
    "b.txt": "The opt-out question divided the counties.",
    "c.txt": "Optout requests were logged by the field office.",
    "d.txt": "Counties opting out of the program met in Chicago.",
    "e.txt": "Santa Clara opted out last year.",
    "f.txt": "Agreements under section 287(g) of the Act, signed in Chicago.",
    "g.txt": "Case 1:14-cv-06117-JPO Document 12 Filed 03/02/15 Page 1 of 14",
    "h.txt": "Exhibit 1 lists 14 counties; CV attached; 06117 is the ZIP code of West Hartford.",
}
MANIFEST = "path,title,type\nd.txt,Meeting notes,memo\nf.txt,Agreement,letter\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("exact")
    folder = write_docs(base / "docs", DOCS)
    (folder / "manifest.csv").write_text(MANIFEST)
    home = Home(base / "home")
    report = home.ingest(folder)
    assert report.added == len(DOCS) and not report.failed
    yield home
    home.close()


def found(home: Home, text: str, **options: object) -> set[str]:
    request = SearchRequest(text, limit=50, **options)  # type: ignore[arg-type]
    return {Path(doc.path).name for doc in search(home.engine, home.store, request).documents}


@pytest.mark.parametrize(
    ("query", "everything", "exact"),
    [
        # the typed spelling only: no other endings (stems), no closed or split compound
        ("opting", {"a.txt", "b.txt", "d.txt", "e.txt"}, {"d.txt"}),
        ('"opt out"', {"a.txt", "b.txt", "c.txt"}, {"a.txt", "b.txt"}),
        ("agreement", {"f.txt"}, set()),
        ("opted out", {"a.txt", "b.txt", "d.txt", "e.txt"}, {"e.txt"}),
    ],
)
def test_exact_spelling_only_switches_variants_and_stems_off(
    index: Home, query: str, everything: set[str], exact: set[str]
) -> None:
    assert found(index, query) == everything
    assert found(index, query, exact=True) == exact


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("=opting", {"d.txt"}),
        ("=opting counties", {"d.txt"}),
        ('exact:"opt out"', {"a.txt", "b.txt"}),
        ('="opt out"', {"a.txt", "b.txt"}),
        ("exact:agreements", {"f.txt"}),
        ("=agreement", set()),
        ("=Optout", {"b.txt", "c.txt"}),  # "opt-out" closed up is the same word
    ],
)
def test_exact_query_forms(index: Home, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


def test_a_typed_word_of_several_words_is_a_phrase_not_its_parts(index: Home) -> None:
    # Bug: "1:14-cv-06117" was searched as its first part "1" OR its other parts, and so
    # matched every page with a "1" on it.
    assert found(index, "1:14-cv-06117") == {"g.txt"}
    assert found(index, "45%") == set()


def test_an_empty_result_offers_spellings_that_find_documents(index: Home) -> None:
    result = search(index.engine, index.store, SearchRequest("optingg counties"))
    assert result.total_documents == 0
    assert result.empty_help is not None
    assert result.empty_help.unknown_words == ("optingg",)
    offered = {s.query: s.documents for s in result.empty_help.suggestions}
    assert offered == {"opting counties": 2}  # "opt-out ... counties" too: stems
    # every suggestion finds what it says it finds
    for query, documents in offered.items():
        assert len(found(index, query)) == documents


def test_a_suggestion_that_finds_nothing_is_not_offered(index: Home) -> None:
    # "opting" is the closest indexed word, but no page has it (or "opt") and Hartford.
    result = search(index.engine, index.store, SearchRequest("optingg hartford"))
    assert result.empty_help is not None
    assert result.empty_help.suggestions == ()
    assert result.empty_help.unknown_words == ("optingg",)


def test_an_empty_result_lists_the_filters_to_drop(index: Home) -> None:
    assert found(index, "chicago", filters={"type": "letter"}) == {"f.txt"}
    request = SearchRequest("opting chicago", filters={"type": "letter"}, date_from="2001")
    result = search(index.engine, index.store, request)
    assert result.total_documents == 0
    assert result.empty_help is not None
    dropped = {(d.name, d.value, d.documents) for d in result.empty_help.drop_filters}
    assert dropped == set()  # each filter alone still leaves the other: nothing
    request = SearchRequest("opting chicago", filters={"type": "letter"})
    result = search(index.engine, index.store, request)
    assert result.empty_help is not None
    dropped = {(d.name, d.value, d.documents) for d in result.empty_help.drop_filters}
    assert dropped == {("type", "letter", 1)}
    assert result.empty_help.unknown_words == ()


def test_an_empty_exact_result_offers_all_spellings(index: Home) -> None:
    result = search(index.engine, index.store, SearchRequest("agreement", exact=True))
    assert result.total_documents == 0 and result.exact
    assert result.empty_help is not None
    dropped = [(d.name, d.documents) for d in result.empty_help.drop_filters]
    assert dropped == [("exact", 1)]


def test_a_result_that_found_documents_has_no_help(index: Home) -> None:
    result = search(index.engine, index.store, SearchRequest("opting"))
    assert result.total_documents and result.empty_help is None
    assert result.to_json()["help"] is None
    assert result.to_json()["exact"] is False

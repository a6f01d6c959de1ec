"""Property tests of the search API (issue 12, fuzzing): `/api/search` with any values for
its parameters, known or not, answers 200 with the search JSON or 400 with {"error"}; never
a 500, never HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given, strategies as st

from indexer.search.service import FILTER_FIELDS
from tests.query_strategies import any_query, fuzz_settings
from tests.webui.conftest import new_app

PARAMETERS = ("q", "page", "limit", "offset", "sort", "from", "to", *FILTER_FIELDS)
SEARCH_KEYS = {"query", "notice", "total_documents", "total_pages", "documents", "facets"}
# Any character a URL can carry as UTF-8 (lone surrogates cannot be encoded at all).
_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
_number = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["", " 7 ", "+3", "-0", "1e3", "0x10", "٣", "10" * 40, "1.5", "NaN"]),
)
_date = st.one_of(
    st.from_regex(r"\d{1,5}(-\d{1,3}){0,3}", fullmatch=True),
    st.sampled_from(["2010", "2010-05", "2010-02-30", "0000", "9999-99-99", "May 2010"]),
)
_values = {
    "q": st.one_of(any_query(), _text),
    "page": _number,
    "limit": _number,
    "offset": _number,
    "sort": st.one_of(st.sampled_from(["relevance", "date", "-date", "newest", "oldest"]), _text),
    "from": st.one_of(_date, _text),
    "to": st.one_of(_date, _text),
}


def _parameters() -> st.SearchStrategy[list[tuple[str, str]]]:
    """A query string as pairs: known names with fitting or hostile values, repeated names,
    unknown names."""
    known = st.sampled_from(PARAMETERS).flatmap(
        lambda name: st.tuples(st.just(name), _values.get(name, _text))
    )
    unknown = st.tuples(st.text(st.characters(exclude_categories=["Cs"]), max_size=10), _text)
    return st.lists(st.one_of(known, known, unknown), max_size=8)


@pytest.fixture(scope="module")
def app(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    cache = tmp_path_factory.mktemp("fuzz-api-cache")
    return new_app(web_home, PAGE_CACHE_DIR=str(cache))


@fuzz_settings(200)
@given(_parameters())
def test_api_search_answers_any_parameters_with_json(
    app: Flask, parameters: list[tuple[str, str]]
) -> None:
    client = app.test_client()
    response = client.get("/api/search", query_string=parameters)
    assert response.status_code in (200, 400), (parameters, response.status_code)
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code == 400:
        assert set(body) == {"error"} and body["error"].strip()
        return
    assert set(body) >= SEARCH_KEYS
    assert 1 <= body["limit"] <= 100 and 0 <= body["offset"] <= 10_000
    assert len(body["documents"]) <= body["limit"]
    assert body["total_pages"] >= body["total_documents"] >= 0


@fuzz_settings(100)
@given(_parameters())
def test_the_search_page_answers_any_parameters(
    app: Flask, parameters: list[tuple[str, str]]
) -> None:
    response = app.test_client().get("/search", query_string=parameters, follow_redirects=True)
    assert response.status_code in (200, 400), (parameters, response.status_code)
    assert response.mimetype == "text/html"
    # an empty field or the default sort is dropped from the address (issue 14)
    assert all(value.strip() for value in response.request.args.values()), response.request.url
    assert response.request.args.get("sort") != "relevance"

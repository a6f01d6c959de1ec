"""Property test of the whole search (issue 12, fuzzing): on a small real index, any text,
sort, offset and limit give a SearchResult whose counts agree; never an exception."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, strategies as st

from indexer.model.results import SearchResult
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs
from tests.query_strategies import any_query, fuzz_settings

DOCS = {
    "memo.txt": "MEMORANDUM\nDetainer requests from Cook County, withheld under (b)(6) and"
    " (b)(7)(C).\fPage two: the 287(g) agreement, DHS-ICE-000345.",
    "letter.txt": "States may opt out of Secure Communities, the governor wrote in May 2011.",
    "table.txt": "Deaths in custody 2003 to 2017\fTable of 40 rows\fTotals by field office",
}
MANIFEST = (
    "path,title,date,type,source,bates_start\n"
    "memo.txt,Detainer memo,2010-09-01,memo,ICE,DHS-ICE-000344\n"
    "letter.txt,Governor letter,2011-05-10,letter,State of Illinois,\n"
)

pytestmark = pytest.mark.both_engines


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("fuzz-search")
    folder = write_docs(base / "docs", DOCS)
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    home = Home(base / "home")
    report = home.ingest(folder)
    assert report.added == len(DOCS) and not report.failed
    yield home
    home.close()


@fuzz_settings(200)
@given(
    any_query(),
    st.sampled_from(["relevance", "date", "-date", "nonsense"]),
    st.integers(-5, 20_000),
    st.integers(-5, 500),
)
def test_any_text_searched_on_a_real_index_gives_a_search_result(
    index: Home, text: str, sort: str, offset: int, limit: int
) -> None:
    request = SearchRequest(text, offset=offset, limit=limit, sort=sort)
    result = search(index.engine, index.store, request)
    assert isinstance(result, SearchResult)
    assert 0 <= len(result.documents) <= result.limit <= 100
    assert result.total_documents <= len(DOCS)
    assert result.total_pages >= result.total_documents
    assert sum(doc.matching_pages for doc in result.documents) <= result.total_pages
    for doc in result.documents:
        assert 1 <= doc.matching_pages <= doc.page_count
        assert all(1 <= page.page <= doc.page_count for page in doc.pages)
    assert result.to_json()["total_pages"] == result.total_pages

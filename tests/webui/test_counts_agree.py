"""Counts and lists agree everywhere copies are folded (issue 14, defects 3 and 4).

A release holds three copies of one e-mail (as sent, redacted, read by OCR) and two other
records. A search lists one card a record: every count (the web page, its pagination, the
JSON, the CLI, a saved search's "new documents", its feed, a spelling suggestion) counts what
the list holds, and says how many copies were folded in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from indexer.cli import main
from indexer.search.service import SearchRequest, search
from indexer.store.users import add_user
from indexer.tools.alerts import feed_matches, new_matches
from indexer.tools.saved_searches import add_saved_search
from tests.conftest import Home, write_docs
from tests.indexer.test_duplicates import EMAIL, SECOND_PAGE, UNRELATED, hide, misread
from webui.search import pagination
from webui.search_params import SearchParams

COPIES = {
    "email.txt": EMAIL,
    "email-redacted.txt": hide(EMAIL, "Penney, Marc", "Laura Mendez"),
    "email-ocr.txt": misread(EMAIL),
}
OTHERS = {"reply.txt": SECOND_PAGE, "standards.txt": UNRELATED}
QUERY = "fingerprints"  # the three copies and the reply; not the standards review
COUNT_LINE = "4 documents (2 shown, 2 copies folded in)"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("copies")
    opened = Home(base / "home")
    try:
        add_user(opened.store, "alice", "staff", "a long enough password 1")
        add_saved_search(opened.store, "alice", "Prints", QUERY, {})
        report = opened.ingest(write_docs(base / "docs", {**COPIES, **OTHERS}))
        assert report.added == 5 and not report.failed
    finally:
        opened.close()
    return base / "home"


def test_the_web_page_counts_what_it_lists(home: Path, make_app: Callable[..., Flask]) -> None:
    client = make_app(home).test_client()
    body = client.get(f"/search?q={QUERY}").get_data(as_text=True)
    heading = re.search(r'<h1 id="results-heading" class="result-count">(.*?)</h1>', body, re.S)
    assert heading and " ".join(heading[1].split()) == f"{COUNT_LINE}, 4 pages"
    assert body.count('<li class="hit">') == 2
    # one result a page: two pages of results, not four
    opened = Home(home)
    try:
        result = search(opened.engine, opened.store, SearchRequest(QUERY, limit=1))
    finally:
        opened.close()
    with make_app(home).test_request_context():
        links = pagination(result, SearchParams(q=QUERY, limit=1))
    assert [number for number, _ in links] == [1, 2]


def test_the_json_says_what_it_lists(home: Path, make_app: Callable[..., Flask]) -> None:
    data = make_app(home).test_client().get(f"/api/search?q={QUERY}&limit=100").get_json()
    assert (data["total_documents"], data["shown_documents"], data["folded_copies"]) == (4, 2, 2)
    assert len(data["documents"]) == data["shown_documents"]
    assert sorted(len(doc["duplicates"]) for doc in data["documents"]) == [0, 2]


def test_the_cli_says_the_same(home: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["--home", str(home), "search", QUERY])
    assert text.exit_code == 0, text.output
    assert f"{COUNT_LINE}, 4 pages" in text.output
    as_json = runner.invoke(main, ["--home", str(home), "search", QUERY, "--json"])
    data = json.loads(as_json.output)
    assert data["shown_documents"] == len(data["documents"]) == 2


def test_new_documents_of_a_saved_search_are_counted_as_listed(
    home: Path, make_app: Callable[..., Flask]
) -> None:
    """Issue 14, defect 3: "2 new documents", one listed, "and 1 more" that never came."""
    opened = Home(home)
    try:
        (saved,) = [s for s in _saved(opened) if s.name == "Prints"]
        alert = new_matches(opened.engine, opened.store, saved)
        assert alert.total_documents == len(alert.matches) == 2
        assert alert.folded_copies == 2
        assert alert.count_text() == "4 new documents (2 shown, 2 copies folded in)"
        assert "more" not in json.dumps(alert.to_json())
        assert len(feed_matches(opened.engine, opened.store, saved)) == 2
    finally:
        opened.close()
    runner = CliRunner()
    printed = runner.invoke(main, ["--home", str(home), "alerts", "--user", "alice"])
    assert "4 new documents (2 shown, 2 copies folded in)" in printed.output
    assert "more" not in printed.output


def test_a_suggestion_promises_what_it_lists(home: Path, make_app: Callable[..., Flask]) -> None:
    """Issue 14, defect 4: a suggestion is offered only when it finds documents, and its
    count is the number of documents its results list."""
    client = make_app(home).test_client()
    for typed in ("fingreprints", "fingerprnts AND sheriff", "finger*s AND standardz"):
        data = client.get("/api/search", query_string={"q": typed}).get_json()
        for suggestion in (data["help"] or {}).get("suggestions", []):
            followed = client.get("/api/search", query_string={"q": suggestion["query"]})
            result = followed.get_json()
            assert result["documents"], suggestion
            assert suggestion["documents"] == result["shown_documents"] == len(result["documents"])
    first = client.get("/api/search?q=fingreprints").get_json()["help"]["suggestions"]
    assert first and first[0] == {"query": QUERY, "documents": 2, "without_filters": False}


def _saved(opened: Home) -> list:  # type: ignore[type-arg]
    from indexer.tools.saved_searches import list_saved_searches

    return list_saved_searches(opened.store, "alice")

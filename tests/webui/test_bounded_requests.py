"""Issue 12, defect 2: no anonymous URL makes the server do unbounded work. A 4,000-character
query is answered with a notice (its look-ups are counted in tests/indexer/
test_bounded_search.py); a 5,000-page document compared with its copy is shown 50 page pairs
at a time."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from indexer.search.parser import MAX_QUERY_CHARS
from tests.conftest import Home, write_docs
from tests.webui.conftest import new_app
from tests.webui.test_search_pages import links, page_text

MISSPELLED = ("agreemnt", "sherriff", "detainnee", "custdy", "countyy", "immigraton")
# Misspellings whose corrections occur together on one page: a suggestion is offered only
# when it finds documents.
MISSPELLED_TOGETHER = ("agreemnt", "sherriff")


def repeated(words: tuple[str, ...] | list[str], chars: int = 4000) -> str:
    text = ""
    while len(text) < chars:
        text += " ".join(words) + " "
    return text[:chars]


def test_a_4000_character_misspelled_query_gets_a_notice_and_a_cut_suggestion(
    client: FlaskClient,
) -> None:
    query = repeated(MISSPELLED_TOGETHER)
    body = page_text(client, "/search?" + urlencode({"q": query}))
    assert f"The query was cut to its first {MAX_QUERY_CHARS} characters." in html.unescape(body)
    assert "No document matches" in body
    suggestion = links(body, "suggestion")
    assert len(suggestion) == 1
    suggested = parse_qs(urlsplit(suggestion[0][0]).query)["q"][0]
    # Only the words searched are suggested: those of the cut query.
    assert len(suggested.split()) == len(query[:MAX_QUERY_CHARS].split())
    assert suggested.split()[:2] == ["agreement", "sheriff"]


def test_a_4000_character_wildcard_query_gets_a_notice(client: FlaskClient) -> None:
    for words in (["agree*", "coun*", "sher*", "det*"], ["ag*e*", "c*y", "s?er*"]):
        body = html.unescape(page_text(client, "/search?" + urlencode({"q": repeated(words)})))
        assert f"cut to its first {MAX_QUERY_CHARS} characters" in body
        assert re.search(r"more than 64 terms|searched for", body)


def test_64_wildcards_are_searched_within_the_query_budget(client: FlaskClient) -> None:
    query = " OR ".join(f"{a}{b}*" for a in "cdeiprst" for b in "aeiorn")[:MAX_QUERY_CHARS]
    assert query.count("*") == 48
    query += " OR " + " OR ".join(f"{a}{b}*" for a in "abfg" for b in "aeiu")
    body = html.unescape(page_text(client, "/search?" + urlencode({"q": query})))
    shown = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert re.search(r"[1-9]\d* documents?, [\d,]+ pages?", shown)
    assert "words in all" in body


LONG_PAGES = 5000


@pytest.fixture(scope="module")
def long_copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[FlaskClient, str, str]:
    """A 5,000-page text record (form feeds split pages) and a copy with a name redacted on
    page 11, ingested into their own home."""
    base = tmp_path_factory.mktemp("long-compare")
    pages = [
        f"Page {n} of the log: detention county {n % 97} sheriff memo." for n in range(1, 5001)
    ]
    redacted = list(pages)
    redacted[10] = redacted[10].replace("sheriff", "(b)(6)")
    folder = write_docs(
        base / "docs", {"log.txt": "\f".join(pages), "log-copy.txt": "\f".join(redacted)}
    )
    home = Home(base / "home")
    try:
        assert home.ingest(folder).added == 2
        ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    finally:
        home.close()
    return new_app(base / "home").test_client(), ids["log.txt"], ids["log-copy.txt"]


def compare_sections(body: str) -> list[str]:
    return re.findall(r'<section class="compare-page" aria-label="([^"]+)"', body)


def nav_links(body: str) -> dict[str, str]:
    return {
        rel: html.unescape(href) for href, rel in re.findall(r'<a href="([^"]+)" rel="(\w+)"', body)
    }


@pytest.mark.slow  # ingesting the 5,000-page record and its copy: 10-30 s
def test_a_5000_page_comparison_is_shown_50_page_pairs_at_a_time(
    long_copies: tuple[FlaskClient, str, str],
) -> None:
    client, log, copy = long_copies
    url = f"/compare/{log}/{copy}"
    first = client.get(url)
    assert first.status_code == 200
    body = first.get_data(as_text=True)
    assert len(body) < 100_000  # the whole comparison was 2 MB
    sections = compare_sections(body)
    assert len(sections) == 50 and sections[0] == "Page 1 of A against page 1 of B"
    assert "Page pairs 1–50 of 5,000." in body
    assert "Laura" not in body and "(b)(6)" in body  # page 11's redaction is in the window
    assert nav_links(body) == {"next": f"{url}?start=51"}

    second = client.get(f"{url}?start=51").get_data(as_text=True)
    assert compare_sections(second)[0] == "Page 51 of A against page 51 of B"
    assert nav_links(second) == {"prev": f"{url}?start=1", "next": f"{url}?start=101"}

    for start in ("4951", "99999999999999999999", "5000"):
        last = client.get(f"{url}?start={start}").get_data(as_text=True)
        assert compare_sections(last)[-1] == "Page 5000 of A against page 5000 of B"
        assert "next" not in nav_links(last) and len(compare_sections(last)) <= 50
    for start in ("abc", "-3", "0"):
        assert compare_sections(client.get(f"{url}?start={start}").get_data(as_text=True))[0] == (
            "Page 1 of A against page 1 of B"
        )

    itself = client.get(f"/compare/{log}/{log}").get_data(as_text=True)
    assert itself.count("<p>Same text.</p>") == 50

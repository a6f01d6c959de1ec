"""Issue 12, defect 2: no anonymous URL makes the server do unbounded work. A 4,000-character
query is answered with a notice (its look-ups are counted in tests/indexer/
test_bounded_search.py); a 5,000-page document compared with its copy is shown 50 page pairs
at a time."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

from flask.testing import FlaskClient

from indexer.search.parser import MAX_QUERY_CHARS
from tests.webui.test_search_pages import links, page_text

MISSPELLED = ("agreemnt", "sherriff", "detainnee", "custdy", "countyy", "immigraton")


def repeated(words: tuple[str, ...] | list[str], chars: int = 4000) -> str:
    text = ""
    while len(text) < chars:
        text += " ".join(words) + " "
    return text[:chars]


def test_a_4000_character_misspelled_query_gets_a_notice_and_a_cut_suggestion(
    client: FlaskClient,
) -> None:
    query = repeated(MISSPELLED)
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

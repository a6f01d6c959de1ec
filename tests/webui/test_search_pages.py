"""The home page and /search: grouped results, facets, dates, sort, pagination, bad input."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient


def page_text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def links(body: str, css_class: str) -> list[tuple[str, str]]:
    """(href, text) of the links with this class, entities decoded, tags stripped."""
    found = re.findall(
        rf'<a class="[^"]*\b{css_class}\b[^"]*" href="([^"]*)"[^>]*>(.*?)</a>', body, re.DOTALL
    )
    return [
        (html.unescape(href), " ".join(re.sub(r"<[^>]+>", " ", text).split()))
        for href, text in found
    ]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def titles(body: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", t))
        for t in re.findall(r'<h2 class="hit-title"><a [^>]*>(.*?)</a></h2>', body, re.DOTALL)
    ]


def test_home_page_has_the_search_form_and_corpus_counts(client: FlaskClient) -> None:
    body = page_text(client, "/")
    assert '<form class="search-form" role="search" action="/search" method="get">' in body
    assert "6 documents, 51 pages" in body
    assert 'href="/search?type=agreement"' in body
    assert "Search released records" in body


def test_opt_out_results_grouped_with_highlighted_snippets(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    body = page_text(client, "/search?q=%22opt+out%22")
    assert "1 document,\n        1 page" in body or re.search(r"1 document,\s+1 page", body)
    press = doc_ids["opt-out.txt"]
    assert f'href="/doc/{press}/p/1?q=%22opt+out%22"' in body
    snippet = re.search(r'<p class="snippet">(.*?)</p>', body, re.DOTALL)
    assert snippet is not None
    assert re.search(r"<mark>opt(</mark> <mark>| )out</mark>", snippet.group(1))
    assert titles(body) == ['Despite Recent Tweaks, "Secure Communities" Still Flawed']


def test_results_are_best_first_and_list_matching_pages(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=ICE")
    assert re.search(r"3 documents,\s+13 pages", body)
    assert titles(body)[0] == "287(g) Memorandum of Agreement: Finney County"
    first_hit = body.split('<li class="hit">')[1]
    assert "11 of 12 pages match" in first_hit
    assert first_hit.count('<li class="hit-page">') == 3
    assert "All 11 matching pages in this document" in first_hit


def test_facets_show_counts_and_add_a_filter(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=ICE")
    facet_links = dict((text, href) for href, text in links(body, "facet-value"))
    assert facet_links["agreement 1"] == "/search?q=ICE&type=agreement"
    assert facet_links["2020 1"] == "/search?q=ICE&year=2020"
    assert facet_links["ICE 2"] == "/search?q=ICE&source=ICE"
    filtered = page_text(client, "/search?q=ICE&type=agreement")
    assert titles(filtered) == ["287(g) Memorandum of Agreement: Finney County"]
    assert re.search(r"1 document,\s+11 pages", filtered)


def test_an_active_facet_can_be_removed_again(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=ICE&type=agreement&sort=-date")
    chips = links(body, "chip")
    assert ("/search?q=ICE&sort=-date", "Type: agreement ×") in chips
    active = [href for href, _ in links(body, "is-active")]
    assert "/search?q=ICE&sort=-date" in active
    assert 'aria-current="true"' in body


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("year=2017", ["List of Deaths in ICE Custody, 2003 to 2017"]),
        ("source=DOJ/FBI", ["NICS Firearm Background Checks: November 2015"]),
        ("release=ICE+287(g)+agreements", ["287(g) Memorandum of Agreement: Finney County"]),
        ("type=press+release", ['Despite Recent Tweaks, "Secure Communities" Still Flawed']),
        ("format=html", ["Quarterly zebrafish report"]),
        ("year=undated&type=html", ["Quarterly zebrafish report"]),
    ],
)
def test_each_filter_narrows_the_results(
    client: FlaskClient, filters: str, expected: list[str]
) -> None:
    body = page_text(client, f"/search?q=the&{filters}")
    assert titles(body) == expected


def test_filters_alone_search_everything_they_match(client: FlaskClient) -> None:
    body = page_text(client, "/search?type=data+table")
    assert sorted(titles(body)) == [
        "List of Deaths in ICE Custody, 2003 to 2017",
        "NICS Firearm Background Checks: November 2015",
    ]


def test_date_range_filters_and_can_be_removed(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=the&from=2015&to=2017-12")
    assert sorted(titles(body)) == [
        "List of Deaths in ICE Custody, 2003 to 2017",
        "NICS Firearm Background Checks: November 2015",
    ]
    assert 'value="2015"' in body and 'value="2017-12"' in body
    assert ("/search?q=the", "Dates: 2015 to December 2017 ×") in links(body, "chip")
    only_from = page_text(client, "/search?q=the&from=2020-01-01")
    assert titles(only_from) == ["287(g) Memorandum of Agreement: Finney County"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "-date",
            [
                "287(g) Memorandum of Agreement: Finney County",
                "List of Deaths in ICE Custody, 2003 to 2017",
                "NICS Firearm Background Checks: November 2015",
            ],
        ),
        (
            "newest",
            [
                "287(g) Memorandum of Agreement: Finney County",
                "List of Deaths in ICE Custody, 2003 to 2017",
                "NICS Firearm Background Checks: November 2015",
            ],
        ),
        (
            "date",
            [
                "NICS Firearm Background Checks: November 2015",
                "List of Deaths in ICE Custody, 2003 to 2017",
                "287(g) Memorandum of Agreement: Finney County",
            ],
        ),
    ],
)
def test_sort_by_date(client: FlaskClient, sort: str, expected: list[str]) -> None:
    body = page_text(client, f"/search?q=the&from=2000&sort={sort}")
    assert titles(body) == expected
    selected = re.search(r'<option value="([^"]+)" selected>', body)
    assert selected is not None and selected.group(1) == ("-date" if sort == "newest" else sort)


def test_pagination_keeps_every_filter(make_app: Callable[..., Flask], web_home: Path) -> None:
    client = make_app(web_home, RESULTS_PER_PAGE=2).test_client()
    first = page_text(client, "/search?q=the&year=2017&sort=-date")
    assert len(titles(first)) == 1  # one document in 2017: no pagination
    assert 'class="pagination"' not in first
    body = page_text(client, "/search?q=the&sort=-date&from=2000")
    assert 'class="pagination"' in body
    next_link = re.search(r'<a href="([^"]+)" rel="next">Next</a>', body)
    assert next_link is not None
    url = html.unescape(next_link.group(1))
    assert query_of(url) == {"q": ["the"], "from": ["2000"], "sort": ["-date"], "page": ["2"]}
    second = page_text(client, url)
    assert titles(second) == ["NICS Firearm Background Checks: November 2015"]
    assert '<ol class="hit-list" start="3">' in second
    assert '<span aria-current="page">2</span>' in second
    previous = re.search(r'<a href="([^"]+)" rel="prev">Previous</a>', second)
    assert previous is not None
    assert query_of(html.unescape(previous.group(1))) == {
        "q": ["the"],
        "from": ["2000"],
        "sort": ["-date"],
    }


def test_a_page_past_the_end_says_so(make_app: Callable[..., Flask], web_home: Path) -> None:
    client = make_app(web_home, RESULTS_PER_PAGE=2).test_client()
    body = page_text(client, "/search?q=the&page=50")
    assert "There are no more results" in body


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=the&page=99999999999999999999999",
        "/search?q=the&page=-4",
        "/search?q=the&page=0",
        "/api/search?q=the&limit=100000&offset=99999999",
        "/api/search?q=the&limit=-1&offset=-10",
    ],
)
def test_huge_or_negative_numbers_are_clamped(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/search?q=the&page=abc", "whole number"),
        ("/search?q=the&page=1.5", "whole number"),
        ("/search?q=the&from=yesterday", "is not a date"),
        ("/search?q=the&to=2010-05-12T00", "is not a date"),
        ("/search?q=the&sort=random", "Sort by relevance"),
        ("/search?q=the&type=" + "x" * 201, "longer than 200"),
        ("/search?q=the%00", "NUL"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(
    client: FlaskClient, url: str, message: str
) -> None:
    body = page_text(client, url, status=400)
    assert message in html.unescape(body)
    assert '<form class="search-form"' in body  # the form stays, to fix the search


def test_an_over_long_query_is_cut_with_a_notice(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=ICE+" + "x" * 1200)
    assert "The query was cut to its first 1000 characters." in body


@pytest.mark.parametrize("query", ['"opt out', "ICE AND (", "title:", "((((", "NOT", ")"])
def test_malformed_queries_show_results_and_a_notice(client: FlaskClient, query: str) -> None:
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    if query in ('"opt out', "ICE AND ("):
        assert '<p class="notice" role="status">' in body
        assert titles(body)


def test_no_results_offers_only_spellings_and_filters_that_find_documents(
    client: FlaskClient,
) -> None:
    # "agreement" occurs in the corpus, but in no press release: its spelling is offered
    # without the filter, and dropping the filter alone is not offered (it finds nothing).
    body = page_text(client, "/search?q=agreemnt&type=press+release")
    assert "No document matches" in body
    assert links(body, "suggestion") == [("/search?q=agreement", "agreement")]
    assert "without the filters)" in body
    assert "No record holds the word\n      <q>agreemnt</q>" in body
    assert 'class="drop-filter"' not in body
    assert "Dropping any one filter alone still finds nothing." in body
    body = page_text(client, "/search?q=agreement&type=press+release")
    assert links(body, "suggestion") == []
    dropped = '<li class="drop-filter">Search without the filter <a href="/search?q=agreement">'
    assert dropped in body
    # The misspelling alone finds nothing: the closest indexed spelling is offered with the
    # number of documents it finds.
    body = page_text(client, "/search?q=agreemnt")
    (url, text), *_ = links(body, "suggestion")
    assert (url, text) == ("/search?q=agreement", "agreement")
    found = page_text(client, url)
    count = re.search(r"agreement</a>\s*\((\d+) documents?\)", body)
    assert count is not None and f"{count.group(1)} document" in found


def test_no_results_without_a_spelling_fix(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=qqqzzzxxx")
    assert "No document matches" in body
    assert 'class="suggestion"' not in body


def test_timeline_by_year_links_filter_to_that_year(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=the")
    assert '<svg class="timeline-chart"' in body
    assert "Matching documents by year" in body
    bars = re.findall(r'<a href="([^"]+)" class="timeline-link"\s+aria-label="([^"]+)"', body)
    labels = [label for _, label in bars]
    assert labels == ["2015: 1 document", "2017: 1 document", "2020: 1 document"]
    url = html.unescape(bars[1][0])
    assert query_of(url) == {"q": ["the"], "from": ["2017"], "to": ["2017"]}
    filtered = page_text(client, url)
    assert titles(filtered) == ["List of Deaths in ICE Custody, 2003 to 2017"]
    assert 'class="bar is-active"' in filtered


def test_timeline_by_month_for_a_short_span(client: FlaskClient) -> None:
    body = page_text(client, "/search?q=the&from=2015&to=2017")
    assert "Matching documents by month" in body
    rects = re.findall(r'<rect class="bar( is-active)?"', body)
    assert len(rects) == 2  # only months with documents are drawn as links
    assert 'aria-label="November 2015: 1 document"' in body
    assert "from=2017-06&amp;to=2017-06" in body


def test_no_timeline_without_dated_documents(client: FlaskClient) -> None:
    body = page_text(client, '/search?q="opt+out"')
    assert "timeline-chart" not in body

"""The timeline layout and the search parameters (pure code, no index)."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from webui.search_params import BadSearchInput, SearchParams, parse_search_args
from webui.timeline import HEIGHT, WIDTH, build_timeline


def test_timeline_ignores_malformed_periods() -> None:
    assert build_timeline({}) is None
    assert build_timeline({"429496-72": 3, "undated": 2, "0000": 1, "2010-13": 1}) is None


def test_timeline_by_month_fills_empty_months() -> None:
    timeline = build_timeline({"2010-11": 2, "2011-02": 4})
    assert timeline is not None and timeline.is_monthly
    assert [(bar.label, bar.count) for bar in timeline.bars] == [
        ("2010-11", 2),
        ("2010-12", 0),
        ("2011-01", 0),
        ("2011-02", 4),
    ]
    tall, short = timeline.bars[3], timeline.bars[0]
    assert tall.height == pytest.approx(2 * short.height)
    assert tall.y + tall.height == pytest.approx(short.y + short.height)  # one baseline
    assert all(bar.x >= 0 and bar.x + bar.width <= WIDTH for bar in timeline.bars)
    assert timeline.total == 6
    # months are labelled, with the year where it starts and where it changes
    assert [text for _, text in timeline.ticks] == ["Nov 2010", "Dec", "Jan 2011", "Feb"]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2025-05", "2025-05", ["May 2025"]),
        ("2024-03", "2024-12", ["Mar 2024", "May", "Jul", "Sep", "Nov"]),
        ("2023-01", "2025-12", ["Jan 2023", "Jul", "Jan 2024", "Jul", "Jan 2025", "Jul"]),
    ],
)
def test_a_monthly_timeline_labels_months_never_crowded(
    first: str, last: str, expected: list[str]
) -> None:
    timeline = build_timeline({first: 1, last: 2})
    assert timeline is not None and timeline.is_monthly
    assert [text for _, text in timeline.ticks] == expected
    positions = [x for x, _ in timeline.ticks]
    assert all(b - a >= WIDTH / 6 - 1 for a, b in zip(positions, positions[1:], strict=False))


def test_timeline_by_year_for_long_spans_or_year_only_dates() -> None:
    long_span = build_timeline({"1999-01": 1, "2020-06": 3})
    assert long_span is not None and not long_span.is_monthly
    assert len(long_span.bars) == 22
    assert len(long_span.ticks) <= 8
    year_only = build_timeline({"2011": 1, "2011-05": 2})
    assert year_only is not None and not year_only.is_monthly
    assert [(bar.label, bar.count) for bar in year_only.bars] == [("2011", 3)]
    assert year_only.bars[0].height == HEIGHT - 18


@pytest.fixture()
def context(app: Flask):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        yield


def parse(query: dict[str, str], **options: object) -> SearchParams:
    return parse_search_args(MultiDict(query), **options)  # type: ignore[arg-type]


def test_parse_reads_filters_dates_sort_and_page() -> None:
    params = parse(
        {
            "q": " ICE ",
            "type": "memo",
            "year": "2010",
            "from": "2010-05",
            "to": "2011",
            "sort": "newest",
            "page": "3",
            "bogus": "x",
        }
    )
    assert params.q == "ICE"
    assert params.filters == {"type": "memo", "year": "2010"}
    assert (params.date_from, params.date_to, params.sort, params.page) == (
        "2010-05",
        "2011",
        "-date",
        3,
    )
    request = params.to_request()
    assert (request.offset, request.limit, request.sort) == (20, 10, "-date")


def test_an_open_date_range_is_closed_for_the_library() -> None:
    assert parse({"from": "2010"}).to_request().date_to == "2999"
    assert parse({"to": "2010"}).to_request().date_from is None


@pytest.mark.parametrize(
    ("query", "page", "limit", "offset"),
    [
        ({"page": "0"}, 1, 10, None),
        ({"page": "99999999999999999999"}, 1001, 10, None),
        ({"page": "-5"}, 1, 10, None),
    ],
)
def test_parse_clamps_pages(
    query: dict[str, str], page: int, limit: int, offset: int | None
) -> None:
    params = parse(query)
    assert (params.page, params.limit, params.offset) == (page, limit, offset)


def test_parse_clamps_api_limit_and_offset() -> None:
    params = parse({"limit": "1000", "offset": "-3"}, is_api=True)
    assert (params.limit, params.start) == (100, 0)
    assert parse({"limit": "5", "page": "3"}, is_api=True).start == 10
    assert parse({"offset": "123456789"}, is_api=True).start == 10_000


@pytest.mark.parametrize(
    "query",
    [
        {"page": "two"},
        {"limit": "1e9"},
        {"from": "May 2010"},
        {"to": "2010/05"},
        {"sort": "score"},
        {"source": "x" * 201},
        {"q": "a\x00b"},
    ],
)
def test_parse_refuses_unusable_values(query: dict[str, str]) -> None:
    with pytest.raises(BadSearchInput):
        parse(query, is_api=True)


@pytest.mark.usefixtures("context")
def test_urls_keep_filters_and_reset_the_page() -> None:
    params = parse({"q": "ICE", "type": "memo", "from": "2010", "sort": "date", "page": "4"})
    assert params.url(page=5) == "/search?q=ICE&type=memo&from=2010&sort=date&page=5"
    assert params.with_filter("type", None) == "/search?q=ICE&from=2010&sort=date"
    assert params.with_filter("year", "2011") == (
        "/search?q=ICE&type=memo&from=2010&sort=date&year=2011"
    )
    assert params.without_dates() == "/search?q=ICE&type=memo&sort=date"
    assert params.with_dates("2011-02", "2011-02") == (
        "/search?q=ICE&type=memo&from=2011-02&sort=date&to=2011-02"
    )
    assert params.url(page=1) == "/search?q=ICE&type=memo&from=2010&sort=date"


def test_covers() -> None:
    params = SearchParams(date_from="2010-05", date_to="2011")
    assert params.covers("2010-05") and params.covers("2011") and params.covers("2011-12")
    assert not params.covers("2010-04") and not params.covers("2012")
    assert not SearchParams().covers("2010")

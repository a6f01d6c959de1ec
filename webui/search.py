"""Blueprint "search": the home page and /search (results grouped by document, facets,
timeline, sort, pagination)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from indexer import (
    MAX_OFFSET,
    SearchResult,
    corpus_stats,
    list_productions,
    search_with_tags,
)
from webui.auth import current_role
from webui.formatting import SHOWN_FACETS, facet_value_label
from webui.release_marks import release_marks
from webui.resources import get_engine, get_store
from webui.search_params import BadSearchInput, SearchParams, parse_search_args
from webui.tags import tags_visible
from webui.timeline import build_timeline

bp = Blueprint("search", __name__)

FACET_VALUES_SHOWN = 8
PAGINATION_WINDOW = 2
EXAMPLE_QUERIES = (
    '"opt out"',
    "287(g) AND detainer",
    "detainee~",
    "title:agreement",
    "date:[2015 TO 2020]",
    "warrant NOT service",
)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    is_active: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    values: tuple[FacetValue, ...]

    @property
    def shown(self) -> tuple[FacetValue, ...]:
        return self.values[:FACET_VALUES_SHOWN]

    @property
    def more(self) -> tuple[FacetValue, ...]:
        return self.values[FACET_VALUES_SHOWN:]


@bp.get("/")
def home() -> Any:
    return search()


@bp.get("/search")
def search() -> Any:
    tidy = tidy_url()
    if tidy is not None:
        return redirect(tidy)
    try:
        params = parse_search_args(
            request.args, per_page=int(current_app.config["RESULTS_PER_PAGE"])
        )
    except BadSearchInput as error:
        typed = SearchParams(q=request.args.get("q", "").replace("\x00", "")[:1000])
        return render_template(
            "search/results.html", params=typed, error=str(error), result=None
        ), 400
    if params.is_empty:
        stats = corpus_stats(get_store(), get_engine())
        return render_template(
            "search/home.html", params=params, stats=stats, examples=EXAMPLE_QUERIES
        )
    # Staff (issue 4): tag:/note: resolved for the signed-in role, labels and the tag facet.
    result = search_with_tags(
        get_engine(), get_store(), params.to_request(), current_role(), tags_visible()
    )
    # Productions (issue 16): the releases on the timeline, when asked for.
    show_releases = request.args.get("releases") == "1"
    summaries = list_productions(get_store())[0] if show_releases else []
    released = tuple(s.release_date[:7] for s in summaries if s.release_date)
    timeline = build_timeline(result.timeline, released)
    marks = release_marks(timeline, summaries) if timeline is not None else []
    return render_template(
        "search/results.html",
        params=params,
        result=result,
        error=None,
        facets=build_facets(result, params),
        timeline=timeline,
        pages=pagination(result, params),
        release_marks=marks,
        show_releases=show_releases,
        releases_url=url_for(
            "search.search", **{**request.args.to_dict(), "releases": "0" if show_releases else "1"}
        ),
    )


def tidy_url() -> str | None:
    """The address without its empty fields and default sort (what a form without
    JavaScript sends: `&from=&to=&sort=relevance`); None when it has none."""
    pairs = list(request.args.items(multi=True))
    kept = [(k, v) for k, v in pairs if v.strip() and (k, v) != ("sort", "relevance")]
    if len(kept) == len(pairs):
        return None
    return request.path + ("?" + urlencode(kept) if kept else "")


def build_facets(result: SearchResult, params: SearchParams) -> list[Facet]:
    """The facets to show, each value a link that adds its filter or removes it again."""
    facets = []
    for name in SHOWN_FACETS:
        counts = dict(result.facets.get(name, {}))
        active = params.filters.get(name)
        if active and not any(value.casefold() == active.casefold() for value in counts):
            counts[active] = 0  # an active filter stays visible so that it can be removed
        if not counts:
            continue
        items = sorted(counts.items(), key=lambda item: _facet_order(name, item))
        values = []
        for value, count in items:
            is_active = active is not None and value.casefold() == active.casefold()
            url = params.with_filter(name, None if is_active else value)
            values.append(FacetValue(value, facet_value_label(name, value), count, is_active, url))
        facets.append(Facet(name, tuple(values)))
    return facets


def _facet_order(name: str, item: tuple[str, int]) -> tuple[Any, ...]:
    value, count = item
    if name == "year":  # newest year first, "undated" last
        return (not value.isdecimal(), -int(value) if value.isdecimal() else 0)
    return (-count, value.casefold())


def pagination(result: SearchResult, params: SearchParams) -> list[tuple[int | None, str]]:
    """(page number, URL) for the pages around the current one; None marks a gap."""
    last = min(-(-result.shown_documents // params.limit), MAX_OFFSET // params.limit + 1)
    if last <= 1:
        return []
    wanted = {1, last, *range(params.page - PAGINATION_WINDOW, params.page + PAGINATION_WINDOW + 1)}
    numbers = sorted(number for number in wanted if 1 <= number <= last)
    links: list[tuple[int | None, str]] = []
    previous = 0
    for number in numbers:
        if previous and number - previous > 1:
            links.append((None, ""))
        links.append((number, params.url(page=number)))
        previous = number
    return links

"""/stats: the corpus at a glance."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient


def test_stats_page_counts_the_corpus(client: FlaskClient) -> None:
    response = client.get("/stats")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<dt>Documents</dt><dd>6</dd>" in body
    assert "<dt>Pages</dt><dd>51</dd>" in body
    assert re.search(
        r"<dt>Pages read by OCR</dt><dd>0 <span class=\"muted\">\(0\.0%\)</span>", body
    )


def test_stats_breakdowns_link_to_filtered_searches(client: FlaskClient) -> None:
    body = html.unescape(client.get("/stats").get_data(as_text=True))
    for heading in ("By type", "By source", "By year", "By format"):
        assert f">{heading}</h2>" in body
    assert (
        '<a href="/search?type=data table">data table</a></td>\n          <td class="num">2'
        in body.replace("+", " ")
    )
    assert '<a href="/search?year=undated">undated</a>' in body
    years = re.findall(r'<a href="/search\?year=(\d{4})">', body)
    assert years == sorted(years, reverse=True) and "2020" in years
    assert "unknown</td>" in body  # documents without a source are counted, not linked

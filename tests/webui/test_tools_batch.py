"""Batch search on the web: staff only, a terms file with bad lines and another encoding, the
summary page's counts linking to the results, the CSV and JSON downloads parsed back, the API."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.tools.batch import CSV_COLUMNS
from tests.webui.conftest import new_app, tools_client
from tests.webui.test_api import validator_for
from tests.webui.test_auth import token_from
from tests.webui.test_tools_quotes import assert_clean_page

TERMS = (
    "# investigator terms\n"  # 1: a comment
    "detention\tdetention OR custody\n"  # 2
    "\n"  # 3: blank
    "sheriff\tsheriff*\n"  # 4
    "bad\tline\twith tabs\n"  # 5: malformed
    "accent\tPe\xf1a\n"  # 6: cp1252, not UTF-8
    "nothing\tzzyzx qqvvxx\n"  # 7: matches nothing
    "label only\t\n"  # 8: malformed
    '"secure communities\n'  # 9: repaired, with a notice
).encode("cp1252")
_ROW = re.compile(
    r'<tr class="batch-query[^"]*">\s*<td class="num">(\d+)</td>\s*<td>([^<]*)</td>\s*'
    r'<td><a href="([^"]+)"><code>([^<]*)</code></a>.*?</td>\s*'
    r'<td class="num"><a class="count-link" href="([^"]+)"[^>]*>([\d,]+)</a></td>\s*'
    r'<td class="num">([\d,]+)',
    re.S,
)


@pytest.fixture(scope="module")
def app(tools_home: Path) -> Flask:
    return new_app(tools_home)


@pytest.fixture(scope="module")
def alice(app: Flask) -> FlaskClient:
    # No `with client`: a kept request context would share `g` (and its CSRF token) with
    # the other clients of the app.
    return tools_client(app)


def upload(client: FlaskClient, data: bytes, name: str = "terms.txt") -> str:
    """Upload a terms file and wait until its batch has run; returns the summary's path."""
    response = client.post(
        "/batch",
        data={"csrf_token": token_from(client, "/batch"), "terms": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    location: str = response.headers["Location"]
    assert re.fullmatch(r"/batch/[A-Za-z0-9_-]{22}", location)
    wait_for_batch(client, location)
    return location


def wait_for_batch(client: FlaskClient, page: str, seconds: float = 120.0) -> dict[str, Any]:
    """Ask the status of the batch at `page` until it has finished; returns the status."""
    deadline = time.monotonic() + seconds
    while True:
        status: dict[str, Any] = client.get(f"/api{page}").get_json()
        if status["state"] in ("done", "failed") or time.monotonic() > deadline:
            assert status["state"] == "done", status
            return status
        time.sleep(0.1)


def summary_rows(html: str) -> list[dict[str, str]]:
    keys = ("line", "label", "query_url", "query", "count_url", "documents", "pages")
    return [dict(zip(keys, match, strict=True)) for match in _ROW.findall(html)]


def result_count(client: FlaskClient, url: str) -> tuple[int, int]:
    html = client.get(url).get_data(as_text=True)
    # "3 documents (2 shown, 1 copy folded in), 5 pages": the batch counts every document
    found = re.search(r"([\d,]+) documents?(?: \([^)]*\))?,\s+([\d,]+) pages?", html)
    assert found, url
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def test_batch_search_is_for_staff_only(app: Flask) -> None:
    anonymous = app.test_client()
    assert anonymous.get("/batch").status_code == 302
    assert "/sign-in" in anonymous.get("/batch").headers["Location"]
    assert 'href="/batch"' not in anonymous.get("/").get_data(as_text=True)
    token = token_from(anonymous)
    headers = {"X-CSRFToken": token}
    refused = anonymous.post("/api/batch", json={"terms": "detention"}, headers=headers)
    assert refused.status_code == 401 and "error" in refused.get_json()
    no_token = anonymous.post("/batch", data={"terms_text": "detention"})
    assert no_token.status_code == 400

    viewer = tools_client(app, "vic")
    assert viewer.get("/batch").status_code == 403
    token = token_from(viewer, "/")
    form = {"csrf_token": token, "terms_text": "detention"}
    assert viewer.post("/batch", data=form).status_code == 403
    api = viewer.post("/api/batch", json={"terms": "x"}, headers={"X-CSRFToken": token})
    assert api.status_code == 403
    assert 'href="/batch"' not in viewer.get("/").get_data(as_text=True)

    staff = tools_client(app)
    assert 'href="/batch">Batch</a>' in staff.get("/").get_data(as_text=True)
    page = staff.get("/batch").get_data(as_text=True)
    assert 'type="file" name="terms"' in page and 'enctype="multipart/form-data"' in page
    assert_clean_page(page)
    assert_clean_page(staff.get(upload(staff, TERMS)).get_data(as_text=True))


def test_a_terms_file_with_bad_lines_runs_the_rest(alice: FlaskClient) -> None:
    summary = alice.get(upload(alice, TERMS))
    assert summary.status_code == 200
    html = summary.get_data(as_text=True)
    rows = summary_rows(html)
    assert [(row["line"], row["label"], row["query"]) for row in rows] == [
        ("2", "detention", "detention OR custody"),
        ("4", "sheriff", "sheriff*"),
        ("6", "accent", "Peña"),
        ("7", "nothing", "zzyzx qqvvxx"),
        ("9", "", "&#34;secure communities"),
    ]
    problems = re.findall(r"<strong>Line (\d+)</strong>: (not run|note): ([^<]*)", html)
    by_line = {line: (kind, message) for line, kind, message in problems}
    assert by_line["5"][0] == "not run" and "more than one tab" in by_line["5"][1]
    assert by_line["8"][0] == "not run" and "no query after the tab" in by_line["8"][1]
    assert by_line["6"][0] == "note" and "not UTF-8" in by_line["6"][1]
    assert by_line["9"][0] == "note"
    assert "2 lines could not run" in html and "from terms.txt" in html.lower()
    # Each count links to the search of its query, which finds as many.
    for row in rows:
        assert row["count_url"] == row["query_url"] and row["count_url"].startswith("/search?q=")
        documents, pages = int(row["documents"]), int(row["pages"])
        if pages:
            assert result_count(alice, row["count_url"].replace("&amp;", "&")) == (
                documents,
                pages,
            )
    assert [row["pages"] for row in rows if row["label"] == "nothing"] == ["0"]
    assert int(rows[0]["pages"]) >= 4 and int(rows[2]["documents"]) == 1


def test_the_csv_and_json_downloads(alice: FlaskClient, tools_ids: dict[str, str]) -> None:
    page = upload(alice, TERMS)
    html = alice.get(page).get_data(as_text=True)
    counts = {row["query"]: int(row["pages"]) for row in summary_rows(html)}
    assert f'href="{page}/rows.csv"' in html and f'href="{page}/rows.json"' in html

    response = alice.get(f"{page}/rows.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=batch-rows.csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(table[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in table[1:]]
    for query, pages in counts.items():
        query = query.replace("&#34;", '"')
        rows = [row for row in body if row["query"] == query]
        assert len(rows) == max(pages, 1), query
    memo = tools_ids["memo.txt"]
    stamped = [row for row in body if row["doc_id"] == memo and row["page"] == "3"]
    assert stamped and stamped[0]["bates"] == "ICE FOIA 10-2674.0000103"
    assert stamped[0]["url"] == f"http://localhost/doc/{memo}/p/3"
    assert all("<mark>" not in row["snippet"] for row in body)
    # The permalink opens the page it names, with its Bates number.
    permalink = alice.get(stamped[0]["url"].removeprefix("http://localhost"))
    assert "ICE FOIA 10-2674.0000103" in permalink.get_data(as_text=True)

    data = json.loads(alice.get(f"{page}/rows.json").get_data(as_text=True))
    assert [q["line"] for q in data["queries"]] == [2, 4, 6, 7, 9]
    assert [p["line"] for p in data["problems"] if p["kind"] == "error"] == [5, 8]
    first = data["queries"][0]
    assert first["label"] == "detention" and len(first["rows"]) == first["total_pages"]
    assert set(first["rows"][0]) == {"doc_id", "page", "bates", "title", "snippet", "url"}
    assert any("<mark>" in row["snippet"] for row in first["rows"])
    assert data["total_rows"] == sum(1 for row in body if row["doc_id"])


def test_pasted_lines_empty_input_and_size_limits(alice: FlaskClient, tools_home: Path) -> None:
    token = token_from(alice, "/batch")
    pasted = alice.post("/batch", data={"csrf_token": token, "terms_text": "detention\r\nopt out"})
    assert pasted.status_code == 303
    wait_for_batch(alice, pasted.headers["Location"])
    rows = summary_rows(alice.get(pasted.headers["Location"]).get_data(as_text=True))
    assert [row["query"] for row in rows] == ["detention", "opt out"]
    empty = alice.post("/batch", data={"csrf_token": token, "terms_text": " \n "})
    assert empty.status_code == 400
    assert "Choose a terms file or paste some queries" in empty.get_data(as_text=True)

    small = new_app(tools_home, BATCH_MAX_BYTES=4096)
    client = tools_client(small)
    big = client.post(
        "/batch",
        data={
            "csrf_token": token_from(client, "/batch"),
            "terms": (io.BytesIO(b"detention\n" * 1000), "big.txt"),
        },
        content_type="multipart/form-data",
    )
    assert big.status_code == 413
    assert "too large: at most 4 KB here" in big.get_data(as_text=True)


def test_ten_thousand_lines(alice: FlaskClient) -> None:
    words = ["detention", "sheriff", "fingerprints", "county", "custody", "opt out"]
    lines = [f"q{n}\t{words[n % len(words)]} {n % 7}" for n in range(10_000)]
    lines.append("one\ttoo many")
    html = alice.get(upload(alice, "\n".join(lines).encode())).get_data(as_text=True)
    assert "10,000 queries" in html
    assert re.search(r"<strong>Line 10001</strong>: not run: only the first 10,000 queries", html)
    assert len(summary_rows(html)) == 10_000


def test_a_batch_belongs_to_its_sender(app: Flask, alice: FlaskClient) -> None:
    page = upload(alice, b"detention\n")
    bob = tools_client(app, "bob")
    for url in (page, f"{page}/rows.csv", f"{page}/rows.json"):
        assert bob.get(url).status_code == 404
    assert alice.get(f"{page}/rows.xml").status_code == 404
    assert alice.get("/batch/../../secret_key").status_code == 404
    assert alice.get("/batch/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404


def test_the_batch_api(alice: FlaskClient) -> None:
    token = token_from(alice, "/batch")
    headers = {"X-CSRFToken": token}
    by_json = alice.post(
        "/api/batch", json={"queries": ["detention", "label\tsheriff*"]}, headers=headers
    )
    assert by_json.status_code == 200 and by_json.mimetype == "application/json"
    data = by_json.get_json()
    assert [(q["label"], q["query"]) for q in data["queries"]] == [
        ("", "detention"),
        ("label", "sheriff*"),
    ]
    assert all(len(q["rows"]) == q["total_pages"] for q in data["queries"])
    description = alice.get("/api/openapi.json").get_json()
    validator_for(description, "BatchReport").validate(data)
    assert data["queries"][0]["rows"][0]["url"].startswith("http://localhost/doc/")

    as_text = alice.post(
        "/api/batch",
        data=TERMS,
        headers={**headers, "Content-Type": "text/plain; charset=windows-1252"},
    ).get_json()
    assert [p["line"] for p in as_text["problems"] if p["kind"] == "error"] == [5, 8]
    assert as_text["encoding"] == "utf-8, some lines cp1252"

    as_csv = alice.post("/api/batch?format=csv", json={"terms": "detention\n"}, headers=headers)
    assert as_csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "Content-Disposition" not in as_csv.headers
    assert next(csv.reader(io.StringIO(as_csv.get_data(as_text=True)))) == list(CSV_COLUMNS)
    form = alice.post(
        "/api/batch",
        data={"csrf_token": token, "terms": (io.BytesIO(b"detention"), "t.txt")},
        content_type="multipart/form-data",
    )
    assert form.get_json()["queries"][0]["query"] == "detention"

    for body, query in (({"terms": ""}, ""), ({"nothing": 1}, ""), ({"terms": "x"}, "?format=xml")):
        refused = alice.post(f"/api/batch{query}", json=body, headers=headers)
        assert refused.status_code == 400 and refused.get_json()["error"]

"""The productions pages through the Flask test client: list, report, downloads read back,
the redactions list with its filters, the JSON against the OpenAPI description, the menu
link, the production facet and the releases on the timeline."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from tests.productions.report_corpus import RELEASE
from webui import create_app

ICE = "ice-foia-2019-0412-interim-1"


@pytest.fixture
def report_client(report_home: Path) -> FlaskClient:
    return create_app({"TESTING": True, "FOIA_HOME": str(report_home)}).test_client()


@pytest.fixture
def redaction_client(redaction_home: tuple[Path, list]) -> FlaskClient:  # type: ignore[type-arg]
    return create_app({"TESTING": True, "FOIA_HOME": str(redaction_home[0])}).test_client()


def validator(client: FlaskClient, name: str) -> Draft202012Validator:
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
    )


def test_the_menu_links_to_the_productions_list(report_client: FlaskClient) -> None:
    home = report_client.get("/").get_data(as_text=True)
    assert re.search(r'<nav class="site-nav".*href="/productions">Productions</a>', home, re.S)
    page = report_client.get("/productions").get_data(as_text=True)
    assert f'href="/productions/{ICE}">{RELEASE}</a>' in page
    assert "CBP (boxes)" in page and "DOJ-OIP (boxes)" in page
    assert "1 documents belong to no production" in page


def test_the_report_page(report_client: FlaskClient) -> None:
    response = report_client.get(f"/productions/{ICE}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bates gaps (2)" in page and "missing, no slip sheet" in page
    assert re.search(
        r"withheld in full \(slip sheet on <a href=\"/doc/[0-9a-f]{16}/p/1\">page 1</a>,"
        r" ICE-000004\)",
        page,
    )
    assert "Duplicate pages within the release (1)" in page
    assert page.count('class="row-cite"') >= 4 + 2 + 1  # documents, gaps, duplicates
    assert 'href="/search?production=ICE+FOIA+2019-0412+interim+1"' in page
    assert report_client.get("/productions/no-such-release").status_code == 404
    assert report_client.get(f"/productions/{ICE}/report.exe").status_code == 404


def test_the_downloads_read_back(report_client: FlaskClient) -> None:
    xlsx = report_client.get(f"/productions/{ICE}/report.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["Content-Disposition"] == f'attachment; filename="production-{ICE}.xlsx"'
    workbook = load_workbook(io.BytesIO(xlsx.data), read_only=True)
    gaps = list(workbook["Bates gaps"].iter_rows(values_only=True))
    assert [row[1] for row in gaps[1:]] == ["ICE-000005", "ICE-000009"]
    text = report_client.get(f"/productions/{ICE}/report.csv").get_data(as_text=True)
    assert text.startswith("# Summary\nfield,value\n")
    markdown = report_client.get(f"/productions/{ICE}/report.md").get_data(as_text=True)
    assert "## Bates gaps" in markdown


def test_the_json_matches_the_openapi_description(report_client: FlaskClient) -> None:
    listed = report_client.get("/api/productions").get_json()
    validator(report_client, "Productions").validate(listed)
    report = report_client.get(f"/api/productions/{ICE}").get_json()
    validator(report_client, "ProductionReport").validate(report)
    assert report["gaps"][1]["shown_status"] == "missing, no slip sheet"
    missing = report_client.get("/api/productions/nope")
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_the_redactions_page_and_its_filters(redaction_client: FlaskClient) -> None:
    every = redaction_client.get("/api/redactions").get_json()
    validator(redaction_client, "Redactions").validate(every)
    assert every["total"] > 20
    page = redaction_client.get("/redactions").get_data(as_text=True)
    assert f"{every['total']} inconsistent redactions" in page
    assert page.count('href="/compare/') == every["total"]
    only = redaction_client.get("/redactions?exemption=b7c&production=cbp-foia-2020-0077")
    rows = redaction_client.get(
        "/redactions?exemption=b7c&production=cbp-foia-2020-0077&format=csv"
    )
    table = list(csv.DictReader(io.StringIO(rows.get_data(as_text=True))))
    assert table and all("b7c" in r["exemptions_a"] + r["exemptions_b"] for r in table)
    assert all("CBP FOIA 2020-0077" in (r["release_a"], r["release_b"]) for r in table)
    assert f"{len(table)} inconsistent redaction" in only.get_data(as_text=True)
    assert redaction_client.get("/redactions?exemption=b12").status_code == 400
    assert redaction_client.get("/redactions?format=exe").status_code == 400


def test_search_facet_and_filter_by_production(report_client: FlaskClient) -> None:
    page = report_client.get("/search?q=border+OR+policy").get_data(as_text=True)
    assert 'id="facet-production">Production</h2>' in page
    limited = report_client.get("/api/search?q=border+OR+policy&production=cbp-boxes").get_json()
    assert limited["total_documents"] == 2
    assert limited["facets"]["production"] == {"CBP (boxes)": 2}


def test_the_timeline_shows_releases(report_client: FlaskClient) -> None:
    page = report_client.get("/search?q=detention").get_data(as_text=True)
    assert "Show releases" in page and 'class="release-mark"' not in page
    shown = report_client.get("/search?q=detention&releases=1").get_data(as_text=True)
    assert "Hide releases" in shown
    assert re.search(r'class="release-mark"\s+aria-label="Released 2019-06-01: ' + RELEASE, shown)

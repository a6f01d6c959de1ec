"""The JSON API: exactly the library's JSON, errors as JSON, and an OpenAPI description."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from indexer.engines import open_engine
from indexer.reading.documents import document_json
from indexer.search.engine import Engine
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store
from indexer.store.shown_paths import ingest_roots, public_paths
from tests.conftest import DOCUMENT_KEYS
from tests.webui.conftest import new_app


@pytest.fixture()
def stores(web_home: Path) -> Iterator[tuple[Engine, Store]]:
    store = Store(web_home)
    yield open_engine(web_home), store
    store.close()


@pytest.mark.parametrize(
    ("url", "request_"),
    [
        ("/api/search?q=ICE", SearchRequest("ICE")),
        ("/api/search?q=%22opt+out%22", SearchRequest('"opt out"')),
        (
            "/api/search?q=the&type=data+table&sort=-date&limit=1&offset=1",
            SearchRequest("the", filters={"type": "data table"}, sort="-date", limit=1, offset=1),
        ),
        (
            "/api/search?q=the&from=2015&to=2017-12&sort=date",
            SearchRequest("the", date_from="2015", date_to="2017-12", sort="date"),
        ),
        ("/api/search?q=the&limit=2&page=2", SearchRequest("the", limit=2, offset=2)),
        ("/api/search?q=ICE+AND+(", SearchRequest("ICE AND (")),
        ("/api/search?q=the&limit=500", SearchRequest("the", limit=100)),
    ],
)
def test_search_returns_exactly_the_library_json(
    client: FlaskClient, stores: tuple[Engine, Store], url: str, request_: SearchRequest
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    # as `foia search --json` prints it: paths relative to the ingested folder (issue 14)
    expected = public_paths(search(*stores, request_).to_json(), ingest_roots(stores[1]))
    got = response.get_json()
    # The staff layer (issue 4) adds the `tag` facet of DESIGN.md's contract; this fixture
    # has no tags, so it is empty when present. Everything else is the library's JSON.
    if "tag" in got["facets"] and "tag" not in expected["facets"]:
        assert got["facets"]["tag"] == {}
        expected["facets"]["tag"] = {}
    # Productions (issue 16) add the `production` facet. Every production of this fixture is
    # named by its manifest `release` (no record carries a Bates stamp): the release facet.
    if "production" in got["facets"] and "production" not in expected["facets"]:
        assert got["facets"]["production"] == expected["facets"]["release"]
        expected["facets"]["production"] = expected["facets"]["release"]
    assert got == expected
    assert list(got) == list(expected)  # same key order as the CLI


def test_search_json_has_the_documented_fields(client: FlaskClient) -> None:
    data = client.get("/api/search?q=ICE").get_json()
    assert data["total_documents"] == 3
    first = data["documents"][0]
    assert set(first) >= DOCUMENT_KEYS
    page = first["pages"][0]
    assert page["url"] == f"/doc/{first['doc_id']}/p/{page['page']}"
    assert "<mark>" in page["snippet"]
    assert {"type", "year", "source", "exemption"} <= set(data["facets"])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/search?q=the&limit=ten", "whole number"),
        ("/api/search?q=the&offset=1e3", "whole number"),
        ("/api/search?q=the&from=last+week", "is not a date"),
        ("/api/search?q=the&sort=best", "Sort by"),
    ],
)
def test_search_errors_are_json_400(client: FlaskClient, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.is_json
    assert message in response.get_json()["error"]


def test_document_and_page_return_exactly_the_show_json(
    client: FlaskClient, stores: tuple[Engine, Store], doc_ids: dict[str, str]
) -> None:
    _, store = stores
    finney = doc_ids["finney.pdf"]
    whole = client.get(f"/api/documents/{finney}")
    assert whole.status_code == 200
    roots = ingest_roots(store)  # paths as `foia show --json` prints them (issue 14)
    assert whole.get_json() == public_paths(document_json(store, finney), roots)
    assert len(whole.get_json()["pages"]) == 12
    page = client.get(f"/api/documents/{finney}/pages/3")
    assert page.get_json() == public_paths(document_json(store, finney, 3), roots)
    assert [p["page"] for p in page.get_json()["pages"]] == [3]


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/0123456789abcdef",
        "/api/documents/../../etc/passwd",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/XYZ",
        "/api/documents/0123456789abcdef/pages/1",
    ],
)
def test_unknown_documents_are_json_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert "error" in response.get_json()


def test_unknown_pages_are_json_404(client: FlaskClient, doc_ids: dict[str, str]) -> None:
    finney = doc_ids["finney.pdf"]
    for page in (0, 13, 10**30):
        response = client.get(f"/api/documents/{finney}/pages/{page}")
        assert response.status_code == 404
        assert response.is_json


def openapi(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    data: dict[str, Any] = response.get_json()
    return data


def validator_for(description: dict[str, Any], schema_name: str) -> Draft202012Validator:
    schema = {
        "$ref": f"#/components/schemas/{schema_name}",
        "components": description["components"],
    }
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_openapi_describes_every_route(client: FlaskClient) -> None:
    description = openapi(client)
    assert description["openapi"] == "3.1.0"
    assert {
        "/api/search",
        "/api/documents/{doc_id}",
        "/api/documents/{doc_id}/pages/{page}",
        "/api/documents/{doc_id}/similar",
        "/api/find-quote",
        "/api/batch",
        "/api/batch/{batch_id}",
        "/api/documents/{doc_id}/meta",
        "/api/ingest",
        "/api/ingest/{intake_id}",
        "/api/cite",
        "/api/productions",
        "/api/productions/{production_id}",
        "/api/redactions",
        "/api/notes",
    } <= set(description["paths"])
    names = {p["name"] for p in description["paths"]["/api/search"]["get"]["parameters"]}
    assert {
        "q",
        "type",
        "year",
        "source",
        "release",
        "exemption",
        "from",
        "to",
        "sort",
        "limit",
        "offset",
        "page",
    } <= names
    assert description["servers"] == [{"url": "http://localhost"}]


def test_responses_validate_against_the_openapi_schemas(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    description = openapi(client)
    finney = doc_ids["finney.pdf"]
    validator_for(description, "SearchResult").validate(client.get("/api/search?q=ICE").get_json())
    validator_for(description, "Document").validate(
        client.get(f"/api/documents/{finney}").get_json()
    )
    validator_for(description, "Document").validate(
        client.get(f"/api/documents/{finney}/pages/2").get_json()
    )
    validator_for(description, "Error").validate(
        client.get("/api/documents/0123456789abcdef").get_json()
    )
    broken = client.get("/api/search?q=ICE").get_json()
    broken["documents"][0]["doc_id"] = "../etc"
    assert not validator_for(description, "SearchResult").is_valid(broken)


# The routes under /api/ that are not JSON data routes: the description itself, and the
# catch-all that answers an unknown API path with a JSON 404.
NOT_DESCRIBED = {"api.api_description", "api.api_unknown"}


def _openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: `<int64:tag_id>` -> `{tag_id}`."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_every_json_route_of_the_url_map_is_described(app: Flask, client: FlaskClient) -> None:
    """Issue 14, defect 9: /api/cite was missing. Every route under /api/ of the app's URL
    map, each of its methods, is in the OpenAPI description, with a summary and responses."""
    paths = openapi(client)["paths"]
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint in NOT_DESCRIBED:
            continue
        path = _openapi_path(rule.rule)
        assert path in paths, f"{rule.rule} ({rule.endpoint}) is not in /api/openapi.json"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = paths[path].get(method.lower())
            assert operation is not None, f"{method} {path} is not described"
            assert operation["summary"] and operation["responses"], f"{method} {path}"
            checked += 1
    assert checked >= 15  # search, documents, tools, batch, tags, notes, history, cite, me


def test_annotation_routes_answer_as_described(
    client: FlaskClient, web_home: Path, tmp_path: Path
) -> None:
    description = openapi(client)
    # Tags are private by default: an anonymous visitor gets the error the description names.
    validator_for(description, "Error").validate(client.get("/api/tags").get_json())
    client = new_app(web_home, PUBLIC_TAGS=True, PAGE_CACHE_DIR=str(tmp_path)).test_client()
    validator_for(description, "Me").validate(client.get("/api/me").get_json())
    validator_for(description, "TagList").validate(client.get("/api/tags").get_json())
    validator_for(description, "LabelList").validate(client.get("/api/tags/labels").get_json())
    cite = description["paths"]["/api/cite"]["get"]
    assert {p["name"] for p in cite["parameters"]} >= {"tag", "doc", "page", "q", "format"}

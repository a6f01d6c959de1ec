"""The case facet and filter in the web page and the JSON, over records with dockets."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import ingest_home, write_docs
from tests.webui.conftest import new_app

RECORDS = {
    "eoir-order.txt": "IMMIGRATION DOCKET ORDER\nCivil Action No. 18-2207 (KBJ)\n"
    "The asylum records shall be produced.\n"
    "\fThe asylum index follows.\n",
    "tacoma-habeas.txt": "Case 3:20-cv-05319-RJB Document 41 Filed 06/01/20 Page 1 of 9\n"
    "ORDER on the asylum seekers' habeas petitions.\n",
    "plea.txt": "UNITED STATES v. LARA\n19 Cr. 388 (VEC)\nThe asylum claim is not a defense.\n",
    "letter.txt": "Acknowledging FOIA Request No. 18-2207 about asylum files.\n",
}


@pytest.fixture(scope="module")
def docket_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    folder = write_docs(tmp_path_factory.mktemp("dockets"), RECORDS)
    home = tmp_path_factory.mktemp("dockets-home")
    report = ingest_home(home, folder)
    assert not report.failed
    app = new_app(home, PAGE_CACHE_DIR=str(tmp_path_factory.mktemp("page-cache")))
    with app.test_client() as client:
        yield client


def _names(data: dict) -> set[str]:  # type: ignore[type-arg]
    return {Path(doc["path"]).name for doc in data["documents"]}


def test_the_json_has_the_case_facet(docket_client: FlaskClient) -> None:
    data = docket_client.get("/api/search?q=asylum").get_json()
    assert data["facets"]["case"] == {"18-cv-2207": 1, "19-cr-388": 1, "20-cv-5319": 1}
    assert _names(data) == set(RECORDS)


@pytest.mark.parametrize(
    ("case", "names"),
    [
        ("18-cv-2207", {"eoir-order.txt"}),
        ("1:18-cv-02207", {"eoir-order.txt"}),
        ("18-2207", {"eoir-order.txt"}),
        ("19-cr-388", {"plea.txt"}),
        ("19-cv-388", set()),
        ("20 Civ. 5319", {"tacoma-habeas.txt"}),
    ],
)
def test_the_case_filter_in_the_json(
    docket_client: FlaskClient, case: str, names: set[str]
) -> None:
    data = docket_client.get("/api/search", query_string={"q": "asylum", "case": case}).get_json()
    assert _names(data) == names
    assert data["filters"] == {"case": case}


def test_a_filter_that_is_no_docket_says_so(docket_client: FlaskClient) -> None:
    response = docket_client.get("/api/search", query_string={"q": "asylum", "case": "junk"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["documents"] == []
    assert "'junk' is not a docket number" in data["notice"]


def test_the_page_shows_the_case_facet_with_links_that_filter(docket_client: FlaskClient) -> None:
    page = docket_client.get("/search?q=asylum").get_data(as_text=True)
    titles = {name: html.escape(text.split("\n")[0]) for name, text in RECORDS.items()}
    assert all(title in page for title in titles.values())
    facet = re.search(
        r'<section class="facet" aria-labelledby="facet-case">(.*?)</section>', page, re.S
    )
    assert facet is not None
    assert '<h2 id="facet-case">Case</h2>' in facet.group(1)
    links = re.findall(
        r'href="([^"]+)"[^>]*>\s*<span class="facet-label">([^<]+)</span>', facet.group(1)
    )
    assert sorted(label for _, label in links) == ["18-cv-2207", "19-cr-388", "20-cv-5319"]
    url = html.unescape(dict((label, href) for href, label in links)["19-cr-388"])
    assert "case=19-cr-388" in url
    filtered = docket_client.get(url).get_data(as_text=True)
    assert [name for name, title in titles.items() if title in filtered] == ["plea.txt"]
    assert "Remove filter Case: 19-cr-388" in filtered


def test_a_plain_query_in_another_style_finds_the_docket_on_the_page(
    docket_client: FlaskClient,
) -> None:
    data = docket_client.get("/api/search", query_string={"q": "1:18-cv-02207"}).get_json()
    assert _names(data) == {"eoir-order.txt"}
    assert [page["page"] for page in data["documents"][0]["pages"]] == [1]
    data = docket_client.get("/api/search", query_string={"q": "case:18-2207"}).get_json()
    assert _names(data) == {"eoir-order.txt"}  # not the FOIA request of the same number

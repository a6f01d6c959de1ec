"""Issue 14 (defects 2, 12, 17): what a new user meets: the sign-in page while no account
exists, the app's own 404 for a page address that is no number, search addresses without empty
fields, readable <time> timestamps, and counts in the singular."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from indexer.store.annotations import add_note
from indexer.store.database import Store
from indexer.store.users import get_user
from tests.conftest import ingest_home, write_docs
from tests.webui.conftest import new_app
from tests.webui.test_auth import sign_in

BAD_PAGE_NUMBERS = ("abc", "1.5", "-", "%20", "1e3", "page-2", "0x10")


def test_the_sign_in_page_says_how_the_first_account_is_made(
    web_home: Path, staff_home: Path, tmp_path: Path
) -> None:
    empty = new_app(tmp_path / "new-home").test_client().get("/sign-in").get_data(as_text=True)
    assert 'id="no-accounts"' in empty and "make user NAME=" in empty and "foia user add" in empty
    with_accounts = new_app(staff_home).test_client().get("/sign-in").get_data(as_text=True)
    assert 'id="no-accounts"' not in with_accounts


@pytest.mark.parametrize("typed", BAD_PAGE_NUMBERS)
def test_a_page_address_that_is_no_number_gets_the_apps_own_404(
    client: FlaskClient, doc_ids: dict[str, str], typed: str
) -> None:
    doc_id = doc_ids["finney.pdf"]
    response = client.get(f"/doc/{doc_id}/p/{typed}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "If you entered the URL manually" not in body  # werkzeug's words
    assert 'class="error-page"' in body and "is not a page number" in body
    assert f"/doc/{doc_id}/p/1" in body
    other = client.get("/no/such/place").get_data(as_text=True)
    assert "There is nothing at this address." in other


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("q=ICE&from=&to=&sort=relevance", "q=ICE"),
        ("q=ICE&from=2010&to=&sort=-date", "q=ICE&from=2010&sort=-date"),
        ("q=ICE&type=memo&exact=&page=", "q=ICE&type=memo"),
        ("q=&from=&to=", ""),
    ],
)
def test_search_addresses_carry_no_empty_fields(client: FlaskClient, sent: str, kept: str) -> None:
    response = client.get(f"/search?{sent}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/search" + (f"?{kept}" if kept else "")
    assert client.get(f"/search?{kept}").status_code == 200  # a tidy address stays


def test_timestamps_are_readable_with_iso_in_a_time_element(
    staff_home: Path, doc_ids: dict[str, str], tmp_path: Path
) -> None:
    store = Store(staff_home)
    try:
        alice = get_user(store, "alice")
        assert alice is not None
        add_note(store, alice, doc_ids["finney.pdf"], 1, "a note to date")
    finally:
        store.close()
    web = new_app(staff_home, PAGE_CACHE_DIR=str(tmp_path / "pages")).test_client()
    assert sign_in(web, "alice") == 303
    web.post("/saved", data={"name": "dated", "q": "ICE", "csrf_token": _token(web)})
    pages = {
        "note": f"/doc/{doc_ids['finney.pdf']}/p/1",
        "history": "/history",
        "saved searches": "/saved",
    }
    for where, url in pages.items():
        body = web.get(url).get_data(as_text=True)
        stamps = re.findall(r'<time datetime="([^"]+)" class="timestamp">([^<]+)</time>', body)
        assert stamps, where
        for iso, shown in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", iso), (where, iso)
            assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", shown), shown
        assert not re.search(r">\s*\d{4}-\d\d-\d\dT\d\d:\d\d", body), where  # no raw ISO text


def test_one_document_of_one_page_is_counted_in_the_singular(tmp_path: Path) -> None:
    records = write_docs(tmp_path / "records", {"only.txt": "A single memo about detainers."})
    ingest_home(tmp_path / "home", records)
    web = new_app(tmp_path / "home").test_client()
    for url in ("/", "/search?q=detainers", "/search?q=detainers&from=2000"):
        body = web.get(url, follow_redirects=True).get_data(as_text=True)
        text = re.sub(r"<[^>]+>", " ", body)
        assert not re.search(r"\b1 (documents|pages|matches)\b", text), (url, text[:400])
    assert re.search(r"1 document,\s+1 page", web.get("/").get_data(as_text=True))


def _token(web: FlaskClient) -> str:
    body = web.get("/saved").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert found is not None
    return found[1]

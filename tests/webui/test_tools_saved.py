"""Saved searches on the web: saved from the results page with their filters, "N new since you
last looked" after another ingest, opening one marks it seen, rename and delete, owners only,
and the Atom feed with its secret token, parsed back."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.tools.alerts import ATOM_NAMESPACE
from tests.conftest import Home, write_docs
from tests.webui.conftest import tools_client
from tests.webui.test_auth import token_from
from tests.webui.test_tools_quotes import assert_clean_page
from tests.webui.tools_copy import copied_app, copied_home, signed_in_alice  # noqa: F401 (fixtures)

ATOM = f"{{{ATOM_NAMESPACE}}}"
LATER = {
    "detention-report.txt": "Detention of families was reviewed at the county jail.",
    "detention-memo.txt": "MEMORANDUM on the detention standards for county jails.",
    "budget.txt": "The interoperability budget was approved.",
}
LATER_MANIFEST = (
    "path,type,date\ndetention-report.txt,report,2021-03-01\ndetention-memo.txt,memo,2021-04-02\n"
)
LAST = {"detention-again.txt": "A later report on detention at the border."}
LAST_MANIFEST = "path,type\ndetention-again.txt,report\n"


def ingest(home: Path, folder: Path, docs: dict[str, str], manifest: str) -> None:
    write_docs(folder, docs)
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    opened = Home(home)
    try:
        assert opened.ingest(folder).added == len(docs)
    finally:
        opened.close()


def save(client: FlaskClient, name: str, search_url: str) -> int:
    """Save the search of the results page at `search_url` with its own form."""
    page = client.get(search_url).get_data(as_text=True)
    form = re.search(r'<form class="tag-form save-search"(.*?)</form>', page, re.S)
    assert form, "no save form"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[1]))
    response = client.post("/saved", data={**fields, "name": name})
    assert response.status_code == 303, response.get_data(as_text=True)
    found = re.search(r"/saved#saved-(\d+)$", response.headers["Location"])
    assert found
    return int(found[1])


def new_count(client: FlaskClient, saved_id: int) -> int:
    html = client.get("/saved").get_data(as_text=True)
    item = re.search(rf'<li class="saved-item" id="saved-{saved_id}">(.*?)</li>', html, re.S)
    assert item
    count = re.search(r"([\d,]+) new since you last looked", item[1])
    assert count
    return int(count[1].replace(",", ""))


def feed_address(client: FlaskClient, saved_id: int) -> str:
    html = client.get(f"/saved/{saved_id}").get_data(as_text=True)
    found = re.search(
        r'id="feed-url" class="permalink feed-url" type="text" readonly value="([^"]+)"', html
    )
    assert found
    return found[1].replace("&amp;", "&")


def test_only_signed_in_staff_see_and_use_the_save_form(app: Flask) -> None:
    anonymous = app.test_client()
    assert "Save this search" not in anonymous.get("/search?q=detention").get_data(as_text=True)
    assert anonymous.get("/saved").status_code == 302
    assert anonymous.post("/saved", data={"q": "x", "name": "x"}).status_code == 400  # CSRF
    viewer = tools_client(app, "vic")
    assert "Save this search" not in viewer.get("/search?q=detention").get_data(as_text=True)
    form = {"csrf_token": token_from(viewer, "/"), "q": "detention", "name": "mine"}
    assert viewer.post("/saved", data=form).status_code == 403
    assert viewer.get("/saved").status_code == 403
    staff = tools_client(app)
    assert "Save this search" not in staff.get("/").get_data(as_text=True)  # no search yet
    results = staff.get("/search?q=detention").get_data(as_text=True)
    assert "Save this search" in results and 'href="/saved">Saved searches</a>' in results
    assert staff.post("/saved", data={"q": "detention", "name": "x"}).status_code == 400


def test_save_with_filters_then_new_since_last_looked(home: Path, alice: FlaskClient) -> None:
    saved_id = save(alice, "Detention memos", "/search?q=detention&type=memo&from=2000")
    listing = alice.get("/saved").get_data(as_text=True)
    assert "Detention memos" in listing and "0 new since you last looked" in listing
    assert_clean_page(listing)
    assert_clean_page(alice.get("/search?q=detention").get_data(as_text=True))
    link = re.search(r'<a href="(/search\?[^"]+)">Run the search</a>', listing)
    assert link
    args = parse_qs(urlsplit(link[1].replace("&amp;", "&")).query)
    assert args == {"q": ["detention"], "type": ["memo"], "from": ["2000"]}

    ingest(home, home.parent / "later", LATER, LATER_MANIFEST)
    assert new_count(alice, saved_id) == 1  # the memo; the report is not type:memo
    opened = alice.get(f"/saved/{saved_id}").get_data(as_text=True)
    assert "1 new document since you last looked" in opened
    assert "MEMORANDUM on the detention standards" in opened
    assert "Detention of families" not in opened and "<mark>detention</mark>" in opened
    assert_clean_page(opened)
    # Opening it marked it seen: nothing is new any more, and nothing is shown twice.
    assert new_count(alice, saved_id) == 0
    assert "Nothing new since you last looked" in alice.get(f"/saved/{saved_id}").get_data(
        as_text=True
    )


def test_alerts_do_not_repeat_what_was_seen(home: Path, alice: FlaskClient) -> None:
    saved_id = save(alice, "Detention", "/search?q=detention")
    ingest(home, home.parent / "later", LATER, LATER_MANIFEST)
    assert new_count(alice, saved_id) == 2
    first = alice.get(f"/saved/{saved_id}").get_data(as_text=True)
    assert "Detention of families" in first and "MEMORANDUM on the detention" in first
    ingest(home, home.parent / "last", LAST, LAST_MANIFEST)
    assert new_count(alice, saved_id) == 1
    second = alice.get(f"/saved/{saved_id}").get_data(as_text=True)
    assert "A later report on <mark>detention</mark>" in second
    assert "Detention of families" not in second and "MEMORANDUM on the detention" not in second


def test_the_atom_feed_needs_its_token(home: Path, app: Flask, alice: FlaskClient) -> None:
    saved_id = save(alice, "Detention", "/search?q=detention")
    ingest(home, home.parent / "later", LATER, LATER_MANIFEST)
    address = feed_address(alice, saved_id)
    parts = urlsplit(address)
    assert parts.path == f"/saved/{saved_id}/feed.atom" and address.startswith("http://localhost/")
    token = parse_qs(parts.query)["token"][0]
    assert len(token) >= 30
    assert address in alice.get("/saved").get_data(as_text=True).replace("&amp;", "&")

    reader = app.test_client()  # a feed reader: no session
    response = reader.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "private" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    assert token not in body
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title", "").startswith("Detention")
    entries = feed.findall(f"{ATOM}entry")
    # Newest first: the two records of the last ingest, then the older matches.
    titles = [entry.findtext(f"{ATOM}title", "") for entry in entries]
    assert set(titles[:2]) == {
        "Detention of families was reviewed at the county jail.",
        "MEMORANDUM on the detention standards for county jails.",
    }
    assert "The interoperability budget was approved." not in titles
    updated = [entry.findtext(f"{ATOM}updated", "") for entry in entries]
    assert updated == sorted(updated, reverse=True) and len(entries) > 2
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None and re.fullmatch(
            r"http://localhost/doc/[0-9a-f]{16}/p/\d+", link.get("href", "")
        )
        assert "<mark>" in entry.findtext(f"{ATOM}summary", "")

    for wrong in ("", "?token=", "?token=not-the-token", f"?token={token}x"):
        refused = reader.get(f"{parts.path}{wrong}")
        assert refused.status_code == 404 and "Detention" not in refused.get_data(as_text=True)
    assert reader.get(f"/saved/{saved_id + 1}/feed.atom?{parts.query}").status_code == 404

    # A new token: the old address stops working, the new one is shown and works.
    reset = alice.post(f"/saved/{saved_id}/token", data={"csrf_token": token_from(alice, "/saved")})
    assert reset.status_code == 303
    assert reader.get(f"{parts.path}?{parts.query}").status_code == 404
    renewed = urlsplit(feed_address(alice, saved_id))
    assert renewed.query != parts.query
    assert reader.get(f"{renewed.path}?{renewed.query}").status_code == 200


def test_rename_and_delete_by_the_owner_only(app: Flask, alice: FlaskClient) -> None:
    saved_id = save(alice, "Detention", "/search?q=detention")
    other_id = save(alice, "Opt out", "/search?q=%22opt+out%22")
    token = token_from(alice, "/saved")
    bob = tools_client(app, "bob")
    bob_token = token_from(bob, "/")
    assert bob.get(f"/saved/{saved_id}").status_code == 404
    for action in ("rename", "delete", "token"):
        data = {"csrf_token": bob_token, "name": "mine now"}
        assert bob.post(f"/saved/{saved_id}/{action}", data=data).status_code == 404
    assert "Detention" not in bob.get("/saved").get_data(as_text=True)

    renamed = alice.post(
        f"/saved/{saved_id}/rename", data={"csrf_token": token, "name": "Detention, all"}
    )
    assert renamed.status_code == 303
    assert renamed.headers["Location"].endswith(f"/saved#saved-{saved_id}")
    assert "Detention, all" in alice.get("/saved").get_data(as_text=True)
    taken = alice.post(f"/saved/{saved_id}/rename", data={"csrf_token": token, "name": "opt OUT"})
    assert taken.status_code == 400
    assert "has a saved search named" in taken.get_data(as_text=True)
    duplicate = alice.post(
        "/saved", data={"csrf_token": token, "q": "detention", "name": "Detention, all"}
    )
    assert duplicate.status_code == 400

    deleted = alice.post(f"/saved/{saved_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303
    listing = alice.get("/saved").get_data(as_text=True)
    assert "Detention, all" not in listing and f'id="saved-{other_id}"' in listing
    assert alice.get(f"/saved/{saved_id}").status_code == 404
    without_token = alice.post(f"/saved/{other_id}/delete", data={})
    assert without_token.status_code == 400
    assert f'id="saved-{other_id}"' in alice.get("/saved").get_data(as_text=True)


@pytest.mark.parametrize(
    "search_url",
    [
        "/search?q=detention&type=memo&from=2000",
        "/search?q=detention+AND+county&from=2021-01&to=2021-12",
        "/search?type=report",
    ],
)
def test_the_feed_links_to_the_search_with_its_filters(
    home: Path, app: Flask, alice: FlaskClient, search_url: str
) -> None:
    """Issue 14, defect 8: the feed's alternate link dropped the saved filters and dates, so
    a feed reader's "open" ran another search. It is the saved search's own URL, and what it
    finds there is what the saved search finds."""
    saved_id = save(alice, "Filtered", search_url)
    ingest(home, home.parent / "later", LATER, LATER_MANIFEST)
    parts = urlsplit(feed_address(alice, saved_id))
    feed = ElementTree.fromstring(app.test_client().get(f"{parts.path}?{parts.query}").data)
    link = feed.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None
    target = urlsplit(link.get("href", ""))
    assert target.path == "/search"
    assert parse_qs(target.query) == parse_qs(urlsplit(search_url).query)
    listing = alice.get("/saved").get_data(as_text=True)
    run = re.search(
        rf'id="saved-{saved_id}">.*?<a href="(/search\?[^"]+)">Run the search', listing, re.S
    )
    assert run and parse_qs(urlsplit(run[1].replace("&amp;", "&")).query) == parse_qs(target.query)

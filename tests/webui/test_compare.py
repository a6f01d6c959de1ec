"""Two releases of one record: one result with its copies, and a compare view of their text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import Home, write_docs
from webui import create_app

LETTER = (
    "From: Penney, Marc\nSent: Tuesday, May 11, 2010 9:14 AM\nTo: Rodriguez, Alma\n"
    "Subject: Arlington County request to opt out of Secure Communities\n\n"
    "Alma, the county board voted last week to ask whether it can decline to take part in "
    "Secure Communities once the state signs the memorandum of agreement. The fingerprints "
    "the sheriff submits at booking go to the FBI under the existing agreement, and the FBI "
    "shares them with DHS. The deputy sheriff, Laura Mendez, will receive the revised fact "
    "sheet this afternoon, and the field office will call the <b>board chair</b> on Thursday."
)


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FlaskClient, dict[str, str]]]:
    base = tmp_path_factory.mktemp("compare")
    folder = write_docs(
        base / "records",
        {
            "release-1.txt": LETTER,
            "release-2.txt": LETTER.replace("Laura Mendez", "(b)(6)"),
        },
    )
    home = Home(base / "home")
    assert home.ingest(folder).added == 2
    ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    home.close()
    app = create_app({"TESTING": True, "FOIA_HOME": str(base / "home")})
    yield app.test_client(), ids


def test_search_shows_one_release_with_its_copy(
    client: tuple[FlaskClient, dict[str, str]],
) -> None:
    web, ids = client
    page = web.get("/search?q=Arlington").get_data(as_text=True)
    assert "1 copy of this record" in page
    shown = web.get("/api/search?q=Arlington").get_json()["documents"]
    assert len(shown) == 1
    pair = {shown[0]["doc_id"], *shown[0]["duplicates"]}
    assert pair == {ids["release-1.txt"], ids["release-2.txt"]}
    assert f"/compare/{shown[0]['doc_id']}/{shown[0]['duplicates'][0]}" in page


def test_compare_view_names_what_one_release_redacts(
    client: tuple[FlaskClient, dict[str, str]],
) -> None:
    web, ids = client
    response = web.get(f"/compare/{ids['release-1.txt']}/{ids['release-2.txt']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # two columns, the exemption written beside the text (not only in a tooltip): issue 14
    assert '<table class="compare-columns">' in page and "Laura Mendez" in page
    notes = re.findall(r'<span class="exemption-note">([^<]*)</span>', page)
    assert "withheld in B: (b)(6) personal privacy" in notes
    assert "withheld here: (b)(6) personal privacy" in notes
    assert "<b>board chair</b>" not in page and "&lt;b&gt;board chair&lt;/b&gt;" in page
    merged = web.get(f"/compare/{ids['release-1.txt']}/{ids['release-2.txt']}?view=merged")
    text = merged.get_data(as_text=True)
    assert "<ins" in text and "compare-columns" not in text and 'aria-current="page">Merged' in text
    assert '<span class="exemption-note">withheld in B: (b)(6) personal privacy</span>' in text
    assert "<b>board chair</b>" not in text
    document = web.get(f"/doc/{ids['release-1.txt']}").get_data(as_text=True)
    assert "1 other release of this record" in document
    assert f"/compare/{ids['release-1.txt']}/{ids['release-2.txt']}" in document


def test_compare_unknown_or_malformed_documents_is_404(
    client: tuple[FlaskClient, dict[str, str]],
) -> None:
    web, ids = client
    assert web.get(f"/compare/{ids['release-1.txt']}/{'0' * 16}").status_code == 404
    assert web.get(f"/compare/{ids['release-1.txt']}/..%2F..%2Fetc").status_code == 404

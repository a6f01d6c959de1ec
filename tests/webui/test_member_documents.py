"""Documents inside archives and e-mails in the web app (issue 15): the original file and the
page images come from inside the archive, only for the bytes ingested; an e-mail's page lists
its attachments and an attachment's page says what it is attached to."""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest
from indexer.store.database import Store
from tests.indexer.intake.files import eml_bytes, pdf_bytes, write_zip

MEMO = pdf_bytes("Memorandum on the cedar facility.", "Second page: the cedar inspection.")
NOTES = b"Notes: the cedar budget.\n"
MAIL = eml_bytes(
    sender="Jane Roe <jane@example.gov>",
    to="desk@example.gov",
    subject="Cedar facility memo",
    date="Thu, 04 Mar 2021 10:15:00 -0500",
    text="The memo is attached.",
    attachments=[("memo.pdf", MEMO)],
)


@pytest.fixture()
def member_home(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    archive = write_zip(
        tmp_path / "release" / "production.zip",
        {"inner/memo.pdf": MEMO, "inner/notes.txt": NOTES, "mail/cedar.eml": MAIL},
    )
    home = tmp_path / "home"
    store = Store(home)
    try:
        report = Ingest(store, open_engine(home), workers=1, ocr="off").run([archive.parent])
        assert report.failed == []
        ids = {
            row["path"].split("production.zip!/")[1]: row["doc_id"]
            for row in store.list_documents()
        }
    finally:
        store.close()
    return home, archive, ids


def test_the_original_of_a_member_comes_from_inside_the_archive(
    member_home: tuple[Path, Path, dict[str, str]], make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    home, archive, ids = member_home
    client = make_app(home, PAGE_CACHE_DIR=str(tmp_path / "pages")).test_client()
    response = client.get(f"/doc/{ids['inner/memo.pdf']}/file")
    assert response.status_code == 200 and response.data == MEMO
    assert response.mimetype == "application/pdf"
    assert "filename=memo.pdf" in response.headers["Content-Disposition"]
    attachment = client.get(f"/doc/{ids['mail/cedar.eml!/memo.pdf']}/file")
    assert attachment.status_code == 200 and attachment.data == MEMO

    image = client.get(f"/doc/{ids['inner/memo.pdf']}/p/2/image.png")
    assert image.status_code == 200
    assert Image.open(io.BytesIO(image.data)).size[0] > 100

    page = client.get(f"/doc/{ids['inner/memo.pdf']}").get_data(as_text=True)
    assert "production.zip!/inner/memo.pdf" in html.unescape(page)
    assert str(tmp_path) not in html.unescape(page).split("<dt>File</dt>")[1][:300]


def test_a_changed_or_removed_member_is_never_served(
    member_home: tuple[Path, Path, dict[str, str]], make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    home, archive, ids = member_home
    client = make_app(home, PAGE_CACHE_DIR=str(tmp_path / "pages")).test_client()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("inner/memo.pdf", pdf_bytes("Another memo altogether."))
    assert client.get(f"/doc/{ids['inner/memo.pdf']}/file").status_code == 409
    assert client.get(f"/doc/{ids['inner/memo.pdf']}/p/1/image.png").status_code == 409
    assert client.get(f"/doc/{ids['inner/notes.txt']}/file").status_code == 404  # gone
    archive.unlink()
    assert client.get(f"/doc/{ids['inner/memo.pdf']}/file").status_code == 404
    body = client.get(f"/doc/{ids['inner/notes.txt']}").get_data(as_text=True)
    assert "cedar budget" in body  # the text stays readable


def test_email_pages_link_attachments_both_ways(
    member_home: tuple[Path, Path, dict[str, str]], make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    home, _archive, ids = member_home
    client = make_app(home, PAGE_CACHE_DIR=str(tmp_path / "pages")).test_client()
    mail, attachment = ids["mail/cedar.eml"], ids["mail/cedar.eml!/memo.pdf"]
    page = client.get(f"/doc/{mail}").get_data(as_text=True)
    attachments = page.split('class="attachments"')[1].split("</dd>")[0]
    assert f'href="/doc/{attachment}"' in attachments and "memo.pdf" in attachments
    page = client.get(f"/doc/{attachment}").get_data(as_text=True)
    attached = page.split('class="attached-to"')[1].split("</dd>")[0]
    assert f'href="/doc/{mail}"' in attached and "Cedar facility memo" in attached
    shown = client.get(f"/api/documents/{attachment}").get_json()
    assert shown["attached_to"] == mail
    assert client.get(f"/api/documents/{mail}").get_json()["attachments"] == [attachment]

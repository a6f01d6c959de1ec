"""E-mail files (issue 15): .eml built here with the stdlib and real Outlook .msg samples
(tests/data/msg, Apache-2.0) become documents of type `email` with their headers in from:,
to:, cc: and subject:, their date, their body (HTML through the HTML extractor), and their
attachments as documents of their own, linked both ways."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.reading.documents import document_json
from indexer.search.service import SearchRequest, search
from indexer.store.attachments import attached_to, attachments_of
from tests.conftest import Home
from tests.indexer.intake.files import MSG_DIR, eml_bytes, pdf_bytes, write_zip

REPORT_PDF = pdf_bytes("Inspection report: the sandalwood facility passed.", "Annex page.")
NOTES = b"Meeting notes: the tamarind budget was approved.\n"


def hits(home: Home, query: str) -> list[str]:
    result = search(home.engine, home.store, SearchRequest(query))
    return [document.path for document in result.documents]


def doc_id_of(home: Home, path: str) -> str:
    return next(row["doc_id"] for row in home.store.list_documents() if row["path"] == path)


@pytest.fixture
def mail_home(tmp_path: Path, home: Home) -> tuple[Home, Path]:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "review.eml").write_bytes(
        eml_bytes(
            sender="Jane Roe <jane.roe@ice.example.gov>",
            to="John Doe <john.doe@cbp.example.gov>, Mary Major <mary@example.gov>",
            cc="Ann Lee <ann.lee@example.gov>",
            subject="Quarterly detention review",
            date="Thu, 04 Mar 2021 10:15:00 -0500",
            text="Please see the attached inspection report before Friday.",
            html="<p>Please see the <b>attached</b> inspection report.</p>",
            attachments=[("report.pdf", REPORT_PDF), ("notes.txt", NOTES), ("report.pdf", NOTES)],
        )
    )
    (folder / "styled.eml").write_bytes(
        eml_bytes(
            sender="press@example.gov",
            to="desk@example.gov",
            subject="Statement on the juniper program",
            date="Mon, 07 Jun 2021 08:00:00 +0000",
            html="<html><head><style>.x{color:red}</style><script>var leak='SCRIPTLEAK';"
            "</script></head><body><h1>Juniper program</h1><p>The program ends in"
            " June.</p></body></html>",
        )
    )
    return home, folder


def test_an_eml_is_an_email_document_with_header_fields(mail_home: tuple[Home, Path]) -> None:
    home, folder = mail_home
    report = home.ingest(folder)
    assert report.failed == [] and report.added == 5
    review = str(folder / "review.eml")
    assert hits(home, "from:roe") == [review]
    assert hits(home, "to:major") == [review] and hits(home, "to:doe") == [review]
    assert hits(home, "cc:lee") == [review]
    assert hits(home, 'subject:"detention review"') == [review]
    shown = document_json(home.store, doc_id_of(home, review))
    assert shown is not None
    assert (shown["type"], shown["format"], shown["date"]) == ("email", "email", "2021-03-04")
    assert shown["title"] == "Quarterly detention review"
    assert "Please see the attached inspection report" in shown["pages"][0]["text"]


def test_an_html_body_goes_through_the_html_extractor(mail_home: tuple[Home, Path]) -> None:
    home, folder = mail_home
    home.ingest(folder)
    styled = str(folder / "styled.eml")
    assert hits(home, '"program ends in june"') == [styled]
    assert hits(home, "SCRIPTLEAK") == [] and hits(home, "color") == []
    shown = document_json(home.store, doc_id_of(home, styled))
    assert shown is not None and shown["date"] == "2021-06-07"


def test_attachments_are_documents_linked_both_ways(mail_home: tuple[Home, Path]) -> None:
    home, folder = mail_home
    home.ingest(folder)
    review = str(folder / "review.eml")
    message = doc_id_of(home, review)
    names = [item.path for item in attachments_of(home.store, message)]
    assert names == [f"{review}!/notes.txt", f"{review}!/report.pdf", f"{review}!/report~2.pdf"]
    assert hits(home, "sandalwood") == [f"{review}!/report.pdf"]
    report = doc_id_of(home, f"{review}!/report.pdf")
    linked = attached_to(home.store, report)
    assert linked is not None and linked.doc_id == message
    shown = document_json(home.store, message)
    assert shown is not None and report in shown["attachments"] and shown["attached_to"] is None
    assert (document_json(home.store, report) or {})["attached_to"] == message
    assert attachments_of(home.store, report) == []


def test_an_email_in_an_archive_keeps_its_attachments(tmp_path: Path, home: Home) -> None:
    mail = eml_bytes(
        sender="a@example.gov",
        to="b@example.gov",
        subject="Forwarded notes",
        date="Tue, 01 Feb 2022 09:00:00 +0000",
        text="Forwarding the notes.",
        attachments=[("notes.txt", NOTES)],
    )
    archive = write_zip(tmp_path / "release" / "p.zip", {"mail/fwd.eml": mail})
    home.ingest(archive.parent)
    inner = f"{archive}!/mail/fwd.eml!/notes.txt"
    assert hits(home, "tamarind") == [inner]
    linked = attached_to(home.store, doc_id_of(home, inner))
    assert linked is not None and linked.path == f"{archive}!/mail/fwd.eml"


def test_outlook_msg_files(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "outlook"
    folder.mkdir()
    for name in ("attachmentFiles.msg", "test1.msg", "msgInMsg.msg", "nonUnicodeMail.msg"):
        shutil.copy(MSG_DIR / name, folder / name)
    report = home.ingest(folder)
    rows = {row["path"]: row for row in home.store.list_documents()}
    test1 = rows[str(folder / "test1.msg")]
    assert (test1["type"], test1["title"], test1["date"]) == ("email", "title", "2019-03-05")
    assert hits(home, "to:to@example.com") == [str(folder / "test1.msg")]
    assert hits(home, "cc:cc@example.com") == [str(folder / "test1.msg")]
    sender = str(folder / "attachmentFiles.msg")
    assert hits(home, "from:hmailuser") == [sender]
    assert rows[sender]["date"] == "2023-11-01"
    assert rows[str(folder / "nonUnicodeMail.msg")]["title"] == "Non Unicode mail subject"
    assert hits(home, '"Non Unicode mail body"') == [str(folder / "nonUnicodeMail.msg")]
    # The images attached are documents we cannot read: each is its own failure.
    failed = sorted(item["path"] for item in report.failed)
    assert failed == [
        f"{sender}!/jpg.jpg",
        f"{sender}!/png.png",
        f"{sender}!/tif.tif",
        f"{folder / 'msgInMsg.msg'}!/green.png",
    ]
    assert all("unsupported file type" in item["error"] for item in report.failed)
    assert all("unpacked-" not in item["error"] for item in report.failed)
    # A message attached to a message becomes an .eml attachment of its own.
    embedded = [path for path in rows if path.startswith(f"{folder / 'msgInMsg.msg'}!/")]
    assert len(embedded) == 1 and embedded[0].endswith(".eml")
    assert rows[embedded[0]]["type"] == "email"


def test_broken_email_files_fail_alone(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "good.eml").write_bytes(
        eml_bytes(sender="a@x.gov", to="b@x.gov", subject="Cedar", date="", text="cedar file")
    )
    home.ingest(folder)
    (folder / "broken.msg").write_bytes(b"\xd0\xcf\x11\xe0 not really a compound file" * 10)
    (folder / "binary.eml").write_bytes(bytes(range(256)) * 20)
    report = home.ingest(folder)
    errors = {Path(item["path"]).name: item["error"] for item in report.failed}
    assert (
        list(errors) == ["broken.msg"]
        and "not a readable Outlook .msg file" in errors["broken.msg"]
    )
    assert hits(home, "cedar") == [str(folder / "good.eml")]
    # An .eml of garbage is still read as a message (headers none, body what it holds).
    assert report.added == 1

"""Display titles of printouts: an e-mail's subject, a memo's subject or first heading, never
a header line or the file name; a title the metadata gives stays (enrich/titles.py)."""

from __future__ import annotations

from typing import Any

import pytest

from indexer.enrich import enrich_document
from indexer.enrich.headers import Headers, parse_headers
from indexer.enrich.titles import NO_SUBJECT, first_heading, printout_title
from indexer.ingest.assemble import assemble_document
from indexer.model.document import Document, Page

MAIL = "From: Lund, Tomas\nSent: May 2, 2019\nTo: Berg, Ana\nSubject: {subject}\n\nBody text.\n"
MEMO = (
    "MEMORANDUM FOR: Sector Chiefs\n"
    "FROM: Ines Vasquez-Mora\n"
    "      Senior Counsel\n"
    "DATE: May 2, 2019\n"
    "\n"
    "{heading}\n"
    "\n"
    "The sectors report on Fridays.\n"
)


def document(*texts: str, path: str = "records/printout-0042.txt", **metadata: Any) -> Document:
    pages = tuple(Page(number, text) for number, text in enumerate(texts, start=1))
    title = texts[0].splitlines()[0] if texts and texts[0] else "printout-0042"
    return Document("0123456789abcdef", "0" * 64, path, "text", title, pages, metadata)


@pytest.mark.parametrize(
    ("texts", "metadata", "expected"),
    [
        ((MAIL.format(subject="RE: Yuma counts"),), {}, "RE: Yuma counts"),
        # the subject of the first page that has headers, and of its first message
        (("Cover sheet", MAIL.format(subject="Yuma") + MAIL.format(subject="Older")), {}, "Yuma"),
        ((MEMO.format(heading="Credible Fear Scheduling"),), {}, "Credible Fear Scheduling"),
        ((MEMO.format(heading="SUBJECT: Yuma holds"),), {}, "Yuma holds"),
        # a title the metadata gave (apply_metadata made it the document's) stays
        ((MAIL.format(subject="Yuma"),), {"title": "Production 7"}, "From: Lund, Tomas"),
        ((MAIL.format(subject="Yuma"),), {"type": "letter"}, "From: Lund, Tomas"),
        ((MAIL.format(subject="Yuma"),), {"type": "E-Mail"}, "From: Lund, Tomas"),
        ((MAIL.format(subject="Yuma"),), {"type": "Email"}, "Yuma"),
        # no headers: the extracted title
        (("Annual report\nText",), {}, "Annual report"),
    ],
)
def test_enrich_titles_printouts(
    texts: tuple[str, ...], metadata: dict[str, Any], expected: str
) -> None:
    assert enrich_document(document(*texts, **metadata)).title == expected


def test_a_title_given_by_the_manifest_stays() -> None:
    raw = document(MAIL.format(subject="Yuma"))
    given = assemble_document(raw, "f" * 16, "0" * 64, raw.path, {"title": "Production 7"})
    assert given.title == "Production 7"
    assert assemble_document(raw, "f" * 16, "0" * 64, raw.path, {}).title == "Yuma"


def _headers(**fields: Any) -> Headers:
    values: dict[str, Any] = {"kind": "email", "from_": [], "to": [], "cc": [], "subject": []}
    values |= fields
    return Headers(**values, dates=[], messages=1)


@pytest.mark.parametrize(
    ("title", "kind", "headers", "text", "expected"),
    [
        ("From: Lund", "email", _headers(subject=["  Yuma   counts "]), "", "Yuma counts"),
        ("From: Lund", "email", _headers(subject=["x" * 300]), "", "x" * 200),
        ("From: Lund", "email", _headers(subject=["x" * 199 + " y"]), "", "x" * 199),
        ("Yuma counts", "email", _headers(), "", "Yuma counts"),  # a real title stays
        ("To: Berg, Ana", "email", _headers(), "", NO_SUBJECT),
        ("Sent: May 2", "email", _headers(), "", NO_SUBJECT),
        ("printout-0042", "email", _headers(), "", NO_SUBJECT),  # the file name
        ("Lund, Tomas", "email", _headers(from_=["Lund, Tomas"]), "", NO_SUBJECT),
        ("Berg, Ana", "email", _headers(to=["Berg, Ana"]), "", NO_SUBJECT),
        ("Holm, Eva", "email", _headers(cc=["Holm, Eva"]), "", NO_SUBJECT),
        ("Dahl, Siv", "email", _headers(bcc=["Dahl, Siv"]), "", NO_SUBJECT),
        ("  ", "email", _headers(), "", NO_SUBJECT),
        ("MEMORANDUM FOR: Chiefs", "memo", _headers(kind="memo"), "FROM: A\n\nHeading", "Heading"),
        ("MEMORANDUM FOR: Chiefs", "memo", _headers(kind="memo"), "FROM: A\n\nbody.", "Memorandum"),
        ("DHS Letterhead", "memo", _headers(kind="memo"), "FROM: A\n\nbody.", "DHS Letterhead"),
        # an e-mail is not searched for a heading
        ("From: Lund", "email", _headers(), "From: A\nTo: B\n\nHeading", NO_SUBJECT),
        ("From: Lund", None, _headers(subject=["Yuma"]), "", "From: Lund"),
        ("From: Lund", "letter", _headers(subject=["Yuma"]), "", "From: Lund"),
        ("From: Lund", "email", None, "", "From: Lund"),
    ],
)
def test_printout_title(
    title: str, kind: str | None, headers: Headers | None, text: str, expected: str
) -> None:
    assert printout_title(title, "records/printout-0042.txt", kind, headers, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MEMO.format(heading="Credible Fear Scheduling"), "Credible Fear Scheduling"),
        # the lines indented under the last field are part of it
        ("FROM: A\n    Senior Counsel\n\nScheduling", "Scheduling"),
        ("FROM: A\n    Senior Counsel\nScheduling", "Scheduling"),
        # sentences, lists, lower-case lines, numbers and long lines are no headings
        ("FROM: A\n\nThe sectors report.\nScheduling", "Scheduling"),
        ("FROM: A\n\nThe sectors report,\nScheduling", "Scheduling"),
        ("FROM: A\n\nItems;\nScheduling", "Scheduling"),
        ("FROM: A\n\nAs follows:\nScheduling", "Scheduling"),
        ("FROM: A\n\nlower case\nScheduling", "Scheduling"),
        ("FROM: A\n\n1 2 3\nScheduling", "Scheduling"),
        ("FROM: A\n\n" + "Word " * 13 + "\nScheduling", "Scheduling"),
        ("FROM: A\n\n" + "Word " * 12 + "\n", " ".join(["Word"] * 12)),
        ("FROM: A\n\nA\nScheduling", "Scheduling"),  # no word of two letters
        ("FROM: A\n\nUS\nScheduling", "US"),
        ("FROM: A\n\nThe end.   \nScheduling", "Scheduling"),
        ("DATE: x\nFROM: A\n    Senior Counsel\n\nScheduling", "Scheduling"),
        ("FROM: A\n Senior Counsel\n\nScheduling", "Scheduling"),
        ("FROM: A\n\nCc: B\nScheduling", "Scheduling"),  # a header line
        ("FROM: A\n\n" + "x" * 10 + "Y" * 300, None),
        ("FROM: A\n\n" + "Y" * 300, "Y" * 200),
        ("No memo fields\n\nHeading", None),
        ("FROM: A\n", None),
        ("\n" * 60 + "FROM: A\n\nHeading", None),  # past the header lines looked at
    ],
)
def test_first_heading(text: str, expected: str | None) -> None:
    assert first_heading(text) == expected


def test_parse_headers_and_titles_agree_on_a_real_memo() -> None:
    text = MEMO.format(heading="Credible Fear Scheduling")
    headers = parse_headers(text)
    assert headers.subject == []
    assert printout_title("x", "p.txt", "memo", headers, text) == "Credible Fear Scheduling"

"""The header fields each page is indexed with (search/fields.py): its own message's, those
of the message it continues, else the metadata's; people in their normal forms."""

from __future__ import annotations

from typing import Any

from indexer.enrich.people import SEPARATOR
from indexer.model.document import Document, Page
from indexer.search.fields import page_headers, page_to_fields


def document(headers: list[dict[str, str]], **metadata: Any) -> Document:
    pages = tuple(
        Page(number, f"page {number}", headers=found) for number, found in enumerate(headers, 1)
    )
    return Document("0123456789abcdef", "0" * 64, "x.txt", "text", "x", pages, metadata)


FIRST = {"from": "Berg, Ana", "to": "Lund, Tomas", "subject": "Yuma"}
SECOND = {"from": "Lund, Tomas", "bcc": "Holm, Eva"}


def test_a_page_without_headers_continues_the_message_before_it() -> None:
    doc = document([{}, FIRST, {}, SECOND, {}])
    assert [page_headers(doc, page) for page in doc.pages] == [{}, FIRST, FIRST, SECOND, SECOND]


def test_the_metadata_serves_when_no_page_has_headers() -> None:
    doc = document([{}, {}], **{"from": ["Berg, Ana", "Holm, Eva"], "subject": ["Yuma"]})
    expected = {"from": "Berg, Ana; Holm, Eva", "subject": "Yuma"}
    assert [page_headers(doc, page) for page in doc.pages] == [expected, expected]
    assert page_headers(document([{}]), document([{}]).pages[0]) == {}


def test_two_documents_in_turn_each_get_their_own() -> None:
    one, two = document([FIRST, {}]), document([SECOND, {}])
    assert page_headers(one, one.pages[1]) == FIRST
    assert page_headers(two, two.pages[1]) == SECOND
    assert page_headers(one, one.pages[1]) == FIRST


def test_people_fields_hold_normal_forms_and_the_subject_as_printed() -> None:
    doc = document([FIRST, SECOND])
    first = page_to_fields(doc, doc.pages[0])
    assert first["from"] == f"ana berg {SEPARATOR} a berg {SEPARATOR} berg ana"
    assert first["to"] == f"tomas lund {SEPARATOR} t lund {SEPARATOR} lund tomas"
    assert first["subject"] == "Yuma"
    assert "cc" not in first and "bcc" not in first
    second = page_to_fields(doc, doc.pages[1])
    assert second["bcc"] == f"eva holm {SEPARATOR} e holm {SEPARATOR} holm eva"
    assert "to" not in second and "subject" not in second

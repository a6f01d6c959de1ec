"""enrich_document on a Document in memory: every page's Bates number (gaps filled, or counted
from the manifest's bates_start), exemptions, withheld flag and headers, and the document's
type, date, people, Bates range and entities, where the metadata left them empty."""

from __future__ import annotations

from typing import Any

from indexer.enrich import enrich_document
from indexer.model.document import Document, Page

EMAIL = """\
From: Venturella, David
Sent: Tuesday, September 28, 2010 4:52 PM
To: Penney, Randi; Smith, John
Cc: Lee, Ann
Subject: RE: Santa Clara County opt-out

Randi - see my edits on Secure Communities. (b)(6), (b)(7)(C)
ICE FOIA 10-2674.0007281
"""
REPLY = """\
From: Penney, Randi
Sent: Wednesday, September 29, 2010 9:00 AM
To: Venturella, David
Subject: RE: Santa Clara County opt-out

Agreed.
"""
SLIP_SHEET = "Withheld in full\n(b)(5)\n"
MEETING = "The Maricopa County Sheriff met ERO on May 3, 2010.\nICE FOIA 10-2674.0007284\n"


def document(*texts: str, **metadata: Any) -> Document:
    pages = tuple(Page(number, text) for number, text in enumerate(texts, start=1))
    return Document("0123456789abcdef", "0" * 64, "records/x.txt", "text", "x", pages, metadata)


def test_an_email_thread_with_a_slip_sheet() -> None:
    enriched = enrich_document(document(EMAIL, SLIP_SHEET, REPLY, MEETING, title="x"))
    pages = enriched.pages
    assert [page.bates for page in pages] == [
        "ICE FOIA 10-2674.0007281",
        "ICE FOIA 10-2674.0007282",  # counted from the stamped pages around it
        "ICE FOIA 10-2674.0007283",
        "ICE FOIA 10-2674.0007284",
    ]
    assert [dict(page.exemptions) for page in pages] == [{"b6": 1, "b7c": 1}, {"b5": 1}, {}, {}]
    assert [page.is_withheld for page in pages] == [False, True, False, False]
    assert dict(pages[0].headers) == {
        "from": "Venturella, David",
        "to": "Penney, Randi; Smith, John",
        "cc": "Lee, Ann",
        "subject": "RE: Santa Clara County opt-out",
    }
    assert dict(pages[1].headers) == {} and dict(pages[3].headers) == {}
    assert [page.text for page in pages] == [EMAIL, SLIP_SHEET, REPLY, MEETING]
    assert dict(enriched.metadata) == {
        "title": "x",
        "type": "email",
        "date": "2010-09-28",  # the first header date, not a later one or one in a sentence
        "from": ["Penney, Randi", "Venturella, David"],  # every page's, once each, sorted
        "to": ["Penney, Randi", "Smith, John", "Venturella, David"],
        "cc": ["Lee, Ann"],
        "subject": ["RE: Santa Clara County opt-out"],
        "bates_range": ["ICE FOIA 10-2674.0007281", "ICE FOIA 10-2674.0007284"],
        "entities": [
            "2010-FOIA-2674",
            "ERO",
            "ICE",
            "Maricopa County Sheriff's Office",
            "Secure Communities",
        ],
    }


def test_metadata_given_wins_and_bates_start_numbers_unstamped_pages() -> None:
    given = {"type": "letter", "date": "2011", "bates_start": "NDLON 0099"}
    enriched = enrich_document(document(EMAIL.replace("ICE FOIA", "Ref"), "Report", **given))
    assert [page.bates for page in enriched.pages] == ["NDLON 0099", "NDLON 0100"]
    assert enriched.metadata["type"] == "letter" and enriched.metadata["date"] == "2011"
    assert enriched.metadata["bates_range"] == ["NDLON 0099", "NDLON 0100"]


def test_a_date_and_type_from_the_headers_of_any_page() -> None:
    single = enrich_document(document(EMAIL))
    assert single.metadata["type"] == "email" and single.metadata["date"] == "2010-09-28"
    late = enrich_document(document("plain", "plain", REPLY))
    assert late.metadata["type"] == "email" and late.metadata["date"] == "2010-09-29"


def test_a_date_from_the_first_two_pages_only() -> None:
    dated_second = enrich_document(document("MEMORANDUM\nplain", "Report\nMay 10, 2011\n"))
    assert dated_second.metadata["date"] == "2011-05-10"
    dated_third = enrich_document(document("plain", "plain", "Report\nMay 10, 2011\n"))
    assert "date" not in dated_third.metadata


def test_a_plain_page_gets_nothing_it_does_not_say() -> None:
    enriched = enrich_document(document("plain words on a page", title="x"))
    assert dict(enriched.metadata) == {"title": "x", "entities": []}
    page = enriched.pages[0]
    assert (page.bates, dict(page.exemptions), page.is_withheld, dict(page.headers)) == (
        None,
        {},
        False,
        {},
    )

"""PageRef: the one permalink and JSON rule that every hit, quote and match shares."""

from __future__ import annotations

import pytest

from indexer.model import PageRef
from indexer.model.results import DocumentHit, PageHit
from indexer.search.quotes import QuoteMatch
from indexer.search.similar import SimilarDocument
from indexer.tools.alerts import NewMatch
from indexer.tools.batch import BatchRow

DOC_ID = "0123456789abcdef"


@pytest.mark.parametrize(
    ("doc_id", "page", "url"),
    [(DOC_ID, 1, f"/doc/{DOC_ID}/p/1"), ("a", 250, "/doc/a/p/250")],
)
def test_url_is_the_page_permalink(doc_id: str, page: int, url: str) -> None:
    assert PageRef(doc_id, page).url == url


def test_json_names_the_document_the_page_and_its_url() -> None:
    assert PageRef(DOC_ID, 3).to_json() == {
        "doc_id": DOC_ID,
        "page": 3,
        "url": f"/doc/{DOC_ID}/p/3",
    }


def test_refs_are_values() -> None:
    assert PageRef(DOC_ID, 2) == PageRef(DOC_ID, 2)
    assert len({PageRef(DOC_ID, 2), PageRef(DOC_ID, 2), PageRef(DOC_ID, 3)}) == 2
    with pytest.raises(AttributeError):
        PageRef(DOC_ID, 2).page = 3  # type: ignore[misc]


def _hit() -> DocumentHit:
    page = PageHit(page=4, bates="ICE-0004", snippet="a <mark>hit</mark>", score=1.5)
    return DocumentHit(
        doc_id=DOC_ID,
        title="Memo",
        path="/r/memo.pdf",
        type="memo",
        format="pdf",
        date=None,
        source=None,
        release=None,
        score=1.5,
        page_count=9,
        matching_pages=1,
        pages=(page,),
    )


def test_results_take_their_url_and_keys_from_the_ref() -> None:
    """Each result's JSON keeps its key order (DESIGN.md), with the ref's values."""
    url = f"/doc/{DOC_ID}/p/4"
    page_json = _hit().to_json()["pages"][0]
    assert list(page_json) == ["page", "bates", "snippet", "url", "exemptions"]
    assert (page_json["page"], page_json["url"]) == (4, url)
    quote = QuoteMatch(DOC_ID, 4, 5, 0.5, "s", "Memo", "/r/memo.pdf", None)
    assert quote.ref == PageRef(DOC_ID, 4) and quote.url == url
    assert list(quote.to_json()) == [
        "doc_id", "page", "page_end", "score", "title", "path", "bates", "url", "snippet",
        "marks",
    ]  # fmt: skip
    similar = SimilarDocument(DOC_ID, "Memo", "/r/memo.pdf", "memo", None, 0.7, 4, "s")
    assert similar.to_json()["url"] == url
    assert list(similar.to_json()) == [
        "doc_id", "title", "path", "type", "date", "score", "page", "url", "snippet",
    ]  # fmt: skip
    match = NewMatch(DOC_ID, "Memo", 4, "s", "2020-01-01T00:00:00+00:00", 3)
    assert list(match.to_json()) == ["doc_id", "title", "page", "url", "snippet", "added_at"]
    assert match.url == url


def test_a_batch_row_without_a_page_has_no_url() -> None:
    found = BatchRow(1, "label", "query", DOC_ID, 4, None, "s", 1, 1)
    assert found.to_json("http://host/") == {
        "doc_id": DOC_ID,
        "page": 4,
        "bates": None,
        "title": "",
        "snippet": "s",
        "url": f"http://host/doc/{DOC_ID}/p/4",
    }
    empty = BatchRow(2, "label", "nothing", None, None, None, "", 0, 0)
    assert empty.ref is None and empty.url is None
    assert empty.to_json() == {
        "doc_id": None,
        "page": None,
        "bates": None,
        "title": "",
        "snippet": "",
        "url": None,
    }

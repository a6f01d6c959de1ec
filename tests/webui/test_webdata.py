"""reading.webdata, reading.page_images and search.suggest on the small real index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

from indexer.engines import open_engine
from indexer.model.document import Word
from indexer.reading import webdata
from indexer.reading.page_images import (
    MAX_IMAGE_PIXELS_SIDE,
    Box,
    PageLayout,
    highlight_boxes,
    page_image,
    page_layout,
)
from indexer.reading.webdata import document_info, hit_page, is_doc_id, open_original, page_infos
from indexer.search.engine import Engine
from indexer.search.service import highlight_terms_for
from indexer.search.suggest import suggest_query, suggest_words
from indexer.store.database import Store
from indexer.text.highlight import HighlightTerms


@pytest.fixture()
def store(web_home: Path) -> Iterator[Store]:
    opened = Store(web_home)
    yield opened
    opened.close()


@pytest.fixture()
def engine(web_home: Path) -> Engine:
    return open_engine(web_home)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0123456789abcdef", True),
        ("0123456789ABCDEF", False),
        ("0123456789abcde", False),
        ("0123456789abcdef0", False),
        ("../../etc/passwd", False),
        ("0123456789abcdef\n", False),
        ("", False),
    ],
)
def test_is_doc_id(value: str, expected: bool) -> None:
    assert is_doc_id(value) is expected


def test_document_info(store: Store, doc_ids: dict[str, str]) -> None:
    doc = document_info(store, doc_ids["finney.pdf"])
    assert doc is not None
    assert doc.title == "287(g) Memorandum of Agreement: Finney County"
    assert (doc.type, doc.date, doc.source, doc.release) == (
        "agreement",
        "2020-03-17",
        "ICE",
        "ICE 287(g) agreements",
    )
    assert doc.page_count == 12 and doc.has_page_images and doc.file_name == "finney.pdf"
    press = document_info(store, doc_ids["opt-out.txt"])
    assert press is not None and press.url == "https://example.org/press/opt-out"
    assert not press.has_page_images
    assert document_info(store, "0123456789abcdef") is None
    assert document_info(store, "../x") is None


def test_page_infos_in_the_order_asked(store: Store, doc_ids: dict[str, str]) -> None:
    pages = page_infos(store, doc_ids["finney.pdf"], [3, 1, 99])
    assert [page.page for page in pages] == [3, 1]
    assert pages[1].text.startswith("1\nMEMORANDUM OF AGREEMENT")
    assert not pages[0].ocr and not pages[0].is_withheld


@pytest.mark.parametrize("chunk", [1, 2, 40])
def test_hit_page_finds_the_nearest_hit_either_way(
    store: Store,
    engine: Engine,
    doc_ids: dict[str, str],
    chunk: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(webdata, "HIT_SCAN_CHUNK", chunk)
    doc = document_info(store, doc_ids["finney.pdf"])
    assert doc is not None
    terms = highlight_terms_for(engine, "ICE")
    assert hit_page(store, doc, terms, 6, 1) == 8  # page 7 has no "ICE"
    assert hit_page(store, doc, terms, 8, -1) == 6
    assert hit_page(store, doc, terms, 0, 1) == 1
    assert hit_page(store, doc, terms, 12, 1) is None
    assert hit_page(store, doc, terms, 1, -1) is None
    assert hit_page(store, doc, HighlightTerms(), 1, 1) is None
    zebra = highlight_terms_for(engine, "zebrafish")
    assert hit_page(store, doc, zebra, 0, 1) is None


def test_open_original(store: Store, doc_ids: dict[str, str]) -> None:
    handle = open_original(store, doc_ids["finney.pdf"])
    assert handle is not None
    with handle:
        assert handle.read(5) == b"%PDF-"
    assert open_original(store, "0123456789abcdef") is None


def test_page_layout_is_cached_and_boxes_match_the_terms(
    store: Store, engine: Engine, doc_ids: dict[str, str], tmp_path: Path
) -> None:
    doc = document_info(store, doc_ids["finney.pdf"])
    assert doc is not None
    layout = page_layout(store, tmp_path, doc, 1, is_ocr=False)
    assert (layout.width, layout.height) == (612.0, 792.0)
    assert any(word.text.startswith("MEMORANDUM") for word in layout.words)
    cache_file = tmp_path / doc.sha256 / "1.words-pdf-forms.json"
    assert json.loads(cache_file.read_text())["width"] == 612.0
    assert page_layout(store, tmp_path, doc, 1, is_ocr=False) == layout
    boxes = highlight_boxes(layout, highlight_terms_for(engine, "ICE"))
    assert len(boxes) == 9
    assert highlight_boxes(layout, HighlightTerms()) == []


def test_highlight_boxes_fold_variants_and_pad() -> None:
    layout = PageLayout(
        100.0,
        100.0,
        (
            Word("Opt-Out", 10.0, 20.0, 40.0, 30.0),
            Word("opting", 50.0, 20.0, 70.0, 30.0),
            Word("other", 10.0, 40.0, 30.0, 50.0),
        ),
    )
    boxes = highlight_boxes(layout, HighlightTerms(exact=frozenset({"optout"})))
    assert boxes == [Box(x=8.8, y=18.8, width=32.4, height=12.4)]
    stemmed = highlight_boxes(layout, HighlightTerms(stems=frozenset({"opt"})))
    assert len(stemmed) == 2


def test_page_image_caps_poster_sized_pages(
    tmp_path: Path, store: Store, doc_ids: dict[str, str]
) -> None:
    poster = tmp_path / "poster.pdf"
    sheet = canvas.Canvas(str(poster), pagesize=(60 * inch, 40 * inch))
    sheet.drawString(72, 72, "A very large page")
    sheet.save()
    doc = document_info(store, doc_ids["finney.pdf"])
    assert doc is not None
    big = webdata.DocumentInfo(
        **{**doc.__dict__, "path": str(poster), "sha256": "f" * 64, "page_count": 1}
    )
    image_path = page_image(tmp_path / "cache", big, 1)
    with Image.open(image_path) as image:
        assert max(image.size) <= MAX_IMAGE_PIXELS_SIDE
        assert image.size[0] > image.size[1]
    with pytest.raises(FileNotFoundError):
        page_image(
            tmp_path / "cache",
            big.__class__(
                **{**big.__dict__, "sha256": "e" * 64, "path": str(tmp_path / "gone.pdf")}
            ),
            1,
        )


def test_suggest_words(engine: Engine) -> None:
    assert suggest_words(engine, ["agreemnt", "custody", "ICE", "the", "qzqzqzqzqz"]) == [
        "agreement",
        "custody",
        "ICE",
        "the",
        "qzqzqzqzqz",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agreemnt", "agreement"),
        ("memorandom of agreemnt", "memorandum of agreement"),
        ('"memorandom of" AND agreement', '"memorandum of" AND agreement'),
        ("title:agreemnt OR memorandom", "title:agreemnt OR memorandum"),
        ("agreement", None),
        ("agree*", None),
        ("AND OR", None),
        ("", None),
    ],
)
def test_suggest_query_keeps_the_query_shape(
    engine: Engine, text: str, expected: str | None
) -> None:
    assert suggest_query(engine, text) == expected

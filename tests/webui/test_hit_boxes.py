"""Every kind of hit marked in a page's text is boxed on its page image (issue 14, defect 1).

A memo typed for this test, once with a text layer (and a filled-in form field, which the text
layer does not hold) and once scanned (an image-only PDF read by OCR), is ingested; for each
kind of query (phrase, proximity, prefix, fuzzy, field queries, each class of equivalence, an
exemption, a boolean) and for a quote found by the quote finder, every word marked in the text
has a box on the image, and the page never says it "has no word positions".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from indexer.extractors.ocr import ocr_available
from indexer.reading.page_images import _box, highlight_boxes, page_layout
from indexer.reading.webdata import document_info, page_infos
from indexer.store.database import Store
from indexer.text.terms import keyword_terms
from tests.conftest import Home, doc_ids_by_name
from tests.indexer.test_ocr import rasterise_to_image_pdf
from tests.webui.conftest import new_app
from webui.resources import highlight_terms

LINES = [
    "MEMORANDUM FOR the Field Office Director",
    "U.S. Immigration and Customs Enforcement reviewed the opt-out requests.",
    "Counties may opt out of the program; forty-five percent asked to.",
    "The 287(g) agreement covers detainers. Section 1357(g) applies.",
    "Fingerprints were shared with the FBI under the interoperability",
    "arrangement. The sheriff declined to withdraw from the fingerprint",
    "exchange. Phase II begins in the third quarter, under exemption (b)(6).",
]
FIELD_VALUE = "Arlington County"
FIELD_RECT = (72.0, 500.0, 372.0, 520.0)  # x0, bottom, x1, top in PDF points
# A query of each kind, and a word of the page it marks.
QUERIES = {
    "phrase": ('"opt out"', "opt"),
    "compound": ("optout", "opt-out"),
    "proximity": ('"fingerprints exchange"~6', "exchange"),
    "prefix": ("finger*", "Fingerprints"),
    "fuzzy": ("fingerprnts~1", "Fingerprints"),
    "exact field": ('exact:"Field Office"', "Field"),
    "body field": ("body:sheriff", "sheriff"),
    "title field": ("title:memorandum", "MEMORANDUM"),
    "agency equivalence": ("ICE", "Customs"),
    "number equivalence": ("45%", "forty-five"),
    "roman numeral": ("phase 2", "II"),
    "statute": ('"section 1357(g)"', "1357(g)"),
    "exemption": ("exemption:b6", "(b)(6)"),
    "boolean": ("FBI OR sheriff", "FBI"),
    "form field": ("Arlington", "Arlington"),
}
TEXT_LAYER_ONLY = {"form field"}  # a scan has no form fields


def write_memo(path: Path) -> Path:
    drawing = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    drawing.setTitle("Opt-out memorandum")
    drawing.setFont("Times-Roman", 12)
    for number, line in enumerate(LINES):
        drawing.drawString(72, 720 - number * 18, line)
    x0, bottom, x1, top = FIELD_RECT
    drawing.acroForm.textfield(
        name="county", value=FIELD_VALUE, x=x0, y=bottom, width=x1 - x0, height=top - bottom
    )
    drawing.showPage()
    drawing.save()
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("boxes")
    folder = base / "release"
    folder.mkdir()
    write_memo(folder / "memo.pdf")
    ocr = ocr_available()
    if ocr:
        rasterise_to_image_pdf(write_memo(base / "vector.pdf"), folder / "memo-scan.pdf")
    opened = Home(base / "home")
    try:
        report = opened.ingest(folder, ocr="auto" if ocr else "off")
        assert not report.failed, report.failed
    finally:
        opened.close()
    return base / "home"


@pytest.fixture(scope="module")
def app(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return new_app(home, PAGE_CACHE_DIR=str(tmp_path_factory.mktemp("page-cache")))


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


def _doc_id(home: Path, name: str) -> str:
    found = doc_ids_by_name(home)
    if name not in found:
        pytest.skip(f"{name} not ingested (no OCR here)")
    return found[name]


def boxed_words(
    app: Flask, home: Path, doc_id: str, query: str, passage: str | None = None
) -> list[str]:
    """The words of the page image the page view boxes for `query` (and a quoted passage)."""
    with app.test_request_context():
        store = Store(home)
        try:
            doc = document_info(store, doc_id)
            assert doc is not None
            (page,) = page_infos(store, doc_id, [1])
            layout = page_layout(store, Path(app.config["PAGE_CACHE_DIR"]), doc, 1, page.ocr)
        finally:
            store.close()
        boxes = set(highlight_boxes(layout, highlight_terms(query), passage))
    return [word.text for word in layout.words if _box(word) in boxes]


def marked_words(body: str) -> list[str]:
    text = re.search(r'<pre class="page-text">(.*?)</pre>', body, re.S)
    assert text is not None
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", text[1], re.S)]


def terms_of(words: list[str]) -> set[str]:
    return {term for word in words for term in keyword_terms(word)}


@pytest.mark.parametrize("kind", list(QUERIES))
@pytest.mark.parametrize("name", ["memo.pdf", "memo-scan.pdf"])
def test_every_kind_of_hit_is_boxed(
    app: Flask, client: FlaskClient, home: Path, name: str, kind: str
) -> None:
    if name == "memo-scan.pdf" and kind in TEXT_LAYER_ONLY:
        pytest.skip("a scan has no form field")
    doc_id = _doc_id(home, name)
    query, word = QUERIES[kind]
    body = client.get(f"/doc/{doc_id}/p/1", query_string={"q": query}).get_data(as_text=True)
    marks = marked_words(body)
    assert marks, f"{query!r} marks nothing on {name}"
    assert "no word positions" not in body
    boxes = body.count('<rect class="hit-box"')
    assert boxes >= len(marks)
    boxed = boxed_words(app, home, doc_id, query)
    assert len(boxed) == boxes
    assert word in boxed or keyword_terms(word)[0] in terms_of(boxed), (word, boxed)
    # every word the text marks is boxed (OCR and the text layer read the same words)
    assert terms_of(marks) <= terms_of(boxed), (marks, boxed)


def test_a_form_fields_words_are_boxed_inside_the_field(app: Flask, home: Path) -> None:
    doc_id = _doc_id(home, "memo.pdf")
    with app.test_request_context():
        store = Store(home)
        try:
            doc = document_info(store, doc_id)
            assert doc is not None
            layout = page_layout(store, Path(app.config["PAGE_CACHE_DIR"]), doc, 1, False)
        finally:
            store.close()
    (word,) = [w for w in layout.words if w.text == "Arlington"]
    x0, bottom, x1, top = FIELD_RECT
    height = layout.height
    assert x0 <= word.x0 < word.x1 <= x1
    assert height - top <= word.top < word.bottom <= height - bottom


def test_a_quote_found_by_the_quote_finder_is_marked_and_boxed(
    app: Flask, client: FlaskClient, home: Path
) -> None:
    doc_id = _doc_id(home, "memo.pdf")
    passage = "the fingreprints were shared with the F.B.I. under the interoperability arrangement"
    page = client.get("/find-quote", query_string={"q": passage}).get_data(as_text=True)
    links = re.findall(rf'class="page-link" href="(/doc/{doc_id}/p/1\?mark=(\d+)-(\d+))"', page)
    assert links, "the quote finder links its page with the stretch it matched"
    url, start, end = links[0]
    body = client.get(html.unescape(url)).get_data(as_text=True)
    (marked,) = marked_words(body)
    assert "Fingerprints were shared with the FBI under the interoperability" in " ".join(
        marked.split()
    )
    store = Store(home)
    try:
        text = page_infos(store, doc_id, [1])[0].text
    finally:
        store.close()
    boxed = boxed_words(app, home, doc_id, "", text[int(start) : int(end)])
    assert {"Fingerprints", "shared", "FBI", "interoperability", "arrangement."} <= set(boxed)
    assert "sheriff" not in boxed and "MEMORANDUM" not in boxed
    assert body.count('<rect class="hit-box"') == len(boxed)


@pytest.mark.parametrize("mark", ["5-2", "0-999999", "abc", "1-2-3", "-1-4"])
def test_a_mark_outside_the_text_is_ignored(client: FlaskClient, home: Path, mark: str) -> None:
    doc_id = _doc_id(home, "memo.pdf")
    response = client.get(f"/doc/{doc_id}/p/1", query_string={"mark": mark})
    assert response.status_code == 200
    assert "<mark>" not in response.get_data(as_text=True)

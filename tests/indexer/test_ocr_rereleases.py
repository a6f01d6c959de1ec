"""A re-release holding scans already read is not read again, and a page scanned sideways is
indexed, shown and boxed upright."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from indexer.engines import open_engine
from indexer.extractors.ocr import ocr_available
from indexer.ingest.pipeline import Ingest
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store
from tests.indexer.test_ocr_orientation import page_image, scan
from tests.webui.conftest import new_app

pytestmark = pytest.mark.skipif(not ocr_available(), reason="tesseract with eng is not installed")

BUDGET = tuple(
    f"Line {n}: the Atlanta sub-office budget for detention beds, year {n}" for n in range(1, 25)
)
TRANSFERS = tuple(
    f"Item {n}: transfers of detainees to Stewart facility week {n}" for n in range(1, 25)
)
HEARINGS = tuple(
    f"Entry {n}: immigration court hearings postponed in Omaha {n}" for n in range(1, 25)
)


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A home after two releases: the second repeats the sideways transfers page of the first."""
    folder = tmp_path_factory.mktemp("releases")
    budget = page_image(folder, BUDGET)
    transfers = page_image(folder, TRANSFERS).rotate(90, expand=True)  # scanned sideways
    hearings = page_image(folder, HEARINGS)
    (folder / "release-1").mkdir()
    (folder / "release-2").mkdir()
    first = scan(budget, folder / "release-1" / "interim-1.pdf", transfers)
    second = scan(transfers, folder / "release-2" / "interim-2.pdf", hearings)
    return folder / "home", first, second


@pytest.fixture(scope="module")
def ingested(releases: tuple[Path, Path, Path]) -> tuple[dict, dict]:
    home, first, second = releases
    store, engine = Store(home), open_engine(home)
    try:
        reports = [
            Ingest(store, engine, workers=1, ocr="auto").run([path]).to_json()
            for path in (first, second)
        ]
    finally:
        engine.close()
        store.close()
    return reports[0], reports[1]


def test_a_page_image_read_in_an_earlier_release_is_not_read_again(ingested) -> None:
    first, second = ingested
    assert (first["ocr_pages"], first["ocr_reused"]) == (2, 0)
    assert (second["ocr_pages"], second["ocr_reused"]) == (2, 1)


def test_the_repeated_sideways_page_is_found_in_both_releases(releases, ingested) -> None:
    home = releases[0]
    store, engine = Store(home), open_engine(home)
    try:
        found = search(engine, store, SearchRequest('"Stewart facility"'))
        pages = {
            (doc.path.rsplit("/", 1)[-1], page.page)
            for doc in found.documents
            for page in doc.pages
        }
        assert pages == {("interim-1.pdf", 2), ("interim-2.pdf", 1)}
    finally:
        engine.close()
        store.close()


def test_a_page_scanned_sideways_is_shown_upright_with_its_hits_boxed(releases, ingested) -> None:
    home = releases[0]
    store = Store(home)
    doc_id = store.query("SELECT doc_id FROM documents WHERE path LIKE '%interim-1.pdf'")[0][0]
    store.close()
    client = new_app(home).test_client()
    image = Image.open(io.BytesIO(client.get(f"/doc/{doc_id}/p/2/image.png").data))
    assert image.height > image.width  # a portrait letter page, upright
    upright_page = client.get(f"/doc/{doc_id}/p/1/image.png")
    assert Image.open(io.BytesIO(upright_page.data)).size == image.size
    page = client.get(f"/doc/{doc_id}/p/2", query_string={"q": "Stewart"}).get_data(as_text=True)
    assert page.count('class="hit-box') >= 20
    assert 'viewBox="0 0 612' in page  # the boxes are placed on the upright page

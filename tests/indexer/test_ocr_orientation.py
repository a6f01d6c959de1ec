"""Scanned pages read upright, levelled and once: orientation, skew, the cache of readings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from indexer.extractors.ocr import FAST, OcrResult, OcrSettings, ocr_available, ocr_page
from indexer.extractors.ocr_image import skew_angle, unturn_point
from indexer.ingest.ocr_cache import OcrFileCache, ocr_cache_dir
from indexer.model.document import Word
from tests.indexer.test_ocr import recall

pytestmark = pytest.mark.skipif(not ocr_available(), reason="tesseract with eng is not installed")

SCAN_DPI = 200
# A page of an invented field memo: enough lines of text for orientation detection.
LINES = tuple(
    f"{number:02d}. The Denver field office reviewed request DEN-{4000 + number} on schedule"
    for number in range(1, 31)
)
TEXT = "\n".join(LINES)


def page_image(folder: Path, lines: tuple[str, ...] = LINES) -> Image.Image:
    """A letter page of `lines`, rendered at SCAN_DPI as a greyscale scan."""
    vector = folder / "memo-vector.pdf"
    drawing = canvas.Canvas(str(vector), pagesize=letter)
    drawing.setFont("Helvetica", 12)
    for number, line in enumerate(lines):
        drawing.drawString(60, 740 - number * 22, line)
    drawing.save()
    pdf = pdfium.PdfDocument(vector)
    try:
        bitmap = pdf[0].render(scale=SCAN_DPI / 72, grayscale=True)
        image: Image.Image = bitmap.to_pil().copy()
    finally:
        pdf.close()
    return image


def scan(image: Image.Image, path: Path, *more: Image.Image) -> Path:
    """An image-only PDF of `image` (and `more` pages) at `path`, a page an image."""
    image.save(path, format="PDF", resolution=SCAN_DPI)
    if more:
        whole = pdfium.PdfDocument(path)
        for number, extra in enumerate(more):
            page_path = path.with_name(f"{path.stem}-{number}.pdf")
            extra.save(page_path, format="PDF", resolution=SCAN_DPI)
            whole.import_pages(pdfium.PdfDocument(page_path))
            page_path.unlink()
        whole.save(path.with_suffix(".tmp"))
        whole.close()
        path.with_suffix(".tmp").replace(path)
    return path


@pytest.fixture(scope="module")
def upright(tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    return page_image(tmp_path_factory.mktemp("upright"))


def centre(words: tuple[Word, ...], text: str) -> tuple[float, float]:
    word = next(word for word in words if word.text == text)
    return (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2


@pytest.fixture(scope="module")
def read_upright(upright: Image.Image, tmp_path_factory: pytest.TempPathFactory) -> OcrResult:
    return ocr_page(scan(upright, tmp_path_factory.mktemp("read") / "upright.pdf"), 1)


def test_an_upright_page_is_not_turned(read_upright: OcrResult) -> None:
    assert read_upright.rotation == 0 and recall(TEXT, read_upright.text) > 0.9


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_scanned_turned_is_read_upright(
    upright: Image.Image, read_upright: OcrResult, tmp_path: Path, turn: int
) -> None:
    # PIL turns counter-clockwise: the page needs `turn` degrees clockwise to stand upright.
    pdf = scan(upright.rotate(turn, expand=True), tmp_path / f"turned-{turn}.pdf")
    result = ocr_page(pdf, 1)
    assert result.rotation == turn
    assert recall(TEXT, result.text) > 0.9
    # Its words lie where they lie on the upright page (612 x 792 points).
    for text in ("DEN-4001", "DEN-4030"):
        assert centre(result.words, text) == pytest.approx(centre(read_upright.words, text), abs=3)
    assert all(word.x1 <= 612 + 1 and word.bottom <= 792 + 1 for word in result.words)


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.8, 2.5])
def test_the_skew_of_a_page_is_measured(upright: Image.Image, angle: float) -> None:
    skewed = upright.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    assert skew_angle(skewed) == pytest.approx(-angle, abs=0.25)


def test_a_level_page_has_no_skew(upright: Image.Image) -> None:
    assert skew_angle(upright) == 0.0
    assert skew_angle(Image.new("L", (800, 1000), 255)) == 0.0


def test_a_point_put_back_after_levelling_is_where_it_was() -> None:
    x, y = unturn_point(100.0, 50.0, 3.0, 1700, 2200)
    assert (x, y) != (100.0, 50.0)
    assert unturn_point(x, y, -3.0, 1700, 2200) == pytest.approx((100.0, 50.0))


def test_words_read_off_a_levelled_page_keep_their_places(upright: Image.Image, tmp_path: Path):
    skewed = upright.rotate(2.0, resample=Image.Resampling.BILINEAR, fillcolor=255)
    pdf = scan(skewed, tmp_path / "skewed.pdf")
    as_scanned = ocr_page(pdf, 1, OcrSettings(FAST.dpi, level=False), careful=None)
    levelled = ocr_page(pdf, 1, OcrSettings(FAST.dpi, level=True), careful=None)
    assert levelled.skew == pytest.approx(-2.0, abs=0.25) and as_scanned.skew == 0.0

    for text in ("DEN-4001", "DEN-4030"):
        assert centre(levelled.words, text) == pytest.approx(centre(as_scanned.words, text), abs=4)


def test_a_page_image_is_read_once(upright: Image.Image, tmp_path: Path) -> None:
    cache = OcrFileCache(tmp_path / "cache")
    first_file = scan(upright, tmp_path / "release-1.pdf")
    first = ocr_page(first_file, 1, cache=cache)
    assert not first.from_cache
    # The same scan again, in a later release under another name: not read again.
    again = ocr_page(shutil.copy(first_file, tmp_path / "release-2.pdf"), 1, cache=cache)
    assert again.from_cache
    assert (again.text, again.words, again.rotation) == (first.text, first.words, first.rotation)
    # Another page image is read.
    other = ocr_page(scan(upright.rotate(180), tmp_path / "other.pdf"), 1, cache=cache)
    assert not other.from_cache and other.rotation == 180


def test_a_damaged_reading_in_the_cache_is_read_again(upright: Image.Image, tmp_path: Path):
    folder = tmp_path / "cache"
    pdf = scan(upright, tmp_path / "page.pdf")
    ocr_page(pdf, 1, cache=OcrFileCache(folder))
    for stored in folder.rglob("*.json"):
        stored.write_text("{not json")
    again = ocr_page(pdf, 1, cache=OcrFileCache(folder))
    assert not again.from_cache and recall(TEXT, again.text) > 0.9
    assert ocr_page(pdf, 1, cache=OcrFileCache(folder)).from_cache


def test_the_cache_lives_in_the_home(tmp_path: Path) -> None:
    assert ocr_cache_dir(tmp_path) == tmp_path / "cache" / "ocr"

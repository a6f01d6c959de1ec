"""Which OCR settings to read scans with: word recall and CPU seconds a page at 200, 250 and
300 dpi, with and without levelling the page's lines first; the cost of orientation detection;
and what the cache of readings saves on a re-release.

    python bench/bench_ocr_settings.py --out bench/work/ocr-settings.md

Pages: the image-only pages of the 287(g) agreements under corpus/pdf (no reference text: their
confidence and time only), the scanned pages of ../shared/corpus-samples that carry an OCR text
layer (recall against that layer), and generated pages of known text, scanned at 300 dpi and
then degraded as real scans are (skewed, blurred, faxed, speckled, over-compressed, faint);
recall against the known text. Each page is read once per setting, one process, so that its
CPU time (ours plus Tesseract's) is its own; medians are reported.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ocr import (  # noqa: E402
    CORPUS_DIR,
    SAMPLES_DIR,
    PageRef,
    cpu_seconds,
    pdftotext_page,
    recall,
    scanned_pages,
    take_in_turn,
)

from indexer.engines import open_engine  # noqa: E402
from indexer.extractors import ocr as ocr_module  # noqa: E402
from indexer.extractors.ocr import (  # noqa: E402
    CAREFUL,
    FAST,
    LOW_CONFIDENCE,
    OcrResult,
    OcrSettings,
    _render_page,
    ocr_page,
)
from indexer.extractors.ocr_image import detect_rotation  # noqa: E402
from indexer.extractors.ocr_read import read_image  # noqa: E402
from indexer.ingest.pipeline import Ingest  # noqa: E402
from indexer.store.database import Store  # noqa: E402

SETTINGS = [OcrSettings(dpi, level) for dpi in (200, 250, 300) for level in (False, True)]
SCAN_DPI = 300
SUBJECTS = (
    "Detention bed space at the Krome processing center",
    "Secure Communities activation schedule for the Phoenix area of responsibility",
    "Interoperability of biometric records between DHS and the FBI",
    "Quarterly report on detainers lodged by the Newark field office",
)
_WORD_LIST = (
    "agency county sheriff detainer biometric fingerprint submission jurisdiction policy"
    " request response record release review officer custody removal hearing court statute"
    " memorandum agreement program activation deployment schedule interoperability data"
    " analysis criminal alien priority level conviction offense arrest booking"
)
WORDS = tuple(_WORD_LIST.split(" "))


@dataclass
class Sample:
    """A page to read, and the text it holds where that is known."""

    ref: PageRef
    kind: str
    expected: str | None


def known_text(seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = [SUBJECTS[seed % len(SUBJECTS)], f"Reference {rng.randint(1000, 9999)}-{seed}"]
    for _ in range(32):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 11))))
    return lines


def typeset(lines: list[str], folder: Path) -> Image.Image:
    vector = folder / "vector.pdf"
    drawing = canvas.Canvas(str(vector), pagesize=letter)
    drawing.setFont("Times-Roman", 11)
    for number, line in enumerate(lines):
        drawing.drawString(72, 730 - number * 19, line)
    drawing.save()
    pdf = pdfium.PdfDocument(vector)
    try:
        bitmap = pdf[0].render(scale=SCAN_DPI / 72, grayscale=True)
        image: Image.Image = bitmap.to_pil().copy()
    finally:
        pdf.close()
    return image


def speckle(image: Image.Image) -> Image.Image:
    rng = random.Random(7)
    speckled = image.copy()
    pixels = speckled.load()
    assert pixels is not None
    for _ in range(image.width * image.height // 400):
        pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice((0, 255))
    return speckled


def fax(image: Image.Image) -> Image.Image:
    small = image.resize((image.width // 3, image.height // 3), Image.Resampling.BILINEAR)
    return small.point(lambda value: 255 if value > 150 else 0).resize(image.size)


def jpeg(image: Image.Image) -> Image.Image:
    out = io.BytesIO()
    image.resize((image.width // 2, image.height // 2)).save(out, format="JPEG", quality=20)
    return Image.open(io.BytesIO(out.getvalue())).resize(image.size)


DEGRADATIONS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "clean": lambda image: image,
    "skewed 1.5 deg": lambda image: image.rotate(1.5, Image.Resampling.BILINEAR, fillcolor=255),
    "skewed -3 deg": lambda image: image.rotate(-3.0, Image.Resampling.BILINEAR, fillcolor=255),
    "blurred": lambda image: image.filter(ImageFilter.GaussianBlur(2.2)),
    "faxed (100 dpi, 1-bit)": fax,
    "speckled": speckle,
    "over-compressed": jpeg,
    "faint": lambda image: image.point(lambda value: 150 + value * 105 // 255),
}


def generated_samples(folder: Path) -> list[Sample]:
    samples = []
    for number, (kind, degrade) in enumerate(DEGRADATIONS.items()):
        lines = known_text(number)
        path = folder / f"generated-{number}.pdf"
        degrade(typeset(lines, folder)).convert("L").save(path, format="PDF", resolution=SCAN_DPI)
        samples.append(Sample(PageRef(path, 1), f"generated, {kind}", "\n".join(lines)))
    return samples


def real_samples(limit: int) -> list[Sample]:
    image_only, layered = [], []
    for folder in (CORPUS_DIR / "pdf", SAMPLES_DIR):
        for path in sorted(folder.glob("*.pdf")) if folder.is_dir() else []:
            try:
                found = scanned_pages(path)
            except pdfium.PdfiumError:
                continue
            if found[0]:
                image_only.append(found[0])
            if found[1]:
                layered.append(found[1])
    samples = [Sample(ref, "real scan", None) for ref in take_in_turn(image_only, limit)]
    for ref in take_in_turn(layered, limit // 2):
        samples.append(Sample(ref, "real scan with a text layer", pdftotext_page(ref)))
    unique: dict[str, Sample] = {}
    for sample in samples:  # corpus/pdf holds copies of some samples: each page once
        unique.setdefault(sample.ref.label(), sample)
    return list(unique.values())


def read(sample: Sample, settings: OcrSettings | None) -> tuple[OcrResult, float]:
    """One reading of the page with `settings` alone, or (None) as ingest reads it: fast, then
    turned upright and read carefully when poor."""
    before = cpu_seconds()
    ref = sample.ref
    if settings is None:
        result = ocr_page(ref.pdf_path, ref.page)
    else:
        result = ocr_page(ref.pdf_path, ref.page, settings, careful=None, orient=False)
    return result, cpu_seconds() - before


def name_of(settings: OcrSettings | None) -> str:
    if settings is None:
        return f"default: {name_of(FAST)}, poor pages again at {name_of(CAREFUL)}"
    return f"{settings.dpi} dpi{', levelled' if settings.level else ''}"


def settings_tables(samples: list[Sample]) -> list[str]:
    """The settings side by side, and word recall by kind of page."""
    readings = {
        settings: [read(sample, settings) for sample in samples] for settings in [*SETTINGS, None]
    }
    rows = [
        "| setting | word recall (pages with known text) | CPU s a page (median) |"
        " mean confidence | pages under the low-confidence line |",
        "|---|---:|---:|---:|---:|",
    ]
    for settings, results in readings.items():
        counts = [
            recall(sample.expected, result.text)
            for sample, (result, _) in zip(samples, results, strict=True)
            if sample.expected
        ]
        share = sum(hit for hit, _ in counts) / max(sum(total for _, total in counts), 1)
        low = sum(result.confidence < LOW_CONFIDENCE for result, _ in results)
        rows.append(
            f"| {name_of(settings)} | {share:.3f} |"
            f" {statistics.median(cpu for _, cpu in results):.2f} |"
            f" {statistics.mean(result.confidence for result, _ in results):.1f} |"
            f" {low} of {len(samples)} |"
        )
    rows += ["", "| page | " + " | ".join(name_of(s) for s in readings) + " |"]
    rows.append("|---|" + "---:|" * len(readings))
    for index, sample in enumerate(samples):
        cells = []
        for settings in readings:
            result = readings[settings][index][0]
            if sample.expected:
                hit, total = recall(sample.expected, result.text)
                cells.append(f"{hit / max(total, 1):.3f}")
            else:
                cells.append(f"conf {result.confidence:.1f}")
        rows.append(f"| {sample.kind} ({sample.ref.label()}) | " + " | ".join(cells) + " |")
    return rows


def turned_sample(work: Path, sample: Sample, turn: int) -> Sample:
    """`sample`'s page scanned turned `turn` degrees (counter-clockwise)."""
    image, _ = _render_page(sample.ref.pdf_path, sample.ref.page, SCAN_DPI, 40_000_000)
    path = work / f"turned-{turn}.pdf"
    image.rotate(turn, expand=True).save(path, format="PDF", resolution=SCAN_DPI)
    return Sample(PageRef(path, 1), f"generated, turned {turn} deg", sample.expected)


def gated_orientation_row(samples: list[Sample]) -> str:
    """Orientation detection's share of the reading time as ingest reads pages (detection only
    for poor pages): the detection is timed where `ocr_page` calls it."""
    spent = [0.0]
    detect = ocr_module.detect_rotation

    def timed(*args: object, **kwargs: object) -> int:
        started = time.perf_counter()
        try:
            return detect(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - started

    ocr_module.detect_rotation = timed  # type: ignore[assignment]
    try:
        total = 0.0
        for sample in samples:
            total += ocr_page(sample.ref.pdf_path, sample.ref.page).seconds
    finally:
        ocr_module.detect_rotation = detect
    return (
        f"- Orientation detection as ingest runs it (only on pages that read badly or run down"
        f" the page): {spent[0]:.1f} s of {total:.1f} s of reading, {spent[0] / total:.1%},"
        f" over the same {len(samples)} pages."
    )


def orientation_rows(samples: list[Sample], settings: OcrSettings) -> list[str]:
    """Orientation detection's time against the reading's time, page by page."""
    shares = []
    for sample in samples:
        image, dpi = _render_page(sample.ref.pdf_path, sample.ref.page, settings.dpi, 40_000_000)
        started = time.perf_counter()
        detect_rotation(image)
        osd = time.perf_counter() - started
        started = time.perf_counter()
        read_image(image, dpi, "eng", 120.0, sample.ref.label(), level=settings.level)
        shares.append(osd / (time.perf_counter() - started))
    return [
        f"- Orientation detection on every page: median {statistics.median(shares):.1%} of the"
        f" page's reading time (max {max(shares):.1%}), {len(shares)} pages at {settings.dpi} dpi.",
    ]


def write_release(folder: Path, pages: list[Image.Image], per_file: int) -> None:
    """Image-only PDFs of `pages`, `per_file` pages each, in `folder`."""
    folder.mkdir(parents=True)
    for start in range(0, len(pages), per_file):
        chunk = [page.convert("RGB") for page in pages[start : start + per_file]]
        path = folder / f"part-{start // per_file + 1:02d}.pdf"
        for number, page in enumerate(chunk):
            single = folder / f".page-{number}.pdf"
            page.save(single, format="PDF", resolution=SCAN_DPI)
        whole = pdfium.PdfDocument.new()
        for number in range(len(chunk)):
            single = folder / f".page-{number}.pdf"
            whole.import_pages(pdfium.PdfDocument(single))
            single.unlink()
        whole.save(path)
        whole.close()


def timed_ingest(home: Path, folder: Path) -> tuple[float, dict]:
    store, engine = Store(home), open_engine(home)
    try:
        started = time.perf_counter()
        report = Ingest(store, engine, workers=1, ocr="auto").run([folder]).to_json()
        return time.perf_counter() - started, report
    finally:
        engine.close()
        store.close()


def rerelease_rows(pages: int, work: Path) -> list[str]:
    """A second release where half the scans of the first reappear, in other files and
    another order: ingested after the first (its readings cached) and into a new home."""
    images = [typeset(known_text(100 + number), work) for number in range(pages * 3 // 2)]
    first, new = images[:pages], images[pages:]
    again = first[::2] + new  # half the first release, in new files, beside new pages
    write_release(work / "release-1", first, 3)
    write_release(work / "release-2", again, 2)
    timed_ingest(work / "home", work / "release-1")
    warm, report = timed_ingest(work / "home", work / "release-2")
    cold, cold_report = timed_ingest(work / "fresh", work / "release-2")
    return [
        f"- Re-release: {report['pages']} scanned pages, {len(first[::2])} of them read before"
        f" in release 1. With the cache: {report['ocr_reused']} readings reused,"
        f" {warm:.1f} s; into a new home (nothing cached): {cold_report['ocr_reused']} reused,"
        f" {cold:.1f} s; {cold / warm:.2f}x faster with the cache.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real-pages", type=int, default=6)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--release-pages", type=int, default=8)
    parser.add_argument("--only-rerelease", action="store_true")
    parser.add_argument("--only-orientation", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="foia-ocr-settings-"))
    try:
        if args.only_orientation:
            samples = generated_samples(work) + real_samples(args.real_pages)
            turned = [turned_sample(work, samples[0], turn) for turn in (90, 180, 270)]
            lines = [gated_orientation_row(samples + turned)]
        else:
            lines = rerelease_rows(args.release_pages, work)
        if not (args.only_rerelease or args.only_orientation):
            samples = generated_samples(work) + real_samples(args.real_pages)
            orientation = [*orientation_rows(samples, FAST), gated_orientation_row(samples)]
            lines = [*settings_tables(samples), "", *orientation, *lines]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

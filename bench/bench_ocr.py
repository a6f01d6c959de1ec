"""Benchmark OCR of scanned pages: ocr_page throughput next to the bare tesseract CLI, and recall.

Usage: .venv/bin/python bench/bench_ocr.py [--pdf FILE ...] [--max-pages 10] [--repeats 3]
                                           [--workers 2] [--out FILE]

Pages to time are the image-only pages (a full-page image, no text layer) of the PDFs under
corpus/ (else ../shared/corpus-samples/pdf), or of the --pdf files, taken in turn from each
file. Each repeat OCRs them all through `ocr_page` in a Pool of --workers processes (one page a
task), then runs the tesseract CLI on the same pages pre-rendered to 300-dpi PNG files, in
--workers parallel processes with OMP_THREAD_LIMIT=1. Word recall is measured against
pdftotext's text of scanned pages that carry an OCR text layer, and against a generated page of
known text rasterised into an image-only PDF. Prints a Markdown section; --out writes it too.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing import Pool
from multiprocessing.pool import ThreadPool
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from indexer.extractors.ocr import (
    LOW_CONFIDENCE,
    OcrResult,
    OcrSettings,
    is_low_confidence,
    ocr_page,
)

REPO_DIR = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_DIR / "corpus"
SAMPLES_DIR = REPO_DIR / ".." / "shared" / "corpus-samples" / "pdf"
DPI = 300
# A page is a scan when one image covers at least this share of it. Its text layer counts as an
# OCR layer from MIN_LAYER_CHARS non-space characters on: below that it is a typed date or a
# filled-in name on an image-only page.
SCAN_COVERAGE = 0.8
MIN_LAYER_CHARS = 200
IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE

KNOWN_TEXT = """\
Immigration and Customs Enforcement answered the records request in three releases. The first
release held the memoranda of agreement signed with county sheriffs under section 287(g), with
their standard operating procedures and the complaint process that each appendix describes.
The second release held electronic mail between field office staff and the state identification
bureau about the opt-out question: whether a county could decline to share fingerprints
collected at booking. Several messages were withheld in part under exemptions five and seven,
and the agency cited deliberative process and personal privacy for each redaction.
The third release held spreadsheets of detainers lodged at county jails, counted by month,
charge level and country of citizenship, from October 2008 through September 2010. Reviewers
noted that the totals in the summary table did not match the monthly figures, and asked the
agency to explain the difference before the court hearing scheduled for the spring.
"""


@dataclass(frozen=True)
class PageRef:
    """One page of one PDF, numbered from 1."""

    pdf_path: Path
    page: int

    def label(self) -> str:
        return f"{self.pdf_path.name} p{self.page}"


def scanned_pages(pdf_path: Path) -> tuple[list[PageRef], list[PageRef]]:
    """The scanned pages of `pdf_path`: (image-only ones, ones with an OCR text layer)."""
    image_only: list[PageRef] = []
    with_layer: list[PageRef] = []
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            coverage = image_coverage(page)
            text_page = page.get_textpage()
            chars = len("".join(text_page.get_text_range().split()))
            text_page.close()
            page.close()
            if coverage >= SCAN_COVERAGE:
                target = image_only if chars < MIN_LAYER_CHARS else with_layer
                target.append(PageRef(pdf_path, index + 1))
    finally:
        pdf.close()
    return image_only, with_layer


def image_coverage(page: pdfium.PdfPage) -> float:
    """The share of the page that its largest image covers."""
    width, height = page.get_size()
    largest = 0.0
    for image in page.get_objects(filter=(IMAGE_OBJECT,)):
        left, bottom, right, top = image.get_bounds()
        largest = max(largest, max(0.0, right - left) * max(0.0, top - bottom))
    return float(largest / (width * height))


def take_in_turn(groups: Sequence[list[PageRef]], limit: int) -> list[PageRef]:
    """Up to `limit` pages, one from each group in turn, so that every file is represented."""
    taken: list[PageRef] = []
    depth = 0
    while len(taken) < limit and any(depth < len(group) for group in groups):
        taken.extend(group[depth] for group in groups if depth < len(group))
        depth += 1
    return taken[:limit]


def words(text: str) -> Counter[str]:
    """Runs of letters and digits, case-folded."""
    return Counter(re.findall(r"[^\W_]+", text.casefold()))


def recall(expected: str, found: str) -> tuple[int, int]:
    """(words of `expected` that `found` has, words of `expected`), counting repeats."""
    wanted = words(expected)
    return sum((wanted & words(found)).values()), sum(wanted.values())


def pdftotext_page(ref: PageRef) -> str:
    command = ["pdftotext", "-f", str(ref.page), "-l", str(ref.page), str(ref.pdf_path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def render_png(ref: PageRef, png_path: Path) -> None:
    """The page as ocr_page renders it (grayscale, DPI), saved as PNG with its dpi."""
    pdf = pdfium.PdfDocument(ref.pdf_path)
    try:
        page = pdf[ref.page - 1]
        bitmap = page.render(scale=DPI / 72, grayscale=True)
        bitmap.to_pil().save(png_path, format="PNG", dpi=(DPI, DPI))
        bitmap.close()
        page.close()
    finally:
        pdf.close()


def make_known_page(folder: Path) -> Path:
    """KNOWN_TEXT typeset on a letter page, scanned at 200 dpi into an image-only PDF."""
    vector_path = folder / "known-vector.pdf"
    drawing = canvas.Canvas(str(vector_path), pagesize=letter)
    drawing.setFont("Times-Roman", 11)
    lines = [line for paragraph in KNOWN_TEXT.split("\n") for line in textwrap.wrap(paragraph, 95)]
    for number, line in enumerate(lines):
        drawing.drawString(72, 720 - number * 15, line)
    drawing.save()
    pdf = pdfium.PdfDocument(vector_path)
    try:
        page = pdf[0]
        bitmap = page.render(scale=200 / 72, grayscale=True)
        image = bitmap.to_pil().copy()
        bitmap.close()
        page.close()
    finally:
        pdf.close()
    image_path = folder / "known-scan.pdf"
    image.save(image_path, format="PDF", resolution=200)
    return image_path


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ocr_task(ref: PageRef) -> tuple[OcrResult, float]:
    """The page's OCR result and the CPU seconds it took (a Pool worker runs one task at once)."""
    before = cpu_seconds()
    result = ocr_page(
        ref.pdf_path, ref.page, OcrSettings(DPI, level=False), careful=None, orient=False
    )
    return result, cpu_seconds() - before


def cli_task(png_path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the tesseract CLI on `png_path`, writing txt and tsv."""
    command = ["tesseract", str(png_path), str(png_path.with_suffix("")), "-l", "eng", "txt", "tsv"]
    environment = dict(os.environ, OMP_THREAD_LIMIT="1")
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment
    )
    # wait4 gives this child's own CPU time, which threads sharing RUSAGE_CHILDREN could not.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


@dataclass
class Timings:
    """Wall seconds per repeat, and wall and CPU seconds per page, of both runners."""

    ocr_walls: list[float] = field(default_factory=list)
    cli_walls: list[float] = field(default_factory=list)
    ocr_page_seconds: list[float] = field(default_factory=list)
    cli_page_seconds: list[float] = field(default_factory=list)
    ocr_page_cpu: list[float] = field(default_factory=list)
    cli_page_cpu: list[float] = field(default_factory=list)
    results: dict[PageRef, OcrResult] = field(default_factory=dict)


def time_pages(pages: list[PageRef], png_dir: Path, workers: int, repeats: int) -> Timings:
    """Alternate ocr_page and CLI runs over `pages`, `repeats` times each."""
    png_paths = [png_dir / f"page{number:03d}.png" for number in range(len(pages))]
    for ref, png_path in zip(pages, png_paths, strict=True):
        render_png(ref, png_path)
    timings = Timings()
    with Pool(workers) as pool, ThreadPool(workers) as threads:
        for _ in range(repeats):
            started = time.perf_counter()
            outcomes = pool.map(ocr_task, pages, chunksize=1)
            timings.ocr_walls.append(time.perf_counter() - started)
            timings.ocr_page_seconds.extend(result.seconds for result, _ in outcomes)
            timings.ocr_page_cpu.extend(cpu for _, cpu in outcomes)
            timings.results.update(zip(pages, (result for result, _ in outcomes), strict=True))
            started = time.perf_counter()
            runs = threads.map(cli_task, png_paths, chunksize=1)
            timings.cli_walls.append(time.perf_counter() - started)
            timings.cli_page_seconds.extend(wall for wall, _ in runs)
            timings.cli_page_cpu.extend(cpu for _, cpu in runs)
    return timings


def ocr_pages(refs: list[PageRef], workers: int) -> dict[PageRef, OcrResult]:
    with Pool(workers) as pool:
        outcomes = pool.map(ocr_task, refs, chunksize=1)
    return dict(zip(refs, (result for result, _ in outcomes), strict=True))


def recall_rows(results: dict[PageRef, OcrResult], known_page: Path) -> list[list[str]]:
    """Rows (reference, pages, words, recall): OCR layers by PDF, then the known-text page."""
    counts: dict[str, list[tuple[int, int]]] = {}
    for ref, result in results.items():
        if ref.pdf_path == known_page:
            reference, name = KNOWN_TEXT, "generated known-text page (11 pt Times, 200-dpi image)"
        else:
            reference, name = pdftotext_page(ref), f"pdftotext OCR layer of `{ref.pdf_path.name}`"
        counts.setdefault(name, []).append(recall(reference, result.text))
    rows = []
    for name, pairs in counts.items():
        found, total = (sum(column) for column in zip(*pairs, strict=True))
        rows.append([name, str(len(pairs)), str(total), f"{found / total:.3f}"])
    return rows


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def confidence_rows(results: dict[PageRef, OcrResult]) -> list[list[str]]:
    by_pdf: dict[str, list[OcrResult]] = {}
    for ref, result in sorted(results.items(), key=lambda item: item[0].label()):
        by_pdf.setdefault(ref.pdf_path.name, []).append(result)
    rows = []
    for name, items in by_pdf.items():
        scores = [item.confidence for item in items]
        low = sum(is_low_confidence(item) for item in items)
        rows.append(
            [
                f"`{name}`",
                str(len(items)),
                f"{min(scores):.1f}",
                f"{statistics.median(scores):.1f}",
                f"{max(scores):.1f}",
                str(low),
            ]
        )
    return rows


def report(
    args: argparse.Namespace,
    pages: list[PageRef],
    timings: Timings,
    recall_table: list[list[str]],
    results: dict[PageRef, OcrResult],
) -> str:
    """The Markdown section: throughput, recall, confidence."""
    ocr_rate = statistics.median(len(pages) / wall for wall in timings.ocr_walls)
    cli_rate = statistics.median(len(pages) / wall for wall in timings.cli_walls)
    ocr_cpu = statistics.median(timings.ocr_page_cpu)
    cli_cpu = statistics.median(timings.cli_page_cpu)
    version = pytesseract.get_tesseract_version()
    lines = [
        "## OCR",
        "",
        f"`bench/bench_ocr.py`: {len(pages)} image-only pages at {DPI} dpi, {args.workers} worker"
        f" processes, one page a task, OMP_THREAD_LIMIT=1, median of {args.repeats} repeats."
        f" Tesseract {version}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
        f" (load average {os.getloadavg()[0]:.1f} at the end: other work on the machine slows"
        " wall times; CPU seconds, the process's and its tesseract child's, much less).",
        "",
        *table(
            ["runner", "pages/s", "median wall s a page", "median CPU s a page"],
            [
                [
                    "`ocr_page` (render + Tesseract txt+tsv + parse)",
                    f"{ocr_rate:.3f}",
                    f"{statistics.median(timings.ocr_page_seconds):.2f}",
                    f"{ocr_cpu:.2f}",
                ],
                [
                    "bare `tesseract` CLI on pre-rendered PNG (txt+tsv)",
                    f"{cli_rate:.3f}",
                    f"{statistics.median(timings.cli_page_seconds):.2f}",
                    f"{cli_cpu:.2f}",
                ],
                [
                    "ratio `ocr_page` / CLI",
                    f"{ocr_rate / cli_rate:.2f}",
                    "",
                    f"{ocr_cpu / cli_cpu:.2f}",
                ],
            ],
        ),
        "",
        "Word recall (words of the reference found in the OCR text, case-folded; an Acrobat OCR"
        " layer has its own misreadings, so against it recall is a lower bound):",
        "",
        *table(["reference", "pages", "words", "recall"], recall_table),
        "",
        f"Mean word confidence of every page OCR'd (`LOW_CONFIDENCE` = {LOW_CONFIDENCE:g}):",
        "",
        *table(
            ["PDF", "pages", "min", "median", "max", "low-confidence pages"],
            confidence_rows(results),
        ),
        "",
    ]
    return "\n".join(lines)


def default_pdfs() -> list[Path]:
    for folder in (CORPUS_DIR, SAMPLES_DIR):
        found = sorted(folder.rglob("*.pdf")) if folder.is_dir() else []
        if found:
            return found
    return []


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, nargs="+", help="PDFs to take scanned pages from")
    parser.add_argument("--max-pages", type=int, default=10, help="image-only pages to time")
    parser.add_argument("--recall-pages", type=int, default=4, help="OCR-layer pages for recall")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the Markdown section here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pdfs = args.pdf or default_pdfs()
    groups = [scanned_pages(pdf_path) for pdf_path in pdfs]
    pages = take_in_turn([image_only for image_only, _ in groups], args.max_pages)
    layered = take_in_turn([with_layer for _, with_layer in groups], args.recall_pages)
    if not pages:
        print("no image-only scanned pages found", file=sys.stderr)
        return 1
    print(f"timing {len(pages)} pages: {', '.join(ref.label() for ref in pages)}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        timings = time_pages(pages, Path(tmp), args.workers, args.repeats)
        known_page = make_known_page(Path(tmp))
        layer_results = ocr_pages([*layered, PageRef(known_page, 1)], args.workers)
        rows = recall_rows(layer_results, known_page)
    markdown = report(args, pages, timings, rows, {**timings.results, **layer_results})
    print(markdown)
    if args.out:
        args.out.write_text(markdown, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

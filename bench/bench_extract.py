"""Extraction speed on the born-digital PDFs of `corpus/pdf/`: our extractor, single process,
against `pdftotext` run as a subprocess on the same files.

    python bench/bench_extract.py --json bench/work/extract.json

A PDF counts as born-digital when our extractor finds a text layer on at least
BORN_DIGITAL_SHARE of its pages (scanned agreements are left out: their time is OCR's).
Each repeat extracts every file once with each tool; the median repeat is reported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CODE_DIR, REPO_DIR, median, write_json  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from indexer.extractors import extractor_for  # noqa: E402

BORN_DIGITAL_SHARE = 0.9
DEFAULT_PDF_DIR = REPO_DIR / "corpus" / "pdf"


def born_digital(pdf_dir: Path) -> list[tuple[Path, int]]:
    """(path, pages) of the PDFs under `pdf_dir` with a text layer on most pages."""
    found = []
    for path in sorted(pdf_dir.rglob("*.pdf")):
        pages = extractor_for(path).extract(path).pages
        with_text = sum(1 for page in pages if not page.needs_ocr)
        if pages and with_text >= BORN_DIGITAL_SHARE * len(pages):
            found.append((path, len(pages)))
    return found


def time_ours(path: Path) -> float:
    started = time.perf_counter()
    extractor_for(path).extract(path)
    return time.perf_counter() - started


def time_pdftotext(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return time.perf_counter() - started


def measure(pdf_dir: Path, repeats: int) -> dict[str, Any]:
    """Pages per second of both tools over all born-digital files, and per file."""
    files = born_digital(pdf_dir)  # also warms up imports and the OS file cache
    pages = sum(count for _, count in files)
    ours: dict[str, list[float]] = {path.name: [] for path, _ in files}
    reference: dict[str, list[float]] = {path.name: [] for path, _ in files}
    totals_ours, totals_reference = [], []
    for _ in range(repeats):
        total_ours = total_reference = 0.0
        for path, _ in files:
            seconds = time_ours(path)
            ours[path.name].append(seconds)
            total_ours += seconds
            seconds = time_pdftotext(path)
            reference[path.name].append(seconds)
            total_reference += seconds
        totals_ours.append(total_ours)
        totals_reference.append(total_reference)
    seconds_ours, seconds_reference = median(totals_ours), median(totals_reference)
    return {
        "files": len(files),
        "pages": pages,
        "repeats": repeats,
        "ours": {"seconds": seconds_ours, "pages_per_second": pages / seconds_ours},
        "pdftotext": {"seconds": seconds_reference, "pages_per_second": pages / seconds_reference},
        "ratio": seconds_ours / seconds_reference,
        "per_file": [
            {
                "file": path.name,
                "pages": count,
                "ours_ms": 1000 * median(ours[path.name]),
                "pdftotext_ms": 1000 * median(reference[path.name]),
            }
            for path, count in files
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf-dir", type=Path, default=DEFAULT_PDF_DIR)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    write_json(args.json, measure(args.pdf_dir, args.repeats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark ingest of a ZIP archive against the same files loose (issue 15, target >= 0.95x).

Usage: .venv/bin/python bench/bench_archive.py [--repeats 3] [--workers 2] [--quick] [--out FILE]

The PDFs of corpus/pdf are ingested (OCR off) into a fresh home each time, once as loose
files in a folder and once as one ZIP (deflated, as agencies deliver them) holding the same
files; the two alternate, so that a busy machine slows both alike. Reported: the medians of
pages per second of a first ingest, and of the seconds of a second ingest with nothing
changed (every member unpacked and hashed again), and their ratio ZIP / loose.
Prints a Markdown section; --out writes it too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))

from indexer.engines import open_engine  # noqa: E402
from indexer.ingest.pipeline import Ingest  # noqa: E402
from indexer.store.database import Store  # noqa: E402

PDF_DIR = REPO_DIR / "corpus" / "pdf"
TARGET = 0.95


def _ingest(source: Path, home: Path, workers: int) -> tuple[int, float]:
    store = Store(home)
    try:
        started = time.perf_counter()
        report = Ingest(store, open_engine(home), workers=workers, ocr="off").run([source])
        seconds = time.perf_counter() - started
        assert not report.failed, report.failed
        return report.pages, seconds
    finally:
        store.close()


def _prepare(work: Path, files: list[Path]) -> tuple[Path, Path]:
    loose = work / "loose"
    loose.mkdir()
    for path in files:
        shutil.copyfile(path, loose / path.name)
    packed = work / "packed"
    packed.mkdir()
    with zipfile.ZipFile(packed / "release.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, f"release/{path.name}")
    return loose, packed


def measure(repeats: int, workers: int, files: list[Path]) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {
        "loose_rate": [],
        "zip_rate": [],
        "loose_again": [],
        "zip_again": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as name:
        work = Path(name)
        loose, packed = _prepare(work, files)
        for run in range(repeats):
            for kind, source in (("loose", loose), ("zip", packed)):
                home = work / f"home-{kind}-{run}"
                pages, seconds = _ingest(source, home, workers)
                results[f"{kind}_rate"].append(pages / seconds)
                _, again = _ingest(source, home, workers)
                results[f"{kind}_again"].append(again)
                shutil.rmtree(home)
                print(
                    f"run {run + 1} {kind}: {pages} pages in {seconds:.2f} s,"
                    f" unchanged again {again:.2f} s",
                    file=sys.stderr,
                )
    return results


def render(results: dict[str, list[float]], repeats: int, workers: int, files: int) -> str:
    median = {key: statistics.median(values) for key, values in results.items()}
    ratio = median["zip_rate"] / median["loose_rate"]
    again = median["zip_again"] / median["loose_again"]
    verdict = "met" if ratio >= TARGET else "NOT met"
    lines = [
        "## Archives: ingest of a ZIP against the same files loose (issue 15)",
        "",
        f"`python bench/bench_archive.py --repeats {repeats} --workers {workers}`",
        "",
        f"**ZIP / loose: {ratio:.2f}x pages/s** (target >= {TARGET}x: {verdict}).",
        "",
        "| measure (median of runs) | loose files | one ZIP | ZIP / loose |",
        "|---|---|---|---|",
        f"| first ingest, pages/s | {median['loose_rate']:.1f} | {median['zip_rate']:.1f}"
        f" | {ratio:.2f}x |",
        f"| ingest again, nothing changed, s | {median['loose_again']:.2f} |"
        f" {median['zip_again']:.2f} | {again:.2f}x the time |",
        "",
        f"The {files} PDFs of corpus/pdf, OCR off, {workers} workers, a fresh home each run;"
        f" {repeats} runs of each, loose and ZIP alternating. All runs (pages/s):"
        f" loose {', '.join(f'{v:.1f}' for v in results['loose_rate'])};"
        f" ZIP {', '.join(f'{v:.1f}' for v in results['zip_rate'])}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="at most 2 runs over 4 files")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    files = sorted(PDF_DIR.glob("*.pdf"))
    repeats = args.repeats
    if args.quick:
        files, repeats = files[:4], max(1, min(repeats, 2))
    results = measure(repeats, args.workers, files)
    text = render(results, repeats, args.workers, len(files))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

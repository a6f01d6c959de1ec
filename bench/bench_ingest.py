"""Ingest benchmarks on the generated corpus: full ingest time and peak memory per corpus size,
re-ingest of the unchanged corpus, and the index stage against a bare Whoosh writer.

    python bench/bench_ingest.py --sizes 10000,30000 --json bench/work/ingest.json

Each ingest runs in its own process (`--child`), so that its peak memory is its own: the
parent samples the resident memory of the child and its worker processes from /proc, and the
child reports getrusage's RUSAGE_SELF and RUSAGE_CHILDREN peaks. The homes it builds are kept
in the work folder for the query benchmark.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import ensure_corpus  # noqa: E402
from measure import CODE_DIR, REPO_DIR, median, run_python, write_json  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from indexer.engines.whoosh.engine import WhooshEngine  # noqa: E402
from indexer.engines.whoosh.index import WRITER_LIMIT_MB  # noqa: E402
from indexer.engines.whoosh.schema import build_schema  # noqa: E402
from indexer.extractors import extractor_for  # noqa: E402
from indexer.ingest.assemble import FileMetadata, assemble_document  # noqa: E402
from indexer.ingest.pipeline import COMMIT_DOCUMENTS, COMMIT_SECONDS, ingest  # noqa: E402
from indexer.ingest.walk import sha256_of, walk  # noqa: E402
from indexer.model.document import Document  # noqa: E402
from indexer.search.fields import page_key, page_to_fields  # noqa: E402
from indexer.store.database import Store  # noqa: E402

DEFAULT_WORK = REPO_DIR / "bench" / "work"

# One prepared file: (extraction, document as indexed, file size, file metadata).
Prepared = tuple[Document, Document, int, dict[str, Any]]


def run_child(home: Path, corpus: Path, workers: int | None) -> dict[str, Any]:
    """One `foia ingest` of `corpus` into `home`, in this process: its report and peaks."""
    started = time.perf_counter()
    report = ingest([corpus], home, workers=workers)
    seconds = time.perf_counter() - started
    result = report.to_json()
    result["failed"] = result["failed"][:5]
    return {
        "report": result,
        "seconds": seconds,
        "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "maxrss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def _child_args(home: Path, corpus: Path, workers: int | None) -> list[str]:
    args = ["--child", "--home", str(home), "--corpus", str(corpus)]
    return args + (["--workers", str(workers)] if workers else [])


def measure_size(
    pages: int, work: Path, repeats: int, ingest_repeats: int, workers: int | None
) -> dict[str, Any]:
    """First ingest (fresh home each time; the last home is kept) and re-ingests of one size."""
    corpus = ensure_corpus(pages, work)
    home = work / f"home-{pages}"
    first_runs = []
    for _ in range(ingest_repeats):
        shutil.rmtree(home, ignore_errors=True)
        child, wall, peak = run_python(
            "bench_ingest.py", _child_args(home, corpus, workers), sample_memory=True
        )
        first_runs.append({**child, "wall": wall, "peak_tree_bytes": peak})
    again = []
    for _ in range(repeats):
        child, wall, peak = run_python(
            "bench_ingest.py", _child_args(home, corpus, workers), sample_memory=True
        )
        again.append({**child, "wall": wall, "peak_tree_bytes": peak})
    first_seconds = median([run["seconds"] for run in first_runs])
    again_seconds = median([run["seconds"] for run in again])
    indexed = first_runs[-1]["report"]["pages"]
    return {
        "pages": pages,
        "corpus": str(corpus),
        "home": str(home),
        "indexed_pages": indexed,
        "documents": first_runs[-1]["report"]["added"],
        "failed": first_runs[-1]["report"]["failed"],
        "first": {
            "seconds": first_seconds,
            "pages_per_second": indexed / first_seconds,
            "peak_tree_bytes": max(run["peak_tree_bytes"] for run in first_runs),
            "maxrss_self": max(run["maxrss_self"] for run in first_runs),
            "maxrss_children": max(run["maxrss_children"] for run in first_runs),
            "runs": [run["seconds"] for run in first_runs],
        },
        "again": {
            "seconds": again_seconds,
            "share_of_first": again_seconds / first_seconds,
            "unchanged": again[-1]["report"]["unchanged"],
            "added": again[-1]["report"]["added"] + again[-1]["report"]["updated"],
            "peak_tree_bytes": max(run["peak_tree_bytes"] for run in again),
            "runs": [run["seconds"] for run in again],
        },
    }


def prepare(corpus: Path) -> list[Prepared]:
    """Every file of `corpus` extracted and enriched as the pipeline does (not timed)."""
    files = FileMetadata()
    prepared = []
    for path in walk([corpus]):
        sha256 = sha256_of(path)
        metadata = files.of(path)
        raw = extractor_for(path).extract(path)
        doc = assemble_document(raw, sha256[:16], sha256, str(path), metadata)
        prepared.append((raw, doc, path.stat().st_size, metadata))
    return prepared


def index_ours(prepared: list[Prepared], home: Path) -> float:
    """Seconds for the pipeline's index stage: cache and document rows in SQLite, the engine
    writer's `add` (one index document per page), commits every COMMIT_DOCUMENTS documents."""
    store = Store(home)
    engine = WhooshEngine(home)
    started = time.perf_counter()
    last_commit = started
    writer = None
    uncommitted: list[str] = []
    for raw, doc, size, metadata in prepared:
        store.save_extraction(doc.sha256, raw)
        store.save_document(doc, size, metadata)
        writer = writer or engine.writer()
        writer.add(doc)
        uncommitted.append(doc.doc_id)
        if (
            len(uncommitted) >= COMMIT_DOCUMENTS
            or time.perf_counter() - last_commit > COMMIT_SECONDS
        ):
            writer.commit()
            store.mark_indexed(uncommitted)
            writer, uncommitted, last_commit = None, [], time.perf_counter()
    if writer is not None:
        writer.commit()
        store.mark_indexed(uncommitted)
    seconds = time.perf_counter() - started
    store.close()
    return seconds


def _bare_writer(folder: Path) -> Any:
    from whoosh import index

    folder.mkdir(parents=True)
    return index.create_in(str(folder), build_schema()).writer(limitmb=WRITER_LIMIT_MB)


def index_bare_texts(prepared: list[Prepared], folder: Path) -> float:
    """Seconds for a bare Whoosh writer, same schema, fed the page texts (key, doc_id, page,
    body, exact), one commit."""
    writer = _bare_writer(folder)
    started = time.perf_counter()
    for _, doc, _, _ in prepared:
        for page in doc.pages:
            writer.add_document(
                key=page_key(doc.doc_id, page.page),
                doc_id=doc.doc_id,
                page=page.page,
                body=page.text,
                exact=page.text,
            )
    writer.commit()
    return time.perf_counter() - started


def index_bare_fields(prepared: list[Prepared], folder: Path) -> float:
    """Seconds for a bare Whoosh writer fed every field our pages carry (computed beforehand),
    one commit: what Whoosh itself costs for our documents."""
    fields = [page_to_fields(doc, page) for _, doc, _, _ in prepared for page in doc.pages]
    writer = _bare_writer(folder)
    started = time.perf_counter()
    for values in fields:
        writer.add_document(**values)
    writer.commit()
    return time.perf_counter() - started


def time_fields(prepared: list[Prepared]) -> float:
    """Seconds page_to_fields takes for every page."""
    started = time.perf_counter()
    for _, doc, _, _ in prepared:
        for page in doc.pages:
            page_to_fields(doc, page)
    return time.perf_counter() - started


def time_store(prepared: list[Prepared], home: Path) -> float:
    """Seconds the SQLite writes of the index stage take on their own."""
    store = Store(home)
    started = time.perf_counter()
    for raw, doc, size, metadata in prepared:
        store.save_extraction(doc.sha256, raw)
        store.save_document(doc, size, metadata)
    store.mark_indexed([doc.doc_id for _, doc, _, _ in prepared])
    seconds = time.perf_counter() - started
    store.close()
    return seconds


def measure_index_stage(pages: int, work: Path, repeats: int) -> dict[str, Any]:
    """Our index stage against bare Whoosh on the same prepared pages: medians over repeats."""
    prepared = prepare(ensure_corpus(pages, work))
    page_count = sum(len(doc.pages) for _, doc, _, _ in prepared)
    scratch = work / "index-stage"
    runs: dict[str, list[float]] = {}
    steps: dict[str, Callable[[Path], float]] = {
        "ours": lambda folder: index_ours(prepared, folder),
        "bare_texts": lambda folder: index_bare_texts(prepared, folder),
        "bare_fields": lambda folder: index_bare_fields(prepared, folder),
        "store_only": lambda folder: time_store(prepared, folder),
        "fields_only": lambda folder: time_fields(prepared),
    }
    for _ in range(repeats):
        for name, step in steps.items():
            shutil.rmtree(scratch, ignore_errors=True)
            runs.setdefault(name, []).append(step(scratch / name))
    shutil.rmtree(scratch, ignore_errors=True)
    seconds = {name: median(values) for name, values in runs.items()}
    return {
        "pages": page_count,
        "documents": len(prepared),
        "repeats": repeats,
        "seconds": seconds,
        "runs": runs,
        "pages_per_second": {name: page_count / value for name, value in seconds.items()},
        "ratio": seconds["ours"] / seconds["bare_texts"],
        "ratio_same_fields": seconds["ours"] / seconds["bare_fields"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--repeats", type=int, default=3, help="re-ingests and index stages")
    parser.add_argument("--ingest-repeats", type=int, default=1, help="fresh ingests per size")
    parser.add_argument("--index-pages", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.child:
        write_json(None, run_child(args.home, args.corpus, args.workers))
        return 0
    work = args.work.resolve()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    result: dict[str, Any] = {"sizes": []}
    for pages in sizes:
        result["sizes"].append(
            measure_size(pages, work, args.repeats, args.ingest_repeats, args.workers)
        )
    result["index_stage"] = measure_index_stage(args.index_pages, work, args.repeats)
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

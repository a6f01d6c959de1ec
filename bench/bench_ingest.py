"""Ingest benchmarks on the generated corpus: full ingest time and peak memory per corpus size,
re-ingest of the unchanged corpus, and the index stage against a bare Whoosh writer.

    python bench/bench_ingest.py --sizes 10000,30000 --json bench/work/ingest.json
    python bench/bench_ingest.py --sizes 100000 --engine tantivy --floors --repeats 1 \
        --index-pages 0 --json bench/work/ingest-tantivy.json

`--engine` picks the engine of the homes it builds (home-N for Whoosh, home-N-tantivy);
`--floors` also times the floors of each size in the same way (`ingest_floor.py`: extraction
only, and extraction with enrichment), nothing stored or indexed. `--index-pages 0` skips the
index stage.

Each ingest runs in its own process (`--child`), so that its peak memory is its own: the
parent samples the resident memory of the child and its worker processes from /proc, and the
child reports getrusage's RUSAGE_SELF and RUSAGE_CHILDREN peaks. The homes it builds are kept
in the work folder for the query benchmark.
"""

from __future__ import annotations

import argparse
import os
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

from ingest_floor import FLOORS, run_floor  # noqa: E402  (imports the library measured)

from indexer.engines import ENGINE_VARIABLE, ENGINES, open_engine  # noqa: E402
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


def _peaks() -> dict[str, int]:
    return {
        "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "maxrss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def _cpu_seconds() -> dict[str, float]:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return {
        "cpu_self": own.ru_utime + own.ru_stime,
        "cpu_children": children.ru_utime + children.ru_stime,
    }


def run_child(home: Path, corpus: Path, workers: int | None, engine: str) -> dict[str, Any]:
    """One `foia ingest --engine ENGINE` of `corpus` into `home`, in this process: its
    report, CPU seconds, peaks and the index size."""
    os.environ[ENGINE_VARIABLE] = engine  # a new home takes it; a kept one has its own
    started = time.perf_counter()
    report = ingest([corpus], home, workers=workers)
    seconds = time.perf_counter() - started
    result = report.to_json()
    result["failed"] = result["failed"][:5]
    index = open_engine(home)
    return {
        "report": result,
        "seconds": seconds,
        "engine": index.name,
        "index_bytes": index.size_bytes(),
        "store_bytes": sum(path.stat().st_size for path in home.glob("foia.sqlite3*")),
        **_cpu_seconds(),
        **_peaks(),
    }


def run_floor_child(corpus: Path, workers: int | None, mode: str) -> dict[str, Any]:
    """One floor run (`ingest_floor.run_floor`) in this process, with CPU seconds and peaks."""
    return {**run_floor(corpus, workers, mode), **_cpu_seconds(), **_peaks()}


def _child_args(home: Path, corpus: Path, workers: int | None, engine: str) -> list[str]:
    args = ["--child", "--home", str(home), "--corpus", str(corpus), "--engine", engine]
    return args + (["--workers", str(workers)] if workers else [])


def measure_floors(corpus: Path, workers: int | None) -> dict[str, Any]:
    """Each floor of `corpus`, run as a child process as the ingests are."""
    floors = {}
    for mode in FLOORS:
        args = ["--floor", mode, "--corpus", str(corpus)]
        args += ["--workers", str(workers)] if workers else []
        child, wall, peak = run_python("bench_ingest.py", args, sample_memory=True)
        floors[mode] = {
            **child,
            "wall": wall,
            "peak_tree_bytes": peak,
            "pages_per_second": child["pages"] / child["seconds"],
        }
    return floors


def home_name(pages: int, engine: str) -> str:
    """home-N for Whoosh (as before there was a choice), home-N-ENGINE for another engine."""
    return f"home-{pages}" if engine == "whoosh" else f"home-{pages}-{engine}"


def measure_size(
    pages: int,
    work: Path,
    repeats: int,
    ingest_repeats: int,
    workers: int | None,
    engine: str = "whoosh",
    floors: bool = False,
) -> dict[str, Any]:
    """First ingest (fresh home each time; the last home is kept) and re-ingests of one size,
    and its floors when asked."""
    corpus = ensure_corpus(pages, work)
    home = work / home_name(pages, engine)
    first_runs = []
    for _ in range(ingest_repeats):
        shutil.rmtree(home, ignore_errors=True)
        child, wall, peak = run_python(
            "bench_ingest.py", _child_args(home, corpus, workers, engine), sample_memory=True
        )
        first_runs.append({**child, "wall": wall, "peak_tree_bytes": peak})
    again = []
    for _ in range(repeats):
        child, wall, peak = run_python(
            "bench_ingest.py", _child_args(home, corpus, workers, engine), sample_memory=True
        )
        again.append({**child, "wall": wall, "peak_tree_bytes": peak})
    first_seconds = median([run["seconds"] for run in first_runs])
    again_seconds = median([run["seconds"] for run in again])
    indexed = first_runs[-1]["report"]["pages"]
    result: dict[str, Any] = {
        "pages": pages,
        "engine": engine,
        "corpus": str(corpus),
        "home": str(home),
        "indexed_pages": indexed,
        "documents": first_runs[-1]["report"]["added"],
        "failed": first_runs[-1]["report"]["failed"],
        "index_bytes": first_runs[-1]["index_bytes"],
        "store_bytes": first_runs[-1]["store_bytes"],
        "first": {
            "seconds": first_seconds,
            "pages_per_second": indexed / first_seconds,
            "peak_tree_bytes": max(run["peak_tree_bytes"] for run in first_runs),
            "maxrss_self": max(run["maxrss_self"] for run in first_runs),
            "maxrss_children": max(run["maxrss_children"] for run in first_runs),
            "cpu_self": median([run["cpu_self"] for run in first_runs]),
            "cpu_children": median([run["cpu_children"] for run in first_runs]),
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
    if floors:
        result["floors"] = measure_floors(corpus, workers)
        result["ratio_to_floor"] = {
            mode: first_seconds / floor["seconds"] for mode, floor in result["floors"].items()
        }
    return result


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
    parser.add_argument("--engine", choices=sorted(ENGINES), default="whoosh")
    parser.add_argument("--floors", action="store_true", help="also time the ingest floors")
    parser.add_argument("--floor", choices=FLOORS, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--repeats", type=int, default=3, help="re-ingests and index stages")
    parser.add_argument("--ingest-repeats", type=int, default=1, help="fresh ingests per size")
    parser.add_argument("--index-pages", type=int, default=10_000, help="0: no index stage")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    measured = Path(sys.modules["indexer"].__file__ or "").resolve()
    if not measured.is_relative_to(CODE_DIR.resolve()):  # an installed copy came first
        raise SystemExit(f"measuring {measured}, not the code in {CODE_DIR}")
    if args.child:
        write_json(None, run_child(args.home, args.corpus, args.workers, args.engine))
        return 0
    if args.floor:
        write_json(None, run_floor_child(args.corpus, args.workers, args.floor))
        return 0
    work = args.work.resolve()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    result: dict[str, Any] = {"sizes": []}
    for pages in sizes:
        result["sizes"].append(
            measure_size(
                pages,
                work,
                args.repeats,
                args.ingest_repeats,
                args.workers,
                args.engine,
                args.floors,
            )
        )
    if args.index_pages > 0:
        result["index_stage"] = measure_index_stage(args.index_pages, work, args.repeats)
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

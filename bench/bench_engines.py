"""The two engines on one home, in one run: index build from the extraction cache, index size,
full-search latency, more-like-this latency, and whether they give the same answers.

    python bench/bench_engines.py --home bench/work/home-30000 --work bench/work/engines-30000 \\
        --json bench/work/engines-30000.json

`--home` is a home ingested with the Whoosh engine. Its store is copied into two homes under
`--work`, and each engine builds its index there from the extraction cache (`Engine.rebuild`,
what `foia reindex` runs), so both index the same documents; `--skip-whoosh-build` reuses the
Whoosh index of `--home` instead (its build then is not timed), `--tantivy-home H` the tantivy
index of a home H holding the same store, and `--build-pages N` times both builds on the first
N pages in the same run. Every query of the benchmark
set then runs through our full search (exact totals, facets, timeline, grouping, collapsed
copies, snippets) on each engine, the engines taking turns query by query so that a busy
machine slows both alike; p50 and p95 are taken per pass and the median pass is reported,
with the ratios Whoosh / tantivy. `cpu_ms` gives the same for the CPU time of the process
(what a query costs, less what waiting for a busy machine's cores adds to the wall clock).
To compare two commits, run it twice, FOIA_BENCH_CODE naming each one's worktree.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CODE_DIR, REPO_DIR, machine, median, percentile, write_json  # noqa: E402
from query_set import read_queries  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from indexer.engines import open_engine, remember_engine  # noqa: E402
from indexer.ingest.recache import CachedDocuments  # noqa: E402
from indexer.model.document import Document  # noqa: E402
from indexer.search.engine import Engine  # noqa: E402
from indexer.search.service import SearchRequest, search  # noqa: E402
from indexer.search.similar import similar_documents  # noqa: E402
from indexer.store.database import DATABASE_NAME, Store  # noqa: E402

DEFAULT_QUERIES = REPO_DIR / "bench" / "queries.txt"
ENGINE_NAMES = ("whoosh", "tantivy")
SIMILAR_DOCUMENTS = 40


def copy_store(source: Path, target: Path) -> None:
    """A home at `target` with the SQLite store of `source` (no index)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.name.startswith(DATABASE_NAME):
            shutil.copy2(path, target / path.name)


def build(home: Path, name: str) -> dict[str, Any]:
    """Build `name`'s index of every stored document from the cache; seconds and pages."""
    store = Store(home)
    engine = open_engine(home, name)
    documents = _cached(store, engine)
    started = time.perf_counter()
    engine.rebuild(documents)
    seconds = time.perf_counter() - started
    remember_engine(home, name)
    engine.close()
    store.close()
    counts = {"documents": documents.documents, "pages": documents.pages}
    return {"seconds": seconds, **counts, "pages_per_second": documents.pages / seconds}


def _cached(store: Store, engine: Engine) -> CachedDocuments:
    """The stored documents as `foia reindex` hands them to the engine (one worker a core)."""
    return CachedDocuments(store, engine.document_analyzer(), os.cpu_count() or 1)


def build_sample(source: Path, work: Path, name: str, pages: int) -> dict[str, Any]:
    """Build `name`'s index of the first stored documents, about `pages` pages, in a scratch
    home: the index-build speed of both engines measured in the same run on the same pages
    (a whole 30k-page Whoosh build takes half an hour on a busy machine)."""
    home = work / f"sample-{name}"
    copy_store(source, home)
    store = Store(home)
    engine = open_engine(home, name)
    documents = _cached(store, engine)

    def first_documents() -> Iterator[tuple[Document, object]]:
        for item in documents:
            yield item
            if documents.pages >= pages:
                return

    started = time.perf_counter()
    engine.rebuild(first_documents())
    seconds = time.perf_counter() - started
    counts = {"documents": documents.documents, "pages": documents.pages}
    result = {"seconds": seconds, **counts, "pages_per_second": documents.pages / seconds}
    result["index_bytes"] = engine.size_bytes()
    engine.close()
    store.close()
    shutil.rmtree(home, ignore_errors=True)
    return result


def _stats(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95)}


def _answer(engine: Engine, store: Store, text: str) -> tuple[float, float, Any]:
    started, cpu_started = time.perf_counter(), time.process_time()
    result = search(engine, store, SearchRequest(text, limit=10))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    top = [doc.doc_id for doc in result.documents]
    return seconds, cpu, (result.total_documents, result.total_pages, top, dict(result.facets))


def _medians(passes: dict[str, list[list[float]]]) -> dict[str, dict[str, float]]:
    return {
        name: {key: median([_stats(one)[key] for one in runs]) * 1000 for key in ("p50", "p95")}
        for name, runs in passes.items()
    }


def time_queries(
    homes: dict[str, tuple[Engine, Store]], texts: list[str], repeats: int
) -> dict[str, Any]:
    """Latency of our full search per engine (turns taken query by query) and the answers of
    the last pass."""
    passes: dict[str, list[list[float]]] = {name: [] for name in homes}
    cpu_passes: dict[str, list[list[float]]] = {name: [] for name in homes}
    answers: dict[str, list[Any]] = {name: [] for name in homes}
    for number in range(repeats + 1):  # pass 0 warms the caches and is not counted
        seconds: dict[str, list[float]] = {name: [] for name in homes}
        cpu: dict[str, list[float]] = {name: [] for name in homes}
        answers = {name: [] for name in homes}
        for text in texts:
            for name, (engine, store) in homes.items():
                took, took_cpu, answer = _answer(engine, store, text)
                seconds[name].append(took)
                cpu[name].append(took_cpu)
                answers[name].append(answer)
        if number:
            for name in homes:
                passes[name].append(seconds[name])
                cpu_passes[name].append(cpu[name])
    return {"latency_ms": _medians(passes), "cpu_ms": _medians(cpu_passes), "answers": answers}


def compare_answers(whoosh: list[Any], tantivy: list[Any], texts: list[str]) -> dict[str, Any]:
    """Identical totals and facets; average overlap of the top-10 documents."""
    different = [
        text
        for text, w, t in zip(texts, whoosh, tantivy, strict=True)
        if w[0] != t[0] or w[1] != t[1]
    ]
    facets_differ = [
        text for text, w, t in zip(texts, whoosh, tantivy, strict=True) if w[3] != t[3]
    ]
    overlaps = [
        len(set(w[2]) & set(t[2])) / max(len(w[2]), 1)
        for w, t in zip(whoosh, tantivy, strict=True)
        if w[2] or t[2]
    ]
    return {
        "queries": len(texts),
        "totals_identical": len(texts) - len(different),
        "totals_different": different[:20],
        "facets_identical": len(texts) - len(facets_differ),
        "facets_different": facets_differ[:20],
        "top10_overlap": sum(overlaps) / len(overlaps) if overlaps else 1.0,
    }


def time_similar(homes: dict[str, tuple[Engine, Store]], repeats: int) -> dict[str, Any]:
    """More like this for SIMILAR_DOCUMENTS documents spread over the corpus, per engine."""
    _, store = next(iter(homes.values()))
    doc_ids = [row[0] for row in store.query("SELECT doc_id FROM documents ORDER BY doc_id")]
    chosen = doc_ids[:: max(1, len(doc_ids) // SIMILAR_DOCUMENTS)][:SIMILAR_DOCUMENTS]
    runs: dict[str, list[float]] = {name: [] for name in homes}
    for _ in range(repeats + 1):
        seconds: dict[str, list[float]] = {name: [] for name in homes}
        for doc_id in chosen:
            for name, (engine, opened) in homes.items():
                started = time.perf_counter()
                similar_documents(engine, opened, doc_id)
                seconds[name].append(time.perf_counter() - started)
        for name in homes:
            runs[name].append(percentile(seconds[name], 0.5))
    return {name: median(values[1:]) * 1000 for name, values in runs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a home ingested with Whoosh")
    parser.add_argument("--work", type=Path, required=True, help="where the two homes go")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-whoosh-build", action="store_true")
    parser.add_argument("--tantivy-home", type=Path, help="reuse this home's tantivy index")
    parser.add_argument(
        "--build-pages", type=int, default=0, help="also time both builds on this many pages"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    texts = [query.text for query in read_queries(args.queries)]
    result: dict[str, Any] = {"machine": machine(), "home": str(args.home), "builds": {}}
    if args.build_pages:
        result["sample_builds"] = {
            name: build_sample(args.home, args.work, name, args.build_pages)
            for name in ENGINE_NAMES
        }
        samples = result["sample_builds"]
        result["sample_build_ratio"] = samples["whoosh"]["seconds"] / samples["tantivy"]["seconds"]
        print(f"sample builds: {samples}", file=sys.stderr)
    homes: dict[str, tuple[Engine, Store]] = {}
    for name in ENGINE_NAMES:
        home = args.work / f"home-{name}"
        if name == "whoosh" and args.skip_whoosh_build:
            home = args.home
        elif name == "tantivy" and args.tantivy_home:
            home = args.tantivy_home
        else:
            copy_store(args.home, home)
            result["builds"][name] = build(home, name)
            print(f"{name}: built {result['builds'][name]}", file=sys.stderr)
        engine = open_engine(home, name)
        homes[name] = (engine, Store(home))
        result.setdefault("index_bytes", {})[name] = engine.size_bytes()
    timed = time_queries(homes, texts, args.repeats)
    result["latency_ms"] = timed["latency_ms"]
    result["cpu_ms"] = timed["cpu_ms"]
    result["same_answers"] = compare_answers(
        timed["answers"]["whoosh"], timed["answers"]["tantivy"], texts
    )
    result["similar_p50_ms"] = time_similar(homes, args.repeats)
    whoosh, tantivy = result["latency_ms"]["whoosh"], result["latency_ms"]["tantivy"]
    result["ratios"] = {
        "p50": whoosh["p50"] / tantivy["p50"],
        "p95": whoosh["p95"] / tantivy["p95"],
        "similar_p50": result["similar_p50_ms"]["whoosh"] / result["similar_p50_ms"]["tantivy"],
    }
    if len(result["builds"]) == 2:
        result["ratios"]["build"] = (
            result["builds"]["whoosh"]["seconds"] / result["builds"]["tantivy"]["seconds"]
        )
    write_json(args.json, result)
    shown = ("latency_ms", "cpu_ms", "same_answers", "ratios")
    print({key: result[key] for key in shown}, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

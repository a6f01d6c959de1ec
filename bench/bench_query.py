"""Query latency on an ingested home: our search (facets, highlights, grouping pages by document)
against a bare Whoosh top-10 search with highlighting on the same index, and SQLite FTS5 over
the same page texts.

    python bench/bench_query.py --home bench/work/home-10000 \\
        --corpus bench/work/corpus-10000-KEY --json bench/work/query-10000.json

Every engine reuses one open searcher / connection, as a server does. One warm-up pass (whose
latencies are kept as "cold") precedes `--repeats` timed passes over all queries; p50 and p95
are taken per pass and the median pass is reported.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import load_summary  # noqa: E402
from measure import CODE_DIR, REPO_DIR, median, percentile, write_json  # noqa: E402
from query_set import Query, fts5_text, read_queries, whoosh_text  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from whoosh.qparser import QueryParser  # noqa: E402

from indexer.engines.whoosh.engine import WhooshEngine  # noqa: E402
from indexer.search.service import SearchRequest, search  # noqa: E402
from indexer.store.database import Store  # noqa: E402

DEFAULT_QUERIES = REPO_DIR / "bench" / "queries.txt"
SNIPPET_TOKENS = 24
SLOWEST = 8
PROFILE_ROWS = 25

Engine = Callable[[str], int]


def build_fts(store: Store, path: Path) -> dict[str, Any]:
    """An FTS5 table (porter stemming) of every stored page text; how long it took."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE pages USING fts5(text, tokenize = 'porter unicode61')")
    rows = store.query(
        "SELECT p.text FROM documents d JOIN extracted_pages p ON p.sha256 = d.sha256"
    )
    connection.executemany("INSERT INTO pages (text) VALUES (?)", ((row[0],) for row in rows))
    connection.commit()
    connection.close()
    return {"pages": len(rows), "seconds": time.perf_counter() - started}


def our_engine(engine: WhooshEngine, store: Store) -> Engine:
    def run(text: str) -> int:
        return search(engine, store, SearchRequest(text, limit=10)).total_pages

    return run


def bare_engine(engine: WhooshEngine, store: Store) -> Engine:
    """Whoosh's own QueryParser on the `exact` field, top 10, highlights from the page text."""
    searcher = engine.folder.open().searcher()
    parser = QueryParser("exact", searcher.schema)

    def run(text: str) -> int:
        results = searcher.search(parser.parse(whoosh_text(text)), limit=10, terms=True)
        for hit in results:
            fields = hit.fields()
            texts = store.page_texts(fields["doc_id"], [fields["page"]])
            hit.highlights("exact", text=texts.get(fields["page"], ""))
        return len(results.top_n)

    return run


def fts_engine(path: Path) -> Engine:
    connection = sqlite3.connect(path)
    sql = (
        "SELECT rowid, snippet(pages, 0, '<mark>', '</mark>', '…', ?) FROM pages"
        " WHERE pages MATCH ? ORDER BY rank LIMIT 10"
    )

    def run(text: str) -> int:
        return len(connection.execute(sql, (SNIPPET_TOKENS, fts5_text(text))).fetchall())

    return run


def time_pass(engine: Engine, queries: list[Query]) -> tuple[list[float | None], list[str]]:
    """Seconds per query (None where the engine raised) and the errors."""
    seconds: list[float | None] = []
    errors: list[str] = []
    for query in queries:
        started = time.perf_counter()
        try:
            engine(query.text)
        except Exception as error:  # a reference engine may reject a query: count it
            seconds.append(None)
            errors.append(f"{query.text}: {type(error).__name__}: {error}"[:200])
            continue
        seconds.append(time.perf_counter() - started)
    return seconds, errors


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "mean": sum(values) / len(values) if values else 0.0,
        "max": max(values, default=0.0),
    }


def measure_engine(engine: Engine, queries: list[Query], repeats: int) -> dict[str, Any]:
    """Cold pass, then `repeats` passes: per-pass p50/p95 medians, per-category figures from
    each query's median, and the slowest queries."""
    cold, errors = time_pass(engine, queries)
    passes = [time_pass(engine, queries)[0] for _ in range(repeats)]
    per_query = [
        median([p[i] for p in passes if p[i] is not None])  # type: ignore[misc]
        if passes[0][i] is not None
        else None
        for i in range(len(queries))
    ]
    pass_stats = [_stats([s for s in p if s is not None]) for p in passes]
    categories: dict[str, list[float]] = {}
    for query, value in zip(queries, per_query, strict=True):
        if value is not None:
            categories.setdefault(query.category, []).append(value)
    timed = [
        (value, query) for value, query in zip(per_query, queries, strict=True) if value is not None
    ]
    return {
        "queries": len(timed),
        "errors": errors,
        **{key: median([s[key] for s in pass_stats]) for key in ("p50", "p95", "mean", "max")},
        "cold": _stats([s for s in cold if s is not None]),
        "categories": {name: _stats(values) for name, values in sorted(categories.items())},
        "slowest": [
            {"query": query.text, "category": query.category, "seconds": value}
            for value, query in sorted(timed, key=lambda item: -item[0])[:SLOWEST]
        ],
    }


def run_checks(engine: WhooshEngine, store: Store, summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Our page counts for the generator's check queries next to the generator's counts."""
    checks = []
    for text, expected in summary["checks"].items():
        result = search(engine, store, SearchRequest(text, limit=10))
        checks.append(
            {
                "query": text,
                "expected": expected,
                "found": result.total_pages,
                "notice": result.notice,
            }
        )
    return checks


def profile_ours(engine: Engine, queries: list[Query], out: Path) -> list[dict[str, Any]]:
    """cProfile of one pass of our search, written to `out`; returns the functions of
    `indexer` and `whoosh` with the most cumulative time, as shares of the whole pass."""
    profiler = cProfile.Profile()
    profiler.enable()
    time_pass(engine, queries)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    out.write_text(text.getvalue())
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = max(row[3] for row in table.values())
    rows = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in table.items():
        for package in ("indexer", "whoosh"):
            marker = f"/{package}/"
            if marker in filename:
                where = package + "/" + filename.split(marker, 1)[1]
                rows.append(
                    {
                        "function": f"{where}:{line}({function})",
                        "calls": calls,
                        "own_share": tottime / total,
                        "share": cumtime / total,
                    }
                )
    rows.sort(key=lambda row: -row["share"])
    return rows[:PROFILE_ROWS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="generated corpus (for the check queries)")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit-queries", type=int, help="use only the first N queries")
    parser.add_argument("--profile", type=Path, help="write a cProfile of our search here")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    queries = read_queries(args.queries)
    if args.limit_queries:
        step = max(1, len(queries) // args.limit_queries)
        queries = queries[::step][: args.limit_queries]
    store = Store(args.home)
    whoosh = WhooshEngine(args.home)
    fts_path = args.home / "fts5.sqlite3"
    result: dict[str, Any] = {
        "home": str(args.home),
        "queries": len(queries),
        "repeats": args.repeats,
        "fts5_build": build_fts(store, fts_path),
    }
    result["pages"] = result["fts5_build"]["pages"]
    engines = {
        "ours": our_engine(whoosh, store),
        "bare_whoosh": bare_engine(whoosh, store),
        "fts5": fts_engine(fts_path),
    }
    result["engines"] = {
        name: measure_engine(engine, queries, args.repeats) for name, engine in engines.items()
    }
    if args.corpus is not None:
        result["checks"] = run_checks(whoosh, store, load_summary(args.corpus))
    if args.profile is not None:
        result["profile"] = profile_ours(engines["ours"], queries, args.profile)
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

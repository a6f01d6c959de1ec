"""Two versions of the code on the same data, in the same run: the same answers, and how fast.

    git worktree add --detach /tmp/foia-before REV
    python bench/bench_compare.py --before /tmp/foia-before --after . \\
        --home bench/work/home-30000 --corpus bench/work/corpus-5000 --rounds 2 \\
        --json bench/work/compare.json

For a refactoring that must not change behaviour (or an engine that must answer alike):

- **Answers.** Every query of `bench/queries.txt` through each version's command line
  (`foia search --limit 50 --json`, the stable contract), on the same home: the JSON must be
  identical (totals, facets, timeline, the top 50 documents with their pages, scores and
  snippets), timing keys left out.
- **Query latency.** Each version's own `bench/bench_query.py` on the home (our search and
  bare Whoosh, so that a busy machine shows in the reference too), alternating versions.
- **Ingest.** A fresh `foia ingest` of `--corpus` into a scratch home by each version,
  alternating; pages per second from the ingest's own report.

Each version runs with PYTHONPATH set to its folder, so that its code (and its worker
processes) are the ones measured. Medians over `--rounds` go in the summary.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
QUERIES = BENCH_DIR / "queries.txt"
TIMING_KEYS = frozenset({"seconds"})


def run_code(code: Path, args: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """`python ARGS` with `code` first on the path, in `code`."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    return subprocess.run(
        [sys.executable, *args], cwd=code, env=env, capture_output=True, text=True, **options
    )


def read_queries() -> list[str]:
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [line.partition("\t")[2] for line in lines if "\t" in line and line[:1] != "#"]


def without_timing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def answers(code: Path, home: Path, queries: list[str]) -> dict[str, Any]:
    """The CLI's JSON answer to each query (two processes at a time)."""

    def one(query: str) -> Any:
        args = ["-m", "indexer", "--home", str(home), "search", "--limit", "50", "--json"]
        done = run_code(code, [*args, "--", query])
        if done.returncode:
            return {"error": done.stderr.strip().splitlines()[-1:]}
        return without_timing(json.loads(done.stdout))

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(queries, pool.map(one, queries), strict=True))


def query_latency(code: Path, home: Path, work: Path, name: str) -> dict[str, float]:
    out = work / f"query-{name}.json"
    done = run_code(code, ["bench/bench_query.py", "--home", str(home), "--json", str(out)])
    if done.returncode:
        raise SystemExit(f"{name}: bench_query failed: {done.stderr[-2000:]}")
    engines = json.loads(out.read_text())["engines"]
    return {
        "p50_ms": engines["ours"]["p50"] * 1000,
        "p95_ms": engines["ours"]["p95"] * 1000,
        "bare_p95_ms": engines["bare_whoosh"]["p95"] * 1000,
    }


def ingest_rate(code: Path, corpus: Path, work: Path) -> float:
    home = work / "ingest-home"
    shutil.rmtree(home, ignore_errors=True)
    done = run_code(code, ["-m", "indexer", "--home", str(home), "ingest", str(corpus), "--json"])
    if done.returncode:
        raise SystemExit(f"ingest failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return float(report["pages"]) / float(report["seconds"])


def median_of(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="folder of the old code")
    parser.add_argument("--after", type=Path, required=True, help="folder of the new code")
    parser.add_argument("--home", type=Path, required=True, help="an ingested home")
    parser.add_argument("--corpus", type=Path, help="a corpus for the ingest comparison")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    versions = {"before": args.before.resolve(), "after": args.after.resolve()}
    queries = read_queries()
    found = {name: answers(code, args.home, queries) for name, code in versions.items()}
    differing = [q for q in queries if found["before"][q] != found["after"][q]]
    result: dict[str, Any] = {
        "queries": len(queries),
        "identical_answers": len(queries) - len(differing),
        "differing": differing,
    }
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        latency: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
        rates: dict[str, list[float]] = {name: [] for name in versions}
        for _ in range(args.rounds):
            for name, code in versions.items():
                latency[name].append(query_latency(code, args.home, work, name))
                if args.corpus:
                    rates[name].append(ingest_rate(code, args.corpus, work))
    for name in versions:
        result[name] = {
            "rounds": latency[name],
            "p50_ms": median_of(latency[name], "p50_ms"),
            "p95_ms": median_of(latency[name], "p95_ms"),
            "bare_p95_ms": median_of(latency[name], "bare_p95_ms"),
            "ingest_pages_per_s": rates[name],
            "ingest_median": statistics.median(rates[name]) if rates[name] else None,
        }
    before, after = result["before"], result["after"]
    result["p95_ratio"] = after["p95_ms"] / before["p95_ms"]
    if before["ingest_median"]:
        result["ingest_ratio"] = after["ingest_median"] / before["ingest_median"]
    print(json.dumps({k: v for k, v in result.items() if k not in versions}, indent=2))
    for name in versions:
        print(name, json.dumps({k: v for k, v in result[name].items() if k != "rounds"}))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())

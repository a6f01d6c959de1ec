"""What the recall equivalences cost: index size, query latency and pages matched, against the
release before them, in the same run.

    git worktree add --detach /tmp/foia-before REV
    python bench/bench_recall_cost.py --before /tmp/foia-before --after . \\
        --corpus bench/work/corpus-30000 --rounds 3 --json bench/work/recall-cost.json

Each version ingests the same corpus into a home of its own (its own analysis and fields), so
that the index each one builds is measured:

- **Index size.** The bytes of each home's `index/` folder after the ingest.
- **Query latency.** Each version's own `bench/bench_query.py` on its own home (our search and
  bare Whoosh, so that a busy machine shows in the reference too), alternating versions;
  medians over `--rounds`.
- **Precision guard.** The pages each version matches for the 30 plain words of the recall
  evaluation set's `precision` group (`tests/eval/queries.json`), through its command line.

Targets (issue 11): index at most 15% larger, query p95 at most 10% slower, and the precision
queries' pages matched at most 10% more.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_compare import query_latency, run_code  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRECISION_QUERIES = ROOT / "tests" / "eval" / "queries.json"


def precision_words() -> list[str]:
    data = json.loads(PRECISION_QUERIES.read_text(encoding="utf-8"))
    return [q["query"] for q in data["queries"] if q["class"] == "precision"]


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def ingest(code: Path, corpus: Path, home: Path) -> dict[str, Any]:
    shutil.rmtree(home, ignore_errors=True)
    args = ["-m", "indexer", "--home", str(home), "ingest", str(corpus), "--ocr", "off", "--json"]
    done = run_code(code, args)
    if done.returncode:
        raise SystemExit(f"ingest by {code} failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return {"pages": report["pages"], "seconds": report["seconds"]}


def pages_matched(code: Path, home: Path, words: list[str]) -> dict[str, int]:
    def one(word: str) -> int:
        args = ["-m", "indexer", "--home", str(home), "search", "--limit", "1", "--json"]
        done = run_code(code, [*args, "--", word])
        if done.returncode:
            raise SystemExit(f"search {word!r} by {code} failed: {done.stderr[-2000:]}")
        return int(json.loads(done.stdout)["total_pages"])

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(words, pool.map(one, words), strict=True))


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    versions = {"before": args.before.resolve(), "after": args.after.resolve()}
    homes = {name: work / f"home-{name}" for name in versions}
    result: dict[str, Any] = {"corpus": str(args.corpus), "rounds": args.rounds}
    for name, code in versions.items():
        report = ingest(code, args.corpus, homes[name])
        result[name] = {
            "ingest": report,
            "index_bytes": folder_bytes(homes[name] / "index"),
        }
    words = precision_words()
    for name, code in versions.items():
        result[name]["precision_pages"] = pages_matched(code, homes[name], words)
    latency: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    for _ in range(args.rounds):
        for name, code in versions.items():
            latency[name].append(query_latency(code, homes[name], work, name))
    for name in versions:
        rows = latency[name]
        result[name]["latency_rounds"] = rows
        for key in ("p50_ms", "p95_ms", "bare_p95_ms"):
            result[name][key] = statistics.median(row[key] for row in rows)
    return result


def ratios(result: dict[str, Any]) -> dict[str, float]:
    before, after = result["before"], result["after"]
    total_before = sum(before["precision_pages"].values())
    total_after = sum(after["precision_pages"].values())
    return {
        "index_size": after["index_bytes"] / before["index_bytes"],
        "p95": after["p95_ms"] / before["p95_ms"],
        "bare_p95": after["bare_p95_ms"] / before["bare_p95_ms"],
        "precision_pages": total_after / total_before if total_before else 1.0,
    }


def render(result: dict[str, Any]) -> str:
    before, after = result["before"], result["after"]
    found = ratios(result)
    lines = [
        "| | before | after | after / before | target |",
        "|---|---:|---:|---:|---|",
        f"| index size (MB) | {before['index_bytes'] / 1e6:.1f} | {after['index_bytes'] / 1e6:.1f}"
        f" | {found['index_size']:.3f}x | at most 1.15x |",
        f"| query p95 (ms) | {before['p95_ms']:.0f} | {after['p95_ms']:.0f}"
        f" | {found['p95']:.3f}x | at most 1.10x |",
        f"| query p50 (ms) | {before['p50_ms']:.0f} | {after['p50_ms']:.0f}"
        f" | {after['p50_ms'] / before['p50_ms']:.3f}x | |",
        f"| bare Whoosh p95 (ms), the machine's reference | {before['bare_p95_ms']:.0f}"
        f" | {after['bare_p95_ms']:.0f} | {found['bare_p95']:.3f}x | |",
        f"| pages matched by the 30 precision words | {sum(before['precision_pages'].values())}"
        f" | {sum(after['precision_pages'].values())} | {found['precision_pages']:.3f}x"
        " | at most 1.10x |",
        "",
        "| precision word | pages before | pages after |",
        "|---|---:|---:|",
    ]
    for word, pages in before["precision_pages"].items():
        lines.append(f"| {word} | {pages} | {after['precision_pages'][word]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="folder of the old code")
    parser.add_argument("--after", type=Path, required=True, help="folder of the new code")
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus both ingest")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.corpus = args.corpus.resolve()  # each version runs in its own folder
    with tempfile.TemporaryDirectory() as scratch:
        result = measure(args, Path(scratch))
    result["ratios"] = ratios(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

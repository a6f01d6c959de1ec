"""Search recall on the judged evaluation set (issue 11): recall@10, MRR and nDCG@10 per class.

    python bench/bench_recall.py                    # the table, and the diff against the baseline
    python bench/bench_recall.py --json /tmp/recall.json --out /tmp/recall.md
    python bench/bench_recall.py --write-baseline   # replace bench/eval-baseline.json

Ingests corpus/ and tests/eval/docs/ into a temporary home with the real pipeline (OCR off
unless `--ocr auto`), runs every query of tests/eval/queries.json through the real search
(10 documents, as the web app asks), and reports per class and overall: recall@10, MRR,
nDCG@10 (binary relevance, by document), the expected pages listed, the queries with no
result at all, and for the `precision` group the pages each plain query matches. A later run
compares itself with bench/eval-baseline.json: per-class figures before and after, the
queries that started or stopped passing, and the growth of the precision pages (issue 11
allows at most 10%).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CODE_DIR, REPO_DIR, machine  # noqa: E402

sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(CODE_DIR))

from tests.eval.evalset import (  # noqa: E402
    CLASSES,
    QUERIES_PATH,
    EvalHome,
    Result,
    build_home,
    load_set,
    run_set,
)

BASELINE_PATH = REPO_DIR / "bench" / "eval-baseline.json"
PRECISION_GROWTH_LIMIT = 0.10  # issue 11: pages matched by plain words grow at most 10%
EQUIVALENCES = "equivalence classes"
ALL_JUDGED = "all judged"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _figures(results: list[Result]) -> dict[str, Any]:
    scores = [r.score for r in results if r.score is not None]
    return {
        "queries": len(scores),
        "recall": round(_mean([s.recall for s in scores]), 4),
        "mrr": round(_mean([s.reciprocal_rank for s in scores]), 4),
        "ndcg": round(_mean([s.ndcg for s in scores]), 4),
        "pages_expected": sum(s.pages_expected for s in scores),
        "pages_found": sum(s.pages_found for s in scores),
        "no_results": sum(1 for r in results if r.outcome.total_documents == 0),
        "passed": sum(1 for s in scores if s.passed),
    }


def summarize(results: list[Result]) -> dict[str, dict[str, Any]]:
    """Figures per class, for the equivalence classes together, and for every judged query."""
    judged = [r for r in results if r.query.is_judged]
    summary = {group: _figures([r for r in judged if r.query.group == group]) for group in CLASSES}
    summary[EQUIVALENCES] = _figures([r for r in judged if r.query.group != "topical"])
    summary[ALL_JUDGED] = _figures(judged)
    return summary


def _git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_DIR,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_DIR,
    ).stdout.strip()
    return (done.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty else "")


def to_json(results: list[Result], home: EvalHome, settings: dict[str, Any]) -> dict[str, Any]:
    """Everything a later run compares itself with."""
    queries = {}
    precision = {}
    for result in results:
        outcome = result.outcome
        if result.score is None:
            precision[result.query.id] = {"query": result.query.text, "pages": outcome.total_pages}
            continue
        queries[result.query.id] = {
            "class": result.query.group,
            "query": result.query.text,
            "passed": result.score.passed,
            "recall": round(result.score.recall, 4),
            "rr": round(result.score.reciprocal_rank, 4),
            "ndcg": round(result.score.ndcg, 4),
            "documents": outcome.total_documents,
            "pages": outcome.total_pages,
            "missing": list(result.score.missing),
        }
    return {
        **settings,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git_commit(),
        "documents": {
            "count": len(home.paths),
            "pages": home.report["pages"],
            "digest": home.digest(),
            "failed": home.report["failed"],
        },
        "summary": summarize(results),
        "queries": queries,
        "precision": precision,
        "precision_pages": sum(item["pages"] for item in precision.values()),
        "seconds_per_query": round(_mean([r.outcome.seconds for r in results]), 4),
    }


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _summary_rows(summary: dict[str, dict[str, Any]]) -> list[tuple[str, ...]]:
    rows = []
    for group, f in summary.items():
        pages = f"{f['pages_found']}/{f['pages_expected']}" if f["pages_expected"] else "-"
        name = f"**{group}**" if group in (EQUIVALENCES, ALL_JUDGED) else group
        rows.append(
            (
                name,
                str(f["queries"]),
                f"{f['recall']:.3f}",
                f"{f['mrr']:.3f}",
                f"{f['ndcg']:.3f}",
                pages,
                str(f["no_results"]),
                f"{f['passed']}/{f['queries']}",
            )
        )
    return rows


def _comparison(data: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Before (the baseline) and after (this run), per class, per query and for precision."""
    lines = [
        f"Against `bench/eval-baseline.json` (commit {baseline['commit']}, {baseline['date']}):",
        "",
    ]
    if baseline["documents"]["digest"] != data["documents"]["digest"]:
        lines += ["**The documents differ from the baseline's: the figures are not comparable.**"]
    rows = []
    for group, after in data["summary"].items():
        before = baseline["summary"].get(group)
        if before:
            rows.append(
                (
                    group,
                    f"{before['recall']:.3f} → {after['recall']:.3f}",
                    f"{before['mrr']:.3f} → {after['mrr']:.3f}",
                    f"{before['ndcg']:.3f} → {after['ndcg']:.3f}",
                    f"{before['no_results']} → {after['no_results']}",
                    f"{before['passed']} → {after['passed']}",
                )
            )
    header = ("class", "recall@10", "MRR", "nDCG@10", "no results", "passed")
    lines += [*_table(header, rows), ""]
    changed = [
        f"`{query_id}` {'now passes' if row['passed'] else 'no longer passes'}: {row['query']}"
        for query_id, row in data["queries"].items()
        if query_id in baseline["queries"]
        and baseline["queries"][query_id]["passed"] != row["passed"]
    ]
    lines += [f"- {line}" for line in changed] or ["- No query changed between pass and fail."]
    before_pages, after_pages = baseline["precision_pages"], data["precision_pages"]
    growth = (after_pages - before_pages) / before_pages if before_pages else 0.0
    verdict = "within" if growth <= PRECISION_GROWTH_LIMIT else "**over**"
    lines += [
        "",
        f"Precision guard: the {len(data['precision'])} plain queries match {before_pages:,} → "
        f"{after_pages:,} pages ({growth:+.1%}), {verdict} the {PRECISION_GROWTH_LIMIT:.0%} "
        "allowed.",
    ]
    grown = [
        (query_id, row["query"], baseline["precision"][query_id]["pages"], row["pages"])
        for query_id, row in data["precision"].items()
        if query_id in baseline["precision"]
        and row["pages"] != baseline["precision"][query_id]["pages"]
    ]
    if grown:
        lines += [
            "",
            *_table(
                ("query", "text", "pages before", "pages after"),
                [(q, f"`{t}`", f"{b:,}", f"{a:,}") for q, t, b, a in grown],
            ),
        ]
    return lines


def _query_rows(data: dict[str, Any]) -> list[str]:
    """One row a judged query: passed or not, its figures, what it missed."""
    rows = [
        (
            f"`{query_id}`",
            "pass" if row["passed"] else "**fail**",
            f"{row['recall']:.2f}",
            f"{row['rr']:.2f}",
            str(row["documents"]),
            f"`{row['query']}`".replace("|", "\\|"),
            ", ".join(row["missing"]),
        )
        for query_id, row in data["queries"].items()
    ]
    return _table(("id", "", "recall", "RR", "documents", "query", "missing"), rows)


def render(data: dict[str, Any], baseline: dict[str, Any] | None, every_query: bool = False) -> str:
    """The markdown report: the set, the table per class, the precision pages, the diff."""
    docs = data["documents"]
    total_queries = data["summary"][ALL_JUDGED]["queries"] + len(data["precision"])
    lines = [
        "## Search recall: evaluation set",
        "",
        f"Command: `{data['command']}` · commit {data['commit']} · {data['date']} · "
        f"{data['machine']['cores']} cores, {data['machine']['cpu']}.",
        "",
        f"{total_queries} queries ({data['summary'][ALL_JUDGED]['queries']} judged, "
        f"{len(data['precision'])} precision) over {docs['count']} documents "
        f"({docs['pages']} pages, OCR {data['ocr']}); top {data['k']} documents per query; "
        f"{data['seconds_per_query'] * 1000:.0f} ms per query on average.",
        "",
        *_table(
            (
                "class",
                "queries",
                "recall@10",
                "MRR",
                "nDCG@10",
                "pages listed",
                "no results",
                "passed",
            ),
            _summary_rows(data["summary"]),
        ),
        "",
        f"Precision: the {len(data['precision'])} plain queries match "
        f"{data['precision_pages']:,} pages in all.",
    ]
    empty = [f"`{q}`" for q, row in data["queries"].items() if row["documents"] == 0]
    if empty:
        lines += ["", f"Queries with no result at all ({len(empty)}): {', '.join(empty)}."]
    if docs["failed"]:
        lines += ["", f"**Files that failed to ingest: {docs['failed']}**"]
    if baseline is not None:
        lines += ["", *_comparison(data, baseline)]
    if every_query:
        lines += ["", *_query_rows(data)]
    return "\n".join(lines) + "\n"


def measure(args: argparse.Namespace) -> dict[str, Any]:
    evalset = load_set(args.queries)
    with tempfile.TemporaryDirectory(prefix="foia-recall-") as folder:
        started = time.perf_counter()
        home = build_home(Path(folder) / "home", workers=args.workers, ocr=args.ocr)
        ingest_seconds = time.perf_counter() - started
        try:
            results = run_set(home, evalset.queries, evalset.k)
            settings = {
                "command": shlex.join(["python", "bench/bench_recall.py", *sys.argv[1:]]),
                "machine": machine(),
                "k": evalset.k,
                "ocr": args.ocr,
                "ingest_seconds": round(ingest_seconds, 2),
            }
            return to_json(results, home, settings)
        finally:
            home.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=QUERIES_PATH)
    parser.add_argument("--ocr", choices=("off", "auto"), default="off")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--out", type=Path, help="write the markdown report to this file")
    parser.add_argument("--baseline", type=Path, default=BASELINE_PATH)
    parser.add_argument(
        "--write-baseline", action="store_true", help="write this run to --baseline"
    )
    parser.add_argument("--list", action="store_true", help="add a row for every judged query")
    args = parser.parse_args(argv)
    data = measure(args)
    baseline = None
    if args.baseline.exists() and not args.write_baseline:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    markdown = render(data, baseline, every_query=args.list)
    print(markdown)
    if args.out:
        args.out.write_text(markdown, encoding="utf-8")
    for path in (args.baseline if args.write_baseline else None, args.json):
        if path is not None:
            path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

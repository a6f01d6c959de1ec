"""Productions benchmark (issue 16): report times at 30k pages, and the inconsistent-redaction
finder's precision and recall on generated copies with known differences.

    python bench/bench_productions.py --home bench/work/home-30000 --out /tmp/productions.md
    python bench/bench_productions.py --quick --out /tmp/productions.md   # small generated corpora

1. Report times: the productions list, the largest production's report (HTML, JSON, xlsx)
   and the redactions list through the web app (Flask test client, one process), each
   first in a fresh process (`cold`: the page facts are stored, nothing is in memory) and
   then repeated (`warm`: served from the per-store-state cache); the reference measured in
   the same run is `/search?q=detention` (a search page). With `--fill`, the page facts are
   first deleted so that the one-time pass over every page text is measured too (it writes
   to the home: give a copy).
2. Precision and recall: `tests/productions/redaction_corpus.py` generates records released
   two or three times (other agencies, Bates prefixes, label styles, years) with chosen
   redactions; they are ingested through the real pipeline and every difference the finder
   reports is matched against the known ones (a multiset: the same passage twice counts
   twice).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import REPO_DIR, machine, median, write_report  # noqa: E402

sys.path.insert(0, str(REPO_DIR))

WARM_REPEATS = 7
SEEDS = (1, 2, 3)
TARGET_SECONDS = 1.0
_COLD = """
import json, sys, time
sys.path.insert(0, {repo!r})
from webui import create_app
client = create_app({{"TESTING": True, "FOIA_HOME": {home!r}}}).test_client()
out = {{}}
for url in {urls!r}:
    start = time.perf_counter()
    response = client.get(url)
    out[url] = [time.perf_counter() - start, response.status_code, len(response.data)]
print(json.dumps(out))
"""


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _urls(home: Path) -> list[str]:
    from indexer.productions.report import list_productions
    from indexer.store.database import Store

    store = Store(home)
    try:
        summaries, _ = list_productions(store)
    finally:
        store.close()
    largest = max(summaries, key=lambda s: s.counts.pages).production.production_id
    return [
        "/search?q=detention",
        "/productions",
        f"/productions/{largest}",
        f"/api/productions/{largest}",
        f"/productions/{largest}/report.xlsx",
        "/redactions",
    ]


def fill_facts(home: Path) -> float:
    """Seconds to compute every page's facts once (after deleting them)."""
    import sqlite3

    with sqlite3.connect(home / "foia.sqlite3") as db:
        db.execute("DELETE FROM page_facts")
    code = _COLD.format(repo=str(REPO_DIR), home=str(home), urls=["/productions"])
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def report_times(home: Path) -> dict[str, Any]:
    urls = _urls(home)
    code = _COLD.format(repo=str(REPO_DIR), home=str(home), urls=urls)
    cold = json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                                     capture_output=True, text=True).stdout)  # fmt: skip
    from webui import create_app

    client = create_app({"TESTING": True, "FOIA_HOME": str(home)}).test_client()
    for url in urls:
        client.get(url)
    rows = {}
    for url in urls:
        seconds = []
        for _ in range(WARM_REPEATS):
            start = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        rows[url] = {"cold_s": round(cold[url][0], 3), "warm_median_s": round(median(seconds), 4),
                     "bytes": cold[url][2]}  # fmt: skip
    return rows


def precision_recall(
    records: int, seed: int, make: Callable[[Path], list[Any]] | None = None
) -> dict[str, Any]:
    """Precision and recall of the finder on a generated corpus (`make` writes it into the
    folder given and returns the known differences)."""
    from indexer.productions.redactions import find_redactions
    from tests.conftest import Home
    from tests.productions.redaction_corpus import build

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if make is None:
            expected = build(root / "corpus", records=records, singles=records // 4, seed=seed)
        else:
            expected = make(root / "corpus")
        home = Home(root / "home")
        try:
            report = home.ingest(root / "corpus")
            assert not report.failed
            start = time.perf_counter()
            rows = find_redactions(home.store)
            seconds = time.perf_counter() - start
            number = {d["doc_id"]: int(Path(d["path"]).stem.split("-")[1])
                      for d in home.store.list_documents()}  # fmt: skip
            pages = sum(d["pages"] for d in home.store.list_documents())
        finally:
            home.close()
    found = Counter((number[r.a.doc_id], r.a.page, r.a.production, r.b.production,
                     r.difference.kind, r.difference.passage, r.difference.labels_a,
                     r.difference.labels_b) for r in rows)  # fmt: skip
    want = Counter((e.record, e.page, e.release_a, e.release_b, e.kind, e.passage, e.labels_a,
                    e.labels_b) for e in expected)  # fmt: skip
    hits = sum((found & want).values())
    return {"seed": seed, "records": records, "pages": pages, "expected": sum(want.values()),
            "found": sum(found.values()), "correct": hits,
            "precision": round(hits / max(1, sum(found.values())), 4),
            "recall": round(hits / max(1, sum(want.values())), 4),
            "finder_s": round(seconds, 3),
            "by_kind": dict(Counter(e.kind for e in expected))}  # fmt: skip


# Sample records (../shared/corpus-samples) released again with chosen redactions of their
# own capitalised word pairs: real text, real layout noise, known differences.
SAMPLE_RECORDS = (
    "287gWSO_FinneyCoKs2020-03-17.pdf",
    "OwyheeCoID_TFM_MOA_03.07.25.pdf",
    "foia_detaineedeaths_2003_2017.pdf",
    "federal-register-2020-17221.pdf",
    "c02-22.pdf",
)


def sample_precision_recall(seed: int) -> dict[str, Any]:
    """Precision and recall on copies of real sample records (see SAMPLE_RECORDS)."""
    from tests.conftest import sample_pdf_texts
    from tests.productions.redaction_corpus import build_from_texts

    texts = [sample_pdf_texts(name) for name in SAMPLE_RECORDS]
    return precision_recall(0, seed, lambda folder: build_from_texts(folder, texts, seed=seed))


def render(data: dict[str, Any]) -> str:
    lines = ["## Productions (issue 16)", "", f"Machine: {data['machine']}", ""]
    if data.get("reports"):
        lines += [f"Report times on `{data['home']}` ({data['pages']:,} pages):", ""]
        lines += ["| route | cold (fresh process) s | warm median s | bytes |", "|---|---|---|---|"]
        for url, row in data["reports"].items():
            lines.append(
                f"| `{url}` | {row['cold_s']} | {row['warm_median_s']} | {row['bytes']:,} |"
            )
        if data.get("fill_s") is not None:
            lines += [
                "",
                f"One-time pass over every page text (page facts): {data['fill_s']:.1f} s.",
            ]
    header = (
        "| seed | records | pages | expected | found | correct | precision | recall | finder s |"
    )
    lines += ["", "Inconsistent redactions on generated copies:", "", header, "|---" * 9 + "|"]
    for row in data["precision_recall"]:
        lines.append(
            f"| {row['seed']} | {row['records']} | {row['pages']} | {row['expected']} |"
            f" {row['found']} | {row['correct']} | {row['precision']} | {row['recall']} |"
            f" {row['finder_s']} |"
        )
    lines += [
        "",
        "The same on sample records released again (" + ", ".join(SAMPLE_RECORDS) + "):",
        "",
    ]
    lines += [header, "|---" * 9 + "|"]
    for row in data.get("sample_precision_recall", []):
        lines.append(
            f"| {row['seed']} | {len(SAMPLE_RECORDS)} | {row['pages']} | {row['expected']} |"
            f" {row['found']} | {row['correct']} | {row['precision']} | {row['recall']} |"
            f" {row['finder_s']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="A home to time the reports on.")
    parser.add_argument(
        "--fill",
        action="store_true",
        help="Delete and recompute the page facts first (writes to the home).",
    )
    parser.add_argument("--quick", action="store_true", help="Small generated corpora only.")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data: dict[str, Any] = {"machine": machine()}
    if args.home and not args.quick:
        from indexer.store.database import Store

        store = Store(args.home)
        data["pages"] = store.query("SELECT count(*) FROM pages")[0][0]
        store.close()
        data["home"] = str(args.home)
        if args.fill:
            _say("computing every page's facts")
            data["fill_s"] = fill_facts(args.home)
        _say("timing the reports")
        data["reports"] = report_times(args.home)
    records = 12 if args.quick else 40
    data["precision_recall"] = []
    for seed in SEEDS[:1] if args.quick else SEEDS:
        _say(f"redaction corpus, seed {seed}")
        data["precision_recall"].append(precision_recall(records, seed))
    data["sample_precision_recall"] = []
    for seed in SEEDS[:1] if args.quick else SEEDS:
        _say(f"sample records released again, seed {seed}")
        data["sample_precision_recall"].append(sample_precision_recall(seed))
    write_report(render(data), data, args.out, args.json)


if __name__ == "__main__":
    main()

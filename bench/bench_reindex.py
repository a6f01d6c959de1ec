"""`foia reindex` on a copy of a home: wall time, CPU time (the process and its workers) and the
peak memory of the process tree, for each worker count, in one run.

    python bench/bench_reindex.py --home bench/work/home-10000 --engine tantivy \\
        --workers 1,2 --repeats 1 --work bench/work/reindex --json bench/work/reindex.json

Each run copies the home (store and index) into `--work` (`WORK/home-N`, kept with `--keep`
for the query benchmark), so the home itself is not touched, and runs what `foia reindex
--engine NAME --workers N` runs in a child process of its own: a conversion when `--engine`
names another engine than the home's, a rebuild in place otherwise. `--workers 1` assembles
and analyzes in the one process, as every reindex did before the workers: the reference of
the same run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CODE_DIR, machine, median, run_python, write_json  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from indexer.engines import open_engine  # noqa: E402
from indexer.ingest.reindex import convert  # noqa: E402
from indexer.store.database import Store  # noqa: E402


def child(home: Path, engine_name: str, workers: int) -> dict[str, Any]:
    """Reindex `home` (converting it to `engine_name`) with `workers`: the report and CPU."""
    store = Store(home)
    engine = open_engine(home)
    started = time.perf_counter()
    report = convert(store, engine, engine_name, workers)
    seconds = time.perf_counter() - started
    store.close()
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers_used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        **report.to_json(),
        "seconds": seconds,
        "cpu_main": own.ru_utime + own.ru_stime,
        "cpu_workers": workers_used.ru_utime + workers_used.ru_stime,
    }


def one_run(source: Path, work: Path, engine_name: str, workers: int, keep: bool) -> dict[str, Any]:
    copy = work / f"home-{workers}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    args = ["--child", "--home", str(copy), "--engine", engine_name, "--workers", str(workers)]
    result, wall, peak = run_python("bench_reindex.py", args, sample_memory=True)
    if not keep:
        shutil.rmtree(copy, ignore_errors=True)
    return {**result, "wall": wall, "peak_tree_bytes": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--engine", default="tantivy")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("bench/work/reindex"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--keep", action="store_true", help="keep each rebuilt copy (WORK/home-N) for searching"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        write_json(None, child(args.home, args.engine, int(args.workers)))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    counts = [int(value) for value in args.workers.split(",")]
    runs: dict[int, list[dict[str, Any]]] = {count: [] for count in counts}
    for _ in range(args.repeats):
        for count in counts:  # turns taken, so that a busy machine slows each alike
            runs[count].append(one_run(args.home, args.work, args.engine, count, args.keep))
    summary = {
        count: {
            key: median([run[key] for run in found])
            for key in ("seconds", "cpu_main", "cpu_workers", "peak_tree_bytes")
        }
        | {"pages": found[0]["pages"], "documents": found[0]["documents"]}
        for count, found in runs.items()
    }
    for count, figures in summary.items():
        print(
            f"--workers {count}: {figures['seconds']:.1f} s, {figures['pages']} pages,"
            f" CPU {figures['cpu_main']:.1f} + {figures['cpu_workers']:.1f} s,"
            f" peak {figures['peak_tree_bytes'] / 1e6:.0f} MB",
            file=sys.stderr,
        )
    data = {"machine": machine(), "home": str(args.home), "engine": args.engine}
    write_json(args.json, data | {"summary": summary, "runs": runs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

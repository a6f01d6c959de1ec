"""Run every benchmark and write RESULTS.md (`make bench`).

    python bench/run_all.py --out bench/RESULTS.md [--sizes 10000,30000,100000] [--quick]
                            [--code worktree|head]

Runs, each in its own process: extraction vs pdftotext, ingest per corpus size (peak memory,
re-ingest) and the index stage vs a bare Whoosh writer, query latency per size vs bare Whoosh
and SQLite FTS5, then every other `bench/bench_*.py` (OCR, web, enrichment, tools: each with
`--out`, its markdown copied in; `bench_ocr.py` and `bench_web.py` are reported as skipped when
missing). The code measured is a snapshot of `indexer/` and `webui/` taken at the start (of the
working tree, or of git HEAD with `--code head`), so edits made during a long run do not mix
versions. Generated data lives in `bench/work/` (gitignored); corpora are reused while the
generator and its parameters are unchanged. `--quick` is a smoke test on small sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import ensure_corpus, load_summary  # noqa: E402
from measure import BENCH_DIR, REPO_DIR, machine, run_python  # noqa: E402
from report import render  # noqa: E402

FULL_SIZES = "10000,30000,100000"
QUICK_SIZES = "500,1000"
# Run by this script's own stages; every other bench/bench_*.py is run as it is (--out).
OWN_SCRIPTS = frozenset({"bench_extract.py", "bench_ingest.py", "bench_query.py"})
# Scripts that compare two checkouts, run by hand with their folders (their docstrings say how).
BY_HAND = frozenset({"bench_compare.py", "bench_recall_cost.py"})
EXPECTED_OTHERS = ("bench_ocr.py", "bench_web.py")
OTHER_TIMEOUT_SECONDS = {True: 15 * 60, False: 4 * 3600}  # quick, full
STAGES = ("extract", "ingest", "query", "other")
CODE_PACKAGES = ("indexer", "webui")


def _say(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    sizes = [
        int(size)
        for size in (args.sizes or (QUICK_SIZES if quick else FULL_SIZES)).split(",")
        if size
    ]
    return {
        "quick": quick,
        "sizes": sizes,
        "repeats": args.repeats or (1 if quick else 3),
        "extract_repeats": 1 if quick else 5,
        "index_pages": min(sizes) if quick else min(10_000, max(sizes)),
        "limit_queries": 60 if quick else None,
    }


def run_extract(settings: dict[str, Any], work: Path) -> dict[str, Any]:
    _say("extraction: our PDF extractor vs pdftotext")
    result, _, _ = run_python(
        "bench_extract.py",
        ["--repeats", str(settings["extract_repeats"]), "--json", str(work / "extract.json")],
    )
    return result


def run_ingest(settings: dict[str, Any], work: Path) -> dict[str, Any]:
    for pages in settings["sizes"]:
        _say(f"corpus of {pages} pages (generated once, then reused)")
        ensure_corpus(pages, work)
    _say(f"ingest at {settings['sizes']} pages, index stage at {settings['index_pages']}")
    result, _, _ = run_python(
        "bench_ingest.py",
        [
            "--sizes",
            ",".join(map(str, settings["sizes"])),
            "--work",
            str(work),
            "--repeats",
            str(settings["repeats"]),
            "--index-pages",
            str(settings["index_pages"]),
            "--json",
            str(work / "ingest.json"),
        ],
    )
    for size in result["sizes"]:
        size["summary"] = load_summary(Path(size["corpus"]))
    return result


def run_queries(
    settings: dict[str, Any],
    work: Path,
    ingest: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    results = []
    for pages in settings["sizes"]:
        home = work / f"home-{pages}"
        if not home.exists():
            _say(f"queries at {pages} pages: no ingested home, skipped")
            continue
        _say(f"queries at {pages} pages: ours vs bare Whoosh vs FTS5")
        args = [
            "--home",
            str(home),
            "--corpus",
            str(ensure_corpus(pages, work)),
            "--repeats",
            str(settings["repeats"]),
            "--json",
            str(work / f"query-{pages}.json"),
            "--profile",
            str(work / f"query-profile-{pages}.txt"),
        ]
        if settings["limit_queries"]:
            args += ["--limit-queries", str(settings["limit_queries"])]
        result, _, _ = run_python("bench_query.py", args)
        results.append({"size": pages, **result})
    return results


def _accepts(script: Path, option: str) -> bool:
    """Whether the script's --help lists `option`."""
    helped = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_DIR,
        timeout=120,
    )
    return option in helped.stdout


def other_scripts() -> list[Path]:
    """The other engineers' benchmark scripts present in bench/."""
    return sorted(
        path for path in BENCH_DIR.glob("bench_*.py") if path.name not in OWN_SCRIPTS | BY_HAND
    )


def _other_command(script: Path, settings: dict[str, Any], out: Path) -> list[str]:
    command = [sys.executable, str(script), "--out", str(out)]
    if settings["quick"]:
        command += [option for option in ("--quick",) if _accepts(script, option)]
        command += ["--repeats", "1"] if _accepts(script, "--repeats") else []
    elif _accepts(script, "--sizes"):
        command += ["--sizes", ",".join(map(str, settings["sizes"]))]
    return command


def run_others(settings: dict[str, Any], work: Path) -> list[dict[str, Any]]:
    """bench_ocr.py, bench_web.py and any other bench_*.py, when present: the markdown each
    writes with `--out` goes into RESULTS.md as it is."""
    scripts = other_scripts()
    results: list[dict[str, Any]] = [
        {"script": name, "status": "not present: skipped"}
        for name in EXPECTED_OTHERS
        if not (BENCH_DIR / name).exists()
    ]
    for script in scripts:
        out = work / f"{script.stem}.md"
        out.unlink(missing_ok=True)
        command = _other_command(script, settings, out)
        _say(f"{script.name}: {shlex.join(command[1:])}")
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                check=False,
                cwd=REPO_DIR,
                timeout=OTHER_TIMEOUT_SECONDS[settings["quick"]],
            )
            status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
            stderr = done.stderr[-2000:] if done.returncode else ""
        except subprocess.TimeoutExpired as error:
            status, stderr = f"stopped after {error.timeout:g} s", ""
        results.append(
            {
                "script": script.name,
                "command": shlex.join(["python", *command[1:]]),
                "status": status,
                "seconds": time.perf_counter() - started,
                "markdown": out.read_text() if out.exists() else "",
                "stderr": stderr,
            }
        )
    return results


def snapshot_code(work: Path, source: str) -> dict[str, str]:
    """Copy indexer/ and webui/ (from the working tree, or from git HEAD) to work/code and
    point every process this run starts at the copy; returns what was copied and its digest."""
    target = work / "code"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if source == "head":
        archive = subprocess.run(
            ["git", "archive", "--format=tar", "HEAD", *CODE_PACKAGES],
            capture_output=True,
            check=True,
            cwd=REPO_DIR,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    else:
        for package in CODE_PACKAGES:
            shutil.copytree(
                REPO_DIR / package,
                target / package,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
    digest = hashlib.sha256()
    for path in sorted(target.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(target).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    os.environ["FOIA_BENCH_CODE"] = str(target)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(target), os.environ.get("PYTHONPATH", "")) if part
    )
    return {"source": source, "digest": digest.hexdigest()[:12]}


def _git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, check=False, cwd=REPO_DIR
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = len([line for line in git("status", "--porcelain").splitlines() if line])
    return f"{commit}" + (f" with {changed} uncommitted changes" if changed else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the RESULTS.md to write")
    parser.add_argument("--sizes", help=f"corpus sizes in pages (default {FULL_SIZES})")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--repeats", type=int, help="repeats of each timed run (default 3)")
    parser.add_argument("--only", help=f"comma-separated stages among {', '.join(STAGES)}")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "work")
    parser.add_argument(
        "--code",
        choices=("worktree", "head"),
        default="worktree",
        help="measure a snapshot of the working tree (default) or of git HEAD",
    )
    args = parser.parse_args(argv)
    settings = _settings(args)
    stages = args.only.split(",") if args.only else list(STAGES)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    results: dict[str, Any] = {
        "command": shlex.join(["python", "bench/run_all.py", *(argv or sys.argv[1:])]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "git": _git_state(),
        "settings": settings,
        "code": snapshot_code(work, args.code),
    }
    if "extract" in stages:
        results["extract"] = run_extract(settings, work)
    if "ingest" in stages:
        results["ingest"] = run_ingest(settings, work)
    if "query" in stages:
        results["queries"] = run_queries(settings, work, results.get("ingest"))
    if "other" in stages:
        results["others"] = run_others(settings, work)
    results["seconds"] = time.time() - started
    results["load_average_end"] = machine()["load_average"]
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    args.out.write_text(render(results))
    _say(f"wrote {args.out} ({results['seconds'] / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

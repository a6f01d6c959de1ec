"""The crash test: `foia ingest` killed with SIGKILL at 50 seeded random moments, in a loop.

Usage: .venv/bin/python bench/bench_crash.py [--interruptions 50] [--files 300] [--seed 12]
                                             [--quick] [--out FILE]

A corpus of `--files` generated records (text files with form feeds, one in fifteen a PDF made
with reportlab, a manifest.csv with good rows and two bad ones) is ingested, and a staff member
tags and annotates some of its documents and saves a search. Then, `--interruptions` times:
a tenth of the corpus is added, a tenth changed, a fortieth deleted and some manifest rows
changed; a real `foia ingest --prune` is started and killed with SIGKILL after a seeded random
delay (spread over the time such a run takes, measured first); the invariants are checked; the
same ingest runs to its end; the invariants are checked again (tests/crash_harness.py):

- `foia list --json` count = `foia stats --json` documents = `foia search` total for a word
  every document holds, and the index holds exactly the listed documents;
- no page is twice in the index, and a document's own word finds exactly its pages;
- every tag and note made before the loop is still there, on a listed document;
- every listed document belongs to exactly one ingest run, and alerts announce each once.

An interruption is survived when every invariant holds after the kill and after the next run;
a run that finishes before its kill comes is not counted (a new moment is drawn).
Prints a Markdown section ("50/50 interruptions survived"); --out writes it too. Ingests run
with commits every 6 documents (not 500), so that a kill has many commits to land in.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from tests.crash_harness import COMMIT_DOCUMENTS, LoopReport, crash_loop  # noqa: E402


def render(report: LoopReport, args: argparse.Namespace) -> str:
    lines = [
        "## Crash test: ingest killed at random moments",
        "",
        f"`python bench/bench_crash.py --interruptions {args.interruptions} --files"
        f" {args.files} --seed {args.seed}`",
        "",
        f"**{report.summary}** ({report.finished_before_kill} more runs finished before their"
        " kill came: not counted, checked all the same).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| files at the start / at the end | {args.files} / {report.documents} |",
        f"| commit every | {COMMIT_DOCUMENTS} documents |",
        f"| a run with nothing to do / a round of changes | {report.idle_seconds:.1f} s /"
        f" {report.run_seconds:.1f} s |",
        f"| whole loop | {report.seconds:.0f} s |",
    ]
    if report.failures:
        lines += ["", "Interruptions not survived:", ""]
        lines += [f"- {failure}" for failure in report.failures]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interruptions", type=int, default=50)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--quick", action="store_true", help="5 interruptions, 60 files")
    parser.add_argument("--out", type=Path, help="also write the Markdown section here")
    args = parser.parse_args(argv)
    if args.quick:
        args.interruptions, args.files = 5, 60
    with tempfile.TemporaryDirectory(prefix="bench-crash-") as work:
        report = crash_loop(Path(work), args.interruptions, args.files, args.seed)
    text = render(report, args)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0 if not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())

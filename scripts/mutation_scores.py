"""Mutation scores per module from a finished `mutmut run` (the mutants/ folder), as a
Markdown table; `--survivors` also lists each surviving mutant by name.

Score = (killed + timed out) / every mutant judged (survived and "no tests" count against).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

# mutmut 3's exit codes (mutmut.stats.status_by_exit_code); anything else is "suspicious".
STATUS_BY_EXIT_CODE = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    None: "not checked",
}
DETECTED = ("killed", "timeout")
COUNTED = ("killed", "timeout", "survived", "no tests", "suspicious")


def statuses(mutants_dir: Path) -> dict[str, dict[str, str]]:
    """{module path: {mutant name: status}} for every mutated module."""
    found: dict[str, dict[str, str]] = {}
    for meta_path in sorted(mutants_dir.rglob("*.py.meta")):
        module = meta_path.relative_to(mutants_dir).as_posix().removesuffix(".meta")
        codes = json.loads(meta_path.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            found[module] = {
                name: STATUS_BY_EXIT_CODE.get(code, "suspicious") for name, code in codes.items()
            }
    return found


def table(found: dict[str, dict[str, str]]) -> str:
    lines = [
        "| module | mutants | killed | timed out | survived | no tests | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals: Counter[str] = Counter()
    for module, by_name in found.items():
        counts = Counter(by_name.values())
        totals.update(counts)
        lines.append(_row(module, counts))
    lines.append(_row("**all**", totals))
    return "\n".join(lines)


def _row(label: str, counts: Counter[str]) -> str:
    judged = sum(counts[status] for status in COUNTED)
    detected = sum(counts[status] for status in DETECTED)
    score = f"{100 * detected / judged:.1f}%" if judged else "-"
    return (
        f"| {label} | {judged} | {counts['killed']} | {counts['timeout']} "
        f"| {counts['survived'] + counts['suspicious']} | {counts['no tests']} | {score} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    parser.add_argument("--survivors", action="store_true", help="List surviving mutants.")
    args = parser.parse_args()
    found = statuses(args.mutants)
    if not found:
        raise SystemExit(f"no mutmut results in {args.mutants}: run `make mutation` first")
    print(table(found))
    if args.survivors:
        for by_name in found.values():
            for name, status in by_name.items():
                if status not in DETECTED:
                    print(f"{status}: {name}")


if __name__ == "__main__":
    main()

"""Every benchmark script under bench/ still starts: its imports of the library are current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(path for path in BENCH.glob("*.py") if path.read_text().find("argparse") >= 0)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_benchmark_script_prints_its_help(script: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=BENCH.parent,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "usage:" in run.stdout

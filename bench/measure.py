"""What every benchmark measures with: medians and percentiles, the machine's description, and
the peak memory of a process tree sampled from /proc (psutil is not a dependency)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.2
BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
# The folder holding the `indexer` package measured: run_all.py points this at a snapshot
# taken when the run starts, so that edits made meanwhile do not change the code mid-run.
CODE_DIR = Path(os.environ.get("FOIA_BENCH_CODE") or REPO_DIR)


def median(values: Sequence[float]) -> float:
    """The median; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0-1) percentile, linearly interpolated between ranks; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, load, Python, Whoosh and poppler versions of this machine."""
    cpuinfo = _read("/proc/cpuinfo")
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    meminfo = _read("/proc/meminfo")
    total_kb = next(
        (int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0
    )
    import whoosh

    try:
        poppler = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
        pdftotext = (poppler.stderr or poppler.stdout).splitlines()[0]
    except (OSError, IndexError):
        pdftotext = "not installed"
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(total_kb / 1024**2, 1),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "whoosh": whoosh.versionstring(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "pdftotext": pdftotext,
    }


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process (from /proc/PID/stat)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        text = _read(str(stat))
        if text:
            # The command name (2nd field) may hold spaces: the fields after it are fixed.
            parents[int(text.split(" ", 1)[0])] = int(text.rsplit(")", 1)[1].split()[1])
    return parents


def tree_rss(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, in bytes (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        fields = _read(f"/proc/{current}/statm").split()
        if len(fields) > 1:
            total += int(fields[1]) * PAGE_SIZE
        pending += children.get(current, [])
    return total


class TreeMemorySampler:
    """Samples the resident memory of a process tree in a thread; `peak` is the highest sum."""

    def __init__(self, pid: int, every: float = SAMPLE_SECONDS) -> None:
        self.pid = pid
        self.every = every
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.samples += 1
            self._stop.wait(self.every)

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_python(
    script: str, args: Sequence[str], sample_memory: bool = False, timeout: float | None = None
) -> tuple[dict[str, Any], float, int]:
    """Run `bench/SCRIPT args` with this interpreter; its last stdout line is JSON.

    Returns (that JSON, wall seconds, peak resident bytes of its process tree or 0).
    Raises RuntimeError with the script's stderr when it fails.
    """
    command = [sys.executable, str(BENCH_DIR / script), *args]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_DIR
    )
    if sample_memory:
        with TreeMemorySampler(process.pid) as sampler:
            stdout, stderr = process.communicate(timeout=timeout)
        peak = sampler.peak
    else:
        stdout, stderr = process.communicate(timeout=timeout)
        peak = 0
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(
            f"{script} {' '.join(args)} failed ({process.returncode}):\n{stderr[-4000:]}"
        )
    lines = [line for line in stdout.splitlines() if line.strip()]
    return json.loads(lines[-1]), seconds, peak


def write_report(text: str, data: dict[str, Any], out: Path | None, json_path: Path | None) -> None:
    """Write the Markdown section `text` to `out` and the raw figures `data` to `json_path`,
    each when given, and print the text."""
    if out:
        out.write_text(text, encoding="utf-8")
    if json_path:
        json_path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    print(text)


def write_json(path: Path | None, data: dict[str, Any]) -> None:
    """Print `data` as one JSON line (what `run_python` reads) and write it to `path`."""
    text = json.dumps(data, default=str)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(text)

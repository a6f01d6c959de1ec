"""The floors of an ingest: what reading the files costs when nothing is stored or indexed.

- `extract`: the pipeline's walk, SHA-256 and manifest look-up of every file, and its worker
  pool (same worker count) running the extractor on each file and sending the Document back:
  the extraction-only run of issue 13.
- `enrich`: the same, the workers also assembling, enriching and signing each document as
  the pipeline's workers do (`prepare_file` without an engine's analyzer): the engine-neutral
  work every ingest does whatever its engine.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from indexer.ingest.assemble import FileMetadata
from indexer.ingest.pipeline import FILE_TIMEOUT_SECONDS
from indexer.ingest.tasks import extract_file, prepare_file
from indexer.ingest.walk import sha256_of, walk
from indexer.ingest.workers import Task, WorkerPool

FLOORS = ("extract", "enrich")


def _task(mode: str, path: Path, sha256: str, metadata: dict[str, Any]) -> Task:
    if mode == "extract":
        return Task(path, extract_file, (str(path),))
    return Task(path, prepare_file, (str(path), sha256[:16], sha256, metadata, "off"))


def run_floor(corpus: Path, workers: int | None, mode: str) -> dict[str, Any]:
    """Read every file of `corpus` as an ingest does, up to `mode` (see the module docstring):
    seconds, files, pages and failures."""
    if mode not in FLOORS:
        raise ValueError(f"the floor is one of {', '.join(FLOORS)}")
    started = time.perf_counter()
    files = FileMetadata()
    pages = failed = count = 0
    with WorkerPool(workers or os.cpu_count() or 1, FILE_TIMEOUT_SECONDS) as pool:
        for path in walk([corpus]):
            pool.submit(_task(mode, path, sha256_of(path), files.of(path)))
            count += 1
        for outcome in pool.results():
            if outcome.error is not None:
                failed += 1
                continue
            doc = outcome.result if mode == "extract" else outcome.result.doc
            pages += len(doc.pages)
    return {
        "mode": mode,
        "seconds": time.perf_counter() - started,
        "files": count,
        "pages": pages,
        "failed": failed,
    }

"""Every stored document assembled again from its cached extraction, for `foia reindex`.

Assembling (enrichment) and the engine's analysis of each document run in worker processes,
as in an ingest; the calling process loads the cached extraction, applies staff corrections,
saves the document back to the store (so that enrichment changes reach it) and hands it to
the engine's writer. Documents come out in the order the store lists them, whatever order the
workers finish in, so an index rebuilt twice holds its pages in the same order. At most
IN_FLIGHT_PER_WORKER documents a worker are loaded ahead of the writer, so memory does not
grow with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from indexer.errors import UnavailableError
from indexer.ingest.assemble import assemble_document
from indexer.ingest.corrections import corrected
from indexer.ingest.pipeline import FILE_TIMEOUT_SECONDS
from indexer.ingest.workers import Outcome, Task, WorkerPool
from indexer.model.document import Document
from indexer.store.database import Store

IN_FLIGHT_PER_WORKER = 4
Analyzer = Callable[[Document], object]


class ReassemblyError(UnavailableError):
    """A cached extraction could not be assembled again (the index is left as it was)."""


@dataclass(frozen=True)
class _Job:
    """What a task's key holds: its place in store order, the file, its size and metadata."""

    number: int
    path: str
    size: int
    metadata: dict[str, Any]


def reassemble(
    raw: Document,
    doc_id: str,
    sha256: str,
    path: str,
    metadata: dict[str, Any],
    analyzer: Analyzer | None,
) -> tuple[Document, object]:
    """Worker task: the document assembled from its extraction, and what `analyzer` makes of
    it (None without one)."""
    doc = assemble_document(raw, doc_id, sha256, path, metadata)
    return doc, analyzer(doc) if analyzer is not None else None


class CachedDocuments:
    """The stored documents as (document, analysis) pairs; `documents` and `pages` count
    those yielded, `missing` holds the doc_ids whose extraction is not cached."""

    def __init__(self, store: Store, analyzer: Analyzer | None, workers: int) -> None:
        self.store = store
        self.analyzer = analyzer
        self.workers = workers
        self.documents = 0
        self.pages = 0
        self.missing: list[str] = []
        self._jobs = 0

    def __iter__(self) -> Iterator[tuple[Document, object]]:
        self._jobs = 0  # each pass numbers its jobs from 0 (the order they are handed over)
        rows = self.store.query("SELECT doc_id, path, sha256, size, file_metadata FROM documents")
        tasks = (task for task in map(self._task, rows) if task is not None)
        if self.workers <= 1:
            for task in tasks:
                yield self._finish(task, _run_here(task))
            return
        with WorkerPool(self.workers, FILE_TIMEOUT_SECONDS) as pool:
            for task, result in _in_order(pool, tasks, self.workers * IN_FLIGHT_PER_WORKER):
                yield self._finish(task, result)

    def _task(self, row: Any) -> Task | None:
        raw = self.store.load_extraction(row["sha256"])
        if raw is None:
            self.missing.append(row["doc_id"])
            return None
        try:
            metadata = json.loads(row["file_metadata"])
        except ValueError as error:
            raise ReassemblyError(f"{row['path']}: its stored metadata is not JSON") from error
        args = (raw, row["doc_id"], row["sha256"], row["path"], metadata, self.analyzer)
        self._jobs += 1
        job = _Job(self._jobs - 1, row["path"], int(row["size"]), metadata)
        return Task(job, reassemble, args)

    def _finish(self, task: Task, result: tuple[Document, object]) -> tuple[Document, object]:
        doc, analyzed = result
        fixed = corrected(self.store, doc)
        if fixed is not doc:
            analyzed = None  # corrected after the worker analyzed it: the writer analyzes
        self.store.save_document(fixed, task.key.size, task.key.metadata)
        self.documents += 1
        self.pages += len(fixed.pages)
        return fixed, analyzed


def _run_here(task: Task) -> Any:
    try:
        return task.function(*task.args)
    except Exception as error:  # as a worker reports it: the file, then what went wrong
        raise ReassemblyError(f"{task.key.path}: {type(error).__name__}: {error}") from error


def _in_order(pool: WorkerPool, tasks: Iterator[Task], ahead: int) -> Iterator[tuple[Task, Any]]:
    """Each of `tasks` (keys numbered 0, 1, 2, ... in order) with its result, in that order,
    at most `ahead` of them submitted and not yet yielded. Raises ReassemblyError for a task
    that failed."""
    given: dict[int, Task] = {}
    finished: dict[int, Outcome] = {}
    yielded = 0
    results = pool.results()
    while True:
        for task in islice(tasks, ahead - len(given)):
            given[task.key.number] = task
            pool.submit(task)
        if not given:
            return  # every task yielded, and no more
        if yielded in finished:
            done, task = finished.pop(yielded), given.pop(yielded)
            yielded += 1
            if done.error is not None:
                raise ReassemblyError(f"{task.key.path}: {done.error}")
            yield task, done.result
            continue
        outcome = next(results, None)
        if outcome is None:  # the pool ran dry before the last submissions: read on
            results = pool.results()
            continue
        finished[outcome.task.key.number] = outcome

"""Ingest: walk, hash, extract in worker processes (OCR where needed), enrich, store, index.

SQLite is written before the index and a document is marked indexed only after the index
commit that holds it, so an ingest stopped at any point (Ctrl-C, kill -9) leaves both usable,
and the next run finishes what was left: unchanged, fully indexed files are skipped by SHA-256.
Each commit's new documents are claimed for an ingest run just before it and the run is
finished just after it (`store/runs.py`); the next run first settles a run stopped in between,
so that every searchable document belongs to exactly one run and alerts miss none.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.engines import open_engine
from indexer.extractors.archive import ArchiveLimits
from indexer.extractors.ocr import OcrResult, ocr_available
from indexer.ingest.assemble import FileMetadata, assemble_document
from indexer.ingest.corrections import corrected, write_corrected
from indexer.ingest.index_sheets import use_index_sheets
from indexer.ingest.ocr_cache import ocr_cache_dir
from indexer.ingest.report import IngestReport, Progress
from indexer.ingest.sources import Source, Unpacker
from indexer.ingest.tasks import Prepared, ocr_file_page, pages_to_ocr, prepare_file
from indexer.ingest.walk import walk
from indexer.ingest.workers import Outcome, Task, WorkerPool
from indexer.model.document import Document
from indexer.model.paths import MEMBER_SEPARATOR, is_member_path, split_member_path
from indexer.search.engine import Engine, EngineWriter, IndexBusyError, SchemaOutdatedError
from indexer.search.presence import indexed_among
from indexer.store.database import Store
from indexer.store.duplicates import document_signature, unsigned_documents, update_duplicates
from indexer.store.failures import earlier_failure, forget_failure, record_failure
from indexer.store.review import review_after_reingest
from indexer.store.runs import (
    belongs_to_a_run,
    claim_for_run,
    finish_commit,
    forget_documents,
    record_strays,
    settle,
    unsettled_documents,
    withdraw,
)
from indexer.store.shown_paths import record_roots

OCR_MODES = ("auto", "off", "force")
FILE_TIMEOUT_SECONDS = 300.0
COMMIT_SECONDS = 15.0
COMMIT_DOCUMENTS = 500


@dataclass
class _Job:
    """One file on its way through the pipeline (`path` as stored, `file_path` its bytes)."""

    path: str
    file_path: Path
    sha256: str
    size: int
    file_metadata: dict[str, Any]
    doc_id: str
    is_new: bool  # no run has added it yet: this run adds it
    is_stored: bool  # saved before (the index may hold a version of it): replaced, reviewed
    raw: Document | None = None
    ocr_waiting: set[int] = field(default_factory=set)

    def task(self, ocr: str, analyzer: Callable[[Document], object] | None) -> Task:
        file_path = str(self.file_path) if str(self.file_path) != self.path else ""
        args = (self.path, self.doc_id, self.sha256, self.file_metadata, ocr, file_path, analyzer)
        return Task(("extract", self), prepare_file, args)


class Ingest:
    """One ingest run over some paths, writing to `store` and `engine`."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        *,
        workers: int | None = None,
        ocr: str = "auto",
        timeout: float = FILE_TIMEOUT_SECONDS,
        on_progress: Callable[[Progress], None] | None = None,
        retry_failed: bool = False,
        archive_limits: ArchiveLimits | None = None,
    ) -> None:
        if ocr not in OCR_MODES:
            raise ValueError(f"--ocr takes one of {', '.join(OCR_MODES)}")
        self.store = store
        self.engine = engine
        self.workers = workers or os.cpu_count() or 1
        self.ocr = ocr if ocr == "off" or ocr_available() else "off"
        self.ocr_missing = ocr != "off" and self.ocr == "off"
        self.timeout = timeout
        self.on_progress = on_progress
        self.retry_failed = retry_failed
        self.archive_limits = archive_limits or ArchiveLimits()
        self.report = IngestReport()
        self._writer: EngineWriter | None = None
        self._uncommitted: list[str] = []
        self._pruned: list[str] = []
        self._signatures: dict[str, tuple[int, ...] | None] = {}
        self._last_commit = time.monotonic()
        self._files_done = 0
        self._files_total = 0
        self._metadata = FileMetadata()

    def run(self, paths: Sequence[Path], prune: bool = False) -> IngestReport:
        """Ingest `paths`; bad files are reported in `failed`, never fatal."""
        started = time.monotonic()
        record_roots(self.store, [path for path in paths if path.exists()])
        files = list(walk(paths, self.report.skipped))
        with Unpacker(self.store.home / "cache", self.archive_limits) as unpacker:
            sources = list(unpacker.sources(files))
            self.report.failed.extend(unpacker.found.failed)
            sources = use_index_sheets(sources, self._metadata)
            self._files_total = len(sources)
            self._settle()
            jobs = self._plan(sources)
            kept = unpacker.found.unreadable | {item["path"] for item in unpacker.found.failed}
            try:
                self._process(jobs)
                if prune:
                    seen = {source.path for source in sources}
                    self._prune(paths, seen, kept, {str(path) for path in files})
                self._commit()
                # Documents ingested before copies were looked for, and groups a prune changed.
                update_duplicates(self.store, unsigned_documents(self.store))
                with contextlib.suppress(IndexBusyError):  # corrections made while this ran
                    write_corrected(self.store, self.engine)
            finally:
                if self._writer is not None:
                    self._writer.cancel()
                    self._writer = None
        if self.ocr_missing and self.report.ocr_pages == 0 and self._pages_needing_ocr():
            self.report.warnings.append(
                "Scanned pages were not read: Tesseract is not installed (apt-get install"
                " tesseract-ocr tesseract-ocr-eng), then run `foia ingest --ocr auto` again."
            )
        self.report.seconds = time.monotonic() - started
        return self.report

    def _settle(self) -> None:
        """Settle the runs an interrupted ingest left unfinished, under the index's write lock
        (so that no other ingest is between its claim and its commit)."""
        try:
            with self.engine.write_lock():
                unsettled = unsettled_documents(self.store)
                if unsettled:
                    in_index = indexed_among(self.engine, unsettled)
                    settle(self.store, in_index, set(unsettled) - in_index)
                record_strays(self.store)
        except (IndexBusyError, SchemaOutdatedError):
            return  # another ingest is running (it settles next time), or writing will fail

    def _pages_needing_ocr(self) -> int:
        rows = self.store.query("SELECT count(*) FROM pages WHERE needs_ocr = 1")
        return int(rows[0][0])

    def _plan(self, sources: list[Source]) -> list[_Job]:
        jobs = []
        taken: set[str] = set()
        for source in sources:
            path, sha256 = source.path, source.sha256
            try:
                metadata = self._metadata.of(Path(path))
            except OSError as error:
                self._fail(path, str(error))
                continue
            stored = self.store.stored_file(path)
            ocr_due = self.ocr == "force" or (
                self.ocr == "auto" and stored is not None and self._has_unread_pages(stored.doc_id)
            )
            if (
                stored is not None
                and stored.sha256 == sha256
                and stored.is_indexed
                and stored.file_metadata == metadata
                and not ocr_due
            ):
                self.report.unchanged += 1
                self._progress(path, 0)
                continue
            if self._failed_before(path, sha256):
                continue
            doc_id = stored.doc_id if stored else self.store.new_doc_id(sha256, path, taken)
            taken.add(doc_id)
            is_new = stored is None or not belongs_to_a_run(self.store, doc_id)
            jobs.append(
                _Job(
                    path,
                    source.file_path,
                    sha256,
                    source.size,
                    metadata,
                    doc_id,
                    is_new,
                    stored is not None,
                )
            )
        self.report.warnings.extend(self._metadata.warnings)  # bad rows and sidecars, once each
        return jobs

    def _failed_before(self, path: str, sha256: str) -> bool:
        """Whether extracting this very file failed in an earlier run (then it is reported
        as skipped), unless the run retries failed files."""
        earlier = None if self.retry_failed else earlier_failure(self.store, sha256)
        if earlier is None:
            return False
        reason = f"failed before, use --retry-failed ({earlier})"
        self.report.skipped.append({"path": path, "reason": reason})
        self._progress(path, 0)
        return True

    def _has_unread_pages(self, doc_id: str) -> bool:
        rows = self.store.query(
            "SELECT 1 FROM pages WHERE doc_id = ? AND needs_ocr = 1 LIMIT 1", (doc_id,)
        )
        return bool(rows)

    def _process(self, jobs: list[_Job]) -> None:
        if not jobs:
            return
        pool: WorkerPool | None = None
        try:
            for job in jobs:
                job.raw = self.store.load_extraction(job.sha256)
                if job.raw is not None:
                    self._after_extraction(job, pool)
                    if job.ocr_waiting and pool is None:
                        pool = WorkerPool(self.workers, self.timeout)
                        self._submit_ocr(job, pool)
                    continue
                if pool is None:
                    pool = WorkerPool(self.workers, self.timeout)
                pool.submit(job.task(self.ocr, self.engine.document_analyzer()))
            if pool is not None:
                for outcome in pool.results():
                    self._handle(outcome, pool)
        finally:
            if pool is not None:
                pool.close()

    def _handle(self, outcome: Outcome, pool: WorkerPool) -> None:
        kind, job = outcome.task.key[0], outcome.task.key[1]
        if kind == "extract":
            if outcome.error is not None:
                # A member's error names its unpacked copy: name the member instead.
                error = outcome.error.replace(str(job.file_path), job.path)
                record_failure(self.store, job.sha256, job.path, error)
                self._fail(job.path, error)
                return
            prepared: Prepared = outcome.result
            if self.retry_failed:
                forget_failure(self.store, job.sha256)
            if warning := prepared.raw.metadata.get("extraction_warning"):
                self.report.warnings.append(f"{job.path}: {warning}")
            self.store.save_extraction(job.sha256, prepared.raw)
            if prepared.doc is not None:
                self._finish(job, prepared.doc, prepared.signature, prepared.analyzed)
            else:
                job.raw = prepared.raw
                self._after_extraction(job, pool)
            return
        page = outcome.task.key[2]
        job.ocr_waiting.discard(page)
        if outcome.error is None:
            result: OcrResult = outcome.result
            self.store.save_ocr(job.sha256, page, result)
            self.report.ocr_pages += 1
            self.report.ocr_reused += result.from_cache
        else:
            self.report.warnings.append(f"{job.path} page {page}: OCR failed: {outcome.error}")
        if not job.ocr_waiting:
            job.raw = self.store.load_extraction(job.sha256)
            self._finish(job, *self._assemble(job))

    def _after_extraction(self, job: _Job, pool: WorkerPool | None) -> None:
        assert job.raw is not None
        job.ocr_waiting = pages_to_ocr(job.raw, self.ocr)
        if not job.ocr_waiting:
            self._finish(job, *self._assemble(job))
        elif pool is not None:
            self._submit_ocr(job, pool)

    def _submit_ocr(self, job: _Job, pool: WorkerPool) -> None:
        for page in sorted(job.ocr_waiting):
            args = (str(job.file_path), page, str(ocr_cache_dir(self.store.home)))
            pool.submit(Task(("ocr", job, page), ocr_file_page, args))

    def _assemble(self, job: _Job) -> tuple[Document, tuple[int, ...] | None]:
        """The document as indexed and its signature, in this process (a cached extraction,
        or one completed by OCR)."""
        assert job.raw is not None
        doc = assemble_document(job.raw, job.doc_id, job.sha256, job.path, job.file_metadata)
        return doc, document_signature(doc.pages)

    def _finish(
        self,
        job: _Job,
        doc: Document,
        signature: tuple[int, ...] | None,
        analyzed: object = None,
    ) -> None:
        job.raw = None  # every job stays listed until the run ends: its text must not
        fixed = corrected(self.store, doc)  # staff corrections beat extraction and metadata
        if fixed is not doc:  # the worker analyzed it before its corrections: analyzed again
            doc, analyzed = fixed, None
        self.store.save_document(doc, job.size, job.file_metadata)
        if job.is_stored:
            review_after_reingest(self.store, doc.doc_id, len(doc.pages))
        writer = self._open_writer()
        if job.is_stored:
            writer.replace(doc, analyzed)
        else:
            writer.add(doc, analyzed)
        self._uncommitted.append(job.doc_id)
        self._signatures[job.doc_id] = signature
        if job.is_new:
            self.report.added += 1
            self.report.new_doc_ids.append(job.doc_id)
        else:
            self.report.updated += 1
        self.report.pages += len(doc.pages)
        self._progress(job.path, len(doc.pages))
        if (
            len(self._uncommitted) >= COMMIT_DOCUMENTS
            or time.monotonic() - self._last_commit > COMMIT_SECONDS
        ):
            self._commit()

    def _open_writer(self) -> EngineWriter:
        if self._writer is None:
            self._writer = self.engine.writer()
        return self._writer

    def _commit(self) -> None:
        # Claimed before the index commit, finished after it: a kill in between is settled
        # by the next run, which asks the index which of the claimed documents made it.
        run_id = claim_for_run(self.store, self._uncommitted) if self._uncommitted else None
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
        if self._pruned:
            forget_documents(self.store, self._pruned)
            self._pruned = []
        if self._uncommitted:
            finish_commit(self.store, run_id, self._uncommitted)
            update_duplicates(self.store, self._uncommitted, self._signatures)
            self._uncommitted, self._signatures = [], {}
        self._last_commit = time.monotonic()

    def _prune(
        self, paths: Sequence[Path], seen: set[str], kept: set[str], walked: set[str]
    ) -> None:
        """Remove the stored documents under `paths` that were not seen: a file gone from
        a folder, a member gone from its archive or e-mail (read this run, or gone). What is
        stored of a container that could not be read this time (`kept`, and members that
        failed) stays, as does a file (or archive) still there but left out (.foiaignore)."""
        roots = [str(path.resolve()) + os.sep for path in paths if path.is_dir()]
        roots += [str(path.resolve()) + MEMBER_SEPARATOR for path in paths if path.is_file()]
        for stored in self.store.stored_files():
            inside = any(stored.path.startswith(root) for root in roots)
            if not inside or stored.path in seen or _kept(stored.path, kept):
                continue
            if _is_gone(stored.path, walked):
                # Withdrawn first, forgotten after the index commit: never listed unsearchable.
                withdraw(self.store, [stored.doc_id])
                self._open_writer().delete(stored.doc_id)
                self._pruned.append(stored.doc_id)
                self.report.removed += 1

    def _fail(self, path: str, error: str) -> None:
        self.report.failed.append({"path": path, "error": error})
        self._progress(path, 0)

    def _progress(self, path: str, pages: int) -> None:
        self._files_done += 1
        if self.on_progress is not None:
            self.on_progress(Progress(self._files_done, self._files_total, pages, path))


def _is_gone(path: str, walked: set[str]) -> bool:
    """Whether a stored path not seen this run is gone: its file is, or it is a member of
    an archive or e-mail that was read this run."""
    disk_path = split_member_path(path)[0]
    return (is_member_path(path) and disk_path in walked) or not Path(disk_path).exists()


def _kept(path: str, kept: set[str]) -> bool:
    """Whether `path` is, or is inside, one of the containers in `kept`."""
    return path in kept or any(path.startswith(item + MEMBER_SEPARATOR) for item in kept)


def ingest(paths: Sequence[Path], home: Path, prune: bool = False, **options: Any) -> IngestReport:
    """Ingest `paths` into the index and store in `home` (see `Ingest` for the options)."""
    store = Store(home)
    try:
        return Ingest(store, open_engine(home), **options).run(paths, prune=prune)
    finally:
        store.close()

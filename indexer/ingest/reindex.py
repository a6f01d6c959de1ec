"""Rebuild the index from the extraction cache and SQLite, reading no original file."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from indexer.engines import open_engine, remember_engine
from indexer.ingest.recache import CachedDocuments
from indexer.search.engine import Engine
from indexer.store.corrections import mark_indexed, unindexed_doc_ids
from indexer.store.database import Store
from indexer.store.runs import record_strays

# Fewer documents than this a worker are assembled in the calling process: starting the
# workers (new interpreters importing the library, about a second) costs about as much as
# assembling 50 generated documents.
DOCUMENTS_PER_WORKER = 50


@dataclass(frozen=True)
class ReindexReport:
    documents: int
    pages: int
    seconds: float
    missing: tuple[str, ...]  # doc_ids whose extraction is not cached (re-ingest them)

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "missing": list(self.missing),
        }


def reindex(store: Store, engine: Engine, workers: int | None = None) -> ReindexReport:
    """Build a fresh index beside the old one and swap it in when complete, so that searches
    keep working meanwhile and a failure leaves the old index as it was. `workers` processes
    assemble and analyze the documents (default: one a core, none for a home of fewer than
    DOCUMENTS_PER_WORKER documents a worker). Raises ReassemblyError."""
    started = time.monotonic()
    corrections = unindexed_doc_ids(store)  # every document is written with its corrections
    documents = _cached(store, engine, workers)
    engine.rebuild(documents)
    return _finish(store, documents, corrections, started)


def convert(store: Store, engine: Engine, name: str, workers: int | None = None) -> ReindexReport:
    """Move the home of `store` to the engine `name`: its index is built from the extraction
    cache beside the current one, which keeps answering searches (and holds its write lock,
    so no ingest writes meanwhile); then the home records the new engine and the old index
    is deleted. A failure leaves the home on its old engine. Raises UnknownEngineError,
    IndexBusyError, ReassemblyError."""
    if name == engine.name:
        return reindex(store, engine, workers)
    target = open_engine(store.home, name)
    started = time.monotonic()
    corrections = unindexed_doc_ids(store)
    documents = _cached(store, target, workers)
    with engine.write_lock():
        target.rebuild(documents)
        remember_engine(store.home, name)
    engine.remove()  # from here on every writer opens the new engine
    return _finish(store, documents, corrections, started)


def _cached(store: Store, engine: Engine, workers: int | None) -> CachedDocuments:
    """The documents to rebuild from; without a worker count, one a core, but none for a
    home too small to repay starting them."""
    if workers is None:
        documents = int(store.query("SELECT COUNT(*) FROM documents")[0][0])
        workers = max(1, min(os.cpu_count() or 1, documents // DOCUMENTS_PER_WORKER))
    return CachedDocuments(store, engine.document_analyzer(), workers)


def _finish(
    store: Store, documents: CachedDocuments, corrections: dict[str, int], started: float
) -> ReindexReport:
    store.mark_all_indexed_except(documents.missing)
    mark_indexed(store, corrections)
    record_strays(store)  # saved by an interrupted ingest, searchable now: a run adds them
    seconds = time.monotonic() - started
    missing = tuple(documents.missing)
    return ReindexReport(documents.documents, documents.pages, seconds, missing)

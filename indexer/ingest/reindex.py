"""Rebuild the index from the extraction cache and SQLite, reading no original file."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.engines import open_engine, remember_engine
from indexer.ingest.assemble import assemble_document
from indexer.ingest.corrections import corrected
from indexer.model.document import Document
from indexer.search.engine import Engine
from indexer.store.corrections import mark_indexed, unindexed_doc_ids
from indexer.store.database import Store
from indexer.store.runs import record_strays


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


def reindex(store: Store, engine: Engine) -> ReindexReport:
    """Build a fresh index beside the old one and swap it in when complete, so that searches
    keep working meanwhile and a failure leaves the old index as it was."""
    started = time.monotonic()
    counts = {"documents": 0, "pages": 0}
    missing: list[str] = []
    corrections = unindexed_doc_ids(store)  # every document is written with its corrections
    engine.rebuild(_cached_documents(store, counts, missing))
    store.mark_all_indexed_except(missing)
    mark_indexed(store, corrections)
    record_strays(store)  # saved by an interrupted ingest, searchable now: a run adds them
    seconds = time.monotonic() - started
    return ReindexReport(counts["documents"], counts["pages"], seconds, tuple(missing))


def convert(store: Store, engine: Engine, name: str) -> ReindexReport:
    """Move the home of `store` to the engine `name`: its index is built from the extraction
    cache beside the current one, which keeps answering searches (and holds its write lock,
    so no ingest writes meanwhile); then the home records the new engine and the old index
    is deleted. A failure leaves the home on its old engine. Raises UnknownEngineError,
    IndexBusyError."""
    if name == engine.name:
        return reindex(store, engine)
    target = open_engine(store.home, name)
    started = time.monotonic()
    counts = {"documents": 0, "pages": 0}
    missing: list[str] = []
    corrections = unindexed_doc_ids(store)
    with engine.write_lock():
        target.rebuild(_cached_documents(store, counts, missing))
        remember_engine(store.home, name)
    engine.remove()  # from here on every writer opens the new engine
    store.mark_all_indexed_except(missing)
    mark_indexed(store, corrections)
    record_strays(store)
    seconds = time.monotonic() - started
    return ReindexReport(counts["documents"], counts["pages"], seconds, tuple(missing))


def _cached_documents(
    store: Store, counts: dict[str, int], missing: list[str]
) -> Iterator[Document]:
    """Every stored document assembled again from its cached extraction (saved back to the
    store, so that enrichment changes reach it); doc_ids with no cached extraction go to
    `missing`."""
    for row in store.query("SELECT doc_id, path, sha256, file_metadata FROM documents"):
        raw = store.load_extraction(row["sha256"])
        if raw is None:
            missing.append(row["doc_id"])
            continue
        metadata = json.loads(row["file_metadata"])
        doc = assemble_document(raw, row["doc_id"], row["sha256"], row["path"], metadata)
        doc = corrected(store, doc)
        size = store.query("SELECT size FROM documents WHERE doc_id = ?", (doc.doc_id,))
        store.save_document(doc, int(size[0]["size"]), metadata)
        counts["documents"] += 1
        counts["pages"] += len(doc.pages)
        yield doc

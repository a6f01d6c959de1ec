"""Rebuild the index from the extraction cache and SQLite, reading no original file."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index

from indexer.engines.whoosh.index import INDEX_DIR_NAME, VERSION_FILE, IndexStore
from indexer.engines.whoosh.schema import SCHEMA_VERSION, build_schema, page_to_fields
from indexer.ingest.assemble import assemble_document
from indexer.store.database import Store


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


def reindex(store: Store, index_store: IndexStore) -> ReindexReport:
    """Build a fresh index beside the old one and swap it in when complete, so that searches
    keep working meanwhile and a failure leaves the old index as it was."""
    started = time.monotonic()
    with index_store.write_lock():
        return _rebuild(store, index_store, started)


def _rebuild(store: Store, index_store: IndexStore, started: float) -> ReindexReport:
    home = index_store.index_dir.parent
    building = home / f"{INDEX_DIR_NAME}.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    fresh = index.create_in(str(building), build_schema())
    writer = fresh.writer(limitmb=128)
    documents = pages = 0
    missing = []
    try:
        for row in store.query("SELECT doc_id, path, sha256, file_metadata FROM documents"):
            raw = store.load_extraction(row["sha256"])
            if raw is None:
                missing.append(row["doc_id"])
                continue
            metadata = json.loads(row["file_metadata"])
            doc = assemble_document(raw, row["doc_id"], row["sha256"], row["path"], metadata)
            size = store.query("SELECT size FROM documents WHERE doc_id = ?", (doc.doc_id,))
            store.save_document(doc, int(size[0]["size"]), metadata)
            for page in doc.pages:
                writer.add_document(**page_to_fields(doc, page))
            documents += 1
            pages += len(doc.pages)
        writer.commit(optimize=True)
    except BaseException:
        writer.cancel()
        shutil.rmtree(building, ignore_errors=True)
        raise
    (building / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
    _swap(index_store, building)
    store.mark_all_indexed_except(missing)
    return ReindexReport(documents, pages, time.monotonic() - started, tuple(missing))


def _swap(index_store: IndexStore, building: Path) -> None:
    target = index_store.index_dir
    retired = target.with_name(f"{INDEX_DIR_NAME}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    building.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    index_store.forget()

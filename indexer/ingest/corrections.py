"""Corrections reach the index: applied to each document an ingest or a reindex writes, and
written at once when staff correct a document (or undo a correction).

When another process holds the index writer (an ingest), a correction is still saved: the
document stays listed as unindexed (`store/corrections.py`) and the next ingest, reindex or
correction writes it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from indexer.ingest.assemble import assemble_document
from indexer.model.document import Document
from indexer.search.engine import Engine, IndexBusyError
from indexer.store.corrections import (
    Correction,
    apply_corrections,
    corrections_of,
    mark_indexed,
    set_corrections,
    undo_correction,
    unindexed_doc_ids,
)
from indexer.store.database import Store
from indexer.store.users import User

BUSY_NOTICE = "Saved. An ingest is writing to the index: search shows the correction when it ends."


@dataclass(frozen=True)
class CorrectionResult:
    """The changes made, and whether the index shows them already."""

    doc_id: str
    changes: list[Correction] = field(default_factory=list)
    is_indexed: bool = True

    @property
    def notice(self) -> str | None:
        return None if self.is_indexed else BUSY_NOTICE

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "changes": [change.to_json() for change in self.changes],
            "is_indexed": self.is_indexed,
            "notice": self.notice,
        }


def corrected(store: Store, doc: Document) -> Document:
    """`doc` with the corrections staff made to it."""
    return apply_corrections(doc, corrections_of(store, doc.doc_id))


def _assembled(store: Store, doc_id: str) -> tuple[Document, int, dict[str, Any]] | None:
    """The document as indexed, built again from its cached extraction, with its
    corrections; its file size and metadata. None when it is gone or not cached."""
    rows = store.query(
        "SELECT path, sha256, size, file_metadata FROM documents WHERE doc_id = ?", (doc_id,)
    )
    if not rows:
        return None
    row = rows[0]
    raw = store.load_extraction(row["sha256"])
    if raw is None:
        return None
    metadata = json.loads(row["file_metadata"])
    doc = assemble_document(raw, doc_id, row["sha256"], row["path"], metadata)
    return corrected(store, doc), int(row["size"]), metadata


def write_corrected(store: Store, engine: Engine) -> list[str]:
    """Write every document listed as unindexed with its corrections, in one index commit;
    returns their doc_ids. Raises IndexBusyError while another process writes."""
    versions = unindexed_doc_ids(store)
    if not versions:
        return []
    writer = engine.writer()
    written = []
    try:
        for doc_id in versions:
            found = _assembled(store, doc_id)
            if found is None:
                continue
            doc, size, metadata = found
            store.save_document(doc, size, metadata)
            writer.replace(doc)
            written.append(doc_id)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    store.mark_indexed(written)
    mark_indexed(store, versions)
    return written


def _written(store: Store, engine: Engine) -> bool:
    try:
        write_corrected(store, engine)
    except IndexBusyError:
        return False
    return True


def correct_document(
    store: Store, engine: Engine, actor: User, doc_id: str, changes: Mapping[str, object]
) -> CorrectionResult:
    """Correct fields of a document (`store.corrections.set_corrections`: a blank value
    clears one) and write it to the index. Errors as set_corrections; never IndexBusyError
    (the result says the index will show it later)."""
    made = set_corrections(store, actor, doc_id, changes)
    return CorrectionResult(doc_id, made, _written(store, engine) if made else True)


def undo_correction_entry(
    store: Store, engine: Engine, actor: User, event_id: int
) -> CorrectionResult:
    """Undo a correction's history entry and write the document to the index."""
    made = undo_correction(store, actor, event_id)
    return CorrectionResult(made.doc_id, [made], _written(store, engine))

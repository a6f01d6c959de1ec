"""Assemble the Document to index from a cached extraction, the file's metadata and enrichment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.enrich import enrich_document
from indexer.ingest.metadata import apply_metadata, merge_metadata, read_manifest, read_sidecar
from indexer.model.document import Document


def file_metadata(path: Path, manifests: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """What the nearest manifest.csv row (in the file's folder or a folder above it) and a
    NAME.meta.json sidecar say of `path`; the sidecar wins. `manifests` caches read files.

    Raises MetadataError for a malformed manifest or sidecar.
    """
    from_manifest: dict[str, Any] = {}
    for folder in path.parents:
        if folder not in manifests:
            manifests[folder] = read_manifest(folder)
        row = manifests[folder].get(path.relative_to(folder).as_posix())
        if row is not None:
            from_manifest = row
            break
    return merge_metadata({}, from_manifest, read_sidecar(path))


def assemble_document(
    raw: Document, doc_id: str, sha256: str, path: str, metadata: dict[str, Any]
) -> Document:
    """The document as indexed: the extraction with its identity, the file's metadata
    (which beats what extraction guessed) and the FOIA enrichment."""
    doc = raw.replace(doc_id=doc_id, sha256=sha256, path=path)
    doc = apply_metadata(doc, merge_metadata(raw.metadata, metadata, {}))
    return enrich_document(doc)

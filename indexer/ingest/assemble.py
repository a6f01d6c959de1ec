"""Assemble the Document to index from a cached extraction, the file's metadata and enrichment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.enrich import enrich_document
from indexer.ingest.metadata import (
    Manifest,
    MetadataError,
    apply_metadata,
    load_manifest,
    merge_metadata,
    read_sidecar,
)
from indexer.model.document import Document


class FileMetadata:
    """What the manifests and sidecars say of the files of one ingest, each manifest read once.

    A bad manifest row or sidecar never stops a file: the file gets what the good rows and
    files say, and `warnings` lists every problem once (each bad row by its line, each row
    that names no file, each broken sidecar).
    """

    def __init__(self) -> None:
        self._manifests: dict[Path, Manifest | None] = {}
        self._indexes: dict[str, dict[str, Any]] = {}
        self.warnings: list[str] = []

    def add_index(self, values: dict[str, dict[str, Any]]) -> None:
        """Metadata from a production's index spreadsheet, by stored path: below what a
        manifest or a sidecar says of the same file (`ingest/index_sheets.py`)."""
        for path, found in values.items():
            self._indexes.setdefault(path, {}).update(found)

    def of(self, path: Path) -> dict[str, Any]:
        """The nearest manifest.csv row for `path` (in its folder or a folder above it) and its
        NAME.meta.json sidecar, merged over what an index spreadsheet says; the sidecar wins."""
        from_manifest: dict[str, Any] = {}
        for folder in path.parents:
            manifest = self._manifest(folder)
            if manifest is None:
                continue
            key = path.relative_to(folder).as_posix()
            if key in manifest.entries:
                from_manifest = manifest.entries[key]
                break
            if key in manifest.rejected:  # its row is bad (a warning says so): none of it applies
                break
        try:
            sidecar = read_sidecar(path)
        except MetadataError as error:
            self.warnings.append(f"{error}: the sidecar is not applied to {path.name}")
            sidecar = {}
        from_index = self._indexes.get(str(path), {})
        return merge_metadata(from_index, from_manifest, sidecar)

    def _manifest(self, folder: Path) -> Manifest | None:
        if folder not in self._manifests:
            manifest = load_manifest(folder)
            self._manifests[folder] = manifest
            if manifest is not None:
                self.warnings.extend(manifest.problems + manifest.missing)
        return self._manifests[folder]


def assemble_document(
    raw: Document, doc_id: str, sha256: str, path: str, metadata: dict[str, Any]
) -> Document:
    """The document as indexed: the extraction with its identity, the file's metadata
    (which beats what extraction guessed) and the FOIA enrichment."""
    doc = raw.replace(doc_id=doc_id, sha256=sha256, path=path)
    doc = apply_metadata(doc, merge_metadata(raw.metadata, metadata, {}))
    return enrich_document(doc)

"""What runs in a worker process: extract a file, assemble, sign and analyze it, OCR one page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.extractors import extractor_for
from indexer.extractors.ocr import OcrResult, ocr_page
from indexer.ingest.assemble import assemble_document
from indexer.ingest.ocr_cache import OcrFileCache
from indexer.model.document import Document
from indexer.store.duplicates import document_signature
from indexer.text.shared_terms import sharing_terms


def extract_file(path: str) -> Document:
    """The extractor's Document for one file."""
    file_path = Path(path)
    return extractor_for(file_path).extract(file_path)


def pages_to_ocr(raw: Document, ocr: str) -> set[int]:
    """The pages of an extraction that OCR must read under the `ocr` mode."""
    if ocr == "off" or raw.format != "pdf":
        return set()
    return {page.page for page in raw.pages if page.needs_ocr or (ocr == "force" and not page.ocr)}


@dataclass(frozen=True)
class Prepared:
    """A worker's work on one file: the extraction and, unless OCR is still due, the
    document as indexed with its near-duplicate signature."""

    raw: Document
    doc: Document | None = None
    signature: tuple[int, ...] | None = None
    analyzed: object = None


def prepare_file(
    path: str,
    doc_id: str,
    sha256: str,
    metadata: dict[str, Any],
    ocr: str,
    file_path: str = "",
    analyzer: Callable[[Document], object] | None = None,
) -> Prepared:
    """Worker task: extract one file and, when no page waits for OCR, assemble and sign it,
    and run the engine's `analyzer` over it (enrichment, signatures and the engine's
    tokenizing run in the workers, beside extraction, not in the process that writes the
    index). `file_path` holds the bytes of `path` when that names a member of an archive or
    e-mail (`ingest/sources.py`)."""
    raw = extract_file(file_path or path)
    if pages_to_ocr(raw, ocr):
        return Prepared(raw)
    doc = assemble_document(raw, doc_id, sha256, path, metadata)
    if analyzer is None:
        return Prepared(raw, doc, document_signature(doc.pages))
    with sharing_terms():  # the analysis and the signature tokenize each page once
        analyzed = analyzer(doc)
        return Prepared(raw, doc, document_signature(doc.pages), analyzed)


def ocr_file_page(path: str, page: int, cache_dir: str | None = None) -> OcrResult:
    """Worker task: OCR of one page; with `cache_dir`, a page image read before is not read
    again."""
    cache = OcrFileCache(Path(cache_dir)) if cache_dir else None
    return ocr_page(Path(path), page, cache=cache)

"""The Store: the SQLite database of a home, one class over the modules that do its jobs.

SQLite is the truth. The Whoosh index is derived from it and can always be rebuilt from it:
page texts live in `extracted_pages` (keyed by file SHA-256, so a re-index or an identical copy
never re-extracts), the document as indexed in `documents` and `pages`. The tables and their
migrations are in `schema`, the extraction cache in `cache`, documents and pages in
`documents`, what an ingest skips and marks in `bookkeeping`; the rows they return in `rows`.
"""

from __future__ import annotations

from indexer.store.bookkeeping import IngestBookkeeping
from indexer.store.cache import ExtractionCache
from indexer.store.connection import utc_now
from indexer.store.documents import DocumentTable
from indexer.store.rows import DocumentRow, PageDetails, StoredFile
from indexer.store.schema import DATABASE_NAME, MIGRATIONS, StoreError, connect


class Store(ExtractionCache, DocumentTable, IngestBookkeeping):
    """The extraction cache and the ingested documents. Safe to share between threads."""


__all__ = [
    "DATABASE_NAME",
    "MIGRATIONS",
    "DocumentRow",
    "PageDetails",
    "Store",
    "StoreError",
    "StoredFile",
    "connect",
    "utc_now",
]

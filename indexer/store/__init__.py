"""SQLite: the extraction cache, documents, users, annotations, history, duplicate groups,
ingest runs."""

from indexer.store.database import Store, StoreError
from indexer.store.rows import DocumentRow, PageDetails, StoredFile

__all__ = ["DocumentRow", "PageDetails", "Store", "StoreError", "StoredFile"]

"""SQLite: the extraction cache, documents, users, annotations, history, duplicate groups."""

from indexer.store.database import Store, StoreError

__all__ = ["Store", "StoreError"]

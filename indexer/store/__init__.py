"""SQLite: the extraction cache, documents, users, annotations, history, duplicate groups,
saved searches."""

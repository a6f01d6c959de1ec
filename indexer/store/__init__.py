"""SQLite: extraction cache, documents, users, annotations, history, duplicates, saved searches."""

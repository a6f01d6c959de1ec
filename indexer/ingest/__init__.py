"""Ingest: walk, hash, extract in workers, enrich, store, index; metadata sidecars; reindex."""

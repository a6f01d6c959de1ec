"""Search engines behind the one interface of indexer.search.engine."""

"""The query language, investigator rules, the search service and tools over an engine."""

"""Frozen dataclasses that move between stages: Document, Page, Word, and search results."""

from indexer.model.refs import PageRef

__all__ = ["PageRef"]

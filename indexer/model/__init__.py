"""Frozen dataclasses that move between stages: Document, Page, Word, and search results."""

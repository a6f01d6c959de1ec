"""Counted nouns as people write them: "1 document", "2 documents", "12,000 pages"."""

from __future__ import annotations

# Nouns whose plural is not the noun plus "s".
PLURALS = {"copy": "copies", "entry": "entries", "query": "queries", "match": "matches"}


def counted(number: int | None, noun: str) -> str:
    """1, "document" -> "1 document"; 12000, "page" -> "12,000 pages"."""
    value = int(number or 0)
    word = noun if value == 1 else PLURALS.get(noun, noun + "s")
    return f"{value:,} {word}"

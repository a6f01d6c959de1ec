"""Duplicate pages within a release: pages of a production that print the same words (Bates
stamp left out), released more than once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indexer.productions.facts import PageFacts


@dataclass(frozen=True)
class DuplicatePages:
    """Pages (doc_id, page, bates) of one production holding the same text, in order."""

    places: tuple[tuple[str, int, str | None], ...]
    words: int

    def to_json(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "pages": [{"doc_id": d, "page": p, "bates": b} for d, p, b in self.places],
        }


def find_duplicate_pages(pages: Sequence[PageFacts]) -> list[DuplicatePages]:
    """Sets of pages with the same fingerprint (slip sheets and near-blank pages have none),
    in the order of their first page."""
    by_fingerprint: dict[str, list[PageFacts]] = {}
    for page in pages:
        if page.fingerprint is not None and not page.is_withheld:
            by_fingerprint.setdefault(page.fingerprint, []).append(page)
    found = [
        DuplicatePages(tuple((p.doc_id, p.page, p.bates) for p in same), same[0].words)
        for same in by_fingerprint.values()
        if len(same) > 1
    ]
    return found

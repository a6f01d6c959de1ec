"""PageRef: one page of one document, with the permalink and JSON every result shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageRef:
    """A page of a document, numbered from 1: what every hit, quote and match points at."""

    doc_id: str
    page: int

    @property
    def url(self) -> str:
        """The permalink path of the page (DESIGN.md's URL contract)."""
        return f"/doc/{self.doc_id}/p/{self.page}"

    def to_json(self) -> dict[str, Any]:
        """`doc_id`, `page` and `url`: the keys every result's JSON takes from its page."""
        return {"doc_id": self.doc_id, "page": self.page, "url": self.url}

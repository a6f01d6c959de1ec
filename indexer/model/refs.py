"""PageRef: one page of one document, with the permalink and JSON every result shares; the
PointsAtPage mixin of the results that point at one page."""

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


class PointsAtPage:
    """Mixin of a result with `doc_id` and `page` fields (the page it points at): its ref and
    permalink."""

    doc_id: str
    page: int

    @property
    def ref(self) -> PageRef:
        """The page this result points at."""
        return PageRef(self.doc_id, self.page)

    @property
    def url(self) -> str:
        """The permalink path of that page."""
        return self.ref.url

"""The numbers of a production or of one document: pages whole, redacted, withheld, OCR-only,
exemptions by pages and by redactions, and the date range."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from indexer.productions.facts import PageFacts


@dataclass
class Counts:
    """Counts over some pages of some documents. `exemption_pages`: pages citing each
    exemption; `exemption_redactions`: times each is printed (one label, one redaction)."""

    documents: int = 0
    pages: int = 0
    whole: int = 0
    redacted: int = 0
    withheld: int = 0
    ocr: int = 0
    exemption_pages: Counter[str] = field(default_factory=Counter)
    exemption_redactions: Counter[str] = field(default_factory=Counter)
    date_first: str | None = None
    date_last: str | None = None

    def add_page(self, page: PageFacts) -> None:
        self.pages += 1
        category = page.category
        if category == "withheld":
            self.withheld += 1
        elif category == "redacted":
            self.redacted += 1
        else:
            self.whole += 1
        self.ocr += page.is_ocr
        for label, times in page.exemptions.items():
            self.exemption_pages[label] += 1
            self.exemption_redactions[label] += times

    def add_date(self, date: str | None) -> None:
        if not date:
            return
        self.date_first = min(filter(None, (self.date_first, date)))
        self.date_last = max(filter(None, (self.date_last, date)))

    def exemptions(self) -> list[tuple[str, int, int]]:
        """(label, pages, redactions) of each exemption cited, most pages first."""
        return [
            (label, pages, self.exemption_redactions[label])
            for label, pages in sorted(self.exemption_pages.items(), key=lambda i: (-i[1], i[0]))
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "pages": self.pages,
            "whole": self.whole,
            "redacted": self.redacted,
            "withheld": self.withheld,
            "ocr": self.ocr,
            "date_first": self.date_first,
            "date_last": self.date_last,
            "exemptions": [
                {"exemption": label, "pages": pages, "redactions": redactions}
                for label, pages, redactions in self.exemptions()
            ],
        }


def count_pages(pages: Iterable[PageFacts]) -> Counts:
    counts = Counts()
    for page in pages:
        counts.add_page(page)
    return counts

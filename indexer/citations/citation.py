"""Citation: what one citation of a released record holds, checked so that it never mis-cites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as calendar_date

from indexer.errors import InvalidInputError
from indexer.model.document import FORMATS as DOCUMENT_FORMATS

# What a spreadsheet reads as the start of a formula: never the first character of an
# identifier, and escaped in CSV cells.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
SHA256 = re.compile(r"[0-9a-f]{64}")


class InvalidCitation(InvalidInputError):
    """A citation that would mis-cite (a blank or formula-like field, a page out of range),
    or an unknown citation format."""


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A citation of one released record: the whole of it (`page` None), a page, or a range.

    `date` is ISO `YYYY-MM-DD` or a prefix of it; `accessed` is a full ISO date. Construction
    raises ValueError rather than let a wrong pinpoint through (page_end before page, Bates end
    without start, a malformed date or SHA-256). Identifiers (doc_id, url, bates) may not start
    with a spreadsheet formula character, so the CSV guard never has to alter them.
    """

    doc_id: str
    title: str
    source: str | None = None
    date: str | None = None
    page: int | None = None
    page_end: int | None = None
    pages_total: int | None = None
    bates: str | None = None
    bates_end: str | None = None
    release: str | None = None
    url: str
    original_url: str | None = None
    sha256: str
    file_name: str
    format: str
    type: str | None = None
    tag: str | None = None
    note: str | None = None
    accessed: str

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise InvalidCitation(f"citation of {self.doc_id!r}: {'; '.join(problems)}")

    @property
    def pages(self) -> str | None:
        """The pinpoint as "3" or "3-5"; None for the whole document."""
        if self.page is None:
            return None
        if self.page_end is None or self.page_end == self.page:
            return str(self.page)
        return f"{self.page}-{self.page_end}"

    @property
    def bates_range(self) -> str | None:
        """As "X" or "X to Y": Bates numbers contain hyphens, so a hyphen cannot join them."""
        if self.bates_end is None or self.bates_end == self.bates:
            return self.bates
        return f"{self.bates} to {self.bates_end}"

    @property
    def provenance(self) -> str:
        """As "Bates: X; SHA-256: H; File: F; Original URL: U", with the parts that are known."""
        parts = {
            "Bates": self.bates_range,
            "SHA-256": self.sha256,
            "File": self.file_name,
            "Original URL": self.original_url,
        }
        return "; ".join(f"{key}: {value}" for key, value in parts.items() if value)


def _problems(citation: Citation) -> Iterator[str]:
    for name in ("doc_id", "url", "bates", "bates_end"):
        value = getattr(citation, name)
        if value is not None and (not value.strip() or value.startswith(FORMULA_PREFIXES)):
            yield f"{name} {value!r} is blank or starts with a formula character"
    page, page_end, total = citation.page, citation.page_end, citation.pages_total
    if page is not None and page < 1:
        yield f"page {page} is not a page number"
    if page_end is not None and (page is None or page_end < page):
        yield f"page_end {page_end} without a page at or before it"
    if total is not None and (total < 1 or max(page or 0, page_end or 0) > total):
        yield f"page {max(page or 0, page_end or 0)} beyond pages_total {total}"
    if citation.bates_end is not None and citation.bates is None:
        yield "bates_end without bates"
    if not citation.title.strip():
        yield "title is blank"
    if not SHA256.fullmatch(citation.sha256):
        yield f"sha256 {citation.sha256!r} is not 64 lower-case hex digits"
    if citation.format not in DOCUMENT_FORMATS:
        yield f"format {citation.format!r} is not one of {', '.join(DOCUMENT_FORMATS)}"
    if citation.date is not None and not _is_iso_date(citation.date):
        yield f"date {citation.date!r} is not YYYY-MM-DD, YYYY-MM or YYYY"
    if len(citation.accessed) != 10 or not _is_iso_date(citation.accessed):
        yield f"accessed {citation.accessed!r} is not YYYY-MM-DD"


def _is_iso_date(value: str) -> bool:
    if not ISO_DATE.fullmatch(value):
        return False
    parts = date_parts(value)
    try:
        calendar_date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        return False
    return True


def date_parts(value: str) -> list[int]:
    return [int(part) for part in value.split("-")]

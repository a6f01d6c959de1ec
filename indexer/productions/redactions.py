"""Inconsistent redactions: every pair of copies of a record (the store's near-duplicate
groups) where text one copy prints is redacted in the other, or the exemptions claimed for
the same passage differ; each row with both releases, Bates numbers, exemptions, citations.

Pages of two copies are paired by content as the compare view pairs them
(`enrich.duplicates.align_pages`), then compared by `differences.page_differences`. Copy A
of a row is the one released first. The rows are kept per store state.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from indexer.citations.citation import Citation
from indexer.citations.cite import DEFAULT_BASE_URL, citation_for, today
from indexer.enrich import duplicates as fingerprint
from indexer.enrich.exemptions import normalize_label
from indexer.enrich.fingerprint_text import page_words
from indexer.errors import InvalidInputError
from indexer.model.document import Document, Page
from indexer.productions.differences import Difference, page_differences
from indexer.productions.membership import membership, store_state
from indexer.productions.report import ProductionSummary, citation_json, list_productions
from indexer.store.database import Store


class UnknownExemptionError(InvalidInputError):
    """An exemption filter that names no FOIA exemption."""


@dataclass(frozen=True)
class Side:
    """One copy's page in a row: where it is, its release, its citation."""

    doc_id: str
    page: int
    bates: str | None
    title: str
    production_id: str | None
    production: str | None
    release_date: str | None
    citation: Citation

    def to_json(self, labels: Sequence[str]) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "page": self.page,
            "bates": self.bates,
            "title": self.title,
            "production_id": self.production_id,
            "production": self.production,
            "release_date": self.release_date,
            "exemptions": list(labels),
            "citation": citation_json(self.citation),
        }


@dataclass(frozen=True)
class RedactionRow:
    """One difference between copies A (released first) and B of a record."""

    difference: Difference
    a: Side
    b: Side

    @property
    def compare_url(self) -> str:
        return f"/compare/{self.a.doc_id}/{self.b.doc_id}"

    @property
    def exemptions(self) -> frozenset[str]:
        return frozenset(self.difference.labels_a) | frozenset(self.difference.labels_b)

    def to_json(self) -> dict[str, Any]:
        difference = self.difference
        return {
            "kind": difference.kind,
            "passage": difference.passage,
            "before": difference.before,
            "after": difference.after,
            "a": self.a.to_json(difference.labels_a),
            "b": self.b.to_json(difference.labels_b),
            "compare_url": self.compare_url,
        }


def _groups(store: Store) -> list[list[str]]:
    """The near-duplicate groups of indexed documents with two members or more."""
    rows = store.query(
        "SELECT s.duplicate_group, s.doc_id FROM doc_signatures s JOIN documents d"
        " ON d.doc_id = s.doc_id WHERE d.is_indexed = 1 AND s.duplicate_group IN"
        " (SELECT duplicate_group FROM doc_signatures GROUP BY duplicate_group"
        " HAVING count(*) > 1) ORDER BY d.added_at, d.rowid"
    )
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row[1])
    return [members for members in groups.values() if len(members) > 1]


def _aligned(pages_a: Sequence[Page], pages_b: Sequence[Page]) -> list[tuple[Page, Page]]:
    def shingles(page: Page) -> set[str]:
        return fingerprint.shingles(page_words(page.text, page.bates))

    pairs = fingerprint.align_pages(
        [shingles(page) for page in pages_a], [shingles(page) for page in pages_b]
    )
    return [(pages_a[i], pages_b[j]) for i, j, _ in pairs]


class _Rows:
    """Builds the rows of many pairs, each document loaded and cited once."""

    def __init__(self, store: Store, base_url: str) -> None:
        self.store = store
        self.base_url = base_url
        self.accessed = today()
        summaries, _ = list_productions(store)
        self.by_doc = membership(store).by_doc
        self.summaries: dict[str, ProductionSummary] = {
            s.production.production_id: s for s in summaries
        }
        self.documents: dict[str, Document | None] = {}

    def document(self, doc_id: str) -> Document | None:
        if doc_id not in self.documents:
            self.documents[doc_id] = self.store.load_document(doc_id)
        return self.documents[doc_id]

    def release_date(self, doc_id: str) -> str:
        summary = self.summaries.get(self.by_doc.get(doc_id, ""))
        return (summary.release_date if summary else None) or "~"

    def side(self, doc: Document, page: Page) -> Side:
        production_id = self.by_doc.get(doc.doc_id)
        summary = self.summaries.get(production_id or "")
        row = self.store.document_row(doc.doc_id)
        assert row is not None
        return Side(
            doc.doc_id,
            page.page,
            page.bates,
            doc.title,
            production_id,
            summary.production.name if summary else None,
            summary.release_date if summary else None,
            citation_for(row, page.page, page.bates, self.base_url, self.accessed),
        )

    def pair(self, first: str, second: str) -> list[RedactionRow]:
        if self.release_date(second) < self.release_date(first):
            first, second = second, first
        doc_a, doc_b = self.document(first), self.document(second)
        if doc_a is None or doc_b is None:
            return []
        rows: list[RedactionRow] = []
        for page_a, page_b in _aligned(doc_a.pages, doc_b.pages):
            found = page_differences(page_a.text, page_b.text, page_a.bates, page_b.bates)
            if found:
                side_a, side_b = self.side(doc_a, page_a), self.side(doc_b, page_b)
                rows.extend(RedactionRow(difference, side_a, side_b) for difference in found)
        return rows


_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[tuple[object, ...], list[RedactionRow]]] = {}


def all_redaction_rows(store: Store, base_url: str = DEFAULT_BASE_URL) -> list[RedactionRow]:
    """Every inconsistent redaction between copies, by release date (A's, then B's), then
    document and page."""
    state = store_state(store)
    key = (str(store.home), base_url)
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    builder = _Rows(store, base_url)
    rows: list[RedactionRow] = []
    for members in _groups(store):
        for first, second in combinations(members, 2):
            rows.extend(builder.pair(first, second))
    rows.sort(
        key=lambda r: (r.a.release_date or "~", r.b.release_date or "~", r.a.doc_id, r.a.page)
    )
    with _lock:
        _cache[key] = (state, rows)
    return rows


def find_redactions(
    store: Store,
    exemption: str | None = None,
    production: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> list[RedactionRow]:
    """The inconsistent redactions, limited to those claiming `exemption` (on either side)
    and to pairs with a copy in `production` (id or name). UnknownExemptionError for an
    exemption that is none; an unknown production finds nothing."""
    rows = all_redaction_rows(store, base_url)
    if exemption:
        label = normalize_label(exemption)
        if label is None:
            raise UnknownExemptionError(
                f"{exemption!r} is not an exemption such as b6 or (b)(7)(C)"
            )
        rows = [row for row in rows if label in row.exemptions]
    if production:
        wanted = " ".join(production.split()).casefold()
        rows = [
            row
            for row in rows
            if wanted in {(s.production_id or "").casefold() for s in (row.a, row.b)}
            or wanted in {(s.production or "").casefold() for s in (row.a, row.b)}
        ]
    return rows

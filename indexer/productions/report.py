"""The productions list and one production's report: counts, a table per document, Bates gaps
and duplicate pages, each row citable (pinpoint page and Bates number).

Both are computed from the store and kept per store state (`membership.store_state`): the
first view after an ingest reads every page row of the productions; later views are served
from memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from indexer.citations.citation import Citation
from indexer.citations.cite import DEFAULT_BASE_URL, citation_for, today
from indexer.citations.formats import to_text
from indexer.errors import NotFoundError
from indexer.productions.counts import Counts
from indexer.productions.duplicate_pages import DuplicatePages, find_duplicate_pages
from indexer.productions.facts import PageFacts, page_facts
from indexer.productions.gaps import BatesGap, StampedPage, find_gaps
from indexer.productions.membership import Membership, Production, membership, store_state
from indexer.store.database import Store
from indexer.store.rows import DocumentRow

REPORTS_KEPT = 8
_CHUNK = 500


class UnknownProductionError(NotFoundError):
    """No production has this id."""


@dataclass
class ProductionSummary:
    """A production and its numbers; `release_date` is the manifest's, else the date of
    its latest record (a release holds nothing dated after it), `release_date_source` says
    which."""

    production: Production
    counts: Counts

    @property
    def release_date(self) -> str | None:
        return self.production.release_date or self.counts.date_last

    @property
    def release_date_source(self) -> str:
        return "manifest" if self.production.release_date else "latest record"

    def to_json(self) -> dict[str, Any]:
        production = self.production
        return {
            "production_id": production.production_id,
            "name": production.name,
            "release": production.release,
            "bates_prefix": production.prefix,
            "folder": production.folder,
            "release_date": self.release_date,
            "release_date_source": self.release_date_source,
            **self.counts.to_json(),
        }


@dataclass(frozen=True)
class DocumentLine:
    """One document of a production's report; its citation is made when first asked for
    (a page shows 200 documents of thousands)."""

    row: DocumentRow
    counts: Counts
    bates_first: str | None
    bates_last: str | None
    base_url: str
    accessed: str

    @cached_property
    def citation(self) -> Citation:
        return citation_for(self.row, None, None, self.base_url, self.accessed)

    def to_json(self) -> dict[str, Any]:
        counts = self.counts.to_json()
        del counts["documents"], counts["date_first"], counts["date_last"]
        return {
            "doc_id": self.row.doc_id,
            "title": self.row.title,
            "path": self.row.path,
            "date": self.row.date,
            "type": self.row.shown_type,
            "bates_first": self.bates_first,
            "bates_last": self.bates_last,
            **counts,
            "citation": citation_json(self.citation),
        }


@dataclass
class ProductionReport:
    """A production's report: its summary, a line per document, gaps, duplicate pages, and
    the citation of every page a gap or duplicate row names ((doc_id, page) -> Citation)."""

    summary: ProductionSummary
    documents: list[DocumentLine]
    gaps: list[BatesGap]
    duplicates: list[DuplicatePages]
    page_citations: dict[tuple[str, int], Citation] = field(default_factory=dict)
    exports: dict[str, str | bytes] = field(default_factory=dict)  # by format, once made

    @property
    def bates_first(self) -> str | None:
        return next((line.bates_first for line in self.documents if line.bates_first), None)

    @property
    def bates_last(self) -> str | None:
        stamps = [line.bates_last for line in self.documents if line.bates_last]
        return stamps[-1] if stamps else None

    def citations(self) -> list[Citation]:
        """Every row's citation: documents, then gap and duplicate pages, once each."""
        found = [line.citation for line in self.documents]
        return found + list(self.page_citations.values())

    def to_json(self) -> dict[str, Any]:
        def cited(place: tuple[str, int, Any] | None) -> dict[str, Any] | None:
            citation = self.page_citations.get(place[:2]) if place else None
            return citation_json(citation) if citation else None

        return {
            **self.summary.to_json(),
            "bates_first": self.bates_first,
            "bates_last": self.bates_last,
            "by_document": [line.to_json() for line in self.documents],
            "gaps": [
                {**gap.to_json(), "citation": cited(gap.slip_sheet or gap.before)}
                for gap in self.gaps
            ],
            "duplicate_pages": [
                {**dup.to_json(), "citation": cited(dup.places[0])} for dup in self.duplicates
            ],
        }


def citation_json(citation: Citation) -> dict[str, Any]:
    """A row's citation in JSON: its one-line text, pinpoint page, Bates number(s), link."""
    return {
        "text": to_text([citation]).strip(),
        "page": citation.page,
        "bates": citation.bates_range,
        "url": citation.url,
    }


def _dates(store: Store, doc_ids: Sequence[str]) -> dict[str, str | None]:
    dates: dict[str, str | None] = {}
    for start in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in store.query(
            f"SELECT doc_id, date FROM documents WHERE doc_id IN ({marks})", chunk
        ):
            dates[row[0]] = row[1]
    return dates


@dataclass
class _Listing:
    """The productions list of one store state, and the pages of each production (a
    report reads them from here instead of the store)."""

    state: tuple[object, ...]
    summaries: list[ProductionSummary]
    outside: int
    pages: dict[str, list[PageFacts]]


def _summaries(
    store: Store, found: Membership
) -> tuple[list[ProductionSummary], dict[str, list[PageFacts]]]:
    doc_ids = sorted(found.by_doc)
    dates = _dates(store, doc_ids)
    summaries = {pid: ProductionSummary(p, Counts()) for pid, p in found.productions.items()}
    pages: dict[str, list[PageFacts]] = {pid: [] for pid in found.productions}
    for doc_id in doc_ids:
        counts = summaries[found.by_doc[doc_id]].counts
        counts.documents += 1
        counts.add_date(dates.get(doc_id))
    for page in page_facts(store, doc_ids):
        production_id = found.by_doc[page.doc_id]
        summaries[production_id].counts.add_page(page)
        pages[production_id].append(page)
    ordered = sorted(summaries.values(), key=lambda s: (s.release_date or "~", s.production.name))
    return ordered, pages


_lock = threading.Lock()
_lists: dict[str, _Listing] = {}
_reports: OrderedDict[tuple[object, ...], ProductionReport] = OrderedDict()


def _listing(store: Store) -> _Listing:
    state = store_state(store)
    with _lock:
        cached = _lists.get(str(store.home))
    if cached is not None and cached.state == state:
        return cached
    found = membership(store)
    summaries, pages = _summaries(store, found)
    indexed = store.query("SELECT count(*) FROM documents WHERE is_indexed = 1")[0][0]
    listing = _Listing(state, summaries, int(indexed) - len(found.by_doc), pages)
    with _lock:
        _lists[str(store.home)] = listing
    return listing


def list_productions(store: Store) -> tuple[list[ProductionSummary], int]:
    """Every production with its numbers, by release date, and how many indexed documents
    belong to none (no release, no Bates stamp)."""
    listing = _listing(store)
    return listing.summaries, listing.outside


def _stamped(store: Store, pages: list[PageFacts]) -> list[StampedPage]:
    """The pages for gap finding, slip sheets with their text (what range they print)."""
    sheets: dict[str, list[int]] = {}
    for page in pages:
        if page.is_withheld:
            sheets.setdefault(page.doc_id, []).append(page.page)
    texts = {
        (doc_id, number): text
        for doc_id, numbers in sheets.items()
        for number, text in store.page_texts(doc_id, numbers).items()
    }
    return [
        StampedPage(p.doc_id, p.page, p.bates, p.is_withheld, texts.get((p.doc_id, p.page), ""))
        for p in pages
    ]


def _document_lines(
    rows: dict[str, DocumentRow], pages: list[PageFacts], base_url: str, accessed: str
) -> list[DocumentLine]:
    by_doc: dict[str, list[PageFacts]] = {}
    for page in pages:
        by_doc.setdefault(page.doc_id, []).append(page)
    lines = []
    for doc_id in sorted(rows, key=lambda d: (rows[d].path, d)):
        own = by_doc.get(doc_id, [])
        counts = Counts(documents=1)
        for page in own:
            counts.add_page(page)
        stamps = [page.bates for page in own if page.bates]
        first, last = (stamps[0], stamps[-1]) if stamps else (None, None)
        lines.append(DocumentLine(rows[doc_id], counts, first, last, base_url, accessed))
    return lines


def _page_citations(
    rows: dict[str, DocumentRow],
    places: list[tuple[str, int, str | None]],
    base_url: str,
    accessed: str,
) -> dict[tuple[str, int], Citation]:
    return {
        (doc_id, page): citation_for(rows[doc_id], page, bates, base_url, accessed)
        for doc_id, page, bates in places
        if doc_id in rows
    }


def _document_rows(store: Store, doc_ids: list[str]) -> dict[str, DocumentRow]:
    rows: dict[str, DocumentRow] = {}
    for start in range(0, len(doc_ids), _CHUNK):
        rows.update(store.document_rows(doc_ids[start : start + _CHUNK]))
    return rows


def _build_report(
    store: Store,
    summary: ProductionSummary,
    doc_ids: list[str],
    facts: list[PageFacts],
    base_url: str,
) -> ProductionReport:
    accessed = today()
    rows = _document_rows(store, doc_ids)
    pages = sorted(facts, key=lambda p: (rows[p.doc_id].path, p.doc_id, p.page))
    lines = _document_lines(rows, pages, base_url, accessed)
    gaps = find_gaps(_stamped(store, pages))
    duplicates = find_duplicate_pages(pages)
    places: list[tuple[str, int, str | None]] = []
    for gap in gaps:
        places.append(gap.slip_sheet or gap.before)
    for duplicate in duplicates:
        places.extend(duplicate.places)
    citations = _page_citations(rows, places, base_url, accessed)
    return ProductionReport(summary, lines, gaps, duplicates, citations)


def production_report(
    store: Store, production_id: str, base_url: str = DEFAULT_BASE_URL
) -> ProductionReport:
    """The report of one production (by id or name). UnknownProductionError when none has
    it."""
    listing = _listing(store)
    found = membership(store)
    production = found.find(production_id)
    if production is None:
        raise UnknownProductionError(f"no production {production_id!r}")
    key = (*listing.state, production.production_id, base_url)
    with _lock:
        if key in _reports:
            _reports.move_to_end(key)
            return _reports[key]
    wanted = production.production_id
    summary = next(s for s in listing.summaries if s.production.production_id == wanted)
    facts = listing.pages[wanted]
    report = _build_report(store, summary, found.doc_ids(wanted), facts, base_url)
    with _lock:
        _reports[key] = report
        while len(_reports) > REPORTS_KEPT:
            _reports.popitem(last=False)
    return report

"""A production's report and the redaction list as tables (a title, a header, rows): what the
CSV, Markdown and spreadsheet exports write, one table after another or one sheet each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.citations.formats import to_text
from indexer.productions.redactions import RedactionRow
from indexer.productions.report import ProductionReport

Cell = str | int | None


@dataclass(frozen=True)
class Table:
    """One table of a report: its `title` (the sheet's name), `header` and `rows`."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _cite(report: ProductionReport, place: tuple[str, int, object] | None) -> str:
    citation = report.page_citations.get((place[0], place[1])) if place else None
    return to_text([citation]).strip() if citation else ""


def _summary(report: ProductionReport) -> Table:
    summary, counts = report.summary, report.summary.counts
    rows: list[tuple[Cell, ...]] = [
        ("production", summary.production.name),
        ("production_id", summary.production.production_id),
        ("release_date", summary.release_date),
        ("release_date_source", summary.release_date_source),
        ("date_first", counts.date_first),
        ("date_last", counts.date_last),
        ("bates_first", report.bates_first),
        ("bates_last", report.bates_last),
        ("documents", counts.documents),
        ("pages", counts.pages),
        ("pages_whole", counts.whole),
        ("pages_redacted", counts.redacted),
        ("pages_withheld", counts.withheld),
        ("pages_ocr", counts.ocr),
        ("bates_gaps", len(report.gaps)),
        ("duplicate_page_sets", len(report.duplicates)),
    ]
    return Table("Summary", ("field", "value"), rows)


def _exemptions(report: ProductionReport) -> Table:
    return Table(
        "Exemptions",
        ("exemption", "pages", "redactions"),
        [(label, pages, times) for label, pages, times in report.summary.counts.exemptions()],
    )


def _documents(report: ProductionReport) -> Table:
    header = (
        "doc_id", "title", "date", "type", "pages", "whole", "redacted", "withheld", "ocr",
        "exemptions", "bates_first", "bates_last", "path", "citation",
    )  # fmt: skip
    rows: list[tuple[Cell, ...]] = []
    for line in report.documents:
        counts, row = line.counts, line.row
        labels = ", ".join(f"{label} ({pages})" for label, pages, _ in counts.exemptions())
        rows.append((
            row.doc_id, row.title, row.date, row.shown_type, counts.pages, counts.whole,
            counts.redacted, counts.withheld, counts.ocr, labels, line.bates_first,
            line.bates_last, row.path, to_text([line.citation]).strip(),
        ))  # fmt: skip
    return Table("Documents", header, rows)


def _gaps(report: ProductionReport) -> Table:
    header = ("prefix", "first", "last", "count", "status", "after_doc_id", "after_page",
              "before_doc_id", "before_page", "citation")  # fmt: skip
    rows: list[tuple[Cell, ...]] = [
        (gap.prefix, gap.first, gap.last, gap.count, gap.shown_status, gap.before[0],
         gap.before[1], gap.after[0], gap.after[1], _cite(report, gap.slip_sheet or gap.before))
        for gap in report.gaps
    ]  # fmt: skip
    return Table("Bates gaps", header, rows)


def _duplicates(report: ProductionReport) -> Table:
    header = ("set", "doc_id", "page", "bates", "words", "citation")
    rows: list[tuple[Cell, ...]] = []
    for number, duplicate in enumerate(report.duplicates, start=1):
        for place in duplicate.places:
            rows.append(
                (number, place[0], place[1], place[2], duplicate.words, _cite(report, place))
            )
    return Table("Duplicate pages", header, rows)


def report_tables(report: ProductionReport) -> list[Table]:
    """The report's tables: summary, exemptions, documents, Bates gaps, duplicate pages."""
    return [
        _summary(report),
        _exemptions(report),
        _documents(report),
        _gaps(report),
        _duplicates(report),
    ]


REDACTION_HEADER = (
    "kind", "passage", "before", "after", "release_a", "release_date_a", "doc_id_a", "page_a",
    "bates_a", "exemptions_a", "release_b", "release_date_b", "doc_id_b", "page_b", "bates_b",
    "exemptions_b", "compare_url", "citation_a", "citation_b",
)  # fmt: skip


def redaction_table(rows: Sequence[RedactionRow], base_url: str = "") -> Table:
    """The inconsistent redactions as one table."""
    found: list[tuple[Cell, ...]] = []
    for row in rows:
        d, a, b = row.difference, row.a, row.b
        found.append((
            d.kind, d.passage, d.before, d.after, a.production, a.release_date, a.doc_id, a.page,
            a.bates, ", ".join(d.labels_a), b.production, b.release_date, b.doc_id, b.page,
            b.bates, ", ".join(d.labels_b), base_url.rstrip("/") + row.compare_url,
            to_text([a.citation]).strip(), to_text([b.citation]).strip(),
        ))  # fmt: skip
    return Table("Inconsistent redactions", REDACTION_HEADER, found)

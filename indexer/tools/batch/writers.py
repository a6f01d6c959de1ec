"""A batch report written out: CSV with plain-text snippets, or JSON with HTML snippets."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from indexer.citations.citation import FORMULA_PREFIXES
from indexer.tools.batch.rows import absolute_url
from indexer.tools.batch.run import BatchReport

CSV_COLUMNS = (
    "label", "query", "doc_id", "page", "bates", "snippet", "url",
    "line", "query_documents", "query_pages", "title",
)  # fmt: skip
FORMATS = ("csv", "json")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def write_csv(report: BatchReport, handle: TextIO, base_url: str = "") -> int:
    """CSV_COLUMNS, a row per matching page with a plain-text snippet, and one row without a
    page for a query that matched nothing. Cells a spreadsheet would run as a formula get a
    leading apostrophe; with `base_url`, permalinks are absolute. Returns the number of page
    rows written."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    written = 0
    for query in report.queries:
        for row in report.rows(query, html=False):
            written += row.doc_id is not None
            writer.writerow(
                [
                    _cell(row.label),
                    _cell(row.query),
                    row.doc_id or "",
                    row.page or "",
                    _cell(row.bates),
                    _cell(row.snippet),
                    absolute_url(row.url, base_url) or "",
                    row.line,
                    row.query_documents,
                    row.query_pages,
                    _cell(row.title),
                ]
            )
    return written


def write_json(report: BatchReport, handle: TextIO, base_url: str = "") -> int:
    """The report as one JSON object: `summary_json()` with each query's `rows` (HTML
    snippets), written query by query; with `base_url`, permalinks are absolute. Returns the
    number of page rows written."""
    summary = report.summary_json()
    queries = summary.pop("queries")
    head = json.dumps(summary, ensure_ascii=False)
    handle.write(head[:-1] + ', "queries": [')
    written = 0
    for index, (query, data) in enumerate(zip(report.queries, queries, strict=True)):
        rows = [row.to_json(base_url) for row in report.rows(query) if row.doc_id is not None]
        written += len(rows)
        handle.write(("," if index else "") + "\n" + json.dumps({**data, "rows": rows}))
    handle.write("\n]}\n")
    return written

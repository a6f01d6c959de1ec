"""A production's report, or the redaction list, written as JSON, CSV, Markdown or a
spreadsheet (one sheet per table, written with openpyxl)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from indexer.citations.citation import FORMULA_PREFIXES
from indexer.errors import InvalidInputError
from indexer.productions.redactions import RedactionRow
from indexer.productions.report import ProductionReport
from indexer.productions.tables import Cell, Table, redaction_table, report_tables

REPORT_FORMATS = ("json", "csv", "xlsx", "md")
REDACTION_FORMATS = ("json", "csv")
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "md": "text/markdown",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A sheet's name: at most 31 characters, none of these.
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class UnknownFormatError(InvalidInputError):
    """An export format that is not offered."""


def _safe(value: Cell) -> Cell:
    """A cell a spreadsheet will not run: text starting like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(tables: Sequence[Table]) -> str:
    """The tables one after another, each under a `# title` line, a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                out.write("\n")
            writer.writerow([f"# {table.title}"])
        writer.writerow(table.header)
        writer.writerows([_safe(cell) for cell in row] for row in table.rows)
    return out.getvalue()


def _md_cell(value: Cell) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(tables: Sequence[Table], heading: str) -> str:
    """A Markdown document: `heading`, then each table under its title."""
    lines = [f"# {_md_cell(heading)}", ""]
    for table in tables:
        lines += [f"## {table.title}", ""]
        if not table.rows:
            lines += ["None.", ""]
            continue
        lines.append("| " + " | ".join(table.header) + " |")
        lines.append("|" + "---|" * len(table.header))
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table, its header row bold and frozen (written in
    openpyxl's streaming mode: 3,000 rows in well under a second)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(table.title.translate(_SHEET_FORBIDDEN)[:31])
        sheet.freeze_panes = "A2"
        header = []
        for name in table.header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_safe(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_report(report: ProductionReport, fmt: str) -> str | bytes:
    """The report in `fmt` (json, csv, xlsx: bytes, md), kept with the report (which is
    itself kept per store state). UnknownFormatError otherwise."""
    if fmt not in REPORT_FORMATS:
        raise UnknownFormatError(f"format is one of {', '.join(REPORT_FORMATS)}, not {fmt!r}")
    if fmt not in report.exports:
        report.exports[fmt] = _render(report, fmt)
    return report.exports[fmt]


def _render(report: ProductionReport, fmt: str) -> str | bytes:
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    tables = report_tables(report)
    if fmt == "csv":
        return to_csv(tables)
    if fmt == "md":
        return to_markdown(tables, f"Production report: {report.summary.production.name}")
    return to_xlsx(tables)


def export_redactions(rows: Sequence[RedactionRow], fmt: str, base_url: str = "") -> str:
    """The inconsistent redactions in `fmt` (json, csv). UnknownFormatError otherwise."""
    if fmt == "json":
        body = {"total": len(rows), "redactions": [row.to_json() for row in rows]}
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return to_csv([redaction_table(rows, base_url)])
    raise UnknownFormatError(f"format is one of {', '.join(REDACTION_FORMATS)}, not {fmt!r}")

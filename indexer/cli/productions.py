"""`foia productions`, `foia production ID` and `foia redactions`: what each release withheld,
where Bates numbers are missing, and where copies of a record were redacted differently."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from indexer import (
    CITATION_FORMATS,
    REPORT_FORMATS,
    export_production,
    export_redactions,
    find_redactions,
    list_productions,
    production_report,
    render_citations,
)
from indexer.cli.context import JSON_OPTION, Context, emit, pass_context

BASE_URL_OPTION = click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="Where the web app is served: the links of citations start with it.",
)


def _line(summary: dict) -> str:  # type: ignore[type-arg]
    dates = f"{summary['date_first'] or '?'} to {summary['date_last'] or '?'}"
    exemptions = ", ".join(
        f"{e['exemption']} {e['pages']} p./{e['redactions']}" for e in summary["exemptions"]
    )
    return (
        f"{summary['production_id']}  {summary['name']}\n"
        f"  released {summary['release_date'] or '?'} ({summary['release_date_source']}),"
        f" records {dates}; {summary['documents']} documents, {summary['pages']} pages:"
        f" {summary['whole']} whole, {summary['redacted']} partly redacted,"
        f" {summary['withheld']} withheld in full, {summary['ocr']} OCR only\n"
        f"  exemptions (pages/redactions): {exemptions or 'none'}"
    )


@click.command(name="productions")
@JSON_OPTION
@pass_context
def productions_command(obj: Context, as_json: bool) -> None:
    """List the productions (releases): the manifest's `release`, else a Bates prefix and
    the folder it arrived in; each with its dates, counts of pages whole, partly redacted and
    withheld in full, exemptions by pages and by redactions, and OCR-only pages."""
    summaries, outside = list_productions(obj.store)
    items = [summary.to_json() for summary in summaries]
    data = {"productions": items, "documents_outside": outside}
    lines = [_line(item) for item in items] or ["No productions."]
    if outside:
        lines.append(f"{outside} documents belong to no production (no release, no Bates stamp)")
    emit(data, as_json, "\n".join(lines))


@click.command(name="production")
@click.argument("production_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="Write the report as json, csv (one table after another), xlsx (one sheet per "
    "table) or md [default: a summary as text].",
)
@click.option(
    "--cite",
    "cite_format",
    type=click.Choice(CITATION_FORMATS),
    default=None,
    help="Instead, the citation of every row (documents, gap and duplicate pages).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@BASE_URL_OPTION
@pass_context
def production_command(
    obj: Context,
    production_id: str,
    fmt: str | None,
    cite_format: str | None,
    out: Path | None,
    base_url: str,
) -> None:
    """The report of one production (by id or name): its numbers, a table per document,
    Bates gaps ("missing, no slip sheet" or "withheld in full") and duplicate pages."""
    report = production_report(obj.store, production_id, base_url=base_url)
    if cite_format:
        body: str | bytes = render_citations(report.citations(), cite_format)
    elif fmt:
        body = export_production(report, fmt)
    else:
        body = _text(report.to_json())
    if out is not None:
        out.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    elif isinstance(body, bytes):
        if sys.stdout.isatty():
            raise click.UsageError("an xlsx report is binary: give --out FILE")
        sys.stdout.buffer.write(body)
    else:
        click.echo(body, nl=not body.endswith("\n"))


def _text(report: dict) -> str:  # type: ignore[type-arg]
    lines = [
        _line(report),
        f"  Bates {report['bates_first'] or '-'} to {report['bates_last'] or '-'}",
    ]
    lines.append(f"\nBates gaps: {len(report['gaps'])}")
    lines += [
        f"  {g['first']} to {g['last']} ({g['count']}): {g['shown_status']}" for g in report["gaps"]
    ]
    lines.append(f"\nDuplicate pages: {len(report['duplicate_pages'])} sets")
    for dup in report["duplicate_pages"]:
        places = "; ".join(
            f"{p['doc_id']} p. {p['page']} ({p['bates'] or '-'})" for p in dup["pages"]
        )
        lines.append(f"  {places}")
    lines.append(f"\nDocuments: {len(report['by_document'])}")
    for doc in report["by_document"]:
        lines.append(
            f"  {doc['doc_id']}  {doc['pages']} p. ({doc['whole']} whole, {doc['redacted']}"
            f" redacted, {doc['withheld']} withheld)  {doc['bates_first'] or '-'}  {doc['title']}"
        )
    return "\n".join(lines)


@click.command(name="redactions")
@click.option("--exemption", help="Only differences claiming this exemption (b6, (b)(7)(C)).")
@click.option("--production", help="Only pairs with a copy in this production (id or name).")
@JSON_OPTION
@click.option("--csv", "as_csv", is_flag=True, help="Print as CSV.")
@BASE_URL_OPTION
@pass_context
def redactions_command(
    obj: Context,
    exemption: str | None,
    production: str | None,
    as_json: bool,
    as_csv: bool,
    base_url: str,
) -> None:
    """Inconsistent redactions: every pair of copies of a record where text printed in one
    is redacted in the other, or the exemptions claimed for a passage differ; by release
    date, with both releases, Bates numbers, exemptions and the compare view's link."""
    rows = find_redactions(obj.store, exemption, production, base_url=base_url)
    if as_csv:
        click.echo(export_redactions(rows, "csv", base_url), nl=False)
        return
    if as_json:
        click.echo(export_redactions(rows, "json", base_url), nl=False)
        return
    lines = []
    for row in rows:
        d, a, b = row.difference, row.a, row.b
        labels_a, labels_b = ", ".join(d.labels_a), ", ".join(d.labels_b)
        what = {
            "redacted_in_b": f"printed in A, redacted in B ({labels_b or 'no label'})",
            "redacted_in_a": f"redacted in A ({labels_a or 'no label'}), printed in B",
            "exemptions_differ": f"exemptions differ: A {labels_a}, B {labels_b}",
        }[d.kind]
        lines.append(f"{what}\n  ...{d.before} [{d.passage}] {d.after}...")
        for name, side in (("A", a), ("B", b)):
            lines.append(
                f"  {name}: {side.production or '-'} ({side.release_date or '?'})"
                f" {side.doc_id} p. {side.page} {side.bates or ''}"
            )
        lines.append(f"  compare: {base_url.rstrip('/')}{row.compare_url}")
    lines.append(f"{len(rows)} inconsistent redactions" if rows else "No inconsistent redactions.")
    emit(None, False, "\n".join(lines))


__all__ = ["production_command", "productions_command", "redactions_command"]

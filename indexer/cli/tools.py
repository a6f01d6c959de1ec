"""The investigator tools of `foia`: batch, find-quote, similar, saved and alerts."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

import click

from indexer import (
    BATCH_FORMATS as FORMATS,
    MAX_QUOTE_CHARS,
    Alert,
    BatchReport,
    QuoteResult,
    add_saved_search,
    alerts,
    counted,
    find_quote,
    list_saved_searches,
    remove_saved_search,
    run_batch,
    similar_documents,
    write_batch_csv as write_csv,
    write_batch_json as write_json,
)
from indexer.cli.context import JSON_OPTION, Context, emit, pass_context, terminal_snippet

# Read at most this much of a pasted passage: the finder looks at MAX_QUOTE_CHARS of it.
MAX_STDIN_CHARS = 20 * MAX_QUOTE_CHARS


def _color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command(name="batch")
@click.argument("terms_file", type=click.File("rb"))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the rows here [default: standard output].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="csv (plain-text snippets) or json (HTML snippets) [default: from --out, else csv].",
)
@JSON_OPTION
@pass_context
def batch_command(
    obj: Context,
    terms_file: BinaryIO,
    out: Path | None,
    output_format: str | None,
    as_json: bool,
) -> None:
    """Run every query of TERMS_FILE ('-': standard input), one a line, optionally
    `label<TAB>query`; blank lines and # comments are skipped. Writes a row per matching
    page: label, query, doc_id, page, bates, snippet, url. Bad lines are reported (on
    standard error when the rows go to standard output) and the rest runs."""
    output_format = output_format or ("json" if out and out.suffix == ".json" else "csv")
    report = run_batch(obj.engine, obj.store, terms_file.read())
    writer = write_json if output_format == "json" else write_csv
    if out is None:
        writer(report, sys.stdout)
        click.echo(_batch_summary(report, None), err=True)
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer(report, handle)
    data = {**report.summary_json(), "out": str(out), "format": output_format}
    emit(data, as_json, _batch_summary(report, out))


def _batch_summary(report: BatchReport, out: Path | None) -> str:
    where = f" to {out}" if out else ""
    lines = [
        f"{len(report.queries)} queries, {report.total_rows:,} rows{where}"
        f" in {report.seconds:.1f} s"
    ]
    for problem in report.problems:
        kind = "error" if problem.is_error else "note"
        lines.append(f"line {problem.line}: {kind}: {problem.message}")
    return "\n".join(lines)


@click.command(name="find-quote")
@click.argument("text", required=False, default="-")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@JSON_OPTION
@pass_context
def find_quote_command(obj: Context, text: str, limit: int, as_json: bool) -> None:
    """The pages a passage came from, best first. TEXT is the passage ('-' or nothing:
    read it from standard input); OCR noise, changed line breaks, curly quotes, ellipses and
    a page break in it are all right."""
    if text == "-":
        text = sys.stdin.read(MAX_STDIN_CHARS)
    result = find_quote(obj.engine, obj.store, text, limit=limit)
    emit(result.to_json(), as_json, _quote_text(result))


def _quote_text(result: QuoteResult) -> str:
    lines = [f"note: {result.notice}"] if result.notice else []
    if not result.matches:
        lines.append("no page holds this passage")
    for number, match in enumerate(result.matches, start=1):
        pages = f"p. {match.page}" + (f"-{match.page_end}" if match.page_end != match.page else "")
        bates = f" {match.bates}" if match.bates else ""
        lines.append(f"{number}. {match.title}  [{match.doc_id}] {pages}{bates}")
        lines.append(f"   score {match.score:.2f}  {match.url}")
        lines.append(f"   {terminal_snippet(match.snippet, _color())}")
    return "\n".join(lines)


@click.command(name="similar")
@click.argument("doc_id")
@click.option("--page", type=click.IntRange(1), default=None, help="Like this page only.")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True)
@click.option(
    "--exclude", multiple=True, metavar="DOC_ID", help="Leave out this document (repeatable)."
)
@JSON_OPTION
@pass_context
def similar_command(
    obj: Context, doc_id: str, page: int | None, limit: int, exclude: tuple[str, ...], as_json: bool
) -> None:
    """The documents most like DOC_ID (or one of its pages), by their key terms; the
    document's own duplicate group is left out."""
    result = similar_documents(
        obj.engine, obj.store, doc_id, page=page, limit=limit, exclude=exclude
    )
    lines = [f"key terms: {', '.join(result.terms) or '(none)'}"]
    for number, doc in enumerate(result.documents, start=1):
        lines.append(f"{number}. {doc.title}  [{doc.doc_id}] p. {doc.page}  score {doc.score:.1f}")
        lines.append(f"   {terminal_snippet(doc.snippet, _color())}")
    if not result.documents:
        lines.append("no similar documents")
    emit(result.to_json(), as_json, "\n".join(lines))


@click.group(name="saved")
def saved_group() -> None:
    """Saved searches: what is new for them is printed by `foia alerts`."""


@saved_group.command(name="add")
@click.argument("name")
@click.argument("query")
@click.option("--user", "user_name", required=True, metavar="NAME", help="The owner's account.")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A filter such as type=memo, year=2010 or date_from=2010-05 (repeatable).",
)
@JSON_OPTION
@pass_context
def saved_add(
    obj: Context, name: str, query: str, user_name: str, filters: tuple[str, ...], as_json: bool
) -> None:
    """Save QUERY as NAME for a user; only documents ingested from now on count as new."""
    pairs = {}
    for item in filters:
        field, equals, value = item.partition("=")
        if not equals:
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--filter")
        pairs[field.strip()] = value.strip()
    saved = add_saved_search(obj.store, user_name, name, query, pairs)
    emit(saved.to_json(), as_json, f"saved {saved.name!r} for {saved.user_name}: {saved.query}")


@saved_group.command(name="list")
@click.option("--user", "user_name", default=None, metavar="NAME", help="Only this user's.")
@JSON_OPTION
@pass_context
def saved_list(obj: Context, user_name: str | None, as_json: bool) -> None:
    """Every saved search (of one user), with its feed's address."""
    found = list_saved_searches(obj.store, user_name)
    lines = []
    for saved in found:
        filters = " ".join(f"{key}={value}" for key, value in saved.filters.items())
        lines.append(
            f"{saved.saved_id}. {saved.user_name}: {saved.name!r}  {saved.query}"
            + (f"  [{filters}]" if filters else "")
            + f"\n   last seen {saved.last_seen_at}  feed {saved.feed_path()}"
        )
    emit([saved.to_json() for saved in found], as_json, "\n".join(lines) or "no saved searches")


@saved_group.command(name="remove")
@click.argument("name")
@click.option("--user", "user_name", required=True, metavar="NAME", help="The owner's account.")
@pass_context
def saved_remove(obj: Context, name: str, user_name: str) -> None:
    """Delete a user's saved search NAME."""
    saved = remove_saved_search(obj.store, user_name, name)
    click.echo(f"removed {saved.name!r} of {saved.user_name}")


@click.command(name="alerts")
@click.option("--user", "user_name", default=None, metavar="NAME", help="Only this user's.")
@click.option(
    "--mark-seen", is_flag=True, help="Mark what is printed as seen: the next run skips it."
)
@JSON_OPTION
@pass_context
def alerts_command(obj: Context, user_name: str | None, mark_seen: bool, as_json: bool) -> None:
    """What is new for each saved search since it was last seen (for a cron job: add
    --mark-seen so that nothing is printed twice)."""
    found = alerts(obj.engine, obj.store, user_name, mark=mark_seen)
    text = "\n".join(_alert_text(alert) for alert in found) or "no saved searches"
    emit([alert.to_json() for alert in found], as_json, text)


def _alert_text(alert: Alert) -> str:
    head = f"{alert.saved.user_name}: {alert.saved.name!r} ({alert.saved.query})"
    if not alert.total_documents:
        return f"{head}: nothing new"
    lines = [f"{head}: {counted(alert.total_documents, 'new document')}"]
    for match in alert.matches:
        lines.append(f"  {match.title}  [{match.doc_id}] p. {match.page}  {match.url}")
        lines.append(f"    {terminal_snippet(match.snippet, _color())}")
    if alert.total_documents > len(alert.matches):
        lines.append(f"  … and {alert.total_documents - len(alert.matches)} more")
    return "\n".join(lines)

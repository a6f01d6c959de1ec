"""`foia cite`, `export-annotations`, `import-annotations`: citations written out, and the
staff's annotations carried to another home and back."""

from __future__ import annotations

from pathlib import Path

import click

from indexer import (
    CITATION_FORMATS as FORMATS,
    DEFAULT_BASE_URL,
    CitationList,
    SearchRequest,
    cite_document,
    cite_result,
    cite_tag as citations_of_tag,
    read_import,
    render_citations as render,
    search_with_tags,
    write_corrections,
    write_export,
)
from indexer.cli.context import JSON_OPTION, Context, emit, pass_context
from indexer.cli.users import USER_OPTION, acting_user


@click.command(name="cite")
@click.option("--tag", "label", default=None, help="Every document and page with this tag.")
@click.option("--doc", "doc_id", default=None, help="One document (with --page: one page).")
@click.option("--page", type=click.IntRange(1), default=None, help="With --doc: this page.")
@click.option("--query", default=None, help="The matching pages of a search.")
@click.option(
    "--limit",
    type=click.IntRange(1, 100),
    default=20,
    show_default=True,
    help="With --query: documents to cite.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    help="Where the web app is served, for permalinks.",
)
@pass_context
def cite(
    obj: Context,
    label: str | None,
    doc_id: str | None,
    page: int | None,
    query: str | None,
    limit: int,
    fmt: str,
    base_url: str,
) -> None:
    """Citations of a tag, a document or page, or a search, in FORMAT (warnings on stderr)."""
    if sum(value is not None for value in (label, doc_id, query)) != 1:
        raise click.UsageError("give exactly one of --tag, --doc, --query")
    if page is not None and doc_id is None:
        raise click.UsageError("--page goes with --doc")
    if label is not None:
        cited = citations_of_tag(obj.store, label, base_url=base_url)
    elif doc_id is not None:
        cited = CitationList([cite_document(obj.store, doc_id, page, base_url=base_url)])
    else:
        result = search_with_tags(
            obj.engine,
            obj.store,
            SearchRequest(query or "", limit=limit),
            user_role="staff",
        )
        cited = cite_result(obj.store, result, base_url=base_url)
    for warning in cited.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not cited.citations:
        raise click.ClickException("nothing to cite")
    click.echo(render(cited.citations, fmt), nl=False)


@click.command(name="export-annotations")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@JSON_OPTION
@pass_context
def export_command(obj: Context, file: Path, as_json: bool) -> None:
    """Write every user's tags, notes and history to FILE (JSON)."""
    counts = write_export(obj.store, file)
    emit(
        counts,
        as_json,
        f"exported {counts['tags']} tags, {counts['notes']} notes,"
        f" {counts['history']} history entries to {file}",
    )


@click.command(name="import-annotations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@USER_OPTION
@JSON_OPTION
@pass_context
def import_command(obj: Context, file: Path, user_name: str, as_json: bool) -> None:
    """Add the tags, notes and history of FILE that are not here yet (never duplicates).

    An item whose document is not here goes to the version of its file that is (matched by
    path and page text) and is flagged for review; one that cannot be placed is listed and
    left out (import FILE again once its file is ingested)."""
    report = read_import(obj.store, acting_user(obj, user_name), file)
    write_corrections(obj.store, obj.engine)
    added, present, moved = report.added, report.present, report.moved
    lines = [
        f"added {added['tags']} tags, {added['notes']} notes, {added['history']} history"
        f" entries; {sum(present.values())} items were here already"
    ]
    if sum(moved.values()):
        lines.append(
            f"{moved['tags']} tags and {moved['notes']} notes went to the changed version of"
            " their file and are flagged for review (`foia tag list --review`)"
        )
    corrections = report.corrections
    if corrections.added or corrections.unplaced:
        lines.append(f"added {corrections.added} corrections")
    for item in corrections.unplaced:
        lines.append(f"not placed: {item['field']} of {item['doc_id']}: {item['reason']}")
    for item in report.unplaced:
        page = f" page {item['page']}" if item["page"] else ""
        what = f"tag {item['label']!r}" if item["kind"] == "tag" else f"note {item['text']!r}"
        lines.append(f"not placed: {what} on {item['doc_id']}{page}: {item['reason']}")
    emit(report.to_json(), as_json, "\n".join(lines))

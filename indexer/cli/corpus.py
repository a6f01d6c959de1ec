"""`foia ingest`, `search`, `list`, `show`, `stats`, `reindex`: the corpus and its index."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from indexer import (
    ENGINES,
    OCR_MODES,
    SORTS,
    ArchiveLimits,
    Ingest,
    Progress,
    SearchRequest,
    SearchResult,
    convert,
    corpus_stats,
    counted,
    engine_for_ingest,
    engine_hint_for,
    list_documents,
    reindex,
    search_with_tags,
)
from indexer.cli.context import Context, emit, pass_context, shown_paths, terminal_snippet


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that extract, OCR and enrich files [default: number of cores].",
)
@click.option(
    "--ocr",
    type=click.Choice(OCR_MODES),
    default="auto",
    show_default=True,
    help="auto: OCR pages without a usable text layer; force: OCR every PDF page.",
)
@click.option(
    "--prune", is_flag=True, help="Remove documents whose files are gone from the given folders."
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 86400),
    default=300,
    show_default=True,
    help="Seconds one file may take to extract before it is reported as failed.",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Extract again the files that failed before (they are skipped until they change).",
)
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(sorted(ENGINES)),
    default=None,
    help="Search engine of a new home [default: $FOIA_ENGINE, else whoosh]; a home keeps"
    " the engine it was built with (`foia reindex --engine` converts it).",
)
@click.option(
    "--archive-max-bytes",
    type=click.IntRange(1, 2**48),
    default=ArchiveLimits.max_bytes,
    show_default=True,
    help="Bytes one archive or e-mail may unpack to, nested ones included (past it: a zip bomb).",
)
@click.option(
    "--archive-max-ratio",
    type=click.FloatRange(1),
    default=ArchiveLimits.max_ratio,
    show_default=True,
    help="How many times its packed size a member over 1 MiB may unpack to.",
)
@click.option(
    "--archive-max-depth",
    type=click.IntRange(1, 20),
    default=ArchiveLimits.max_depth,
    show_default=True,
    help="Archives and e-mails inside each other, at most (a.zip!/b.zip!/c.zip is 3).",
)
@click.option(
    "--archive-max-members",
    type=click.IntRange(1, 10**9),
    default=ArchiveLimits.max_members,
    show_default=True,
    help="Files one archive may hold.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_context
def ingest(
    obj: Context,
    paths: tuple[Path, ...],
    workers: int | None,
    ocr: str,
    prune: bool,
    timeout: float,
    retry_failed: bool,
    engine_name: str | None,
    archive_max_bytes: int,
    archive_max_ratio: float,
    archive_max_depth: int,
    archive_max_members: int,
    as_json: bool,
) -> None:
    """Extract and index files and folders (recursively). Unchanged files are skipped, and
    so are links that leave the folder and files that failed before. A .zip is read as the
    files it holds (release.zip!/inner/memo.pdf), an e-mail (.eml, .msg) as the message and
    its attachments, and a .csv or .xlsx index with a file-name column as their metadata."""
    limits = ArchiveLimits(
        max_bytes=archive_max_bytes,
        max_ratio=archive_max_ratio,
        max_depth=archive_max_depth,
        max_members=archive_max_members,
    )
    obj.engine = engine_for_ingest(obj.home, engine_name)
    with _progress_bar() as on_progress:
        run = Ingest(
            obj.store,
            obj.engine,
            workers=workers,
            ocr=ocr,
            timeout=timeout,
            on_progress=on_progress,
            retry_failed=retry_failed,
            archive_limits=limits,
        )
        report = run.run(list(paths), prune=prune)
    data = report.to_json()
    lines = [
        f"added {report.added}, updated {report.updated}, unchanged {report.unchanged},"
        f" removed {report.removed}; {counted(report.pages, 'page')}"
        f" ({report.ocr_pages} read by OCR) in {report.seconds:.1f} s",
        *(f"failed: {item['path']}: {item['error']}" for item in report.failed),
        *(f"warning: {warning}" for warning in report.warnings),
        *(f"skipped: {item['path']}: {item['reason']}" for item in report.skipped),
    ]
    data["engine"] = obj.engine.name
    data["engine_hint"] = engine_hint_for(obj.store, obj.engine)
    if data["engine_hint"]:
        lines.append(f"hint: {data['engine_hint']}")
    emit(data, as_json, "\n".join(lines))


@contextmanager
def _progress_bar() -> Iterator[Any]:
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    bar = tqdm(unit="file", file=sys.stderr, dynamic_ncols=True)
    pages = 0

    def update(progress: Progress) -> None:
        nonlocal pages
        pages += progress.pages
        bar.total = progress.files_total
        elapsed = bar.format_dict.get("elapsed") or 0
        rate = pages / elapsed if elapsed else 0.0
        bar.set_postfix_str(f"{pages} pages, {rate:.1f} pages/s", refresh=False)
        bar.update(1)

    try:
        yield update
    finally:
        bar.close()


def format_result(result: SearchResult, color: bool) -> str:
    """The human-readable form of a search result."""
    lines = []
    if result.notice:
        lines.append(f"note: {result.notice}")
    lines.append(result.count_text())
    for expansion in result.expanded:
        lines.append(f"also matched for {expansion.term!r}: {', '.join(expansion.also)}")
    if result.empty_help is not None:
        lines.extend(_help_lines(result))
    for number, doc in enumerate(result.documents, start=result.offset + 1):
        meta = ", ".join(part for part in (doc.type, doc.date or "undated", doc.source) if part)
        lines.append(f"\n{number}. {doc.title}  [{doc.doc_id}]  ({meta})")
        verb = "matches" if doc.matching_pages == 1 else "match"
        lines.append(
            f"   {doc.matching_pages} of {counted(doc.page_count, 'page')} {verb}  {doc.path}"
        )
        for page in doc.pages:
            bates = f" {page.bates}" if page.bates else ""
            lines.append(f"   p. {page.page}{bates}: {terminal_snippet(page.snippet, color)}")
    return "\n".join(lines)


def _help_lines(result: SearchResult) -> list[str]:
    help_ = result.empty_help
    assert help_ is not None
    lines = [f"no record holds: {', '.join(help_.unknown_words)}"] if help_.unknown_words else []
    for suggestion in help_.suggestions:
        where = " (without the filters)" if suggestion.without_filters else ""
        found = counted(suggestion.documents, "document")
        lines.append(f"try: {suggestion.query}  ({found}{where})")
    for dropped in help_.drop_filters:
        found = counted(dropped.documents, "document")
        lines.append(f"drop {dropped.name} {dropped.value!r}: {found}")
    return lines


@click.command(name="search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0, 10_000), default=0, show_default=True)
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--exact",
    is_flag=True,
    help="Exact spelling only: no other spellings of numbers, numerals, citations, dockets,"
    " stamps or names, and no other word endings.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def search_command(
    obj: Context, query: str, limit: int, offset: int, sort: str, exact: bool, as_json: bool
) -> None:
    """Search the index. QUERY uses the query language of the README."""
    # Bytes that are not UTF-8 reach Python as lone surrogates: refused, as the web does.
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        shown = repr(os.fsencode(query))
        message = f"the query holds bytes that are not UTF-8 text: {shown}"
        raise click.ClickException(message) from None
    # The command line runs with the operator's own access to the files: staff rights.
    request = SearchRequest(query, offset=offset, limit=limit, sort=sort, exact=exact)
    result = search_with_tags(obj.engine, obj.store, request, user_role="staff")
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    emit(shown_paths(obj, result.to_json()), as_json, format_result(result, color))


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@pass_context
def list_command(obj: Context, as_json: bool) -> None:
    """Every ingested document that search can find (one an interrupted ingest saved but did
    not index is left out until the next ingest finishes it)."""
    documents = list_documents(obj.store, obj.engine)
    text = "\n".join(
        f"{d['doc_id']}  {d['pages']:>4} p.  {d['date'] or 'undated':<10}  {d['type']:<14}"
        f"  {d['title'][:70]}"
        for d in documents
    )
    emit(documents, as_json, text or "no documents: run `foia ingest PATH` first")


@click.command()
@click.argument("doc_id")
@click.option("--page", type=click.IntRange(1), default=None, help="Only this page.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_context
def show(obj: Context, doc_id: str, page: int | None, as_json: bool) -> None:
    """Metadata and text of a document, or of one of its pages."""
    from indexer import document_json

    data = document_json(obj.store, doc_id, page)
    if data is None:
        where = f" page {page}" if page else ""
        raise click.ClickException(f"no document {doc_id}{where}")
    header = [
        f"{key}: {value}"
        for key, value in data.items()
        if key != "pages" and value not in (None, "", [], {})
    ]
    body = [
        f"\n--- page {p['page']}"
        + (f" ({p['bates']})" if p["bates"] else "")
        + f" ---\n{p['text']}"
        for p in data["pages"]
    ]
    emit(shown_paths(obj, data), as_json, "\n".join(header + body))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_context
def stats(obj: Context, as_json: bool) -> None:
    """Documents, pages, OCR pages, by type/source/year/exemption, index size (of the
    documents search can find, as `foia list` lists them)."""
    data = corpus_stats(obj.store, obj.engine)
    lines = [
        f"{key}: {value}"
        for key, value in data.items()
        if not isinstance(value, dict) and key != "engine_hint"
    ]
    for key, counts in data.items():
        if isinstance(counts, dict):
            lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if data["index_outdated"]:
        lines.append("The index was built by another version: run `foia reindex`.")
    if data["engine_hint"]:
        lines.append(f"hint: {data['engine_hint']}")
    emit(data, as_json, "\n".join(lines))


@click.command(name="reindex")
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(sorted(ENGINES)),
    default=None,
    help="Convert the home to this search engine; searches keep using the old index until"
    " the new one is complete.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that enrich and analyze documents again [default: number of cores, one"
    " for a home of under 100 documents].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_context
def reindex_command(
    obj: Context, engine_name: str | None, workers: int | None, as_json: bool
) -> None:
    """Rebuild the index from the extraction cache (no original file is read), or convert
    the home to another search engine."""
    if engine_name is None or engine_name == obj.engine.name:
        report = reindex(obj.store, obj.engine, workers)
    else:
        report = convert(obj.store, obj.engine, engine_name, workers)
    engine = engine_name or obj.engine.name
    text = (
        f"reindexed {counted(report.documents, 'document')}, {counted(report.pages, 'page')} in"
        f" {report.seconds:.1f} s ({engine})"
    )
    if report.missing:
        text += f"\nnot cached, ingest again: {', '.join(report.missing)}"
    emit({**report.to_json(), "engine": engine}, as_json, text)

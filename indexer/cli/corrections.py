"""`foia meta show`, `set`, `clear`: staff corrections of a document's title, date, type and
source, acting as an enabled --user (undone with `foia undo`)."""

from __future__ import annotations

import click

from indexer import (
    CORRECTION_FIELDS,
    CorrectionError,
    CorrectionResult,
    correct_document,
    document_fields,
)
from indexer.cli.context import JSON_OPTION, Context, emit, pass_context
from indexer.cli.users import USER_OPTION, acting_user


@click.group(name="meta")
def meta_group() -> None:
    """Correct a document's title, date, type and source (staff)."""


def _changes(assignments: tuple[str, ...]) -> dict[str, str]:
    changes = {}
    for assignment in assignments:
        name, sign, value = assignment.partition("=")
        if not sign:
            raise CorrectionError(
                f"{assignment!r} is not FIELD=VALUE (fields: {', '.join(CORRECTION_FIELDS)})"
            )
        changes[name.strip().lower()] = value
    return changes


def _result_text(result: CorrectionResult) -> str:
    if not result.changes:
        return f"{result.doc_id}: nothing changed (the values are already set)"
    lines = []
    for change in result.changes:
        shown = "cleared" if change.value is None else f"= {change.value!r}"
        lines.append(f"{result.doc_id} {change.field} {shown}")
    if result.notice:
        lines.append(result.notice)
    return "\n".join(lines)


@meta_group.command(name="show")
@click.argument("doc_id")
@JSON_OPTION
@pass_context
def meta_show(obj: Context, doc_id: str, as_json: bool) -> None:
    """The title, date, type and source of DOC_ID; a corrected one with its original."""
    fields = document_fields(obj.store, doc_id)
    lines = []
    for item in fields:
        line = f"{item.field:<7} {item.value if item.value is not None else '-'}"
        if item.is_corrected:
            original = item.original if item.original is not None else "-"
            line += f"  (corrected by {item.corrected_by}, {item.corrected_at}; was {original})"
        lines.append(line)
    emit({"doc_id": doc_id, "fields": [f.to_json() for f in fields]}, as_json, "\n".join(lines))


@meta_group.command(name="set")
@click.argument("doc_id")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@USER_OPTION
@JSON_OPTION
@pass_context
def meta_set(
    obj: Context, doc_id: str, assignments: tuple[str, ...], user_name: str, as_json: bool
) -> None:
    """Correct fields of DOC_ID: title, date (YYYY-MM-DD, YYYY-MM or YYYY), type, source.
    The correction survives re-ingest and reindex; `FIELD=` (empty) clears it."""
    actor = acting_user(obj, user_name)
    result = correct_document(obj.store, obj.engine, actor, doc_id, _changes(assignments))
    emit(result.to_json(), as_json, _result_text(result))


@meta_group.command(name="clear")
@click.argument("doc_id")
@click.argument("fields", nargs=-1, required=True, metavar="FIELD...")
@USER_OPTION
@JSON_OPTION
@pass_context
def meta_clear(
    obj: Context, doc_id: str, fields: tuple[str, ...], user_name: str, as_json: bool
) -> None:
    """Clear the corrections of FIELDs of DOC_ID: they show what the file says again."""
    actor = acting_user(obj, user_name)
    changes = {name.strip().lower(): None for name in fields}
    result = correct_document(obj.store, obj.engine, actor, doc_id, changes)
    emit(result.to_json(), as_json, _result_text(result))

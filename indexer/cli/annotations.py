"""`foia tag`, `note`, `history`, `undo`: staff annotations, acting as an enabled --user."""

from __future__ import annotations

import click

from indexer import (
    AnnotationNotFound,
    HistoryEntry,
    Note,
    Tag,
    annotations as notes_and_tags,
    confirm_review,
    correction_entry_doc_id,
    history,
    undo_correction_entry,
)
from indexer.cli.context import JSON_OPTION, Context, emit, pass_context
from indexer.cli.users import USER_OPTION, acting_user


def _where(doc_id: str, page: int | None) -> str:
    return f"{doc_id}" + (f" page {page}" if page else "")


def _tag_line(tag: Tag) -> str:
    line = f"{tag.tag_id:>5}  {_where(tag.doc_id, tag.page):<28} {tag.label}"
    line += f"  ({tag.created_by}, {tag.created_at})"
    if tag.note:
        line += f"\n       note: {tag.note}"
    if tag.review:
        line += f"\n       REVIEW: {tag.review}"
    return line


@click.group()
def tag() -> None:
    """Labels on documents and pages."""


@tag.command(name="add")
@click.argument("doc_id")
@click.argument("label")
@click.option("--page", type=click.IntRange(1), default=None, help="Tag this page only.")
@click.option("--note", default=None, help="A note on the tag (staff only).")
@USER_OPTION
@pass_context
def tag_add(
    obj: Context, doc_id: str, label: str, page: int | None, note: str | None, user_name: str
) -> None:
    """Tag a document, or one of its pages, with LABEL."""
    added = notes_and_tags.add_tag(
        obj.store, acting_user(obj, user_name), doc_id, label, page, note
    )
    click.echo(f"tagged {_where(doc_id, page)} {added.label!r} (tag {added.tag_id})")


@tag.command(name="remove")
@click.argument("doc_id")
@click.argument("label")
@click.option("--page", type=click.IntRange(1), default=None, help="The page the tag is on.")
@USER_OPTION
@pass_context
def tag_remove(obj: Context, doc_id: str, label: str, page: int | None, user_name: str) -> None:
    """Remove the tag LABEL from a document or page (`foia undo` brings it back)."""
    actor = acting_user(obj, user_name)
    found = notes_and_tags.find_tag(obj.store, doc_id, label, page)
    if found is None:
        raise AnnotationNotFound(f"{_where(doc_id, page)} has no tag {label!r}")
    notes_and_tags.remove_tag(obj.store, actor, found.tag_id)
    click.echo(f"removed {found.label!r} from {_where(doc_id, page)}")


@tag.command(name="list")
@click.option("--label", default=None, help="Only this label.")
@click.option("--doc", "doc_id", default=None, help="Only this document.")
@click.option("--review", is_flag=True, help="Only tags flagged for review.")
@JSON_OPTION
@pass_context
def tag_list(
    obj: Context, label: str | None, doc_id: str | None, review: bool, as_json: bool
) -> None:
    """Tags in use, by document and page."""
    tags = notes_and_tags.list_tags(obj.store, doc_id=doc_id, label=label, needs_review=review)
    emit([t.to_json() for t in tags], as_json, "\n".join(map(_tag_line, tags)) or "no tags")


@tag.command(name="confirm")
@click.argument("tag_id", type=int)
@USER_OPTION
@pass_context
def tag_confirm(obj: Context, tag_id: int, user_name: str) -> None:
    """Clear a tag's review flag after checking it against the changed file."""
    confirm_review(obj.store, acting_user(obj, user_name), "tag", tag_id)
    click.echo(f"tag {tag_id} confirmed")


def _note_line(note: Note) -> str:
    line = f"{note.note_id:>5}  {_where(note.doc_id, note.page):<28} {note.text}"
    if note.quote:
        line += f'\n       quoting: "{note.quote}"'
    line += f"\n       ({note.created_by}, {note.created_at})"
    return line + (f"\n       REVIEW: {note.review}" if note.review else "")


@click.group()
def note() -> None:
    """Notes on pages (staff only)."""


@note.command(name="add")
@click.argument("doc_id")
@click.argument("text")
@click.option("--page", type=click.IntRange(1), required=True)
@click.option("--quote", default=None, help="The passage of the page the note is about.")
@USER_OPTION
@pass_context
def note_add(
    obj: Context, doc_id: str, text: str, page: int, quote: str | None, user_name: str
) -> None:
    """Write a note on a page."""
    added = notes_and_tags.add_note(
        obj.store, acting_user(obj, user_name), doc_id, page, text, quote
    )
    click.echo(f"note {added.note_id} on {_where(doc_id, page)}")


@note.command(name="edit")
@click.argument("note_id", type=int)
@click.argument("text")
@USER_OPTION
@pass_context
def note_edit(obj: Context, note_id: int, text: str, user_name: str) -> None:
    """Replace a note's text."""
    notes_and_tags.edit_note(obj.store, acting_user(obj, user_name), note_id, text)
    click.echo(f"note {note_id} edited")


@note.command(name="remove")
@click.argument("note_id", type=int)
@USER_OPTION
@pass_context
def note_remove(obj: Context, note_id: int, user_name: str) -> None:
    """Remove a note (`foia undo` brings it back)."""
    notes_and_tags.remove_note(obj.store, acting_user(obj, user_name), note_id)
    click.echo(f"note {note_id} removed")


@note.command(name="list")
@click.option("--doc", "doc_id", default=None, help="Only this document.")
@click.option("--page", type=click.IntRange(1), default=None, help="Only this page.")
@JSON_OPTION
@pass_context
def note_list(obj: Context, doc_id: str | None, page: int | None, as_json: bool) -> None:
    """Notes, oldest first."""
    found = notes_and_tags.list_notes(obj.store, doc_id=doc_id, page=page)
    emit([n.to_json() for n in found], as_json, "\n".join(map(_note_line, found)) or "no notes")


# -- history and undo ---------------------------------------------------------------------------


def _history_line(entry: HistoryEntry) -> str:
    def shown(values: dict[str, object] | None) -> str:
        if values is None:
            return "-"
        return (
            ", ".join(
                f"{k}={v!r}"
                for k, v in values.items()
                if k not in ("doc_id", "page") and v is not None
            )
            or "-"
        )

    return (
        f"{entry.event_id:>5}  {entry.at}  {entry.user_name:<12} {entry.action:<7}"
        f" {entry.kind:<4} {_where(entry.doc_id, entry.page)}: {shown(entry.before)}"
        f" -> {shown(entry.after)}"
    )


@click.command(name="history")
@click.option("--doc", "doc_id", default=None, help="Only this document.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@JSON_OPTION
@pass_context
def history_command(obj: Context, doc_id: str | None, limit: int, as_json: bool) -> None:
    """Every change to tags, notes and corrections, newest first: who, when, before, after."""
    entries = history(obj.store, doc_id=doc_id, limit=limit)
    emit(
        [e.to_json() for e in entries],
        as_json,
        "\n".join(map(_history_line, entries)) or "no history",
    )


@click.command(name="undo")
@click.argument("event_id", type=int)
@USER_OPTION
@pass_context
def undo_command(obj: Context, event_id: int, user_name: str) -> None:
    """Reverse one history entry (a removal is restored, an add removed, an edit set back)."""
    if correction_entry_doc_id(obj.store, event_id) is not None:
        result = undo_correction_entry(obj.store, obj.engine, acting_user(obj, user_name), event_id)
        change = result.changes[0]
        value = "cleared" if change.value is None else f"= {change.value!r}"
        click.echo(f"undid entry {event_id}: {change.doc_id} {change.field} {value}")
        if result.notice:
            click.echo(result.notice)
        return
    item = notes_and_tags.undo(obj.store, acting_user(obj, user_name), event_id)
    state = "removed" if item.removed_at else "restored"
    click.echo(f"undid entry {event_id}: {type(item).__name__.lower()} {state}")

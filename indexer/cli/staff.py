"""The staff commands of `foia`: user, tag, note, history, undo, cite, export/import-annotations.

Commands that change tags or notes act as `--user NAME`, which must be an enabled staff or
admin account. Accounts themselves are managed by whoever runs the command line on the
machine (that is how the first admin is made).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from indexer.citations.cite import (
    DEFAULT_BASE_URL,
    CitationList,
    CitingError,
    cite_document,
    cite_result,
)
from indexer.citations.cite import cite_tag as citations_of_tag
from indexer.citations.formats import FORMATS, render
from indexer.cli.app import Context, emit, main, pass_context, user_errors
from indexer.search.service import SearchRequest
from indexer.search.tags import search_with_tags
from indexer.store import annotations as notes_and_tags
from indexer.store.annotations import AnnotationError, Note, Tag
from indexer.store.backup import BackupError, read_import, write_export
from indexer.store.history import HistoryEntry, history
from indexer.store.review import confirm_review
from indexer.store.users import (
    ROLES,
    User,
    UserError,
    add_user,
    get_user,
    list_users,
    set_enabled,
    set_password,
    set_role,
)

USER_OPTION = click.option(
    "--user",
    "user_name",
    required=True,
    metavar="NAME",
    help="Act as this enabled staff or admin account.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print as JSON.")


@contextmanager
def staff_errors() -> Iterator[None]:
    """The library's expected errors as one-line messages (exit code 1)."""
    with user_errors():
        try:
            yield
        except (UserError, AnnotationError, CitingError, BackupError, ValueError) as error:
            raise click.ClickException(str(error)) from None


def acting_user(obj: Context, name: str) -> User:
    """The account named by --user: it must exist, be enabled, and be staff or admin."""
    user = get_user(obj.store, name)
    if user is None:
        raise click.ClickException(f"no user {name!r}: an admin adds one with `foia user add`")
    if not user.is_enabled:
        raise click.ClickException(f"user {name!r} is disabled")
    if not user.can_edit:
        raise click.ClickException(
            f"user {name!r} is a {user.role}: only staff and admins change tags and notes"
        )
    return user


def read_password(from_stdin: bool) -> str:
    """One line of standard input, or a hidden prompt asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


# -- user -------------------------------------------------------------------------------------


@main.group()
def user() -> None:
    """Accounts: viewer (search, read), staff (also tag, note, cite), admin (also users)."""


@user.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def user_add(obj: Context, name: str, role: str, password_stdin: bool) -> None:
    """Create an account."""
    with staff_errors():
        account = add_user(obj.store, name, role, read_password(password_stdin))
    click.echo(f"added {account.role} {account.name}")


@user.command(name="list")
@JSON_OPTION
@pass_context
def user_list(obj: Context, as_json: bool) -> None:
    """Every account, with its role and whether it is enabled."""
    accounts = list_users(obj.store)
    text = "\n".join(
        f"{a.name:<24} {a.role:<7} {'enabled' if a.is_enabled else 'disabled'}  since "
        f"{a.created_at}"
        for a in accounts
    )
    emit([a.to_json() for a in accounts], as_json, text or "no users: add one with `foia user add`")


@user.command(name="disable")
@click.argument("name")
@pass_context
def user_disable(obj: Context, name: str) -> None:
    """Disable an account: it can no longer sign in, and its sessions end."""
    with staff_errors():
        set_enabled(obj.store, name, False)
    click.echo(f"disabled {name}")


@user.command(name="enable")
@click.argument("name")
@pass_context
def user_enable(obj: Context, name: str) -> None:
    """Enable a disabled account again."""
    with staff_errors():
        set_enabled(obj.store, name, True)
    click.echo(f"enabled {name}")


@user.command(name="passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def user_passwd(obj: Context, name: str, password_stdin: bool) -> None:
    """Set an account's password (its open sessions end)."""
    with staff_errors():
        if get_user(obj.store, name) is None:
            raise UserError(f"no user {name!r}")
        set_password(obj.store, name, read_password(password_stdin))
    click.echo(f"password changed for {name}")


@user.command(name="role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@pass_context
def user_role(obj: Context, name: str, role: str) -> None:
    """Change an account's role."""
    with staff_errors():
        account = set_role(obj.store, name, role)
    click.echo(f"{account.name} is now {account.role}")


# -- tag and note -------------------------------------------------------------------------------


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


@main.group()
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
    with staff_errors():
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
    with staff_errors():
        actor = acting_user(obj, user_name)
        found = notes_and_tags.find_tag(obj.store, doc_id, label, page)
        if found is None:
            raise AnnotationError(f"{_where(doc_id, page)} has no tag {label!r}")
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
    with staff_errors():
        confirm_review(obj.store, acting_user(obj, user_name), "tag", tag_id)
    click.echo(f"tag {tag_id} confirmed")


def _note_line(note: Note) -> str:
    line = f"{note.note_id:>5}  {_where(note.doc_id, note.page):<28} {note.text}"
    if note.quote:
        line += f'\n       quoting: "{note.quote}"'
    line += f"\n       ({note.created_by}, {note.created_at})"
    return line + (f"\n       REVIEW: {note.review}" if note.review else "")


@main.group()
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
    with staff_errors():
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
    with staff_errors():
        notes_and_tags.edit_note(obj.store, acting_user(obj, user_name), note_id, text)
    click.echo(f"note {note_id} edited")


@note.command(name="remove")
@click.argument("note_id", type=int)
@USER_OPTION
@pass_context
def note_remove(obj: Context, note_id: int, user_name: str) -> None:
    """Remove a note (`foia undo` brings it back)."""
    with staff_errors():
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


@main.command(name="history")
@click.option("--doc", "doc_id", default=None, help="Only this document.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@JSON_OPTION
@pass_context
def history_command(obj: Context, doc_id: str | None, limit: int, as_json: bool) -> None:
    """Every change to tags and notes, newest first: who, when, before, after."""
    entries = history(obj.store, doc_id=doc_id, limit=limit)
    emit(
        [e.to_json() for e in entries],
        as_json,
        "\n".join(map(_history_line, entries)) or "no history",
    )


@main.command(name="undo")
@click.argument("event_id", type=int)
@USER_OPTION
@pass_context
def undo_command(obj: Context, event_id: int, user_name: str) -> None:
    """Reverse one history entry (a removal is restored, an add removed, an edit set back)."""
    with staff_errors():
        item = notes_and_tags.undo(obj.store, acting_user(obj, user_name), event_id)
    state = "removed" if item.removed_at else "restored"
    click.echo(f"undid entry {event_id}: {type(item).__name__.lower()} {state}")


# -- cite, export, import ----------------------------------------------------------------------


@main.command(name="cite")
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
    with staff_errors():
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


@main.command(name="export-annotations")
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


@main.command(name="import-annotations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@USER_OPTION
@JSON_OPTION
@pass_context
def import_command(obj: Context, file: Path, user_name: str, as_json: bool) -> None:
    """Add the tags, notes and history of FILE that are not here yet (never duplicates)."""
    with staff_errors():
        report = read_import(obj.store, acting_user(obj, user_name), file)
    added, present = report.added, report.present
    emit(
        report.to_json(),
        as_json,
        f"added {added['tags']} tags, {added['notes']} notes, {added['history']} history"
        f" entries; {sum(present.values())} items were here already",
    )

"""Blueprint "tags": tag, untag and note forms, the history with undo, citation export, and
the same as JSON under /api/. Reading tags is open to all; notes, changes and exports need
a staff or admin account, and every change carries a CSRF token (see webui.auth)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect as flask_redirect,
    render_template,
    request,
    url_for,
)

from indexer import (
    CITATION_FILE_EXTENSIONS as FILE_EXTENSIONS,
    CITATION_FORMATS as FORMATS,
    CITATION_MEDIA_TYPES as MEDIA_TYPES,
    CitationList,
    Note,
    SearchRequest,
    Tag,
    User,
    annotations as notes_and_tags,
    can_read_notes,
    cite_document,
    cite_result,
    cite_tag,
    confirm_review,
    correction_entry_doc_id,
    history,
    render_citations as render,
    search_with_tags,
    tag_labels,
    undo_correction_entry,
)
from webui.auth import current_account, current_role, login_manager, safe_next, staff_required
from webui.resources import get_engine, get_store
from webui.urls import int64

bp = Blueprint("tags", __name__)
HISTORY_PER_PAGE = 50
LABEL_OPTIONS = 200  # labels offered for autocomplete
MAX_FIELD_CHARS = 20_000  # beyond the library's own limits: refused before reaching it
CITE_LIMIT = 100


def tags_visible() -> bool:
    """Whether this visitor sees tag labels: anyone signed in, and anonymous visitors only
    when the PUBLIC_TAGS setting ($FOIA_PUBLIC_TAGS=1) allows it (off by default)."""
    return current_account() is not None or bool(current_app.config.get("PUBLIC_TAGS"))


def _field(name: str, required: bool = False) -> str | None:
    """A form field (or JSON member of an /api/ request), as text; 400 when malformed."""
    value: Any
    if request.is_json:
        body = request.get_json(silent=True)
        value = body.get(name) if isinstance(body, dict) else None
    else:
        value = request.form.get(name)
    if value is None or value == "":
        if required:
            abort(400, description=f"{name} is required.")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS:
        abort(400, description=f"{name} must be text of at most {MAX_FIELD_CHARS} characters.")
    return value


def _page_field() -> int | None:
    value = _field("page")
    if value is None:
        return None
    if not value.strip().isdecimal() or len(value) > 9:
        abort(400, description=f"page must be a page number, not {value[:20]!r}.")
    return int(value)


def _region_field() -> object:
    """The area of the page a note is anchored to, as sent: an object (JSON) or
    "x,y,width,height" text (form); the library checks it."""
    if request.is_json:
        body = request.get_json(silent=True)
        return body.get("region") if isinstance(body, dict) else None
    return request.form.get("region")


def _back(default: str) -> Any:
    """Back where the form was (a path on this site only), 303 so that a reload never posts."""
    return flask_redirect(safe_next(_field("next"), default), code=303)


def _editor() -> Any:
    user = current_account()
    assert user is not None  # staff_required ran first
    return user


# -- forms ----------------------------------------------------------------------------------


@bp.post("/doc/<doc_id:doc_id>/tags")
@staff_required
def add_tag(doc_id: str) -> Any:
    page = _page_field()
    label = _field("label", required=True) or ""
    tag = notes_and_tags.add_tag(get_store(), _editor(), doc_id, label, page, _field("note"))
    return _added(tag)


@bp.post("/tags/<int64:tag_id>/remove")
@staff_required
def remove_tag(tag_id: int) -> Any:
    tag = notes_and_tags.remove_tag(get_store(), _editor(), tag_id)
    return _back(_item_url(tag))


@bp.post("/doc/<doc_id:doc_id>/p/<int64:page>/notes")
@staff_required
def add_note(doc_id: str, page: int) -> Any:
    text = _field("text", required=True) or ""
    note = notes_and_tags.add_note(
        get_store(), _editor(), doc_id, page, text, _field("quote"), _region_field()
    )
    return _added(note)


@bp.post("/notes/<int64:note_id>/edit")
@staff_required
def edit_note(note_id: int) -> Any:
    note = notes_and_tags.edit_note(get_store(), _editor(), note_id, _field("text") or "")
    return _back(_item_url(note))


@bp.post("/notes/<int64:note_id>/remove")
@staff_required
def remove_note(note_id: int) -> Any:
    note = notes_and_tags.remove_note(get_store(), _editor(), note_id)
    return _back(_item_url(note))


@bp.post("/tags/<int64:item_id>/confirm", endpoint="confirm_tag", defaults={"kind": "tag"})
@bp.post("/notes/<int64:item_id>/confirm", endpoint="confirm_note", defaults={"kind": "note"})
@staff_required
def confirm(kind: str, item_id: int) -> Any:
    """A tag or note flagged for review marked as checked."""
    item = confirm_review(get_store(), _editor(), kind, item_id)
    return _back(_item_url(item))


def _added(item: Tag | Note) -> Any:
    """The new tag or note: as JSON (201) when the form came as JSON, else back to its page."""
    if request.is_json:
        return jsonify(item.to_json()), 201
    return _back(_item_url(item))


def _item_url(item: Tag | Note) -> str:
    if item.page is None:
        return url_for("documents.document", doc_id=item.doc_id, _anchor="tags")
    return url_for("documents.page_view", doc_id=item.doc_id, page=item.page, _anchor="tags")


# -- history --------------------------------------------------------------------------------


@bp.get("/history")
@staff_required
def history_page() -> Any:
    doc_id = request.args.get("doc") or None
    offset = max(request.args.get("offset", 0, type=int64) or 0, 0)
    entries = history(get_store(), doc_id=doc_id, limit=HISTORY_PER_PAGE + 1, offset=offset)
    return render_template(
        "tags/history.html",
        entries=entries[:HISTORY_PER_PAGE],
        has_more=len(entries) > HISTORY_PER_PAGE,
        offset=offset,
        per_page=HISTORY_PER_PAGE,
        doc_id=doc_id,
    )


@bp.post("/history/<int64:event_id>/undo")
@staff_required
def undo(event_id: int) -> Any:
    if correction_entry_doc_id(get_store(), event_id) is not None:  # issue 15
        undo_correction_entry(get_store(), get_engine(), _editor(), event_id)
        return _back(url_for("tags.history_page"))
    notes_and_tags.undo(get_store(), _editor(), event_id)
    return _back(url_for("tags.history_page"))


# -- labels and citations -------------------------------------------------------------------


@bp.get("/tags")
def labels_page() -> Any:
    if not tags_visible():
        return login_manager.unauthorized()
    return render_template("tags/labels.html", labels=tag_labels(get_store(), limit=1000))


def _citations() -> tuple[CitationList, str]:
    """The citations the query string asks for (tag=, doc= with page=, or q=), and a file
    name stem; 400 for anything else."""
    args = request.args
    base_url = request.host_url
    chosen = [name for name in ("tag", "doc", "q") if args.get(name)]
    if len(chosen) != 1:
        abort(400, description="Cite one thing: tag=LABEL, doc=DOC_ID (and page=N), or q=QUERY.")
    if args.get("tag"):
        return cite_tag(get_store(), args["tag"], base_url=base_url), "tag"
    if args.get("doc"):
        page = args.get("page", type=int)
        citation = cite_document(get_store(), args["doc"], page, base_url=base_url)
        return CitationList([citation]), args["doc"] + (f"-p{page}" if page else "")
    request_ = SearchRequest(args["q"][:1000], limit=min(args.get("limit", 20, type=int), 100))
    result = search_with_tags(get_engine(), get_store(), request_, current_role(), tags_visible())
    return cite_result(get_store(), result, base_url=base_url), "search"


@bp.get("/cite")
@bp.get("/api/cite")
@staff_required
def cite() -> Any:
    """The citations as a download in `format` (text, csl-json, ris, bibtex, csv)."""
    fmt = request.args.get("format", "text")
    if fmt not in FORMATS:
        abort(400, description=f"format is one of {', '.join(FORMATS)}.")
    cited, stem = _citations()
    if not cited.citations:
        abort(404, description="Nothing to cite. " + " ".join(cited.warnings))
    response = Response(render(cited.citations, fmt), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Type"] = f"{MEDIA_TYPES[fmt]}; charset=utf-8"
    if request.args.get("download", "1") != "0":
        name = "citations-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{name[:80]}{FILE_EXTENSIONS[fmt]}"'
        )
    if cited.warnings:
        response.headers["X-Citation-Warnings"] = str(len(cited.warnings))
    return response


# -- JSON -----------------------------------------------------------------------------------


@bp.get("/api/tags")
def api_tags() -> Any:
    """Live tags, of one document with ?doc=, of one label with ?label=; their notes only
    for staff. Anonymous visitors only where tags are public (401 otherwise)."""
    if not tags_visible():
        return login_manager.unauthorized()
    found = notes_and_tags.list_tags(
        get_store(), doc_id=request.args.get("doc") or None, label=request.args.get("label")
    )
    show_notes = can_read_notes(current_account())
    return jsonify({"tags": [tag.to_json(include_note=show_notes) for tag in found]})


@bp.post("/api/tags")
@staff_required
def api_add_tag() -> Any:
    doc_id = _field("doc_id", required=True) or ""
    tag = notes_and_tags.add_tag(
        get_store(),
        _editor(),
        doc_id,
        _field("label", required=True) or "",
        _page_field(),
        _field("note"),
    )
    return jsonify(tag.to_json()), 201


@bp.delete("/api/tags/<int64:tag_id>")
@staff_required
def api_remove_tag(tag_id: int) -> Any:
    return jsonify(notes_and_tags.remove_tag(get_store(), _editor(), tag_id).to_json())


@bp.get("/api/tags/labels")
def api_labels() -> Any:
    if not tags_visible():
        return login_manager.unauthorized()
    prefix = request.args.get("prefix", "")[:100]
    labels = tag_labels(get_store(), prefix=prefix, limit=20)
    return jsonify({"labels": [{"label": label, "count": count} for label, count in labels]})


@bp.get("/api/notes")
@staff_required
def api_notes() -> Any:
    doc_id, page = request.args.get("doc") or None, request.args.get("page", type=int64)
    found = notes_and_tags.list_notes(get_store(), doc_id=doc_id, page=page)
    return jsonify({"notes": [note.to_json() for note in found]})


@bp.post("/api/notes")
@staff_required
def api_add_note() -> Any:
    page = _page_field()
    if page is None:
        abort(400, description="page is required.")
    note = notes_and_tags.add_note(
        get_store(),
        _editor(),
        _field("doc_id", required=True) or "",
        page,
        _field("text", required=True) or "",
        _field("quote"),
        _region_field(),
    )
    return jsonify(note.to_json()), 201


@bp.get("/api/history")
@staff_required
def api_history() -> Any:
    entries = history(get_store(), doc_id=request.args.get("doc") or None, limit=200)
    return jsonify({"history": [entry.to_json() for entry in entries]})


# -- what the page view and result templates show --------------------------------------------


@dataclass(frozen=True)
class PagePanel:
    """Tags and notes of one page, for the page view."""

    page_tags: list[Tag]
    doc_tags: list[Tag]
    notes: list[Note]
    can_edit: bool
    editor: User | None = None

    def may_change(self, note: Note) -> bool:
        """Whether the signed-in editor may edit or remove `note` (its author or an admin)."""
        return self.editor is not None and notes_and_tags.may_change_note(
            self.editor, note.created_by
        )


def page_panel(doc_id: str, page: int) -> PagePanel:
    store = get_store()
    tags = notes_and_tags.list_tags(store, doc_id=doc_id) if tags_visible() else []
    user = current_account()
    readable = can_read_notes(user)
    return PagePanel(
        page_tags=[tag for tag in tags if tag.page == page],
        doc_tags=[tag for tag in tags if tag.page is None],
        notes=notes_and_tags.list_notes(store, doc_id=doc_id, page=page) if readable else [],
        can_edit=user is not None and user.can_edit,
        editor=user if user is not None and user.can_edit else None,
    )


def label_options() -> list[str]:
    """The labels in use, most used first, for the tag forms' autocomplete."""
    return [label for label, _ in tag_labels(get_store(), limit=LABEL_OPTIONS)]


@bp.app_context_processor
def _template_helpers() -> dict[str, Any]:
    return {"page_panel": page_panel, "label_options": label_options, "tags_visible": tags_visible}

"""Blueprint "corrections": staff correct a document's title, date, type and source (issue
15), on a form of its own and as JSON at /api/documents/<doc_id>/meta. Each change is in the
history, where it can be undone; the document page says which fields were corrected."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from indexer import (
    CORRECTION_FIELDS,
    CorrectionResult,
    correct_document,
    document_fields,
    document_info,
)
from webui.auth import current_account, staff_required
from webui.resources import get_engine, get_store

bp = Blueprint("corrections", __name__)

MAX_FIELD_CHARS = 2000  # beyond the library's own limit (500): refused before reaching it


def _document_or_404(doc_id: str) -> Any:
    doc = document_info(get_store(), doc_id)
    if doc is None:
        abort(404, description=f"There is no document {doc_id}.")
    return doc


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS:
        abort(400, description=f"{name} must be text of at most {MAX_FIELD_CHARS} characters.")
    return value


def _form_changes(doc_id: str) -> dict[str, str | None]:
    """The fields the form changed: a value that differs from the one shown, or a field
    whose "use the file's value" box is ticked (its correction cleared)."""
    shown = {item.field: item for item in document_fields(get_store(), doc_id)}
    changes: dict[str, str | None] = {}
    for name in CORRECTION_FIELDS:
        if request.form.get(f"clear_{name}") and shown[name].is_corrected:
            changes[name] = None
            continue
        value = _text(request.form.get(name), name)
        if value is not None and value.strip() != (shown[name].value or ""):
            changes[name] = value
    return changes


def _json_changes() -> dict[str, str | None]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body:
        abort(400, description=f"Send a JSON object of fields: {', '.join(CORRECTION_FIELDS)}.")
    return {str(name): _text(value, str(name)) for name, value in body.items()}


def _correct(doc_id: str, changes: dict[str, str | None]) -> CorrectionResult:
    user = current_account()
    assert user is not None  # staff_required ran first
    return correct_document(get_store(), get_engine(), user, doc_id, changes)


@bp.get("/doc/<doc_id:doc_id>/meta")
@staff_required
def edit(doc_id: str) -> Any:
    doc = _document_or_404(doc_id)
    return render_template(
        "corrections/edit.html",
        doc=doc,
        fields=document_fields(get_store(), doc_id),
        saved=request.args.get("saved"),
    )


@bp.post("/doc/<doc_id:doc_id>/meta")
@staff_required
def save(doc_id: str) -> Any:
    _document_or_404(doc_id)
    changes = _form_changes(doc_id)
    if not changes:
        return redirect(url_for("corrections.edit", doc_id=doc_id, saved="none"), code=303)
    result = _correct(doc_id, changes)
    saved = "pending" if not result.is_indexed else "done"
    return redirect(url_for("corrections.edit", doc_id=doc_id, saved=saved), code=303)


@bp.get("/api/documents/<doc_id:doc_id>/meta")
def api_fields(doc_id: str) -> Any:
    _document_or_404(doc_id)
    fields = document_fields(get_store(), doc_id)
    return jsonify({"doc_id": doc_id, "fields": [item.to_json() for item in fields]})


@bp.post("/api/documents/<doc_id:doc_id>/meta")
@staff_required
def api_correct(doc_id: str) -> Any:
    _document_or_404(doc_id)
    return jsonify(_correct(doc_id, _json_changes()).to_json())

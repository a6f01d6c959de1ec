"""Blueprint "tools": the quote finder (/find-quote) and "more like this" (the documents most
like a document or one of its pages), as pages and as JSON under /api/.

Both only read: the quote finder's POST forms carry no CSRF token (a pasted passage is too
long for a URL, and anonymous visitors use it too), and nothing here needs an account.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request

from indexer import (
    MAX_QUOTE_CHARS,
    QuoteResult,
    UnknownDocumentError,
    document_info,
    find_quote,
    is_doc_id,
    similar_documents,
)
from webui.auth import csrf
from webui.resources import get_engine, get_store
from webui.uploads import upload_limit

bp = Blueprint("tools", __name__)

QUOTE_MATCHES_SHOWN = 10
MAX_QUOTE_MATCHES = 50
SIMILAR_SHOWN = 8
MAX_SIMILAR = 50


def _bounded_number(name: str, default: int, low: int, high: int) -> int:
    """A whole-number parameter clamped into [low, high]; 400 when it is not a number."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    digits = raw[1:] if raw[0] in "+-" else raw  # one sign; digits int() reads ("²" is not)
    if not digits.isdecimal() or len(raw) > 12:
        abort(400, description=f"{name} must be a whole number, not {raw[:20]!r}.")
    return min(max(int(raw), low), high)


def _quote_text() -> str:
    """The passage of a GET (?q=), a form (q=) or a JSON body ({"q": ...}); "" when none."""
    value: Any
    if request.method == "GET":
        value = request.args.get("q", "")
    elif request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description='Send a JSON object: {"q": "the passage"}.')
        value = body.get("q", "")
    else:
        value = request.form.get("q", "")
    if not isinstance(value, str):
        abort(400, description="q must be text: the passage to look for.")
    return value.replace("\x00", " ")


@bp.route("/find-quote", methods=["GET", "POST"])
@upload_limit("QUOTE_MAX_BYTES")
@csrf.exempt
def find_quote_page() -> Any:
    text = _quote_text()
    result: QuoteResult | None = None
    if text.strip():
        result = find_quote(get_engine(), get_store(), text, limit=QUOTE_MATCHES_SHOWN)
    return render_template(
        "tools/find_quote.html", text=text, result=result, max_chars=MAX_QUOTE_CHARS
    )


@bp.route("/api/find-quote", methods=["GET", "POST"])
@upload_limit("QUOTE_MAX_BYTES")
@csrf.exempt
def api_find_quote() -> Any:
    """`QuoteResult.to_json()`: the pages the passage came from, best first."""
    text = _quote_text()
    if not text.strip():
        abort(400, description="q is required: the passage to look for.")
    limit = _bounded_number("limit", 5, 1, MAX_QUOTE_MATCHES)
    result = find_quote(get_engine(), get_store(), text, limit=limit)
    return jsonify(result.to_json())


def _similar(doc_id: str, limit: int) -> Any:
    """The SimilarResult for `doc_id` (and ?page=N); 404 for an unknown document or page."""
    page = request.args.get("page")
    number = _bounded_number("page", 1, 1, 10**9) if page else None
    try:
        return similar_documents(get_engine(), get_store(), doc_id, page=number, limit=limit)
    except UnknownDocumentError:
        where = f"page {number} of document {doc_id}" if number else f"document {doc_id}"
        abort(404, description=f"There is no {where}.")


@bp.get("/doc/<doc_id:doc_id>/similar")
def similar_page(doc_id: str) -> Any:
    """The documents most like this one; `fragment=1` returns the list alone, for the block
    that app.js fills in on the document and page views."""
    doc = document_info(get_store(), doc_id)
    if doc is None:
        abort(404, description=f"There is no document {doc_id}.")
    is_fragment = bool(request.args.get("fragment"))
    limit = SIMILAR_SHOWN if is_fragment else _bounded_number("limit", 20, 1, MAX_SIMILAR)
    result = _similar(doc_id, limit)
    template = "tools/_similar.html" if is_fragment else "tools/similar.html"
    return render_template(template, doc=doc, result=result)


@bp.get("/api/documents/<doc_id>/similar")
def api_similar(doc_id: str) -> Any:
    """`SimilarResult.to_json()`: the most similar other documents, its copies left out."""
    if not is_doc_id(doc_id):
        abort(404, description=f"There is no document {doc_id[:40]}.")
    limit = _bounded_number("limit", 10, 1, MAX_SIMILAR)
    return jsonify(_similar(doc_id, limit).to_json())

"""Blueprint "api": the JSON API (the same JSON as `foia search --json` / `foia show --json`)
and its OpenAPI description."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request

from indexer import (
    document_json,
    is_doc_id,
    search_with_tags,
)
from webui.auth import current_role
from webui.openapi import openapi_document
from webui.resources import get_engine, get_store
from webui.search_params import parse_search_args
from webui.tags import tags_visible

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search() -> Any:
    """`result.to_json()`, exactly; 400 with {"error"} for parameters that cannot be used."""
    params = parse_search_args(request.args, is_api=True)
    # Staff (issue 4): tag:/note: resolved for the signed-in role, labels and the tag facet.
    result = search_with_tags(
        get_engine(), get_store(), params.to_request(), current_role(), tags_visible()
    )
    return jsonify(result.to_json())


@bp.get("/documents/<doc_id>")
def api_document(doc_id: str) -> Any:
    data = document_json(get_store(), doc_id) if is_doc_id(doc_id) else None
    if data is None:
        abort(404, description=f"There is no document {doc_id[:40]}.")
    return jsonify(data)


@bp.get("/documents/<doc_id>/pages/<int64:page>")
def api_page(doc_id: str, page: int) -> Any:
    data = document_json(get_store(), doc_id, page) if is_doc_id(doc_id) else None
    if data is None:
        abort(404, description=f"There is no page {page} of document {doc_id[:40]}.")
    return jsonify(data)


@bp.get("/openapi.json")
def api_description() -> Any:
    return jsonify(openapi_document(request.host_url.rstrip("/")))


@bp.route("/<path:_rest>")
def api_unknown(_rest: str) -> Any:
    abort(404, description="No such API route: see /api/openapi.json.")

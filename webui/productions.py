"""Blueprint "productions": the productions list, one production's report (with its
downloads), and the inconsistent redactions between copies; their JSON under /api/."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

from indexer import (
    CITATION_FORMATS,
    PRODUCTION_MEDIA_TYPES,
    REPORT_FORMATS,
    export_production,
    export_redactions,
    find_redactions,
    list_productions,
    production_report,
    render_citations,
)
from webui.auth import current_role
from webui.resources import get_store

bp = Blueprint("productions", __name__)

# Rows of the per-document table a report page shows at once (the downloads hold all).
DOCUMENTS_SHOWN = 200
# Gap, duplicate and redaction rows a page shows at most (the downloads hold all).
ROWS_SHOWN = 500
MAX_FILTER_CHARS = 200


def cite_text(citation: Any) -> str:
    """A row's citation as one line of text."""
    return str(render_citations([citation], "text")).strip()


@bp.app_context_processor
def citation_helpers() -> dict[str, Any]:
    return {"cite_text": cite_text, "citation_formats": CITATION_FORMATS}


def _base_url() -> str:
    return request.host_url.rstrip("/")


def _arg(name: str) -> str | None:
    value = " ".join(request.args.get(name, "").split())[:MAX_FILTER_CHARS]
    return value or None


@bp.get("/productions")
def productions() -> Any:
    summaries, outside = list_productions(get_store())
    return render_template("productions/list.html", summaries=summaries, outside=outside)


@bp.get("/productions/<production_id>")
def production(production_id: str) -> Any:
    report = production_report(get_store(), production_id[:MAX_FILTER_CHARS], _base_url())
    start = max(0, request.args.get("start", 0, type=int) or 0)
    start = min(start, max(0, len(report.documents) - 1) // DOCUMENTS_SHOWN * DOCUMENTS_SHOWN)
    return render_template(
        "productions/report.html",
        report=report,
        documents=report.documents[start : start + DOCUMENTS_SHOWN],
        start=start,
        shown=DOCUMENTS_SHOWN,
        rows_shown=ROWS_SHOWN,
        formats=REPORT_FORMATS,
        is_staff=current_role() is not None,
    )


@bp.get("/productions/<production_id>/report.<fmt>")
def production_download(production_id: str, fmt: str) -> Any:
    if fmt not in REPORT_FORMATS:
        abort(404)
    report = production_report(get_store(), production_id[:MAX_FILTER_CHARS], _base_url())
    body = export_production(report, fmt)
    response = Response(body, mimetype=PRODUCTION_MEDIA_TYPES[fmt])
    name = f"production-{report.summary.production.production_id}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/redactions")
def redactions() -> Any:
    exemption, production_filter = _arg("exemption"), _arg("production")
    rows = find_redactions(get_store(), exemption, production_filter, _base_url())
    fmt = request.args.get("format")
    if fmt in ("csv", "json"):
        body = export_redactions(rows, fmt, _base_url())
        response = Response(body, mimetype=PRODUCTION_MEDIA_TYPES[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="redactions.{fmt}"'
        return response
    if fmt:
        abort(400, description="format is csv or json.")
    summaries, _ = list_productions(get_store())
    every = find_redactions(get_store(), base_url=_base_url())
    labels = sorted({label for row in every for label in row.exemptions})
    return render_template(
        "productions/redactions.html",
        rows=rows[:ROWS_SHOWN],
        total=len(rows),
        summaries=summaries,
        labels=labels,
        exemption=exemption,
        production=production_filter,
    )


@bp.get("/api/productions")
def api_productions() -> Any:
    summaries, outside = list_productions(get_store())
    return jsonify({"productions": [s.to_json() for s in summaries], "documents_outside": outside})


@bp.get("/api/productions/<production_id>")
def api_production(production_id: str) -> Any:
    report = production_report(get_store(), production_id[:MAX_FILTER_CHARS], _base_url())
    return jsonify(report.to_json())


@bp.get("/api/redactions")
def api_redactions() -> Any:
    rows = find_redactions(get_store(), _arg("exemption"), _arg("production"), _base_url())
    return jsonify({"total": len(rows), "redactions": [row.to_json() for row in rows]})

"""Blueprint "batch_search": a list of queries run at once (staff only). Upload a terms file
or paste the lines, see the counts per query with links to their results and every bad line
by number, download a row per matching page as CSV or JSON; the same as JSON at /api/batch.

An upload is kept for its sender (indexer.tools.uploads), so that the summary page and the
downloads run it again over the index as it is then.
"""

from __future__ import annotations

import io
import tempfile
from typing import IO, Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from werkzeug.datastructures import FileStorage

from indexer import (
    MAX_QUERIES,
    BatchReport,
    BatchUpload,
    load_upload,
    resolver_for,
    run_batch,
    save_upload,
    write_batch_csv as write_csv,
    write_batch_json as write_json,
)
from webui.auth import current_account, current_role, staff_required
from webui.resources import get_engine, get_store, home_dir
from webui.search_params import SearchParams
from webui.uploads import upload_limit

bp = Blueprint("batch_search", __name__)

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def _user_name() -> str:
    user = current_account()
    assert user is not None  # staff_required ran first
    return str(user.name)


def _run(data: bytes) -> BatchReport:
    """The batch over this index, `tag:` and `note:` resolved for the signed-in role."""
    resolve = resolver_for(get_store(), current_role())
    return run_batch(get_engine(), get_store(), data, resolve=resolve)


def _download(report: BatchReport, fmt: str, name: str) -> Any:
    """The rows as a CSV or JSON attachment, written to a temporary file first (a batch may
    hold a million rows: never all in memory)."""
    spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  the response closes it
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        writer = write_json if fmt == "json" else write_csv
        writer(report, text, base_url=request.host_url)
        text.flush()
        text.detach()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = send_file(
        spool,
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=f"{name}.{fmt}",
    )
    response.headers["Content-Type"] = f"{MEDIA_TYPES[fmt]}; charset=utf-8"
    return response


def _terms_from_form() -> tuple[bytes, str]:
    """(bytes, file name) of the uploaded file, else of the pasted lines; b"" when neither."""
    upload = request.files.get("terms")
    if isinstance(upload, FileStorage) and upload.filename:
        return upload.read(), upload.filename
    pasted = request.form.get("terms_text", "")
    return pasted.replace("\r\n", "\n").encode("utf-8"), "pasted lines"


def _upload_or_404(batch_id: str) -> BatchUpload:
    upload = load_upload(home_dir(), batch_id, _user_name())
    if upload is None:
        abort(404, description="There is no such batch: batches are kept for a week.")
    return upload


@bp.get("/batch")
@staff_required
def batch_form() -> Any:
    return render_template("tools/batch.html", error=None, max_queries=MAX_QUERIES)


@bp.post("/batch")
@upload_limit("BATCH_MAX_BYTES")
@staff_required
def batch_upload() -> Any:
    data, file_name = _terms_from_form()
    if not data.strip():
        error = "Choose a terms file or paste some queries, one a line."
        return render_template("tools/batch.html", error=error, max_queries=MAX_QUERIES), 400
    upload = save_upload(home_dir(), _user_name(), file_name, data)
    return redirect(url_for("batch_search.batch_summary", batch_id=upload.batch_id), code=303)


@bp.get("/batch/<batch_id>")
@staff_required
def batch_summary(batch_id: str) -> Any:
    upload = _upload_or_404(batch_id)
    report = _run(upload.data)
    search_urls = [SearchParams(q=query.query).url() for query in report.queries]
    return render_template(
        "tools/batch_summary.html",
        upload=upload,
        report=report,
        queries=list(zip(report.queries, search_urls, strict=True)),
        errors=sum(problem.is_error for problem in report.problems),
    )


@bp.get("/batch/<batch_id>/rows.<fmt>")
@staff_required
def batch_rows(batch_id: str, fmt: str) -> Any:
    if fmt not in MEDIA_TYPES:
        abort(404, description="Rows come as rows.csv or rows.json.")
    upload = _upload_or_404(batch_id)
    return _download(_run(upload.data), fmt, "batch-rows")


def _terms_from_api() -> bytes:
    """The terms of an API call: a JSON body {"terms": "lines"} or {"queries": [...]}, a
    file or form field `terms`, or a text/plain body."""
    if request.is_json:
        body = request.get_json(silent=True)
        terms = body.get("terms") if isinstance(body, dict) else None
        queries = body.get("queries") if isinstance(body, dict) else None
        if isinstance(queries, list) and all(isinstance(q, str) for q in queries):
            return "\n".join(q.replace("\n", " ") for q in queries).encode("utf-8")
        if isinstance(terms, str):
            return terms.encode("utf-8")
        abort(400, description='Send {"terms": "one query a line"} or {"queries": [...]}.')
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        upload = request.files.get("terms")
        if isinstance(upload, FileStorage):
            return upload.read()
        return request.form.get("terms", "").encode("utf-8")
    return request.get_data()


@bp.post("/api/batch")
@upload_limit("BATCH_MAX_BYTES")
@staff_required
def api_batch() -> Any:
    """The whole report with a row per matching page (`write_json`), or CSV with
    ?format=csv; 400 when no query was sent."""
    fmt = request.args.get("format", "json")
    if fmt not in MEDIA_TYPES:
        abort(400, description="format is json or csv.")
    data = _terms_from_api()
    if not data.strip():
        abort(400, description="No queries were sent: one a line, in `terms`.")
    response = _download(_run(data), fmt, "batch-rows")
    response.headers.pop("Content-Disposition", None)
    return response

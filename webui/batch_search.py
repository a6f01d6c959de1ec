"""Blueprint "batch_search": a list of queries run at once (staff only). Upload a terms file
or paste the lines, see the counts per query with links to their results and every bad line
by number, download a row per matching page as CSV or JSON; the same as JSON at /api/batch.

An upload runs once, in the background (indexer.tools.batch.jobs): its page shows the lines
done while it runs (static/app.js asks /api/batch/<id> for them; without JavaScript, a link
refreshes the page), then the summary; the summary and the downloads read the results it
kept, never run it again. Each account keeps a limited number of uploads (indexer.tools.
uploads), listed on the batch page with a button to delete each. /api/batch runs a small
batch (BATCH_API_MAX_LINES lines) at once, within BATCH_API_SECONDS; a bigger one is started
in the background and answered with 202 and the URL of its status.
"""

from __future__ import annotations

import io
import tempfile
import time
from typing import IO, Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.datastructures import FileStorage

from indexer import (
    MAX_KEPT_BYTES,
    MAX_KEPT_UPLOADS,
    MAX_QUERIES,
    BatchReport,
    BatchStatus,
    BatchUpload,
    UploadQuotaError,
    batch_report,
    batch_status,
    count_query_lines,
    delete_upload,
    list_uploads,
    load_upload,
    resolver_for,
    run_batch,
    save_upload,
    start_batch,
    write_batch_csv as write_csv,
    write_batch_json as write_json,
)
from webui.auth import current_account, current_role, staff_required
from webui.resources import get_engine, get_store, home_dir
from webui.search_params import SearchParams
from webui.uploads import upload_limit

bp = Blueprint("batch_search", __name__)

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
# /api/batch runs a batch of at most this many query lines in the request, within this time;
# a bigger batch runs in the background.
API_MAX_LINES = 100
API_SECONDS = 20.0


def _user_name() -> str:
    user = current_account()
    assert user is not None  # staff_required ran first
    return str(user.name)


def _run(data: bytes, seconds: float) -> BatchReport:
    """The batch over this index, `tag:` and `note:` resolved for the signed-in role."""
    resolve = resolver_for(get_store(), current_role())
    return run_batch(get_engine(), get_store(), data, resolve=resolve, seconds=seconds)


def _save_and_start(data: bytes, file_name: str) -> BatchUpload:
    """Keep the upload and start its batch; raises UploadQuotaError."""
    config = current_app.config
    upload = save_upload(
        home_dir(),
        _user_name(),
        file_name,
        data,
        max_uploads=int(config.get("BATCH_MAX_KEPT", MAX_KEPT_UPLOADS)),
        max_bytes=int(config.get("BATCH_MAX_KEPT_BYTES", MAX_KEPT_BYTES)),
    )
    start_batch(home_dir(), upload.batch_id, current_role())
    return upload


def _status_json(batch_id: str, status: BatchStatus) -> dict[str, Any]:
    links = {
        "status_url": url_for("batch_search.api_batch_status", batch_id=batch_id),
        "summary_url": url_for("batch_search.batch_summary", batch_id=batch_id),
    }
    if status.state == "done":
        for fmt in MEDIA_TYPES:
            links[f"rows_{fmt}_url"] = url_for(
                "batch_search.batch_rows", batch_id=batch_id, fmt=fmt
            )
    return {"batch_id": batch_id, **status.to_json(), **links}


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


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(seconds))


def _form(error: str | None = None, code: int = 200) -> Any:
    """The batch page: the form, and the batches this account keeps."""
    kept = [
        (upload, batch_status(home_dir(), upload.batch_id), _when(upload.created_at))
        for upload in list_uploads(home_dir(), _user_name())
    ]
    page = render_template("tools/batch.html", error=error, max_queries=MAX_QUERIES, kept=kept)
    return page, code


@bp.get("/batch")
@staff_required
def batch_form() -> Any:
    return _form()


@bp.post("/batch")
@upload_limit("BATCH_MAX_BYTES")
@staff_required
def batch_upload() -> Any:
    data, file_name = _terms_from_form()
    if not data.strip():
        return _form("Choose a terms file or paste some queries, one a line.", 400)
    try:
        upload = _save_and_start(data, file_name)
    except UploadQuotaError as error:
        return _form(str(error), 409)
    return redirect(url_for("batch_search.batch_summary", batch_id=upload.batch_id), code=303)


def _finished_report(batch_id: str) -> tuple[BatchStatus, BatchReport | None]:
    """The status of a batch, and its report once it is done."""
    status = batch_status(home_dir(), batch_id)
    if status.state != "done":
        return status, None
    report = batch_report(home_dir(), batch_id, get_store())
    if report is None:
        lost = "The results of this batch are missing: run it again."
        return BatchStatus("failed", status.done, status.total, lost), None
    return status, report


@bp.get("/batch/<batch_id>")
@staff_required
def batch_summary(batch_id: str) -> Any:
    upload = _upload_or_404(batch_id)
    status, report = _finished_report(batch_id)
    if report is None:
        return render_template("tools/batch_progress.html", upload=upload, status=status)
    search_urls = [SearchParams(q=query.query).url() for query in report.queries]
    return render_template(
        "tools/batch_summary.html",
        upload=upload,
        report=report,
        queries=list(zip(report.queries, search_urls, strict=True)),
        errors=sum(problem.is_error for problem in report.problems),
    )


@bp.post("/batch/<batch_id>/run")
@staff_required
def batch_run_again(batch_id: str) -> Any:
    """Run a finished or failed batch again, over the index as it is now."""
    upload = _upload_or_404(batch_id)
    start_batch(home_dir(), upload.batch_id, current_role())
    return redirect(url_for("batch_search.batch_summary", batch_id=batch_id), code=303)


@bp.post("/batch/<batch_id>/delete")
@staff_required
def batch_delete(batch_id: str) -> Any:
    upload = _upload_or_404(batch_id)
    if not batch_status(home_dir(), batch_id).is_finished:
        abort(409, description="This batch is still running: delete it when it has finished.")
    delete_upload(home_dir(), upload.batch_id, _user_name())
    return redirect(url_for("batch_search.batch_form"), code=303)


@bp.get("/batch/<batch_id>/rows.<fmt>")
@staff_required
def batch_rows(batch_id: str, fmt: str) -> Any:
    if fmt not in MEDIA_TYPES:
        abort(404, description="Rows come as rows.csv or rows.json.")
    _upload_or_404(batch_id)
    status, report = _finished_report(batch_id)
    if report is None:
        if status.state == "failed":
            abort(409, description=status.error or "This batch failed: run it again.")
        done = f"{status.done:,} of {status.total:,} lines have run"
        abort(409, description=f"This batch is still running ({done}): download it then.")
    return _download(report, fmt, "batch-rows")


@bp.get("/api/batch/<batch_id>")
@staff_required
def api_batch_status(batch_id: str) -> Any:
    """Where a batch is: state, lines done of total, and its URLs (the rows' once done)."""
    _upload_or_404(batch_id)
    return jsonify(_status_json(batch_id, batch_status(home_dir(), batch_id)))


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
    ?format=csv; 400 when no query was sent. More than BATCH_API_MAX_LINES query lines run
    in the background: 202, with the batch's status (its `status_url` tells when the rows
    are ready at `rows_json_url` and `rows_csv_url`)."""
    fmt = request.args.get("format", "json")
    if fmt not in MEDIA_TYPES:
        abort(400, description="format is json or csv.")
    data = _terms_from_api()
    if not data.strip():
        abort(400, description="No queries were sent: one a line, in `terms`.")
    config = current_app.config
    if count_query_lines(data) > int(config.get("BATCH_API_MAX_LINES", API_MAX_LINES)):
        try:
            upload = _save_and_start(data, "API request")
        except UploadQuotaError as error:
            abort(409, description=str(error))
        status = batch_status(home_dir(), upload.batch_id)
        body = _status_json(upload.batch_id, status)
        return jsonify(body), 202, {"Location": body["status_url"]}
    report = _run(data, float(config.get("BATCH_API_SECONDS", API_SECONDS)))
    response = _download(report, fmt, "batch-rows")
    response.headers.pop("Content-Disposition", None)
    return response

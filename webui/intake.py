"""Blueprint "intake": staff upload files or ZIP archives to ingest (issue 15). The ingest
runs in the background, one at a time, the others queued (indexer.tools.intake); its page
shows the files, pages and OCR pages done and each file's error while it runs (static/
intake.js asks /api/ingest/<id>; without JavaScript, a link refreshes the page), then what
was added, updated and failed, each failure with its reason. The size limits are settings:
INGEST_MAX_FILES, INGEST_MAX_FILE_BYTES, INGEST_MAX_UPLOAD_BYTES (the request as a whole)
and INGEST_MAX_WAITING (uploads queued at once); an uploaded archive is unpacked within
INGEST_ARCHIVE_MAX_BYTES, _RATIO, _DEPTH and _MEMBERS (`foia ingest --archive-max-*`)."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from indexer import (
    ArchiveLimits,
    IntakeLimits,
    IntakeStatus,
    UploadedFile,
    intake_status,
    list_intakes,
    start_intake,
)
from webui.auth import current_account, staff_required
from webui.resources import home_dir
from webui.uploads import limit_text, upload_limit

bp = Blueprint("intake", __name__)


def _limits() -> IntakeLimits:
    config = current_app.config
    return IntakeLimits(
        max_files=int(config["INGEST_MAX_FILES"]),
        max_file_bytes=int(config["INGEST_MAX_FILE_BYTES"]),
        max_total_bytes=int(config["INGEST_MAX_UPLOAD_BYTES"]),
    )


def _archive_limits() -> ArchiveLimits:
    """What an uploaded archive may unpack to: the settings, by default `foia ingest`'s."""
    config = current_app.config
    return ArchiveLimits(
        max_bytes=int(config["INGEST_ARCHIVE_MAX_BYTES"]),
        max_ratio=float(config["INGEST_ARCHIVE_MAX_RATIO"]),
        max_depth=int(config["INGEST_ARCHIVE_MAX_DEPTH"]),
        max_members=int(config["INGEST_ARCHIVE_MAX_MEMBERS"]),
    )


def _start() -> IntakeStatus:
    """Keep the files of this request and start their ingest (errors as start_intake)."""
    user = current_account()
    assert user is not None  # staff_required ran first
    sent = [
        UploadedFile(upload.filename or "", upload.stream)
        for upload in request.files.getlist("files")
        if upload.filename
    ]
    waiting = int(current_app.config["INGEST_MAX_WAITING"])
    return start_intake(
        home_dir(),
        user.name,
        sent,
        _limits(),
        max_waiting=waiting,
        archive_limits=_archive_limits(),
    )


def _status_or_404(intake_id: str) -> IntakeStatus:
    """The upload's status with its place in the queue; 404 when there is none."""
    status = intake_status(home_dir(), intake_id)
    if status is None:
        abort(404, description="There is no such upload.")
    if status.is_finished:
        return status
    listed = {s.intake_id: s for s in list_intakes(home_dir())}
    return listed.get(intake_id, status)


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))


def _status_json(status: IntakeStatus) -> dict[str, Any]:
    links = {
        "status_url": url_for("intake.api_status", intake_id=status.intake_id),
        "page_url": url_for("intake.status_page", intake_id=status.intake_id),
    }
    return {**status.to_json(), **links}


def _limit_texts() -> dict[str, str]:
    limits = _limits()
    return {
        "files": f"{limits.max_files:,}",
        "file_bytes": limit_text(limits.max_file_bytes),
        "total_bytes": limit_text(limits.max_total_bytes),
    }


@bp.get("/ingest")
@staff_required
def ingest_page() -> Any:
    return render_template(
        "intake/ingest.html", intakes=list_intakes(home_dir()), limits=_limit_texts(), when=_when
    )


@bp.post("/ingest")
@upload_limit("INGEST_MAX_UPLOAD_BYTES")
@staff_required
def upload() -> Any:
    status = _start()
    return redirect(url_for("intake.status_page", intake_id=status.intake_id), code=303)


@bp.get("/ingest/<intake_id>")
@staff_required
def status_page(intake_id: str) -> Any:
    status = _status_or_404(intake_id)
    return render_template("intake/status.html", status=status, position=status.position)


@bp.get("/api/ingest")
@staff_required
def api_list() -> Any:
    return jsonify({"uploads": [_status_json(status) for status in list_intakes(home_dir())]})


@bp.post("/api/ingest")
@upload_limit("INGEST_MAX_UPLOAD_BYTES")
@staff_required
def api_upload() -> Any:
    status = _start()
    body = _status_json(status)
    return jsonify(body), 202, {"Location": body["status_url"]}


@bp.get("/api/ingest/<intake_id>")
@staff_required
def api_status(intake_id: str) -> Any:
    return jsonify(_status_json(_status_or_404(intake_id)))

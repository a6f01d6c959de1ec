"""Upload from the browser (issue 15), through the Flask test client: staff only, CSRF, the
size limits as settings with clear errors, bad files reported by reason, the queue shown,
searches served while an upload is ingested, and the result page."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.tools.background import locked
from indexer.tools.intake.files import files_dir, intake_dir
from indexer.tools.intake.jobs import jobs_dir
from tests.conftest import CORPUS_DIR
from tests.webui.conftest import new_app, tools_client
from tests.webui.test_api import openapi, validator_for
from tests.webui.test_auth import token_from
from tests.webui.tools_copy import copied_app, copied_home, signed_in_alice  # noqa: F401 (fixtures)

PDF = CORPUS_DIR / "pdf" / "senate-expenditures.pdf"


def files(*items: tuple[str, bytes]) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(data), name) for name, data in items]


def post_upload(client: FlaskClient, *items: tuple[str, bytes], url: str = "/ingest") -> Any:
    token = token_from(client, "/ingest")
    return client.post(
        url,
        data={"csrf_token": token, "files": files(*items)},
        content_type="multipart/form-data",
    )


def wait_done(client: FlaskClient, status_url: str, seconds: float = 180.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(status_url).get_json()
        if status["state"] in ("done", "failed"):
            return status  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"not finished: {status}")


def test_an_upload_runs_in_the_background_and_ends_on_its_result_page(
    alice: FlaskClient, home: Path
) -> None:
    response = post_upload(
        alice,
        ("senate.pdf", PDF.read_bytes()),
        ("../../osprey.txt", b"The osprey nest survey, spring.\n"),
        ("broken.pdf", b"%PDF-1.4 broken beyond repair"),
    )
    assert response.status_code == 303
    page_url = response.headers["Location"]
    intake_id = page_url.rsplit("/", 1)[1]
    # Searches are served while it runs.
    searches = 0
    while True:
        status = alice.get(f"/api/ingest/{intake_id}").get_json()
        assert alice.get("/api/search?q=sheriff").status_code == 200
        searches += 1
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert status["state"] == "done", status
    assert searches >= 1
    page = alice.get(page_url).get_data(as_text=True)
    assert "2 added, 0 updated" in page and "1 failed" in page
    assert "broken.pdf</strong>:" in page  # with its reason
    added = {item["file"]: item["doc_id"] for item in status["result"]["added"]}
    assert set(added) == {"senate.pdf", "osprey.txt"}
    assert f"/doc/{added['osprey.txt']}" in page
    assert (files_dir(home) / "osprey.txt").is_file()
    assert not (home.parent / "osprey.txt").exists()
    found = alice.get("/api/search?q=osprey").get_json()
    assert [d["doc_id"] for d in found["documents"]] == [added["osprey.txt"]]
    # The ingest page lists it.
    listing = alice.get("/ingest").get_data(as_text=True)
    assert f"/ingest/{intake_id}" in listing and "done: 2 added, 0 updated, 1 failed" in listing
    assert alice.get("/api/ingest").get_json()["uploads"][0]["intake_id"] == intake_id


def test_the_api_answers_202_and_a_status_url(alice: FlaskClient) -> None:
    token = token_from(alice, "/ingest")
    response = alice.post(
        "/api/ingest",
        data={"files": files(("heron.txt", b"heron census\n"))},
        headers={"X-CSRFToken": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 202
    body = response.get_json()
    assert response.headers["Location"] == body["status_url"]
    description = openapi(alice)
    validator_for(description, "IntakeStatus").validate(body)
    done = wait_done(alice, body["status_url"])
    validator_for(description, "IntakeStatus").validate(done)
    validator_for(description, "IntakeList").validate(alice.get("/api/ingest").get_json())
    assert [item["file"] for item in done["result"]["added"]] == ["heron.txt"]


def test_waiting_uploads_are_queued_and_shown(alice: FlaskClient, home: Path) -> None:
    with locked(jobs_dir(home) / "running.lock", wait=True):  # an ingest runs for long
        first = post_upload(alice, ("one.txt", b"first upload\n")).headers["Location"]
        second = post_upload(alice, ("two.txt", b"second upload\n")).headers["Location"]
        time.sleep(1.5)
        assert "Waiting for its turn" in alice.get(first).get_data(as_text=True)
        assert "1 upload ahead" in alice.get(second).get_data(as_text=True)
        listing = alice.get("/ingest").get_data(as_text=True)
        assert listing.count("queued") >= 2 and "(1 ahead)" in listing
        assert alice.get("/api/search?q=sheriff").status_code == 200
    for url in (first, second):
        assert wait_done(alice, "/api" + url)["state"] == "done"


@pytest.mark.parametrize(
    ("config", "items", "status", "message"),
    [
        ({"INGEST_MAX_UPLOAD_BYTES": 50_000}, [("big.pdf", b"x" * 60_000)], 413, "at most 48.8 KB"),
        (
            {"INGEST_MAX_FILE_BYTES": 1000},
            [("big.txt", b"x" * 1001)],
            400,
            "big.txt is larger than 1000 bytes",
        ),
        ({"INGEST_MAX_FILES": 2}, [(f"{n}.txt", b"x") for n in range(3)], 400, "at most 2 files"),
        ({}, [], 400, "no file was sent"),
    ],
)
def test_limits_are_settings_with_clear_errors(
    home: Path, config: dict[str, int], items: list[tuple[str, bytes]], status: int, message: str
) -> None:
    app = new_app(home, **config)
    client = tools_client(app)
    response = post_upload(client, *items)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    api = client.post(
        "/api/ingest",
        data={"files": files(*items)},
        headers={"X-CSRFToken": token_from(client, "/ingest")},
        content_type="multipart/form-data",
    )
    assert api.status_code == status and message in api.get_json()["error"]
    assert not jobs_dir(home).exists() or not list(jobs_dir(home).glob("*.json"))
    incoming = intake_dir(home, "x").parent
    assert not incoming.exists() or not list(incoming.iterdir())


def test_only_staff_with_a_csrf_token_upload(app: Flask, alice: FlaskClient, home: Path) -> None:
    visitor = app.test_client()
    assert visitor.get("/ingest").status_code in (302, 401)
    assert visitor.get("/api/ingest").status_code in (302, 401)
    viewer = tools_client(app, "vic")
    assert viewer.get("/ingest").status_code == 403
    token = token_from(viewer, "/")
    refused = viewer.post(
        "/ingest",
        data={"csrf_token": token, "files": files(("a.txt", b"x"))},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403
    no_token = alice.post(
        "/ingest", data={"files": files(("a.txt", b"x"))}, content_type="multipart/form-data"
    )
    assert no_token.status_code == 400
    assert not jobs_dir(home).exists()
    assert alice.get("/ingest/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert alice.get("/api/ingest/..%2F..%2Fetc").status_code == 404
    assert "Ingest</a>" in alice.get("/").get_data(as_text=True)
    assert "Ingest</a>" not in viewer.get("/").get_data(as_text=True)


def test_hostile_names_are_escaped_and_kept_inside_the_home(alice: FlaskClient, home: Path) -> None:
    response = post_upload(alice, ("<img src=x onerror=alert(1)>.txt", b"hostile name\n"))
    status = wait_done(alice, "/api" + response.headers["Location"])
    assert status["state"] == "done"
    page = alice.get(response.headers["Location"]).get_data(as_text=True)
    assert "<img src=x" not in page
    assert [p.name for p in files_dir(home).iterdir()] == ["_img src_x onerror_alert(1)_.txt"]


def test_a_zip_archive_is_handed_to_the_ingest_as_one_file(alice: FlaskClient, home: Path) -> None:
    """The archive is kept whole and the ingest is given it; the ingest walk's archive
    support (issue 15, "Archives") then ingests its members as `release.zip!/inner/path`."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("inner/heron.txt", "heron census inside an archive\n")
        zipped.writestr("osprey.txt", "osprey census inside an archive\n")
    response = post_upload(alice, ("release.zip", archive.getvalue()))
    status = wait_done(alice, "/api" + response.headers["Location"])
    assert status["state"] == "done", status
    assert [p.name for p in files_dir(home).iterdir()] == ["release.zip"]
    result = status["result"]
    members = sorted(item["file"] for item in result["added"])
    assert members == ["release.zip!/inner/heron.txt", "release.zip!/osprey.txt"], result

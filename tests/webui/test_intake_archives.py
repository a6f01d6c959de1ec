"""A ZIP uploaded from the browser is unpacked within the same limits as `foia ingest` (issue
15): the defaults, or the app's INGEST_ARCHIVE_MAX_* settings. A hostile archive (members
that climb out of it, a bomb by ratio) shows each refused member and its reason on the
upload's page, writes nothing outside, and loses nothing already indexed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.indexer.intake.files import zip_bytes
from tests.webui.conftest import new_app, tools_client
from tests.webui.test_intake import post_upload, wait_done
from tests.webui.tools_copy import copied_home  # noqa: F401 (fixtures)

BOMB = b"\0" * (4 * 1024 * 1024)  # deflates about a thousand times: past the ratio of 200
WORDY = b"word " * 400_000  # 2 MB that deflate past 200 times, under 5000
CLIMBERS = ("../escaped.txt", "../../../../tmp/escaped-upload.txt", "/etc/escaped-upload.txt")


def upload(client: FlaskClient, name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """Upload one file, wait for its ingest; (its status, its page's HTML)."""
    response = post_upload(client, (name, data))
    assert response.status_code == 303
    status = wait_done(client, "/api" + response.headers["Location"])
    assert status["state"] == "done", status
    return status, client.get(response.headers["Location"]).get_data(as_text=True)


def found(client: FlaskClient, text: str) -> list[str]:
    """The documents a search finds, as their paths inside the uploads folder."""
    data = client.get("/api/search", query_string={"q": text}).get_json()
    return sorted(document["path"].rsplit("/files/", 1)[-1] for document in data["documents"])


def failed(status: dict[str, Any]) -> dict[str, str]:
    return {item["file"]: item["error"] for item in status["result"]["failed"]}


def test_a_hostile_zip_shows_each_refused_member_and_keeps_what_was_indexed(
    home: Path, tmp_path: Path
) -> None:
    client = tools_client(new_app(home))
    sheriff_before = client.get("/api/search?q=sheriff").get_json()["total_documents"]
    assert sheriff_before >= 1
    first, _ = upload(
        client,
        "release.zip",
        zip_bytes(
            {"inner/heron.txt": b"Heron census, first count.\n", "osprey.txt": b"Osprey nests."}
        ),
    )
    added = sorted(item["file"] for item in first["result"]["added"])
    assert added == ["release.zip!/inner/heron.txt", "release.zip!/osprey.txt"]

    # A new version of the same archive: osprey.txt is now a bomb, members climb out of it.
    hostile = {name: b"written outside the archive" for name in CLIMBERS}
    hostile |= {"osprey.txt": BOMB, "inner/heron.txt": b"Heron census, second count.\n"}
    hostile["plover.txt"] = b"Plover sightings along the dune.\n"
    status, page = upload(client, "release.zip", zip_bytes(hostile))
    errors = failed(status)
    assert set(errors) == {f"release.zip!/{name}" for name in CLIMBERS} | {
        "release.zip!/osprey.txt"
    }
    assert "expands more than 200 times" in errors["release.zip!/osprey.txt"]
    assert all("path traversal" in errors[f"release.zip!/{name}"] for name in CLIMBERS[:2])
    assert f"{len(errors)} failed" in page and 'class="intake-failed"' in page
    for file, error in errors.items():  # each member on the page, with its reason
        assert f"<strong>{file}</strong>: {error}" in page.replace("&#39;", "'")
    assert [item["file"] for item in status["result"]["added"]] == ["release.zip!/plover.txt"]
    assert [item["file"] for item in status["result"]["updated"]] == [
        "release.zip!/inner/heron.txt"
    ]

    # What was indexed stays: the bombed member as it was, the other records untouched.
    assert found(client, "osprey") == ["release.zip!/osprey.txt"]
    assert found(client, 'heron "second count"') == ["release.zip!/inner/heron.txt"]
    assert found(client, "plover") == ["release.zip!/plover.txt"]
    assert client.get("/api/search?q=sheriff").get_json()["total_documents"] == sheriff_before
    escaped = [path for path in (tmp_path, Path("/tmp"), Path("/etc")) if _escapes_in(path)]
    assert escaped == []


def _escapes_in(folder: Path) -> bool:
    return any((folder / name).exists() for name in ("escaped.txt", "escaped-upload.txt"))


def test_uploaded_archives_apply_the_limits_of_foia_ingest_or_the_settings(home: Path) -> None:
    nested = zip_bytes({"deep.txt": b"The sequoia file, one level down.\n"})
    archive = zip_bytes({"top.txt": b"Juniper survey.\n", "b.zip": nested, "big.txt": WORDY})

    defaults, _ = upload(tools_client(new_app(home)), "a.zip", archive)
    assert list(failed(defaults)) == ["a.zip!/big.txt"]
    assert "limit --archive-max-ratio" in failed(defaults)["a.zip!/big.txt"]
    added = sorted(item["file"] for item in defaults["result"]["added"])
    assert added == ["a.zip!/b.zip!/deep.txt", "a.zip!/top.txt"]

    settings = {"INGEST_ARCHIVE_MAX_RATIO": 5000, "INGEST_ARCHIVE_MAX_DEPTH": 1}
    configured, _ = upload(tools_client(new_app(home, **settings)), "c.zip", archive)
    assert list(failed(configured)) == ["c.zip!/b.zip"]
    assert "limit --archive-max-depth" in failed(configured)["c.zip!/b.zip"]
    added = sorted(item["file"] for item in configured["result"]["added"])
    assert added == ["c.zip!/big.txt", "c.zip!/top.txt"]

    few, page = upload(tools_client(new_app(home, INGEST_ARCHIVE_MAX_MEMBERS=2)), "d.zip", archive)
    assert failed(few) == {
        "d.zip": "3 members, more than 2 (limit --archive-max-members): not unpacked"
    }
    assert "<strong>d.zip</strong>: 3 members, more than 2" in page


def test_the_worker_reads_back_the_limits_it_was_given() -> None:
    from indexer.extractors.archive import ArchiveLimits
    from indexer.tools.intake.settings import (
        ArchiveLimitsArgumentError,
        limits_argument,
        limits_from_argument,
    )

    limits = ArchiveLimits(max_bytes=12_000, max_ratio=7.5, max_depth=1, max_members=3)
    assert limits_from_argument(limits_argument(limits)) == limits
    assert limits_from_argument("{}") == ArchiveLimits()
    for bad in ("", "[1]", '{"max_files": 3}', '{"max_depth": "deep"}', '{"max_bytes": null}'):
        with pytest.raises(ArchiveLimitsArgumentError):
            limits_from_argument(bad)


def test_the_limits_settings_default_to_those_of_foia_ingest(home: Path) -> None:
    from indexer.extractors.archive import ArchiveLimits

    app: Flask = new_app(home)
    defaults = ArchiveLimits()
    assert app.config["INGEST_ARCHIVE_MAX_BYTES"] == defaults.max_bytes
    assert app.config["INGEST_ARCHIVE_MAX_RATIO"] == defaults.max_ratio
    assert app.config["INGEST_ARCHIVE_MAX_DEPTH"] == defaults.max_depth
    assert app.config["INGEST_ARCHIVE_MAX_MEMBERS"] == defaults.max_members

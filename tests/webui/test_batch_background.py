"""Issue 12, defect 2c on the web: a batch runs once in the background; its page shows how far
it got (and works without JavaScript), its summary and downloads read the results it kept;
the API runs small batches at once and bigger ones in the background. Defect 10e: each account
keeps a limited number of batches, with a clear error."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from flask.testing import FlaskClient

from indexer.tools.batch import jobs
from indexer.tools.uploads import save_upload, uploads_dir
from tests.conftest import Home, write_docs
from tests.webui.conftest import new_app, tools_client
from tests.webui.test_api import validator_for
from tests.webui.test_auth import token_from
from tests.webui.test_tools_batch import summary_rows, upload, wait_for_batch
from tests.webui.tools_copy import copied_app, copied_home, signed_in_alice  # noqa: F401 (fixtures)

TERMS = b"detention\nlabel\tsheriff*\nnothing\tzzyzx qqvvxx\n"


def batch_id_of(page: str) -> str:
    return page.rsplit("/", 1)[1]


def test_the_summary_and_downloads_read_the_kept_results(
    alice: FlaskClient, home: Path, tmp_path: Path
) -> None:
    page = upload(alice, TERMS)
    before = {
        row["query"]: row["pages"] for row in summary_rows(alice.get(page).get_data(as_text=True))
    }
    csv_before = alice.get(f"{page}/rows.csv").get_data(as_text=True)
    # The index changes: a new record about detention. The batch does not run again.
    added = Home(home)
    try:
        report = added.ingest(write_docs(tmp_path / "more", {"new.txt": "A detention memo."}))
        assert report.added == 1
    finally:
        added.close()
    after = {
        row["query"]: row["pages"] for row in summary_rows(alice.get(page).get_data(as_text=True))
    }
    assert after == before
    assert alice.get(f"{page}/rows.csv").get_data(as_text=True) == csv_before
    assert len(json.loads(alice.get(f"{page}/rows.json").get_data(as_text=True))["queries"]) == 3
    # Run again on purpose, it sees the new record.
    again = alice.post(f"{page}/run", data={"csrf_token": token_from(alice, page)})
    assert again.status_code == 303 and again.headers["Location"] == page
    wait_for_batch(alice, page)
    rerun = {
        row["query"]: row["pages"] for row in summary_rows(alice.get(page).get_data(as_text=True))
    }
    assert int(rerun["detention"]) == int(before["detention"]) + 1


@contextmanager
def places_taken(home: Path) -> Iterator[None]:
    """Both places for running batches held, as by two long batches of other users."""
    folder = uploads_dir(home)
    with ExitStack() as stack:
        for number in range(jobs.MAX_RUNNING_BATCHES):
            assert stack.enter_context(jobs._locked(folder / f"running-{number}.lock", wait=True))
        yield


def test_a_waiting_batch_shows_its_state_and_runs_when_a_place_frees(
    alice: FlaskClient, home: Path
) -> None:
    with places_taken(home):
        token = token_from(alice, "/batch")
        response = alice.post("/batch", data={"csrf_token": token, "terms_text": TERMS.decode()})
        page = response.headers["Location"]
        time.sleep(1.0)
        html = alice.get(page).get_data(as_text=True)
        assert f'data-batch-status="/api{page}"' in html
        assert "Waiting for its turn" in html and f'<a class="batch-refresh" href="{page}">' in html
        status = alice.get(f"/api{page}").get_json()
        assert (status["state"], status["status_url"], status["summary_url"]) == (
            "queued",
            f"/api{page}",
            page,
        )
        assert "rows_csv_url" not in status
        rows = alice.get(f"{page}/rows.csv")
        assert rows.status_code == 409 and "still running" in rows.get_data(as_text=True)
        delete = alice.post(f"{page}/delete", data={"csrf_token": token})
        assert delete.status_code == 409
        listed = alice.get("/batch").get_data(as_text=True)
        assert "queued" in listed and f'action="{page}/delete"' not in listed
    done = wait_for_batch(alice, page)
    assert done["rows_csv_url"] == f"{page}/rows.csv" and done["done"] == done["total"] == 3
    assert "data-batch-status" not in alice.get(page).get_data(as_text=True)


def test_a_running_batch_shows_the_lines_done(alice: FlaskClient, home: Path) -> None:
    kept = save_upload(home, "alice", "long.txt", TERMS)
    page = f"/batch/{kept.batch_id}"
    folder = uploads_dir(home)
    # What its worker shows while it runs: its lock held, and its progress.
    with jobs._locked(folder / f"{kept.batch_id}.lock", wait=True):
        status = {"state": "running", "done": 1234, "total": 5000, "updated_at": time.time()}
        (folder / f"{kept.batch_id}.status").write_text(json.dumps(status))
        html = alice.get(page).get_data(as_text=True)
        assert "1,234 of 5,000 lines run." in html
        assert '<progress class="batch-progress-bar" max="5000" value="1234">' in html
        assert alice.get(f"/api{page}").get_json()["done"] == 1234
    # Its worker gone before the end: the page says so and offers to run it again.
    html = alice.get(page).get_data(as_text=True)
    assert "stopped before the end" in html and f'action="{page}/run"' in html
    assert "data-batch-status" not in html
    again = alice.post(f"{page}/run", data={"csrf_token": token_from(alice, "/batch")})
    assert again.status_code == 303
    assert wait_for_batch(alice, page)["state"] == "done"


def test_each_account_keeps_a_limited_number_of_batches(home: Path) -> None:
    client = tools_client(new_app(home, BATCH_MAX_KEPT=2, BATCH_MAX_KEPT_BYTES=10_000))
    first, second = upload(client, b"detention\n"), upload(client, b"sheriff\n")
    token = token_from(client, "/batch")
    refused = client.post("/batch", data={"csrf_token": token, "terms_text": "custody"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "You keep 2 batches, the most an account may: delete one" in html
    assert f'action="{first}/delete"' in html and f'action="{second}/delete"' in html
    api = client.post(
        "/api/batch",
        json={"queries": ["detention"] * 200},
        headers={"X-CSRFToken": token},
    )
    assert api.status_code == 409 and "You keep 2 batches" in api.get_json()["error"]
    # Nothing kept was lost, and deleting one makes room.
    assert summary_rows(client.get(first).get_data(as_text=True))[0]["query"] == "detention"
    deleted = client.post(f"{first}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303 and deleted.headers["Location"] == "/batch"
    assert client.get(first).status_code == 404
    assert (
        client.post("/batch", data={"csrf_token": token, "terms_text": "custody"}).status_code
        == 303
    )
    big = client.post("/batch", data={"csrf_token": token, "terms_text": "x" * 20_000})
    assert big.status_code == 409
    bob = tools_client(new_app(home, BATCH_MAX_KEPT=2), "bob")
    upload(bob, b"detention\n")  # his own count


def test_the_api_runs_big_batches_in_the_background(home: Path) -> None:
    client = tools_client(new_app(home, BATCH_API_MAX_LINES=3))
    headers = {"X-CSRFToken": token_from(client, "/batch")}
    small = client.post("/api/batch", json={"queries": ["detention", "sheriff*"]}, headers=headers)
    assert small.status_code == 200 and len(small.get_json()["queries"]) == 2
    queries = ["detention", "sheriff*", "custody", "opt out", "# a comment", "zzyzx"]
    started = client.post("/api/batch", json={"queries": queries}, headers=headers)
    assert started.status_code == 202
    status = started.get_json()
    assert status["state"] == "queued" and started.headers["Location"] == status["status_url"]
    page = status["summary_url"]
    assert status["status_url"] == f"/api{page}"
    done = wait_for_batch(client, page)
    assert (done["done"], done["total"]) == (5, 5)
    description = client.get("/api/openapi.json").get_json()
    for answer in (status, done):
        validator_for(description, "BatchStatus").validate(answer)
    rows = client.get(done["rows_json_url"]).get_json()
    assert [query["query"] for query in rows["queries"]] == [q for q in queries if q[0] != "#"]
    table = list(csv.reader(io.StringIO(client.get(done["rows_csv_url"]).get_data(as_text=True))))
    assert table[0][0] == "label" and len(table) > 5
    assert client.get(page).status_code == 200  # also on the web, with the account's batches
    assert ">API request</a>" in client.get("/batch").get_data(as_text=True)


def test_a_small_api_batch_runs_within_its_time(home: Path) -> None:
    client = tools_client(new_app(home, BATCH_API_SECONDS=-1))
    headers = {"X-CSRFToken": token_from(client, "/batch")}
    data = client.post(
        "/api/batch", json={"queries": ["detention", "sheriff"]}, headers=headers
    ).get_json()
    assert data["queries"] == []
    assert [(p["line"], p["kind"]) for p in data["problems"]] == [(1, "error")]
    assert "ran out" in data["problems"][0]["message"]

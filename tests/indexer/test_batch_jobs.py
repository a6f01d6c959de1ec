"""Issue 12, defect 2c: a batch runs once, in a process of its own, tells how far it got, and
keeps its results; its reader never runs it again. Defect 10e: each account keeps a limited
number of uploads and bytes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.tools.batch import BatchReport, jobs, run_batch
from indexer.tools.batch.saved import load_report, save_report
from indexer.tools.batch.terms import count_query_lines
from indexer.tools.uploads import (
    UploadQuotaError,
    delete_upload,
    list_uploads,
    load_upload,
    save_upload,
    uploads_dir,
)
from tests.conftest import Home, write_docs
from tests.indexer.test_batch import DOCS

TERMS = b'# terms\ndetention\nlabel\tsheriff*\n\nbad\tline\twith tabs\n"opt out" county\n'


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("jobs")
    created = Home(base / "home")
    assert created.ingest(write_docs(base / "docs", DOCS)).added == len(DOCS)
    yield created
    created.close()


def wait(home: Path, batch_id: str, seconds: float = 120.0) -> jobs.BatchStatus:
    deadline = time.monotonic() + seconds
    while not (status := jobs.batch_status(home, batch_id)).is_finished:
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    return status


def shape(report: BatchReport | None) -> object:
    assert report is not None
    return (
        [
            (q.line, q.label, q.query, q.notice, q.total_pages, q.pages, q.terms)
            for q in report.queries
        ],
        [(p.line, p.message, p.is_error) for p in report.problems],
        report.encoding,
    )


def test_a_saved_report_reads_back_as_it_was(home: Home, tmp_path: Path) -> None:
    report = run_batch(home.engine, home.store, TERMS + "Peña\n".encode("cp1252"))
    save_report(report, tmp_path / "report")
    loaded = load_report(tmp_path / "report", home.store)
    assert shape(loaded) == shape(report)
    assert loaded is not None and loaded.seconds == report.seconds
    (tmp_path / "broken").write_text('{"version": 1, "queries": [')
    assert load_report(tmp_path / "broken", home.store) is None
    assert load_report(tmp_path / "missing", home.store) is None


def test_progress_is_told_line_by_line(home: Home) -> None:
    seen: list[tuple[int, int]] = []
    run_batch(
        home.engine, home.store, TERMS, progress=lambda done, total: seen.append((done, total))
    )
    assert count_query_lines(TERMS) == 4
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_batch_out_of_time_reports_the_lines_left(home: Home) -> None:
    report = run_batch(home.engine, home.store, TERMS, seconds=-1.0)
    assert not report.queries
    assert [(p.line, p.is_error) for p in report.problems] == [(2, True)]
    assert "ran out: this line and the 3 after it did not run" in report.problems[0].message


def test_a_batch_runs_once_in_the_background_and_keeps_its_results(home: Home) -> None:
    upload = save_upload(home.path, "alice", "terms.txt", TERMS)
    queued = jobs.start_batch(home.path, upload.batch_id, "staff")
    assert queued.state == "queued"
    status = wait(home.path, upload.batch_id)
    assert (status.state, status.done, status.total, status.error) == ("done", 4, 4, None)
    kept = jobs.batch_report(home.path, upload.batch_id, home.store)
    assert shape(kept) == shape(run_batch(home.engine, home.store, TERMS))
    # Reading it again reads the same file: the batch did not run again.
    report_file = jobs.report_path(home.path, upload.batch_id)
    written = report_file.stat().st_mtime_ns
    jobs.batch_report(home.path, upload.batch_id, home.store)
    assert report_file.stat().st_mtime_ns == written
    # Starting it again while it is queued does nothing; once finished, it runs again.
    assert jobs.start_batch(home.path, upload.batch_id, "staff").state == "queued"
    assert jobs.start_batch(home.path, upload.batch_id, "staff").state == "queued"
    assert wait(home.path, upload.batch_id).state == "done"


def test_batches_wait_for_a_place(home: Home) -> None:
    upload = save_upload(home.path, "alice", "wait.txt", b"detention\n")
    folder = uploads_dir(home.path)
    places = [
        jobs._locked(folder / f"running-{n}.lock", wait=True)
        for n in range(jobs.MAX_RUNNING_BATCHES)
    ]
    for place in places:
        assert place.__enter__()
    try:
        jobs.start_batch(home.path, upload.batch_id, None)
        time.sleep(1.5)
        status = jobs.batch_status(home.path, upload.batch_id)
        assert status.state == "queued" and not status.is_finished
    finally:
        for place in places:
            place.__exit__(None, None, None)
    assert wait(home.path, upload.batch_id).state == "done"


def test_a_worker_that_died_leaves_a_failed_batch_that_runs_again(home: Home) -> None:
    upload = save_upload(home.path, "alice", "died.txt", b"detention\n")
    # What a worker killed mid-run leaves: "running", and nobody holding its lock.
    status_file = uploads_dir(home.path) / f"{upload.batch_id}.status"
    status_file.write_text(
        json.dumps({"state": "running", "done": 3, "total": 9, "updated_at": time.time()})
    )
    status = jobs.batch_status(home.path, upload.batch_id)
    assert status.state == "failed" and "stopped before the end" in (status.error or "")
    never = save_upload(home.path, "alice", "never.txt", b"detention\n")
    assert "never started" in (jobs.batch_status(home.path, never.batch_id).error or "")
    jobs.start_batch(home.path, upload.batch_id, None)
    assert wait(home.path, upload.batch_id).state == "done"


def test_each_account_keeps_a_limited_number_of_uploads_and_bytes(tmp_path: Path) -> None:
    first = save_upload(tmp_path, "alice", "a.txt", b"x" * 400, max_uploads=2, max_bytes=1000)
    save_upload(tmp_path, "Alice", "b.txt", b"y" * 400, max_uploads=2, max_bytes=1000)
    with pytest.raises(UploadQuotaError, match="You keep 2 batches, the most an account may"):
        save_upload(tmp_path, "alice", "c.txt", b"z", max_uploads=2, max_bytes=1000)
    save_upload(tmp_path, "bob", "c.txt", b"z" * 900, max_uploads=2, max_bytes=1000)  # his own
    with pytest.raises(UploadQuotaError, match="an account may keep"):
        save_upload(tmp_path, "alice", "d.txt", b"z" * 300, max_uploads=5, max_bytes=1000)
    # Refused uploads lose nothing kept; deleting one makes room.
    kept = list_uploads(tmp_path, "alice")
    assert [upload.file_name for upload in kept] == ["b.txt", "a.txt"]
    assert all(400 < upload.size < 500 for upload in kept)  # the terms, and who sent them
    assert not delete_upload(tmp_path, first.batch_id, "bob")
    assert delete_upload(tmp_path, first.batch_id, "alice")
    assert load_upload(tmp_path, first.batch_id, "alice") is None
    assert not list(uploads_dir(tmp_path).glob(f"{first.batch_id}.*"))
    save_upload(tmp_path, "alice", "d.txt", b"z" * 300, max_uploads=2, max_bytes=1000)

"""Uploads ingested in the background (issue 15): safe names inside the home, size limits with
clear errors and nothing kept, one ingest at a time in upload order, waiting for a command-line
ingest, progress, and a result of what was added, updated and failed (with the reason)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from indexer.engines import open_engine
from indexer.errors import InvalidInputError
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store
from indexer.tools.background import locked
from indexer.tools.intake import (
    IntakeLimits,
    IntakeQueueFullError,
    IntakeStatus,
    IntakeTooLargeError,
    UploadedFile,
    intake_dir,
    intake_status,
    list_intakes,
    safe_name,
    save_intake,
    start_intake,
)
from indexer.tools.intake.files import files_dir
from indexer.tools.intake.jobs import jobs_dir, write_status
from tests.conftest import CORPUS_DIR

LIMITS = IntakeLimits(max_files=5, max_file_bytes=400_000, max_total_bytes=600_000)
PDF = CORPUS_DIR / "pdf" / "senate-expenditures.pdf"


def sent(name: str, data: bytes) -> UploadedFile:
    return UploadedFile(name, io.BytesIO(data))


def wait(home: Path, intake_id: str, seconds: float = 180.0) -> IntakeStatus:
    deadline = time.monotonic() + seconds
    while True:
        status = intake_status(home, intake_id)
        assert status is not None
        if status.is_finished or time.monotonic() > deadline:
            return status
        time.sleep(0.2)


def titles(home: Path, query: str) -> set[str]:
    store, engine = Store(home), open_engine(home)
    try:
        return {d.title for d in search(engine, store, SearchRequest(query)).documents}
    finally:
        engine.close()
        store.close()


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("memo.pdf", "memo.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("..", "upload"),
        ("", "upload"),
        (".foiaignore", "foiaignore"),
        ("...hidden.txt", "hidden.txt"),
        ("a\x00b\nc.txt", "a_b_c.txt"),
        ("mémo <script>.txt", "m_mo _script_.txt"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_a_name_is_kept_safe(name: str, kept: str) -> None:
    assert safe_name(name) == kept


def test_files_are_kept_under_safe_unique_names_inside_the_home(tmp_path: Path) -> None:
    names = save_intake(
        tmp_path,
        "a" * 22,
        [sent("../a.txt", b"one"), sent("A.txt", b"two"), sent("sub/a.txt", b"three")],
        LIMITS,
    )
    assert names == ["a.txt", "A (2).txt", "a (3).txt"]
    folder = intake_dir(tmp_path, "a" * 22)
    assert folder.is_relative_to(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert (folder / "a (3).txt").read_bytes() == b"three"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([sent(f"{n}.txt", b"x") for n in range(6)], "at most 5 files"),
        ([sent("big.pdf", b"x" * 400_001)], "big.pdf is larger than 390.6 KB"),
        ([sent("a.pdf", b"x" * 350_000), sent("b.pdf", b"x" * 350_000)], "larger than 585.9 KB"),
        ([], "no file was sent"),
    ],
)
def test_an_upload_over_a_limit_is_refused_whole(
    tmp_path: Path, files: list[UploadedFile], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as refused:
        save_intake(tmp_path, "b" * 22, files, LIMITS)
    assert isinstance(refused.value, IntakeTooLargeError) == bool(files)
    assert not intake_dir(tmp_path, "b" * 22).exists()


def test_an_upload_is_ingested_in_the_background_with_its_result(tmp_path: Path) -> None:
    home = tmp_path / "home"
    files = [
        sent("senate.pdf", PDF.read_bytes()),
        sent("heron.txt", b"The heron survey memo, spring count.\n"),
        sent("broken.pdf", b"%PDF-1.7\nthis is no PDF at all\n"),
        sent("heron.txt.meta.json", b'{"title": "Heron survey", "type": "memo"}'),
    ]
    status = start_intake(home, "alice", files, LIMITS)
    assert status.state == "queued" and status.files_total == 4
    done = wait(home, status.intake_id)
    assert done.state == "done", done
    result = done.result
    assert result is not None
    assert sorted(item["file"] for item in result["added"]) == ["heron.txt", "senate.pdf"]
    assert [item["file"] for item in result["failed"]] == ["broken.pdf"]
    assert result["failed"][0]["error"]
    assert (done.files_done, done.files_total) == (3, 3)  # the sidecar is no document
    assert done.pages == result["pages"] > 1 and done.errors[0]["file"] == "broken.pdf"
    assert titles(home, "heron") == {"Heron survey"}  # the sidecar applied
    kept = sorted(p.name for p in files_dir(home).iterdir())
    assert kept == ["broken.pdf", "heron.txt", "heron.txt.meta.json", "senate.pdf"]
    assert not intake_dir(home, status.intake_id).exists()
    # The same name again, changed: updated, not added; an unchanged file is left as it was.
    again = start_intake(
        home,
        "bob",
        [
            sent("heron.txt", b"The heron survey memo, autumn count.\n"),
            sent("senate.pdf", PDF.read_bytes()),
        ],
        LIMITS,
    )
    second = wait(home, again.intake_id)
    assert second.result is not None
    assert [item["file"] for item in second.result["updated"]] == ["heron.txt"]
    assert second.result["added"] == [] and second.result["unchanged"] == 1
    assert titles(home, "autumn") == {"Heron survey"}
    listed = list_intakes(home)
    assert [s.intake_id for s in listed] == [again.intake_id, status.intake_id]  # newest first


def test_one_ingest_at_a_time_in_upload_order_after_a_command_line_ingest(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    first = start_intake(home, "alice", [sent("a.txt", b"alpha osprey\n")], LIMITS)
    assert wait(home, first.intake_id).state == "done"
    engine = open_engine(home)
    try:
        with engine.write_lock():  # `foia ingest` runs in another process
            second = start_intake(home, "alice", [sent("b.txt", b"beta osprey\n")], LIMITS)
            third = start_intake(home, "bob", [sent("c.txt", b"gamma osprey\n")], LIMITS)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                waiting = {s.intake_id: s for s in list_intakes(home) if not s.is_finished}
                status = waiting.get(second.intake_id)
                if (
                    status is not None
                    and status.waiting_for
                    and "command line" in status.waiting_for
                ):
                    break
                time.sleep(0.2)
            assert status is not None and "command line" in (status.waiting_for or "")
            assert (waiting[second.intake_id].position, waiting[third.intake_id].position) == (0, 1)
            assert waiting[third.intake_id].state == "queued"
    finally:
        engine.close()
    done_second, done_third = wait(home, second.intake_id), wait(home, third.intake_id)
    assert (done_second.state, done_third.state) == ("done", "done")
    assert done_second.updated_at <= done_third.updated_at
    assert len(titles(home, "osprey")) == 3


def test_the_queue_has_a_limit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    incoming = intake_dir(home, "x").parent
    with locked(jobs_dir(home) / "running.lock", wait=True):  # one ingest runs for long
        started = [
            start_intake(home, "alice", [sent(f"{n}.txt", b"queued\n")], LIMITS, max_waiting=2)
            for n in range(2)
        ]
        with pytest.raises(IntakeQueueFullError, match="2 uploads wait"):
            start_intake(home, "alice", [sent("x.txt", b"x\n")], LIMITS, max_waiting=2)
        assert len(list(incoming.iterdir())) == 2  # nothing of the refused one is kept
    for status in started:
        assert wait(home, status.intake_id).state == "done"


def test_a_worker_that_died_reads_as_failed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    jobs_dir(home).mkdir(parents=True)
    dead = IntakeStatus("d" * 22, "alice", time.time(), ("a.txt",), state="running")
    write_status(home, dead)  # no process holds its lock
    status = intake_status(home, dead.intake_id)
    assert status is not None and status.state == "failed"
    assert "stopped before the end" in (status.error or "")
    assert intake_status(home, "../../etc/passwd") is None
    assert intake_status(home, "e" * 22) is None

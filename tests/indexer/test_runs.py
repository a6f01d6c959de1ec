"""An ingest killed at each step of a commit: `list`, `stats` and search agree at once, the
next run reports the documents it finishes as added, and every document belongs to exactly
one run, so that alerts announce each once (issue 12, defect 5)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.crash_harness import (
    ROOT,
    Expected,
    build_corpus,
    check,
    foia_json,
    ingest,
    prepare_home,
)

# `foia` that kills itself with SIGKILL before or after the nth call of one of the pipeline's
# steps: the moments a kill -9 can land in, made exact.
KILLER = """
import os, signal, sys
import indexer.ingest.pipeline as pipeline
name, when, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
del sys.argv[1:4]
pipeline.COMMIT_DOCUMENTS = 4
original = getattr(pipeline, name)
calls = []
def step(*args, **kwargs):
    calls.append(name)
    if when == "before" and len(calls) == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    if when == "after" and len(calls) == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(pipeline, name, step)
from indexer.cli import main
main()
"""


def killed_ingest(home: Path, folder: Path, step: str, when: str, nth: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", KILLER, step, when, str(nth), "--home", str(home), "ingest"]
        + [str(folder), "--prune", "--ocr", "off", "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    _, stderr = process.communicate(timeout=300)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # its worker, if still there
    assert process.returncode == -signal.SIGKILL, stderr[-2000:]  # it stopped where told


# 10 new files, committed 4 at a time: the second commit (files 5 to 8) is where it stops.
@pytest.mark.parametrize(
    ("step", "when", "listed", "announced", "added"),
    [
        ("claim_for_run", "before", 4, 4, 6),  # files 5-8 saved, no run claimed them
        ("claim_for_run", "after", 4, 4, 6),  # claimed for a run, the index commit not made
        ("finish_commit", "before", 8, 4, 2),  # in the index, their run not finished
        ("finish_commit", "after", 8, 8, 2),  # the run finished, the next commit not begun
    ],
)
def test_a_kill_around_a_commit_loses_no_document_and_no_alert(
    tmp_path: Path, step: str, when: str, listed: int, announced: int, added: int
) -> None:
    home, corpus = tmp_path / "home", build_corpus(tmp_path / "records", 10, seed=3)
    prepare_home(home)
    expected = Expected(tags=0, notes=0)
    killed_ingest(home, corpus.folder, step, when, 2)
    assert check(home, corpus, expected, False, corpus.rng) == []
    assert len(foia_json(home, "list")) == listed
    # Alerts announce what finished runs added; a run not finished shows after the next run.
    assert sum(expected.announced.values()) == announced
    report = ingest(home, corpus.folder)
    assert (report["added"], report["updated"], report["unchanged"]) == (added, 0, 10 - added)
    assert check(home, corpus, expected, True, corpus.rng) == []
    assert sorted(expected.announced.values()) == [1] * 10


@pytest.mark.parametrize(
    ("step", "when", "listed"),
    [
        ("withdraw", "after", 10),  # marked, their index entries not yet deleted
        ("forget_documents", "before", 7),  # gone from the index, their rows still stored
    ],
)
def test_a_kill_during_a_prune_lists_what_search_finds(
    tmp_path: Path, step: str, when: str, listed: int
) -> None:
    home, corpus = tmp_path / "home", build_corpus(tmp_path / "records", 10, seed=4)
    prepare_home(home)
    expected = Expected(tags=0, notes=0)
    ingest(home, corpus.folder)
    corpus.delete(3)
    killed_ingest(home, corpus.folder, step, when, 1)
    assert check(home, corpus, expected, False, corpus.rng) == []
    assert len(foia_json(home, "list")) == listed
    report = ingest(home, corpus.folder)
    assert (report["removed"], report["added"], report["updated"]) == (3, 0, 0)
    assert check(home, corpus, expected, True, corpus.rng) == []


def test_a_reindex_after_a_kill_puts_what_it_indexes_in_a_run(tmp_path: Path) -> None:
    home, corpus = tmp_path / "home", build_corpus(tmp_path / "records", 10, seed=6)
    prepare_home(home)
    expected = Expected(tags=0, notes=0)
    killed_ingest(home, corpus.folder, "claim_for_run", "before", 2)  # 5-8 saved, no run
    assert check(home, corpus, expected, False, corpus.rng) == []
    assert foia_json(home, "reindex")["documents"] == 8
    assert check(home, corpus, expected, False, corpus.rng) == []
    assert sorted(expected.announced.values()) == [1] * 8
    report = ingest(home, corpus.folder)
    assert (report["added"], report["updated"], report["unchanged"]) == (2, 0, 8)
    assert check(home, corpus, expected, True, corpus.rng) == []

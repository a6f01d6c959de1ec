"""Worker processes: a task that hangs, crashes or raises is reported and the run goes on."""

from __future__ import annotations

import math
import os
import time

from indexer.ingest.workers import Task, WorkerPool


def test_hanging_crashing_and_failing_tasks_are_reported_and_others_finish() -> None:
    tasks = [
        Task("sleeps", time.sleep, (30,)),
        Task("crashes", os._exit, (3,)),
        Task("raises", int, ("not a number",)),
        *(Task(f"ok{n}", math.factorial, (n,)) for n in range(6)),
    ]
    started = time.monotonic()
    with WorkerPool(workers=2, timeout=2) as pool:
        pool.submit_all(tasks)
        outcomes = {outcome.task.key: outcome for outcome in pool.results()}
    assert time.monotonic() - started < 20
    assert set(outcomes) == {task.key for task in tasks}
    assert outcomes["sleeps"].error == "timed out after 2 s"
    assert "crashed" in (outcomes["crashes"].error or "")
    assert (outcomes["raises"].error or "").startswith("ValueError: invalid literal")
    assert [outcomes[f"ok{n}"].result for n in range(6)] == [1, 1, 2, 6, 24, 120]


def test_a_freed_worker_starts_its_next_task_while_the_caller_handles_an_outcome() -> None:
    # The caller of `results()` stores and indexes each outcome; the worker must not wait
    # for that. Each task returns the moment it ran.
    handled: dict[str, float] = {}
    ran: dict[str, float] = {}
    with WorkerPool(workers=1, timeout=30) as pool:
        pool.submit_all([Task("first", time.time, ()), Task("second", time.time, ())])
        for outcome in pool.results():
            ran[outcome.task.key] = outcome.result
            time.sleep(1.5)  # handling the outcome takes a while
            handled[outcome.task.key] = time.time()
    assert ran["second"] < handled["first"]

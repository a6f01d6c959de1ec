"""Run tasks in worker processes with a time limit each; a task that hangs or crashes its
worker is reported as a failure and the worker is replaced, so a bad file never stops a run."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

# Address space a worker may use before its task fails with MemoryError (a huge PDF).
WORKER_MEMORY_BYTES = 3 * 1024**3


@dataclass(frozen=True)
class Task:
    """`function(*args)` to run in a worker; `key` identifies it to the caller."""

    key: Any
    function: Callable[..., Any]
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Outcome:
    """A finished task: its result, or a one-line error."""

    task: Task
    result: Any = None
    error: str | None = None
    seconds: float = 0.0


def _worker_main(connection: Connection) -> None:
    """The loop each worker process runs: receive a task, send back its outcome."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    while True:
        try:
            message = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if message is None:
            return
        function, args = message
        try:
            connection.send((True, function(*args)))
        except MemoryError:
            connection.send((False, "out of memory (the file is too large to extract)"))
        except Exception as error:  # a task's failure is data for the report
            connection.send((False, _one_line(error)))


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    message = text[0] if text else ""
    if not message:
        frames = traceback.extract_tb(error.__traceback__)
        message = f"at {frames[-1].name}" if frames else ""
    return f"{type(error).__name__}: {message}"[:300]


class _Worker:
    def __init__(self, context: Any) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.connection: Connection = parent
        self.task: Task | None = None
        self.started = 0.0

    def send(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.connection.send((task.function, task.args))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class WorkerPool:
    """A fixed number of worker processes; tasks can be added while results are read."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._workers = [_Worker(self._context) for _ in range(max(1, workers))]
        self._queue: deque[Task] = deque()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def submit(self, task: Task) -> None:
        self._queue.append(task)

    def submit_all(self, tasks: Iterable[Task]) -> None:
        self._queue.extend(tasks)

    @property
    def pending(self) -> int:
        return len(self._queue) + sum(1 for worker in self._workers if worker.task is not None)

    def results(self) -> Iterator[Outcome]:
        """Outcomes as tasks finish, until no task is queued or running."""
        while self.pending:
            self._dispatch()
            busy = [worker for worker in self._workers if worker.task is not None]
            ready = wait([worker.connection for worker in busy], timeout=0.5)
            now = time.monotonic()
            for worker in busy:
                if worker.connection in ready:
                    outcome = self._receive(worker)
                elif now - worker.started > self.timeout:
                    outcome = self._replace(worker, f"timed out after {self.timeout:g} s")
                else:
                    continue
                # The freed worker starts its next task before the caller handles this
                # outcome (storing and indexing it), not after: no worker waits for the writer.
                self._dispatch()
                yield outcome

    def _dispatch(self) -> None:
        for worker in self._workers:
            if worker.task is None and self._queue:
                worker.send(self._queue.popleft())

    def _receive(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        seconds = time.monotonic() - worker.started
        try:
            is_ok, payload = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            return self._replace(worker, f"the extractor crashed (exit code {code})")
        worker.task = None
        if is_ok:
            return Outcome(task, result=payload, seconds=seconds)
        return Outcome(task, error=str(payload), seconds=seconds)

    def _replace(self, worker: _Worker, error: str) -> Outcome:
        task = worker.task
        assert task is not None
        seconds = time.monotonic() - worker.started
        worker.stop(kill=True)
        index = self._workers.index(worker)
        self._workers[index] = _Worker(self._context)
        return Outcome(task, error=error, seconds=seconds)

    def close(self, kill: bool = False) -> None:
        for worker in self._workers:
            worker.stop(kill=kill)
        self._workers = []
        self._queue.clear()

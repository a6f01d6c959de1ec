"""`foia serve`: the web app on gunicorn, started from Python (no command line to build)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from gunicorn.app.base import BaseApplication

from indexer.cli.context import Context, pass_context

# Enough threads that a short search gets one at once and shares the process's time with long
# ones instead of waiting behind them, and a thread hands the interpreter on every millisecond
# (Python's default is 5 ms), so that its turns come sooner. Issue 12: with 4 threads and 5 ms,
# plain searches waited 4-6 s behind 16 hostile queries (bench/bench_hostile.py).
THREADS_PER_WORKER = 16
SWITCH_INTERVAL_SECONDS = 0.001
REQUEST_TIMEOUT_SECONDS = 120


class FoiaServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """A gunicorn application that builds the Flask app in each worker process."""

    def __init__(self, home: Path, options: dict[str, Any]) -> None:
        self.home = home
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here: the library never imports Flask unless the server is started.
        from webui import create_app

        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)  # in the worker process only
        return create_app({"FOIA_HOME": str(self.home)})


def server_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The gunicorn settings `foia serve` runs with."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": THREADS_PER_WORKER,
        "worker_class": "gthread",
        "timeout": REQUEST_TIMEOUT_SECONDS,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "foia-serve",
        "control_socket_disable": True,  # gunicorn 23+: no control socket in ~/.gunicorn
    }


def run_server(home: Path, host: str, port: int, workers: int) -> None:
    """Serve the web app for `home` until interrupted: `workers` processes of 16 threads."""
    os.environ["FOIA_HOME"] = str(home)
    FoiaServer(home, server_options(host, port, workers)).run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    help="gunicorn worker processes (each with 16 threads).",
)
@pass_context
def serve(obj: Context, host: str, port: int, workers: int) -> None:
    """Serve the web app on gunicorn."""
    run_server(obj.home, host, port, workers)

"""`foia serve`: the web app on gunicorn, started from Python (no command line to build)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from indexer.cli.context import Context, pass_context

THREADS_PER_WORKER = 4
REQUEST_TIMEOUT_SECONDS = 120


def server_application(home: Path, options: dict[str, Any]) -> Any:
    """A gunicorn application that builds the Flask app in each worker process.

    gunicorn is imported here, not when the CLI starts: with setproctitle installed, importing
    it decodes the command line as UTF-8, which would fail every `foia` command given other
    bytes (`foia search $'\\xff'`)."""
    from gunicorn.app.base import BaseApplication

    class FoiaServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def __init__(self) -> None:
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

            return create_app({"FOIA_HOME": str(self.home)})

    return FoiaServer()


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
    """Serve the web app for `home` until interrupted: `workers` processes of 4 threads."""
    os.environ["FOIA_HOME"] = str(home)
    server_application(home, server_options(host, port, workers)).run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    help="gunicorn worker processes (each with 4 threads).",
)
@pass_context
def serve(obj: Context, host: str, port: int, workers: int) -> None:
    """Serve the web app on gunicorn."""
    run_server(obj.home, host, port, workers)

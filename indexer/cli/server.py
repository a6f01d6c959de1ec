"""`foia serve`: the web app on gunicorn, started from Python (no command line to build),
over HTTPS (gunicorn's TLS), on loopback behind a reverse proxy, or over plain HTTP only when
asked for by name (--insecure-http)."""

from __future__ import annotations

import ipaddress
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from indexer.cli.context import Context, pass_context

# Enough threads that a short search gets one at once and shares the process's time with long
# ones instead of waiting behind them, and a thread hands the interpreter on every millisecond
# (Python's default is 5 ms), so that its turns come sooner. Issue 12: with 4 threads and 5 ms,
# plain searches waited 4-6 s behind 16 hostile queries (bench/bench_hostile.py).
THREADS_PER_WORKER = 16
SWITCH_INTERVAL_SECONDS = 0.001
REQUEST_TIMEOUT_SECONDS = 120
INSECURE_WARNING = (
    "WARNING: serving plain HTTP on {where} (--insecure-http): passwords and session cookies"
    " cross the network unencrypted; use --certfile/--keyfile or an HTTPS reverse proxy."
)


@dataclass(frozen=True)
class Transport:
    """How the server is reached: TLS files, plain HTTP off loopback on purpose, and the
    reverse proxies whose forwarded headers are believed (comma-separated; "" for none)."""

    certfile: Path | None = None
    keyfile: Path | None = None
    insecure_http: bool = False
    trusted_proxies: str = ""

    @property
    def is_tls(self) -> bool:
        return self.certfile is not None

    @property
    def proxies(self) -> list[str]:
        return [item.strip() for item in self.trusted_proxies.split(",") if item.strip()]


def server_application(
    home: Path, options: dict[str, Any], transport: Transport | None = None
) -> Any:
    """A gunicorn application that builds the Flask app in each worker process.

    gunicorn is imported here, not when the CLI starts: with setproctitle installed, importing
    it decodes the command line as UTF-8, which would fail every `foia` command given other
    bytes (`foia search $'\\xff'`)."""
    from gunicorn.app.base import BaseApplication

    settings = transport or Transport()

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

            sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)  # in the worker process only
            return create_app(
                {
                    "FOIA_HOME": str(self.home),
                    "INSECURE_HTTP": settings.insecure_http,
                    "TRUSTED_PROXIES": settings.trusted_proxies,
                }
            )

    return FoiaServer()


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or name to bind) is this machine only."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def check_transport(host: str, transport: Transport) -> str | None:
    """The warning to print at start (None: nothing to warn about); click.ClickException,
    one line, when the server must not start: plain HTTP off loopback unless asked for,
    since browsers drop the Secure session cookie there and nobody could sign in."""
    if (transport.certfile is None) != (transport.keyfile is None):
        raise click.ClickException("--certfile and --keyfile go together: give both")
    if transport.is_tls and transport.insecure_http:
        raise click.ClickException("--insecure-http contradicts --certfile: choose one")
    for item in transport.proxies:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise click.ClickException(
                f"--forwarded-allow-ips: {item!r} is not an IP address or network"
            ) from None
    if transport.insecure_http:
        return INSECURE_WARNING.format(where=host)
    if not transport.is_tls and not is_loopback(host):
        raise click.ClickException(
            f"refusing plain HTTP on {host}: browsers would drop the Secure session cookie,"
            " so nobody could sign in; give --certfile and --keyfile, serve on 127.0.0.1"
            " behind an HTTPS reverse proxy, or pass --insecure-http"
        )
    return None


def bind_address(host: str, port: int) -> str:
    """What gunicorn binds: an IPv6 address in brackets."""
    if ":" in host and not host.startswith("["):
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def server_options(
    host: str, port: int, workers: int, transport: Transport | None = None
) -> dict[str, Any]:
    """The gunicorn settings `foia serve` runs with."""
    transport = transport or Transport()
    return {
        "bind": bind_address(host, port),
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
        "certfile": str(transport.certfile) if transport.certfile else None,
        "keyfile": str(transport.keyfile) if transport.keyfile else None,
        # gunicorn believes X-Forwarded-Proto only from these (its default: loopback).
        "forwarded_allow_ips": ",".join(transport.proxies),
    }


def run_server(
    home: Path, host: str, port: int, workers: int, transport: Transport | None = None
) -> None:
    """Serve the web app for `home` until interrupted: `workers` processes of
    THREADS_PER_WORKER threads each."""
    transport = transport or Transport()
    os.environ["FOIA_HOME"] = str(home)
    server_application(home, server_options(host, port, workers, transport), transport).run()


FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Off loopback (0.0.0.0, a LAN address) it needs --certfile"
    " and --keyfile, or --insecure-http.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    help="gunicorn worker processes (each with 16 threads).",
)
@click.option("--certfile", type=FILE, default=None, help="Serve HTTPS with this PEM certificate.")
@click.option("--keyfile", type=FILE, default=None, help="The certificate's PEM private key.")
@click.option(
    "--forwarded-allow-ips",
    "trusted_proxies",
    envvar="FOIA_TRUSTED_PROXIES",
    default="",
    metavar="IPS",
    help="Reverse proxies (comma-separated addresses or networks) whose X-Forwarded-For,"
    " -Proto and -Host headers are believed [default: none; env FOIA_TRUSTED_PROXIES].",
)
@click.option(
    "--insecure-http",
    is_flag=True,
    help="Allow plain HTTP off loopback (cookies then lose Secure): passwords cross the"
    " network unencrypted.",
)
@pass_context
def serve(
    obj: Context,
    host: str,
    port: int,
    workers: int,
    certfile: Path | None,
    keyfile: Path | None,
    trusted_proxies: str,
    insecure_http: bool,
) -> None:
    """Serve the web app on gunicorn (HTTPS with --certfile/--keyfile)."""
    transport = Transport(certfile, keyfile, insecure_http, trusted_proxies)
    warning = check_transport(host, transport)
    if warning:
        click.echo(warning, err=True)
    run_server(obj.home, host, port, workers, transport)

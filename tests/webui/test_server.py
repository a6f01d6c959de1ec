"""`run_server`: gunicorn with worker processes serving the app for a home."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from indexer.cli.server import THREADS_PER_WORKER, server_options


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_server_options() -> None:
    options = server_options("127.0.0.1", 5001, 3)
    assert options["bind"] == "127.0.0.1:5001"
    assert options["workers"] == 3
    assert options["threads"] == THREADS_PER_WORKER == 16
    assert options["worker_class"] == "gthread"


def test_run_server_serves_the_home(web_home: Path, tmp_path: Path) -> None:
    port = free_port()
    code = (
        "import sys; from pathlib import Path; from indexer.cli.server import run_server;"
        f" run_server(Path(sys.argv[1]), '127.0.0.1', {port}, 2)"
    )
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-c", code, str(web_home)], stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/")
        with urllib.request.urlopen(f"{base}/api/search?q=ICE", timeout=10) as response:
            assert response.status == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert json.load(response)["total_documents"] == 3
        with urllib.request.urlopen(f"{base}/search?q=ICE", timeout=10) as response:
            assert response.headers["Server"].startswith("gunicorn")
            assert "3 documents" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
    log_text = log_path.read_text()
    assert "Booting worker" in log_text
    assert log_text.count("Booting worker") >= 2
    assert "Traceback" not in log_text

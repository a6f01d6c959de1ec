"""`foia serve` for a team (issue 12): HTTPS with gunicorn's TLS, plain HTTP off loopback
refused unless asked for by name, and a warning when it is."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.cli.server import Transport, check_transport, is_loopback, server_options
from tests.webui.test_auth import PASSWORD, build_staff_home
from tests.webui.test_server import free_port

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
INSECURE_PAGE_WARNING = "This server uses plain HTTP"


@pytest.fixture(scope="module")
def team_home(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_staff_home(web_home, tmp_path_factory.mktemp("team") / "home")


@pytest.fixture()
def busy_port() -> Iterator[int]:
    """A port already in use: a server that wrongly started would fail there, not hang."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made as the README says."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--host", "0.0.0.0"], "refusing plain HTTP on 0.0.0.0: browsers would drop"),
        (["--host", "192.168.1.20"], "refusing plain HTTP on 192.168.1.20"),
        (["--host", "::"], "refusing plain HTTP on ::"),
        (["--host", "foia.example.lan"], "refusing plain HTTP on foia.example.lan"),
        (["--host", "0.0.0.0", "--certfile", "{cert}"], "--certfile and --keyfile go together"),
        (["--keyfile", "{key}"], "--certfile and --keyfile go together"),
        (
            ["--certfile", "{cert}", "--keyfile", "{key}", "--insecure-http"],
            "--insecure-http contradicts --certfile",
        ),
        (
            ["--forwarded-allow-ips", "127.0.0.1,proxy"],
            "--forwarded-allow-ips: 'proxy' is not an IP address",
        ),
    ],
)
def test_serve_refuses_to_start_with_a_one_line_reason(
    tmp_path: Path, busy_port: int, options: list[str], message: str
) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("not read before the checks\n")
    key.write_text("not read before the checks\n")
    args = [option.format(cert=cert, key=key) for option in options]
    result = CliRunner().invoke(
        main, ["--home", str(tmp_path / "home"), "serve", "--port", str(busy_port), *args]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}") and result.output.count("\n") == 1


def test_trusted_proxies_come_from_the_environment_too(tmp_path: Path, busy_port: int) -> None:
    result = CliRunner().invoke(
        main,
        ["--home", str(tmp_path / "home"), "serve", "--port", str(busy_port)],
        env={"FOIA_TRUSTED_PROXIES": "10.0.0.0/8, nonsense"},
    )
    assert result.exit_code == 1 and "'nonsense' is not an IP address" in result.output


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.5", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected
    transport = Transport()
    if expected:
        assert check_transport(host, transport) is None
    assert "WARNING" in (check_transport(host, Transport(insecure_http=True)) or "")


def test_the_gunicorn_settings_of_each_transport(tmp_path: Path) -> None:
    plain = server_options("::1", 5000, 2)
    assert (plain["bind"], plain["certfile"], plain["keyfile"]) == ("[::1]:5000", None, None)
    assert plain["forwarded_allow_ips"] == ""  # gunicorn's default would trust loopback
    tls = Transport(tmp_path / "c.pem", tmp_path / "k.pem", trusted_proxies=" 10.0.0.1, ::1 ")
    options = server_options("0.0.0.0", 8443, 2, tls)
    assert options["bind"] == "0.0.0.0:8443"
    assert (options["certfile"], options["keyfile"]) == (
        str(tmp_path / "c.pem"),
        str(tmp_path / "k.pem"),
    )
    assert options["forwarded_allow_ips"] == "10.0.0.1,::1"


@contextmanager
def serving(home: Path, log_path: Path, *options: str) -> Iterator[int]:
    """`foia serve` in a child process with `options`: its port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-c", "from indexer.cli import main; main()", "--home", str(home)]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", *options]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


class Browser:
    """Requests over http.client, bounded in time, keeping the session cookie and sending a
    Referer as a browser does (Flask-WTF checks it over HTTPS)."""

    def __init__(self, port: int, context: ssl.SSLContext | None = None) -> None:
        self.port, self.context, self.cookie = port, context, ""
        scheme = "https" if context else "http"
        self.origin = f"{scheme}://127.0.0.1:{port}"

    def connection(self) -> http.client.HTTPConnection:
        if self.context is not None:
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=10, context=self.context
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """(status, the Set-Cookie of the session cookie, body)."""
        headers = {"Referer": f"{self.origin}/sign-in"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read(1_000_000).decode()
            cookies = response.headers.get_all("Set-Cookie") or []
        finally:
            connection.close()
        set_cookie = next((c for c in cookies if c.startswith("session=")), "")
        if set_cookie:
            self.cookie = set_cookie.split(";")[0]
        return response.status, set_cookie, text

    def wait_until_up(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.request("GET", "/api/me")
                return
            except (OSError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def sign_in(self, name: str) -> int:
        status, _, page = self.request("GET", "/sign-in")
        match = TOKEN.search(page)
        assert status == 200 and match
        form = {"csrf_token": match[1], "name": name, "password": PASSWORD}
        return self.request("POST", "/sign-in", form)[0]

    def signed_in_as(self) -> str:
        return self.request("GET", "/api/me")[2]


def test_serve_over_tls_with_a_self_signed_certificate(team_home: Path, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    log_path = tmp_path / "server.log"
    with serving(team_home, log_path, "--certfile", str(cert), "--keyfile", str(key)) as port:
        browser = Browser(port, ssl.create_default_context(cafile=str(cert)))
        browser.wait_until_up()
        status, set_cookie, page = browser.request("GET", "/sign-in")
        assert status == 200 and "Secure" in set_cookie and "HttpOnly" in set_cookie
        assert INSECURE_PAGE_WARNING not in page
        assert browser.sign_in("alice") == 303
        assert '"name":"alice"' in browser.signed_in_as().replace(" ", "")
        # Plain HTTP on the TLS port gets no page.
        with pytest.raises((OSError, http.client.HTTPException)):
            Browser(port).request("GET", "/sign-in")
    log = log_path.read_text()
    assert "Traceback" not in log and "WARNING: serving plain HTTP" not in log


def test_serve_insecure_http_warns_at_start_and_on_the_sign_in_page(
    team_home: Path, tmp_path: Path
) -> None:
    log_path = tmp_path / "server.log"
    with serving(team_home, log_path, "--insecure-http") as port:
        browser = Browser(port)
        browser.wait_until_up()
        status, set_cookie, page = browser.request("GET", "/sign-in")
        assert status == 200 and "Secure" not in set_cookie
        assert INSECURE_PAGE_WARNING in page
        assert browser.sign_in("alice") == 303
        assert '"name":"alice"' in browser.signed_in_as().replace(" ", "")
    first_line = log_path.read_text().splitlines()[0]
    assert first_line.startswith("WARNING: serving plain HTTP on 127.0.0.1 (--insecure-http)")

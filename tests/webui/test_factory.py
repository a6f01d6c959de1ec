"""The app factory: config, secret key, blueprints, security headers, error pages."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import BLUEPRINT_MODULES, SECURITY_HEADERS, create_app

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
    " frame-ancestors 'none'"
)


def test_config_comes_from_the_test_mapping(app: Flask, web_home: Path) -> None:
    assert app.config["FOIA_HOME"] == str(web_home)
    assert app.config["TESTING"] is True
    assert set(app.blueprints) == set(BLUEPRINT_MODULES)


def test_home_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FOIA_HOME", str(tmp_path / "env-home"))
    app = create_app({"TESTING": True})
    assert app.config["FOIA_HOME"] == str(tmp_path / "env-home")


def test_secret_key_is_made_once_and_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = create_app({"FOIA_HOME": str(home)})
    key_path = home / "secret_key"
    assert key_path.is_file()
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 32
    second = create_app({"FOIA_HOME": str(home)})
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    other = create_app({"FOIA_HOME": str(tmp_path / "other")})
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_a_configured_secret_key_writes_no_file(tmp_path: Path) -> None:
    app = create_app({"FOIA_HOME": str(tmp_path), "SECRET_KEY": "given"})
    assert app.config["SECRET_KEY"] == "given"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=agreement",
        "/stats",
        "/api/search?q=agreement",
        "/api/openapi.json",
        "/static/app.css",
        "/static/app.js",
        "/no/such/page",
        "/api/no/such/route",
        "/search?page=abc",
        "/doc/0123456789abcdef",
    ],
)
def test_every_response_carries_the_security_headers(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (url, name)
    assert response.headers["Content-Security-Policy"] == CSP


def test_document_routes_carry_the_security_headers(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    finney = doc_ids["finney.pdf"]
    for url in (
        f"/doc/{finney}",
        f"/doc/{finney}/p/1?q=ICE",
        f"/doc/{finney}/p/1/image.png",
        f"/doc/{finney}/file",
        f"/api/documents/{finney}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == CSP


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=ICE",
        "/search?q=zzzqqq",
        "/stats",
        "/nope",
    ],
)
def test_pages_need_no_inline_script_or_style(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)
    assert not EVENT_HANDLER.search(html)
    assert "http://" not in html.split("<body", 1)[0]  # no external asset in the head
    assert "https://" not in html.split("<body", 1)[0]


def test_document_pages_need_no_inline_script_or_style(
    client: FlaskClient, doc_ids: dict[str, str]
) -> None:
    deaths = doc_ids["deaths.pdf"]
    for url in (
        f"/doc/{deaths}?q=death",
        f"/doc/{deaths}/p/3?q=death",
        f"/doc/{deaths}/p/30?q=death&fragment=1",
    ):
        html = client.get(url).get_data(as_text=True)
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert not EVENT_HANDLER.search(html), url


def test_every_page_has_a_skip_link_and_labelled_controls(client: FlaskClient) -> None:
    for url in ("/", "/search?q=ICE", "/stats"):
        html = client.get(url).get_data(as_text=True)
        assert '<a class="skip-link" href="#main">' in html
        assert 'id="main"' in html
        for control_id in re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', html):
            assert f'for="{control_id}"' in html, (url, control_id)
        for tag in re.findall(r"<(?:input|select)\b[^>]*>", html):
            assert 'type="hidden"' in tag or " id=" in tag, (url, tag)


def test_not_found_page(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Not found" in response.get_data(as_text=True)


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/no/such/route")
    assert response.status_code == 404
    assert response.is_json
    assert set(response.get_json()) == {"error"}


def test_server_error_shows_no_stack_trace(web_home: Path, make_app: Callable[..., Flask]) -> None:
    app = make_app(web_home, TESTING=False, SECRET_KEY="x")

    @app.get("/explode")
    def explode() -> str:
        raise RuntimeError("secret internals /etc/passwd")

    @app.get("/api/explode")
    def explode_api() -> str:
        raise RuntimeError("secret internals /etc/passwd")

    client = app.test_client()
    for url in ("/explode", "/api/explode"):
        response = client.get(url)
        assert response.status_code == 500
        body = response.get_data(as_text=True)
        assert "Traceback" not in body
        assert "secret internals" not in body
        assert "RuntimeError" not in body
    assert client.get("/api/explode").get_json() == {
        "error": "Something went wrong on our side. The error was logged."
    }


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=%ff%fe",
        "/search?q=caf%e9",
        "/api/search?q=%c3%28",
        "/search?type=%80",
    ],
)
def test_non_utf8_query_strings_are_refused(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert "UTF-8" in response.get_json()["error"]
    else:
        assert "not UTF-8" in response.get_data(as_text=True)


def test_utf8_query_strings_are_read(client: FlaskClient) -> None:
    assert client.get("/search?q=caf%C3%A9").status_code == 200


def test_home_without_an_index(tmp_path: Path, make_app: Callable[..., Flask]) -> None:
    client = make_app(tmp_path).test_client()
    home = client.get("/")
    assert home.status_code == 200
    assert "0 documents" in home.get_data(as_text=True)
    search = client.get("/search?q=anything")
    assert search.status_code == 503
    assert "foia ingest" in search.get_data(as_text=True)
    api = client.get("/api/search?q=anything")
    assert api.status_code == 503
    assert "foia ingest" in api.get_json()["error"]
    assert client.get("/stats").status_code == 200

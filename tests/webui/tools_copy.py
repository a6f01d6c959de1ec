"""Fixtures of the web tests that change the tools home: `home`, a copy of it; `app`, the app
over that copy; `alice`, a client signed in to it. A test module takes them by importing them:
`from tests.webui.tools_copy import copied_app, copied_home, signed_in_alice`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.webui.conftest import new_app, tools_client


@pytest.fixture(name="home")
def copied_home(tools_home: Path, tmp_path: Path) -> Path:
    """A copy of the tools home, for a test that changes it."""
    return Path(shutil.copytree(tools_home, tmp_path / "home"))


@pytest.fixture(name="app")
def copied_app(home: Path) -> Flask:
    return new_app(home)


@pytest.fixture(name="alice")
def signed_in_alice(app: Flask) -> FlaskClient:
    # No `with client`: a kept request context would share `g` (and its CSRF token) with the
    # other clients of the app.
    return tools_client(app)

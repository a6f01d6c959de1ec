"""The Flask app: create_app(test_config=None) wires config, blueprints, error pages, headers."""

from __future__ import annotations

import importlib
import os
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, abort, request

from indexer import (
    ArchiveLimits,
    default_home,
)
from webui import json_bodies, proxies, resources, shown_paths, uploads
from webui.errors import register_error_handlers
from webui.formatting import register_filters
from webui.urls import register_converters

# Every blueprint module exposes `bp`; they are registered in this order. Staff features
# (sign-in, tags) add their module names here.
BLUEPRINT_MODULES = (
    "search",
    "documents",
    "api",
    "stats",
    "auth",
    "tags",
    "tools",
    "batch_search",
    "saved_searches",
    "corrections",
    "intake",
    "productions",
)
SECRET_KEY_FILE = "secret_key"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self';"
    " script-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The web app for the home in FOIA_HOME (config, else $FOIA_HOME, else the default)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        FOIA_HOME=str(default_home()),
        MAX_CONTENT_LENGTH=64 * 1024,  # forms are small; the views below take more
        BATCH_MAX_BYTES=10 * 1024 * 1024,  # a terms file: 10,000 queries of up to 1,000 bytes
        QUOTE_MAX_BYTES=1024 * 1024,  # a pasted passage (the finder reads 5,000 characters)
        DOCUMENT_PAGES_SHOWN=20,  # pages of a document rendered in full; the rest load lazily
        RESULTS_PER_PAGE=10,
        # Plain HTTP off loopback on purpose (`foia serve --insecure-http`): cookies without
        # Secure, and a warning on the sign-in page.
        INSECURE_HTTP=False,
        # Reverse proxies whose X-Forwarded-* headers are believed (addresses or networks,
        # comma-separated); none unless configured (`foia serve --forwarded-allow-ips`).
        TRUSTED_PROXIES=os.environ.get("FOIA_TRUSTED_PROXIES", ""),
        # Uploads to ingest (issue 15): files per upload, bytes per file, bytes per upload
        # (the request as a whole), uploads waiting at once.
        INGEST_MAX_FILES=1000,
        INGEST_MAX_FILE_BYTES=512 * 1024 * 1024,
        INGEST_MAX_UPLOAD_BYTES=2 * 1024 * 1024 * 1024,
        INGEST_MAX_WAITING=10,
        # Tag labels shown to anonymous visitors too (results, facets, /tags); off by default.
        PUBLIC_TAGS=os.environ.get("FOIA_PUBLIC_TAGS", "").lower() in ("1", "true", "yes"),
        # What an uploaded archive may unpack to: `foia ingest --archive-max-*` and defaults.
        INGEST_ARCHIVE_MAX_BYTES=ArchiveLimits.max_bytes,
        INGEST_ARCHIVE_MAX_RATIO=ArchiveLimits.max_ratio,
        INGEST_ARCHIVE_MAX_DEPTH=ArchiveLimits.max_depth,
        INGEST_ARCHIVE_MAX_MEMBERS=ArchiveLimits.max_members,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(Path(app.config["FOIA_HOME"]))
    json_bodies.init_app(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the CLI's key order
    resources.init_app(app)
    proxies.init_app(app)
    register_filters(app)
    register_converters(app)
    uploads.init_app(app)  # before the CSRF check (auth) reads a form
    register_blueprints(app)
    register_error_handlers(app)
    app.before_request(reject_non_utf8)
    app.after_request(add_security_headers)
    shown_paths.init_app(app)
    return app


def register_blueprints(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        module = importlib.import_module(f"webui.{name}")
        app.register_blueprint(module.bp)


def load_secret_key(home: Path) -> str:
    """The key that signs sessions: made once per home, readable by its owner only."""
    home.mkdir(parents=True, exist_ok=True)
    key_path = home / SECRET_KEY_FILE
    try:
        handle = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another server process may be writing it right now: wait for its content.
        for _ in range(100):
            key = key_path.read_text(encoding="ascii").strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{key_path} is empty: delete it to make a new key") from None
    key = secrets.token_hex(32)
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key


def reject_non_utf8() -> None:
    """A query string that is not UTF-8 is refused (400), never guessed at."""
    try:
        unquote_to_bytes(request.query_string).decode("utf-8")
    except UnicodeDecodeError:
        abort(400, description="The address holds bytes that are not UTF-8 text.")


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response

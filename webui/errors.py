"""Error answers in one place: HTTP errors and the library's FoiaError categories, as JSON
{"error": message} under /api/ and as the error page elsewhere, never with a stack trace."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, NotFound

from indexer import (
    FoiaError,
    IndexBusyError,
    IndexNotBuiltError,
    SchemaOutdatedError,
    StoreError,
)
from webui import uploads

# The HTTP status of each FoiaError category (indexer.errors.CATEGORIES).
STATUS_CODES = {
    "not_found": 404,
    "invalid": 400,
    "forbidden": 403,
    "conflict": 409,
    "busy": 503,
    "unavailable": 503,
}
# How long a client waits before asking again when the answer is "busy".
RETRY_AFTER_SECONDS = 5
# What visitors read instead of messages that name folders on the server. Every other
# FoiaError shows its own message: it speaks of what the request asked for.
PUBLIC_MESSAGES: dict[type[FoiaError], str] = {
    IndexNotBuiltError: "There is no index yet: run `foia ingest` on the records.",
    SchemaOutdatedError: (
        "The index was built by another version of foia-search: run `foia reindex`."
    ),
    StoreError: "The database cannot be opened by this version.",
    IndexBusyError: "The index is being written by another process: try again in a moment.",
}
CATEGORY_MESSAGES = {
    "busy": "Busy: try again in a moment.",
    "unavailable": "This cannot be used right now.",
}
SERVER_ERROR_MESSAGE = "Something went wrong on our side. The error was logged."
# An address no route matched: our words, not werkzeug's ("If you entered the URL manually").
NOT_FOUND_MESSAGE = "There is nothing at this address."
_PAGE_ADDRESS_RE = re.compile(r"^/doc/([0-9a-f]{16})/p/([^/]+)/?$")
log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(
    code: int, message: str, headers: dict[str, str] | None = None
) -> tuple[Any, int, dict[str, str]]:
    """The error as JSON under /api/, as a page elsewhere (never with a stack trace)."""
    if wants_json():
        return jsonify({"error": message}), code, headers or {}
    page = render_template("errors/error.html", code=code, message=message)
    return page, code, headers or {}


def not_found_message(path: str) -> str:
    """What a visitor reads for an address that no route matched."""
    page = _PAGE_ADDRESS_RE.match(path)
    if page:
        doc_id, typed = page.groups()
        return (
            f"“{typed[:40]}” is not a page number: a page's address ends in its number,"
            f" as /doc/{doc_id}/p/1."
        )
    return NOT_FOUND_MESSAGE


def public_message(error: FoiaError) -> str:
    """What the visitor reads for a library error."""
    for cls in type(error).__mro__:
        if cls in PUBLIC_MESSAGES:
            return PUBLIC_MESSAGES[cls]
    return CATEGORY_MESSAGES.get(error.category) or str(error) or "Error."


def foia_error_response(error: FoiaError) -> tuple[Any, int, dict[str, str]]:
    """The answer to a library error: its category's status, its public message, and for
    "busy" when to ask again."""
    headers: dict[str, str] = {}
    if error.category == "busy":
        headers["Retry-After"] = str(getattr(error, "retry_after", RETRY_AFTER_SECONDS))
    return error_response(STATUS_CODES.get(error.category, 400), public_message(error), headers)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Any, int, dict[str, str]]:
        if isinstance(error, NotFound) and error.description == NotFound.description:
            return error_response(404, not_found_message(request.path))
        return error_response(error.code or 500, error.description or "Error.")

    @app.errorhandler(413)
    def too_large(_error: Exception) -> tuple[Any, int, dict[str, str]]:
        limit = uploads.limit_text(request.max_content_length)
        return error_response(413, f"What was sent is too large: at most {limit} here.")

    app.register_error_handler(FoiaError, foia_error_response)

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[Any, int, dict[str, str]]:
        log.exception("unhandled error on %s", request.path, exc_info=error)
        return error_response(500, SERVER_ERROR_MESSAGE)

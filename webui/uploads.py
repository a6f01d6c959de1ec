"""Request size limits per view: a terms file or a long pasted passage may be bigger than the
small forms MAX_CONTENT_LENGTH is set for.

The limit is set before any other hook reads the form (the CSRF check does), so that a view
marked with `upload_limit` parses its body under its own limit and every other view under
MAX_CONTENT_LENGTH.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request

View = TypeVar("View", bound=Callable[..., Any])
LIMIT_ATTRIBUTE = "upload_limit_setting"


def upload_limit(setting: str) -> Callable[[View], View]:
    """Mark a view as taking bodies of up to `app.config[setting]` bytes."""

    def decorator(view: View) -> View:
        setattr(view, LIMIT_ATTRIBUTE, setting)
        return view

    return decorator


def apply_upload_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, LIMIT_ATTRIBUTE, None)
    if setting:
        limit = int(current_app.config[setting])
        request.max_content_length = limit
        request.max_form_memory_size = limit


def limit_text(size: int | None) -> str:
    """1048576 -> "1 MB"."""
    if not size:
        return "the limit"
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"


def init_app(app: Flask) -> None:
    """Install the hook; call it before any blueprint that reads forms in a hook."""
    app.before_request(apply_upload_limit)

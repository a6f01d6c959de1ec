"""Paths in JSON answers: relative to the ingested folder for anyone but an admin (issue 14).

One hook over every JSON response, so that no route, present or future, hands an anonymous
visitor or a staff member where a file lives on the server; admins see the stored path.
"""

from __future__ import annotations

from flask import Flask, Response, current_app
from flask_login import current_user

from indexer import ingest_roots, public_paths
from webui.resources import get_store


def _is_admin() -> bool:
    """Whether an enabled admin is signed in (webui.auth's Account holds the user)."""
    user = getattr(current_user, "user", None) if current_user.is_authenticated else None
    return getattr(user, "role", None) == "admin"


def _relative_paths(response: Response) -> Response:
    if (
        response.mimetype != "application/json"
        or response.direct_passthrough
        or response.is_streamed
        or _is_admin()
    ):
        return response
    data = response.get_json(silent=True)
    if data is None:
        return response
    shown = public_paths(data, ingest_roots(get_store()))
    response.set_data(current_app.json.dumps(shown, separators=(",", ":")))
    return response


def init_app(app: Flask) -> None:
    app.after_request(_relative_paths)

"""JSON request bodies: one nested too deeply for the parser is a 400, on every route."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

NESTED_TOO_DEEPLY = "The JSON body is nested too deeply to be read."


class JsonBodyProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body the parser cannot descend (`[[[[...` thousands of
    levels deep: a RecursionError) is refused with a 400 instead of a 500. `get_json(silent=
    True)` only swallows ValueError, so the 400 reaches the client whatever the view asks."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise BadRequest(NESTED_TOO_DEEPLY) from None


def init_app(app: Flask) -> None:
    app.json = JsonBodyProvider(app)

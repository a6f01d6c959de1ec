"""URL converters: a doc_id in a path is 16 lower-case hex digits, anything else is a 404."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter

from indexer import (
    DOC_ID_PATTERN,
)


class DocIdConverter(BaseConverter):
    """`<doc_id:doc_id>`: never matches dots, slashes or any path-like text."""

    regex = DOC_ID_PATTERN


def register_converters(app: Flask) -> None:
    app.url_map.converters["doc_id"] = DocIdConverter

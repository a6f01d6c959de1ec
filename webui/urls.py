"""URL converters: a doc_id in a path is 16 lower-case hex digits, a number fits SQLite's
integers; anything else is a 404."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, IntegerConverter, Map

from indexer import (
    DOC_ID_PATTERN,
)


class DocIdConverter(BaseConverter):
    """`<doc_id:doc_id>`: never matches dots, slashes or any path-like text."""

    regex = DOC_ID_PATTERN


# SQLite's integers are signed 64-bit: a larger id or page number overflows in the query.
MAX_INT64 = 2**63 - 1


class Int64Converter(IntegerConverter):
    """`<int64:saved_id>`: a whole number from 0 to 2**63 - 1; a larger one never matches
    (404), so that no view hands SQLite a number it cannot hold."""

    def __init__(self, map: Map) -> None:  # `map`: werkzeug's parameter name
        super().__init__(map, max=MAX_INT64)


def int64(value: str) -> int:
    """A query-string number SQLite can hold, for `request.args.get(name, type=int64)`:
    ValueError (so the default applies) when it is not one."""
    number = int(value)
    if not -MAX_INT64 <= number <= MAX_INT64:
        raise ValueError(f"{value[:20]} is out of range")
    return number


def register_converters(app: Flask) -> None:
    app.url_map.converters["doc_id"] = DocIdConverter
    app.url_map.converters["int64"] = Int64Converter

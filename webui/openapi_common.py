"""The parts both OpenAPI modules describe with: common schemas, a query parameter, a JSON
response."""

from __future__ import annotations

from typing import Any

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
DOC_ID = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
# The fields every document's JSON opens with: search results, `show`, more like this.
DOCUMENT_FIELDS = {"doc_id": DOC_ID, "title": STRING, "path": STRING, "type": STRING}


def query_parameter(
    name: str, schema: dict[str, Any], description: str | None = None, required: bool = False
) -> dict[str, Any]:
    """A parameter of the query string."""
    parameter: dict[str, Any] = {"name": name, "in": "query", "required": required}
    if description is not None:
        parameter["description"] = description
    parameter["schema"] = schema
    return parameter


def json_response(schema: str, description: str) -> dict[str, Any]:
    """A response whose JSON is the component schema `schema`."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }

"""The OpenAPI description of staff notes (/api/notes), with the area of the page image a
note may be anchored to."""

from __future__ import annotations

from typing import Any

from webui.openapi_common import (
    DOC_ID,
    NULLABLE_STRING,
    STRING,
    json_response,
    query_parameter,
)

FRACTION = {"type": "number", "minimum": 0, "maximum": 1}


def note_schemas() -> dict[str, Any]:
    """Region, Note and NoteList."""
    region = {
        "type": "object",
        "description": "A rectangle on the page image: left, top, width and height as fractions"
        " of the page's width and height (0 to 1), so that it lands on the same words at any"
        " zoom.",
        "required": ["x", "y", "width", "height"],
        "additionalProperties": False,
        "properties": {name: FRACTION for name in ("x", "y", "width", "height")},
    }
    note = {
        "type": "object",
        "required": ["note_id", "doc_id", "page", "text", "quote", "region", "created_by"],
        "properties": {
            "note_id": {"type": "integer"},
            "doc_id": DOC_ID,
            "page": {"type": "integer", "minimum": 1},
            "text": STRING,
            "quote": NULLABLE_STRING,
            "region": {
                "oneOf": [{"$ref": "#/components/schemas/Region"}, {"type": "null"}],
                "description": "The area of the page image the note is anchored to, if any.",
            },
            "review": NULLABLE_STRING,
            "created_by": STRING,
            "created_at": STRING,
            "updated_by": NULLABLE_STRING,
            "updated_at": NULLABLE_STRING,
            "removed_at": NULLABLE_STRING,
        },
    }
    note_list = {
        "type": "object",
        "required": ["notes"],
        "properties": {"notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}}},
    }
    return {"Region": region, "Note": note, "NoteList": note_list}


def note_paths() -> dict[str, Any]:
    """GET and POST /api/notes (staff only; a POST carries the X-CSRFToken header)."""
    new_note = {
        "type": "object",
        "required": ["doc_id", "page", "text"],
        "properties": {
            "doc_id": DOC_ID,
            "page": {"type": "integer", "minimum": 1},
            "text": STRING,
            "quote": STRING,
            "region": {"$ref": "#/components/schemas/Region"},
        },
    }
    forbidden = json_response("Error", "Not signed in as staff, or no valid CSRF token.")
    return {
        "/api/notes": {
            "get": {
                "summary": "Live notes, of one document (doc) or one of its pages (page).",
                "operationId": "listNotes",
                "parameters": [
                    query_parameter("doc", DOC_ID, "Only this document's notes."),
                    query_parameter("page", {"type": "integer", "minimum": 1}, "Only this page's."),
                ],
                "responses": {
                    "200": json_response("NoteList", "The notes, oldest first."),
                    "401": forbidden,
                    "403": forbidden,
                },
            },
            "post": {
                "summary": "Add a note to a page, optionally quoting it and anchored to an area.",
                "operationId": "addNote",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": new_note}},
                },
                "responses": {
                    "201": json_response("Note", "The note added."),
                    "400": json_response(
                        "Error", "No text, or an area that is not a rectangle on the page."
                    ),
                    "401": forbidden,
                    "403": forbidden,
                    "404": json_response("Error", "No such document or page."),
                },
            },
        }
    }

"""The OpenAPI description of the staff routes: tags, notes, history, citations, the session."""

from __future__ import annotations

from typing import Any

from indexer import CITATION_FORMATS as FORMATS
from webui.openapi_common import (
    DOC_ID,
    NULLABLE_STRING,
    STRING,
    json_response as _json,
    query_parameter,
)

_INTEGER = {"type": "integer"}
_NULLABLE_PAGE = {"type": ["integer", "null"], "minimum": 1}
_STAMP = {"type": "string", "description": "ISO 8601 UTC time."}
_NULLABLE_STAMP = {"type": ["string", "null"]}
_ANY_OBJECT = {"type": ["object", "null"]}


def annotation_schemas() -> dict[str, Any]:
    """Tag, Note, HistoryEntry, Me and their lists."""
    tag = {
        "type": "object",
        "required": ["tag_id", "doc_id", "page", "label", "note", "created_by", "created_at"],
        "properties": {
            "tag_id": _INTEGER,
            "doc_id": DOC_ID,
            "page": _NULLABLE_PAGE,
            "label": STRING,
            "note": {**NULLABLE_STRING, "description": "Null for anonymous visitors."},
            "review": NULLABLE_STRING,
            "created_by": STRING,
            "created_at": _STAMP,
            "removed_at": _NULLABLE_STAMP,
        },
    }
    note = {
        "type": "object",
        "required": ["note_id", "doc_id", "page", "text", "created_by", "created_at"],
        "properties": {
            "note_id": _INTEGER,
            "doc_id": DOC_ID,
            "page": {"type": "integer", "minimum": 1},
            "text": STRING,
            "quote": NULLABLE_STRING,
            "review": NULLABLE_STRING,
            "created_by": STRING,
            "created_at": _STAMP,
            "updated_by": NULLABLE_STRING,
            "updated_at": _NULLABLE_STAMP,
            "removed_at": _NULLABLE_STAMP,
        },
    }
    entry = {
        "type": "object",
        "required": ["event_id", "at", "user", "action", "kind", "item_id", "doc_id", "page"],
        "properties": {
            "event_id": _INTEGER,
            "at": _STAMP,
            "user": STRING,
            "action": STRING,
            "kind": {"type": "string", "enum": ["tag", "note"]},
            "item_id": _INTEGER,
            "doc_id": DOC_ID,
            "page": _NULLABLE_PAGE,
            "before": _ANY_OBJECT,
            "after": _ANY_OBJECT,
        },
    }
    user = {
        "type": "object",
        "required": ["name", "role", "is_enabled", "created_at"],
        "properties": {
            "name": STRING,
            "role": {"type": "string", "enum": ["staff", "admin"]},
            "is_enabled": {"type": "boolean"},
            "created_at": _STAMP,
        },
    }
    label = {
        "type": "object",
        "required": ["label", "count"],
        "properties": {"label": STRING, "count": _INTEGER},
    }

    def listing(key: str, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": [key],
            "properties": {key: {"type": "array", "items": item}},
        }

    return {
        "Tag": tag,
        "Note": note,
        "HistoryEntry": entry,
        "TagList": listing("tags", tag),
        "NoteList": listing("notes", note),
        "History": listing("history", entry),
        "LabelList": listing("labels", label),
        "Me": {
            "type": "object",
            "required": ["user"],
            "properties": {"user": {"oneOf": [user, {"type": "null"}]}},
        },
    }


def _body(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    return {
        "required": True,
        "content": {
            "application/json": {"schema": schema},
            "application/x-www-form-urlencoded": {"schema": schema},
        },
    }


def _staff(responses: dict[str, Any]) -> dict[str, Any]:
    return {
        **responses,
        "401": _json("Error", "Not signed in (staff only)."),
        "403": _json("Error", "Signed in without the right, or no CSRF token on a change."),
    }


def _cite() -> dict[str, Any]:
    parameters = [
        query_parameter("tag", STRING, "Cite every document and page with this tag label."),
        query_parameter("doc", DOC_ID, "Cite one document (with `page`, one of its pages)."),
        query_parameter("page", {"type": "integer", "minimum": 1}, "A page of `doc`."),
        query_parameter("q", STRING, "Cite the results of a search."),
        query_parameter("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Of `q`."),
        query_parameter("format", {"type": "string", "enum": list(FORMATS), "default": "text"}),
        query_parameter("download", {"type": "string", "enum": ["0", "1"], "default": "1"},
                        "0: no Content-Disposition attachment header."),
    ]  # fmt: skip
    text = {"schema": {"type": "string"}}
    return {
        "get": {
            "summary": "Citations of a tag, a document or page, or search results "
            "(exactly one of tag, doc, q), in text, CSL-JSON, RIS, BibTeX or CSV.",
            "operationId": "cite",
            "parameters": parameters,
            "responses": _staff(
                {
                    "200": {
                        "description": "The citations in the format asked for; the header "
                        "X-Citation-Warnings counts what could not be cited.",
                        "content": {
                            "text/plain": text,
                            "application/vnd.citationstyles.csl+json": {
                                "schema": {"type": "array", "items": {"type": "object"}}
                            },
                            "application/x-research-info-systems": text,
                            "application/x-bibtex": text,
                            "text/csv": text,
                        },
                    },
                    "400": _json("Error", "Not exactly one of tag, doc, q; or an unknown format."),
                    "404": _json("Error", "Nothing to cite."),
                }
            ),
        }
    }


def annotation_paths() -> dict[str, Any]:
    """The routes of tags, notes, history, citations and the session."""
    doc_filter = query_parameter("doc", DOC_ID, "Only this document's.")
    tag_id = {"name": "tag_id", "in": "path", "required": True, "schema": _INTEGER}
    page_field = {"type": "integer", "minimum": 1}
    return {
        "/api/me": {
            "get": {
                "summary": "Who this session is signed in as (null when anonymous).",
                "operationId": "me",
                "responses": {"200": _json("Me", "The account, or null.")},
            }
        },
        "/api/tags": {
            "get": {
                "summary": "Live tags (their notes for staff only).",
                "operationId": "listTags",
                "parameters": [doc_filter, query_parameter("label", STRING, "Only this label.")],
                "responses": {"200": _json("TagList", "The tags.")},
            },
            "post": {
                "summary": "Tag a document, or one of its pages (staff).",
                "operationId": "addTag",
                "requestBody": _body(
                    ["doc_id", "label"],
                    {"doc_id": DOC_ID, "label": STRING, "page": page_field, "note": STRING},
                ),
                "responses": _staff(
                    {
                        "201": _json("Tag", "The new tag."),
                        "400": _json("Error", "A field that cannot be used."),
                        "404": _json("Error", "No such document or page."),
                    }
                ),
            },
        },
        "/api/tags/{tag_id}": {
            "delete": {
                "summary": "Remove a tag (kept in the history, can be undone) (staff).",
                "operationId": "removeTag",
                "parameters": [tag_id],
                "responses": _staff(
                    {
                        "200": _json("Tag", "The removed tag."),
                        "404": _json("Error", "No such tag."),
                    }
                ),
            }
        },
        "/api/tags/labels": {
            "get": {
                "summary": "Tag labels in use, most used first (20 at most).",
                "operationId": "listLabels",
                "parameters": [query_parameter("prefix", STRING, "Labels starting so.")],
                "responses": {"200": _json("LabelList", "The labels and their counts.")},
            }
        },
        "/api/notes": {
            "get": {
                "summary": "Live notes (staff).",
                "operationId": "listNotes",
                "parameters": [
                    doc_filter,
                    query_parameter("page", page_field, "Only this page's."),
                ],
                "responses": _staff({"200": _json("NoteList", "The notes.")}),
            },
            "post": {
                "summary": "A note on a page, optionally on a quoted passage (staff).",
                "operationId": "addNote",
                "requestBody": _body(
                    ["doc_id", "page", "text"],
                    {"doc_id": DOC_ID, "page": page_field, "text": STRING, "quote": STRING},
                ),
                "responses": _staff(
                    {
                        "201": _json("Note", "The new note."),
                        "400": _json("Error", "A field that cannot be used."),
                        "404": _json("Error", "No such document or page."),
                    }
                ),
            },
        },
        "/api/history": {
            "get": {
                "summary": "Changes to tags and notes, newest first (200 at most) (staff).",
                "operationId": "history",
                "parameters": [doc_filter],
                "responses": _staff({"200": _json("History", "The changes.")}),
            }
        },
        "/api/cite": _cite(),
    }

"""The OpenAPI description of issue 15's staff routes: corrections of a document's fields and
uploads to ingest (see webui.openapi for the rest)."""

from __future__ import annotations

from typing import Any

from webui.openapi_common import DOC_ID, NULLABLE_STRING, STRING, json_response as _json

_FIELD = {"type": "string", "enum": ["title", "date", "type", "source"]}
_COUNT = {"type": "integer", "minimum": 0}
_FILE_ERROR = {
    "type": "object",
    "required": ["file", "error"],
    "properties": {"file": STRING, "error": STRING},
}
_STAFF = {
    "401": _json("Error", "Not signed in."),
    "403": _json("Error", "Not a staff account."),
}


def intake_schemas() -> dict[str, Any]:
    """DocumentFields, CorrectionResult, IntakeStatus."""
    field_value = {
        "type": "object",
        "required": ["field", "value", "is_corrected", "original"],
        "properties": {
            "field": _FIELD,
            "value": NULLABLE_STRING,
            "is_corrected": {"type": "boolean"},
            "original": {**NULLABLE_STRING, "description": "What the file says, if corrected."},
            "corrected_by": NULLABLE_STRING,
            "corrected_at": NULLABLE_STRING,
        },
    }
    change = {
        "type": "object",
        "required": ["doc_id", "field", "value"],
        "properties": {
            "doc_id": DOC_ID,
            "field": _FIELD,
            "value": {**NULLABLE_STRING, "description": "null: the correction was cleared."},
            "corrected_by": STRING,
            "corrected_at": STRING,
        },
    }
    listed = {
        "type": "object",
        "required": ["file", "doc_id"],
        "properties": {"file": STRING, "doc_id": DOC_ID, "title": STRING},
    }
    result = {
        "type": ["object", "null"],
        "properties": {
            "added": {"type": "array", "items": listed},
            "updated": {"type": "array", "items": listed},
            "unchanged": _COUNT,
            "failed": {"type": "array", "items": _FILE_ERROR},
            "skipped": {"type": "array", "items": {"type": "object"}},
            "warnings": {"type": "array", "items": STRING},
            "pages": _COUNT,
            "ocr_pages": _COUNT,
        },
    }
    status = {
        "type": "object",
        "required": ["intake_id", "state", "files_done", "files_total", "pages", "ocr_pages"],
        "properties": {
            "intake_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"},
            "user": STRING,
            "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "position": {**_COUNT, "description": "Uploads ahead of it in the queue."},
            "waiting_for": NULLABLE_STRING,
            "files": {"type": "array", "items": STRING},
            "files_done": _COUNT,
            "files_total": _COUNT,
            "pages": _COUNT,
            "ocr_pages": _COUNT,
            "current": NULLABLE_STRING,
            "errors": {"type": "array", "items": _FILE_ERROR},
            "error": NULLABLE_STRING,
            "result": result,
            "status_url": STRING,
            "page_url": STRING,
        },
    }
    return {
        "DocumentFields": {
            "type": "object",
            "required": ["doc_id", "fields"],
            "properties": {"doc_id": DOC_ID, "fields": {"type": "array", "items": field_value}},
        },
        "CorrectionResult": {
            "type": "object",
            "required": ["doc_id", "changes", "is_indexed", "notice"],
            "properties": {
                "doc_id": DOC_ID,
                "changes": {"type": "array", "items": change},
                "is_indexed": {"type": "boolean"},
                "notice": NULLABLE_STRING,
            },
        },
        "IntakeStatus": status,
        "IntakeList": {
            "type": "object",
            "required": ["uploads"],
            "properties": {
                "uploads": {"type": "array", "items": {"$ref": "#/components/schemas/IntakeStatus"}}
            },
        },
    }


def intake_paths(doc_id: dict[str, Any]) -> dict[str, Any]:
    """/api/documents/{doc_id}/meta, /api/ingest, /api/ingest/{intake_id}."""
    intake_id = {
        "name": "intake_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"},
    }
    fields = {
        "type": "object",
        "minProperties": 1,
        "properties": {name: NULLABLE_STRING for name in _FIELD["enum"]},
        "additionalProperties": False,
    }
    return {
        "/api/documents/{doc_id}/meta": {
            "get": {
                "summary": "A document's title, date, type and source; a corrected one with"
                " what the file says.",
                "operationId": "getDocumentFields",
                "parameters": [doc_id],
                "responses": {
                    "200": _json("DocumentFields", "The fields."),
                    "404": _json("Error", "No such document."),
                },
            },
            "post": {
                "summary": "Correct fields of a document (staff, X-CSRFToken): a value sets"
                " the field, null or an empty string clears its correction. All or nothing.",
                "operationId": "correctDocument",
                "parameters": [doc_id],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": fields}},
                },
                "responses": {
                    "200": _json(
                        "CorrectionResult",
                        "The changes; `is_indexed` false while an ingest holds the index"
                        " (search shows them when it ends).",
                    ),
                    "400": _json("Error", "An unknown field, a bad value or CSRF token."),
                    **_STAFF,
                    "404": _json("Error", "No such document."),
                },
            },
        },
        "/api/ingest": {
            "get": {
                "summary": "Uploads waiting or running (oldest first), then the last ones"
                " finished (staff).",
                "operationId": "listUploads",
                "responses": {"200": _json("IntakeList", "The uploads."), **_STAFF},
            },
            "post": {
                "summary": "Upload files or ZIP archives to ingest in the background (staff,"
                " X-CSRFToken), one upload at a time.",
                "operationId": "uploadToIngest",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "files": {
                                        "type": "array",
                                        "items": {"type": "string", "format": "binary"},
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "202": {
                        **_json(
                            "IntakeStatus",
                            "Queued: ask `status_url` (also in Location) until `state` is done.",
                        ),
                        "headers": {"Location": {"schema": STRING}},
                    },
                    "400": _json(
                        "Error", "No file, too many files, a file too large, or a bad token."
                    ),
                    **_STAFF,
                    "409": _json("Error", "As many uploads wait as may (INGEST_MAX_WAITING)."),
                    "413": _json("Error", "The request is over INGEST_MAX_UPLOAD_BYTES."),
                },
            },
        },
        "/api/ingest/{intake_id}": {
            "get": {
                "summary": "Where an upload's ingest is: files, pages, OCR pages, errors;"
                " when done, what was added, updated and failed (staff).",
                "operationId": "uploadStatus",
                "parameters": [intake_id],
                "responses": {
                    "200": _json("IntakeStatus", "The upload's status."),
                    **_STAFF,
                    "404": _json("Error", "No such upload."),
                },
            },
        },
    }

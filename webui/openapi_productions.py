"""The OpenAPI description of the productions' JSON (issue 16): the list, one report, the
inconsistent redactions. The same JSON as `foia productions --json`, `foia production ID
--format json` and `foia redactions --json`."""

from __future__ import annotations

from typing import Any

from webui.openapi_common import DOC_ID, NULLABLE_STRING, STRING, json_response, query_parameter

INTEGER = {"type": "integer", "minimum": 0}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
_CITATION = {
    "type": "object",
    "required": ["text", "page", "bates", "url"],
    "properties": {
        "text": STRING,
        "page": NULLABLE_INTEGER,
        "bates": NULLABLE_STRING,
        "url": STRING,
    },
}
_PLACE = {
    "type": "object",
    "required": ["doc_id", "page", "bates"],
    "properties": {"doc_id": DOC_ID, "page": INTEGER, "bates": NULLABLE_STRING},
}
_EXEMPTIONS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["exemption", "pages", "redactions"],
        "properties": {"exemption": STRING, "pages": INTEGER, "redactions": INTEGER},
    },
}
_COUNTS = {name: INTEGER for name in ("documents", "pages", "whole", "redacted", "withheld", "ocr")}


def production_schemas() -> dict[str, Any]:
    production = {
        "type": "object",
        "required": ["production_id", "name", "release_date", *_COUNTS, "exemptions"],
        "properties": {
            "production_id": STRING,
            "name": STRING,
            "release": NULLABLE_STRING,
            "bates_prefix": NULLABLE_STRING,
            "folder": NULLABLE_STRING,
            "release_date": NULLABLE_STRING,
            "release_date_source": {"enum": ["manifest", "latest record"]},
            "date_first": NULLABLE_STRING,
            "date_last": NULLABLE_STRING,
            **_COUNTS,
            "exemptions": _EXEMPTIONS,
        },
    }
    gap = {
        "type": "object",
        "required": ["prefix", "first", "last", "count", "status", "before", "after"],
        "properties": {
            "prefix": STRING,
            "first": STRING,
            "last": STRING,
            "count": INTEGER,
            "status": {"enum": ["missing", "withheld"]},
            "shown_status": STRING,
            "before": _PLACE,
            "after": _PLACE,
            "slip_sheet": {"oneOf": [_PLACE, {"type": "null"}]},
            "citation": {"oneOf": [_CITATION, {"type": "null"}]},
        },
    }
    report = {
        "allOf": [{"$ref": "#/components/schemas/Production"}],
        "type": "object",
        "required": ["by_document", "gaps", "duplicate_pages", "bates_first", "bates_last"],
        "properties": {
            "bates_first": NULLABLE_STRING,
            "bates_last": NULLABLE_STRING,
            "by_document": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["doc_id", "pages", "citation"],
                    "properties": {"doc_id": DOC_ID, "citation": _CITATION},
                },
            },
            "gaps": {"type": "array", "items": gap},
            "duplicate_pages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["words", "pages"],
                    "properties": {"words": INTEGER, "pages": {"type": "array", "items": _PLACE}},
                },
            },
        },
    }
    side = {
        "type": "object",
        "required": [
            "doc_id",
            "page",
            "bates",
            "production",
            "release_date",
            "exemptions",
            "citation",
        ],
        "properties": {
            "doc_id": DOC_ID,
            "page": INTEGER,
            "bates": NULLABLE_STRING,
            "title": STRING,
            "production_id": NULLABLE_STRING,
            "production": NULLABLE_STRING,
            "release_date": NULLABLE_STRING,
            "exemptions": {"type": "array", "items": STRING},
            "citation": _CITATION,
        },
    }
    redactions = {
        "type": "object",
        "required": ["total", "redactions"],
        "properties": {
            "total": INTEGER,
            "redactions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["kind", "passage", "before", "after", "a", "b", "compare_url"],
                    "properties": {
                        "kind": {"enum": ["redacted_in_a", "redacted_in_b", "exemptions_differ"]},
                        "passage": STRING,
                        "before": STRING,
                        "after": STRING,
                        "a": side,
                        "b": side,
                        "compare_url": STRING,
                    },
                },
            },
        },
    }
    return {
        "Production": production,
        "Productions": {
            "type": "object",
            "required": ["productions", "documents_outside"],
            "properties": {
                "productions": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Production"},
                },
                "documents_outside": INTEGER,
            },
        },
        "ProductionReport": report,
        "Redactions": redactions,
    }


def production_paths() -> dict[str, Any]:
    production_id = {"name": "production_id", "in": "path", "required": True, "schema": STRING}
    filters = [
        query_parameter("exemption", STRING, "Only differences claiming this exemption (b6)."),
        query_parameter("production", STRING, "Only pairs with a copy in this production."),
    ]
    return {
        "/api/productions": {
            "get": {
                "summary": "The productions (releases) with their page and exemption counts.",
                "operationId": "listProductions",
                "responses": {"200": json_response("Productions", "The productions.")},
            }
        },
        "/api/productions/{production_id}": {
            "get": {
                "summary": "One production's report: counts, documents, Bates gaps, duplicates.",
                "operationId": "getProduction",
                "parameters": [production_id],
                "responses": {
                    "200": json_response("ProductionReport", "The report."),
                    "404": json_response("Error", "No such production."),
                },
            }
        },
        "/api/redactions": {
            "get": {
                "summary": "Inconsistent redactions between copies of a record, by release date.",
                "operationId": "listRedactions",
                "parameters": filters,
                "responses": {
                    "200": json_response("Redactions", "The differences."),
                    "400": json_response("Error", "An exemption that is none."),
                },
            }
        },
    }

"""The OpenAPI 3.1 description of the JSON API, written by hand (DESIGN.md is the contract)."""

from __future__ import annotations

from typing import Any

from indexer import (
    FILTER_FIELDS,
    MAX_LIMIT,
    MAX_OFFSET,
)
from webui.openapi_annotations import annotation_paths, annotation_schemas
from webui.openapi_common import (
    DOC_ID,
    DOCUMENT_FIELDS,
    NULLABLE_STRING,
    STRING,
    json_response as _json,
    query_parameter,
)
from webui.openapi_intake import intake_paths, intake_schemas
from webui.openapi_notes import note_paths, note_schemas
from webui.openapi_productions import production_paths, production_schemas
from webui.openapi_tools import tool_paths, tool_schemas

API_VERSION = "1.0.0"

_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}


def _query_parameters() -> list[dict[str, Any]]:
    described = {
        "q": "The query text, in the query language of the README (cut to 1000 characters,"
        " with a notice). A malformed query is searched as plain words, with a notice.",
        "from": "Earliest document date: 2010, 2010-05 or 2010-05-12.",
        "to": "Latest document date: 2010, 2010-05 or 2010-05-12.",
    }
    parameters = [query_parameter(name, STRING, text) for name, text in described.items()]
    parameters += [
        query_parameter(
            name,
            {"type": "string", "maxLength": 200},
            f"Only documents (or pages) whose {name} is this value (a facet label).",
        )
        for name in FILTER_FIELDS
    ]
    sorts = ["relevance", "date", "-date", "newest", "oldest"]
    parameters += [
        query_parameter("sort", {"type": "string", "enum": sorts, "default": "relevance"}),
        query_parameter(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10},
            "Documents per response; clamped to 1..100.",
        ),
        query_parameter(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            "Documents to skip; clamped to 0..10000. Wins over `page`.",
        ),
        query_parameter(
            "page",
            {"type": "integer", "minimum": 1, "default": 1},
            "1-based page of `limit` documents (when no offset is given).",
        ),
        query_parameter(
            "exact",
            {"type": "string", "enum": ["1", "0", "true", "false", "on", "off", "yes", "no"]},
            "Exact spelling only: no other spellings (numbers, numerals, citations, dockets,"
            " stamps, names) and no other word endings.",
        ),
    ]
    return parameters


def _empty_help_schema() -> dict[str, Any]:
    count = {"type": "integer", "minimum": 1}
    suggestion = {
        "type": "object",
        "required": ["query", "documents", "without_filters"],
        "properties": {
            "query": {"type": "string"},
            "documents": count,
            "without_filters": {"type": "boolean"},
        },
    }
    dropped = {
        "type": "object",
        "required": ["name", "value", "documents"],
        "properties": {"name": {"type": "string"}, "value": {"type": "string"}, "documents": count},
    }
    return {
        "type": "object",
        "description": "Spellings the index holds that find documents, filters whose removal"
        " finds documents, and typed words no record holds.",
        "required": ["suggestions", "drop_filters", "unknown_words"],
        "properties": {
            "suggestions": {"type": "array", "items": suggestion},
            "drop_filters": {"type": "array", "items": dropped},
            "unknown_words": {"type": "array", "items": {"type": "string"}},
        },
    }


def _schemas() -> dict[str, Any]:
    page_hit = {
        "type": "object",
        "required": ["page", "bates", "snippet", "url", "exemptions"],
        "properties": {
            "page": {"type": "integer", "minimum": 1},
            "bates": NULLABLE_STRING,
            "snippet": {"type": "string", "description": "HTML: hits in <mark>, the rest escaped."},
            "url": {"type": "string", "description": "Path of the page permalink."},
            "exemptions": {"type": "array", "items": {"type": "string"}},
        },
    }
    document_hit = {
        "type": "object",
        "required": [
            "doc_id",
            "title",
            "path",
            "type",
            "date",
            "source",
            "score",
            "pages",
            "duplicates",
        ],
        "properties": {
            **DOCUMENT_FIELDS,
            "date": NULLABLE_STRING,
            "source": NULLABLE_STRING,
            "release": NULLABLE_STRING,
            "score": {"type": "number"},
            "page_count": {"type": "integer"},
            "matching_pages": {"type": "integer"},
            "duplicates": {"type": "array", "items": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "pages": {"type": "array", "items": {"$ref": "#/components/schemas/PageHit"}},
        },
    }
    search_result = {
        "type": "object",
        "required": ["query", "notice", "total_documents", "total_pages", "documents", "facets"],
        "properties": {
            "query": {"type": "string"},
            "notice": NULLABLE_STRING,
            "total_documents": {"type": "integer"},
            "shown_documents": {
                "type": "integer",
                "description": "Documents listed over all result pages: one a group of copies.",
            },
            "folded_copies": {
                "type": "integer",
                "description": "Matching documents folded into a listed copy of the record.",
            },
            "total_pages": {"type": "integer"},
            "offset": {"type": "integer"},
            "limit": {"type": "integer"},
            "sort": {"type": "string"},
            "filters": {"type": "object", "additionalProperties": {"type": "string"}},
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentHit"}},
            "facets": {
                "type": "object",
                "additionalProperties": _COUNTS,
                "description": "Facet name -> label -> number of documents.",
            },
            "timeline": {**_COUNTS, "description": "YYYY-MM or YYYY -> number of documents."},
            "exact": {"type": "boolean", "description": "Whether expansions were off."},
            "expanded": {
                "type": "array",
                "description": "What was also matched: each typed word or phrase and the other"
                " spellings (held by the index) that were searched too.",
                "items": {
                    "type": "object",
                    "required": ["term", "also"],
                    "properties": {
                        "term": {"type": "string"},
                        "also": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "help": {
                "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/EmptyHelp"}],
                "description": "Only when nothing was found: what to try.",
            },
        },
    }
    page = {
        "type": "object",
        "required": ["page", "text", "bates", "exemptions", "ocr"],
        "properties": {
            "page": {"type": "integer"},
            "text": {"type": "string"},
            "bates": NULLABLE_STRING,
            "exemptions": {"type": "array", "items": {"type": "string"}},
            "ocr": {"type": "boolean"},
            "ocr_confidence": {"type": ["number", "null"]},
            "needs_ocr": {"type": "boolean"},
            "withheld": {"type": "boolean"},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    document = {
        "type": "object",
        "required": ["doc_id", "title", "path", "type", "pages"],
        "properties": {
            **DOCUMENT_FIELDS,
            "format": STRING,
            "date": NULLABLE_STRING,
            "source": NULLABLE_STRING,
            "url": NULLABLE_STRING,
            "release": NULLABLE_STRING,
            "sha256": {"type": "string"},
            "size": {"type": ["integer", "null"]},
            "page_count": {"type": "integer"},
            "bates_range": NULLABLE_STRING,
            "tags": {"type": "array"},
            "metadata": {"type": "object"},
            "pages": {"type": "array", "items": {"$ref": "#/components/schemas/Page"}},
            "attachments": {
                "type": "array",
                "items": {"type": "string"},
                "description": "doc_ids of an e-mail's attachments, each a document.",
            },
            "attached_to": {
                **NULLABLE_STRING,
                "description": "doc_id of the e-mail this document came attached to.",
            },
        },
    }
    error = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
    return {
        "PageHit": page_hit,
        "DocumentHit": document_hit,
        "SearchResult": search_result,
        "EmptyHelp": _empty_help_schema(),
        "Page": page,
        "Document": document,
        "Error": error,
        **tool_schemas(),
        **intake_schemas(),
        **annotation_schemas(),
        **production_schemas(),
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with `server_url` as the one server."""
    doc_id = {"name": "doc_id", "in": "path", "required": True, "schema": DOC_ID}
    page = {
        "name": "page",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
    not_found = _json("Error", "No such document or page.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "foia-search API",
            "version": API_VERSION,
            "description": "Search released FOIA records page by page. The JSON is the "
            "same as `foia search --json`, `foia show --json`, `foia find-quote --json` and "
            "`foia similar --json`.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search: documents best first, their matching pages, facets.",
                    "operationId": "search",
                    "parameters": _query_parameters(),
                    "responses": {
                        "200": _json("SearchResult", "The search result."),
                        "400": _json("Error", "A parameter cannot be used."),
                    },
                }
            },
            "/api/documents/{doc_id}": {
                "get": {
                    "summary": "A document's metadata and the text of every page.",
                    "operationId": "getDocument",
                    "parameters": [doc_id],
                    "responses": {"200": _json("Document", "The document."), "404": not_found},
                }
            },
            "/api/documents/{doc_id}/pages/{page}": {
                "get": {
                    "summary": "A document's metadata and the text of one page.",
                    "operationId": "getDocumentPage",
                    "parameters": [doc_id, page],
                    "responses": {
                        "200": _json("Document", "The document with that page only."),
                        "404": not_found,
                    },
                }
            },
            **tool_paths(doc_id),
            **intake_paths(doc_id),
            **annotation_paths(),
            **production_paths(),
            **note_paths(),
        },
        "components": {"schemas": {**_schemas(), **note_schemas()}},
    }

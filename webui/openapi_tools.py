"""The OpenAPI description of the investigator tools' routes: quote finder, more like this,
batch search (see webui.openapi for the rest)."""

from __future__ import annotations

from typing import Any

from webui.openapi_common import (
    DOC_ID,
    DOCUMENT_FIELDS,
    NULLABLE_STRING,
    STRING,
    json_response as _json,
    query_parameter,
)


def tool_schemas() -> dict[str, Any]:
    """The investigator tools: quote finder, more like this, batch search."""
    html = {"type": "string", "description": "HTML: matches in <mark>, the rest escaped."}
    quote_match = {
        "type": "object",
        "required": ["doc_id", "page", "page_end", "score", "title", "url", "snippet"],
        "properties": {
            "doc_id": DOC_ID,
            "page": {"type": "integer", "minimum": 1},
            "page_end": {
                "type": "integer",
                "minimum": 1,
                "description": "The page the passage ends on: `page` + 1 when it runs over"
                " a page break, else `page`.",
            },
            "score": {"type": "number", "description": "Share of the passage's words, in order."},
            "title": {"type": "string"},
            "path": {"type": "string"},
            "bates": NULLABLE_STRING,
            "url": {"type": "string", "description": "Path of the page permalink."},
            "snippet": html,
            "marks": {
                "type": "array",
                "description": "The characters of each page's text the passage matched: the "
                "page view marks them with `?mark=START-END`.",
                "items": {
                    "type": "object",
                    "required": ["page", "start", "end"],
                    "properties": {
                        "page": {"type": "integer", "minimum": 1},
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    }
    quote_result = {
        "type": "object",
        "required": ["notice", "words", "matches"],
        "properties": {
            "notice": {
                **NULLABLE_STRING,
                "description": "Set when the passage was cut (over 5,000 characters) or too"
                " short to look for.",
            },
            "words": {"type": "integer"},
            "matches": {"type": "array", "items": {"$ref": "#/components/schemas/QuoteMatch"}},
        },
    }
    similar_document = {
        "type": "object",
        "required": ["doc_id", "title", "type", "date", "score", "page", "url", "snippet"],
        "properties": {
            **DOCUMENT_FIELDS,
            "date": NULLABLE_STRING,
            "score": {"type": "number"},
            "page": {"type": "integer", "minimum": 1},
            "url": {"type": "string"},
            "snippet": html,
        },
    }
    similar_result = {
        "type": "object",
        "required": ["doc_id", "page", "terms", "documents"],
        "properties": {
            "doc_id": DOC_ID,
            "page": {"type": ["integer", "null"]},
            "terms": {"type": "array", "items": {"type": "string"}},
            "documents": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/SimilarDocument"},
            },
        },
    }
    batch_row = {
        "type": "object",
        "required": ["doc_id", "page", "bates", "title", "snippet", "url"],
        "properties": {
            "doc_id": DOC_ID,
            "page": {"type": "integer", "minimum": 1},
            "bates": NULLABLE_STRING,
            "title": {"type": "string", "description": "The document's title."},
            "snippet": html,
            "url": {"type": "string", "description": "Absolute permalink of the page."},
        },
    }
    batch_query = {
        "type": "object",
        "required": ["line", "label", "query", "total_documents", "total_pages", "rows"],
        "properties": {
            "line": {"type": "integer", "minimum": 1},
            "label": {"type": "string"},
            "query": {"type": "string"},
            "notice": NULLABLE_STRING,
            "total_documents": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "is_truncated": {"type": "boolean"},
            "rows": {"type": "array", "items": {"$ref": "#/components/schemas/BatchRow"}},
        },
    }
    batch_problem = {
        "type": "object",
        "required": ["line", "kind", "message"],
        "properties": {
            "line": {"type": "integer", "minimum": 1},
            "kind": {
                "type": "string",
                "enum": ["error", "notice"],
                "description": "error: the line did not run; notice: it ran, with this note.",
            },
            "message": {"type": "string"},
        },
    }
    batch_report = {
        "type": "object",
        "required": ["encoding", "total_rows", "problems", "queries"],
        "properties": {
            "encoding": {"type": "string"},
            "seconds": {"type": "number"},
            "total_rows": {"type": "integer"},
            "problems": {"type": "array", "items": {"$ref": "#/components/schemas/BatchProblem"}},
            "queries": {"type": "array", "items": {"$ref": "#/components/schemas/BatchQuery"}},
        },
    }
    batch_status = {
        "type": "object",
        "required": ["batch_id", "state", "done", "total", "status_url", "summary_url"],
        "properties": {
            "batch_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"},
            "state": {
                "type": "string",
                "enum": ["queued", "running", "done", "failed"],
                "description": "queued: waiting for its turn (two batches run at a time);"
                " failed: `error` says why, and the web page offers to run it again.",
            },
            "done": {"type": "integer", "description": "Query lines run so far."},
            "total": {"type": "integer", "description": "Query lines in the terms."},
            "error": NULLABLE_STRING,
            "status_url": {"type": "string", "description": "This status: ask it again."},
            "summary_url": {"type": "string", "description": "The batch's page on the web."},
            "rows_json_url": {
                "type": "string",
                "description": "Once done: the report with its rows (a BatchReport), kept for"
                " a week, never run again.",
            },
            "rows_csv_url": {"type": "string", "description": "Once done: the rows as CSV."},
        },
    }
    return {
        "BatchStatus": batch_status,
        "QuoteMatch": quote_match,
        "QuoteResult": quote_result,
        "SimilarDocument": similar_document,
        "SimilarResult": similar_result,
        "BatchRow": batch_row,
        "BatchQuery": batch_query,
        "BatchProblem": batch_problem,
        "BatchReport": batch_report,
    }


def _number_parameter(name: str, description: str, default: int, high: int) -> dict[str, Any]:
    schema = {"type": "integer", "minimum": 1, "maximum": high, "default": default}
    return query_parameter(name, schema, description)


def tool_paths(doc_id: dict[str, Any]) -> dict[str, Any]:
    """The investigator tools' routes."""
    passage = {
        "type": "object",
        "required": ["q"],
        "properties": {"q": {"type": "string", "description": "The pasted passage."}},
    }
    quote_limit = _number_parameter("limit", "Pages returned at most.", 5, 50)
    quote_responses = {
        "200": _json("QuoteResult", "The pages the passage came from, best first."),
        "400": _json("Error", "No passage, or a parameter that cannot be used."),
        "413": _json("Error", "The request is over 1 MB."),
    }
    terms_body = {
        "type": "object",
        "properties": {
            "terms": {"type": "string", "description": "One query a line (label<TAB>query)."},
            "queries": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "/api/find-quote": {
            "get": {
                "summary": "Quote finder: the pages a (short) passage came from.",
                "operationId": "findQuote",
                "parameters": [
                    query_parameter("q", STRING, "The passage; POST a long one.", required=True),
                    quote_limit,
                ],
                "responses": quote_responses,
            },
            "post": {
                "summary": "Quote finder: the pages a pasted passage came from, even with OCR"
                " noise or a page break in it. Passages over 5,000 characters are cut, with a"
                " notice. No account or CSRF token needed: it changes nothing.",
                "operationId": "findQuotePosted",
                "parameters": [quote_limit],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": passage},
                        "application/x-www-form-urlencoded": {"schema": passage},
                    },
                },
                "responses": quote_responses,
            },
        },
        "/api/documents/{doc_id}/similar": {
            "get": {
                "summary": "More like this: the documents most like a document (or one of its"
                " pages), its own near-duplicate copies left out.",
                "operationId": "similarDocuments",
                "parameters": [
                    doc_id,
                    query_parameter(
                        "page", {"type": "integer", "minimum": 1}, "Like this page only."
                    ),
                    _number_parameter("limit", "Documents returned at most.", 10, 50),
                ],
                "responses": {
                    "200": _json("SimilarResult", "The most similar documents, best first."),
                    "400": _json("Error", "page or limit is not a number."),
                    "404": _json("Error", "No such document or page."),
                },
            },
        },
        "/api/batch": {
            "post": {
                "summary": "Batch search (staff): every query of a terms file, a row per"
                " matching page. Needs a staff session and its CSRF token (X-CSRFToken)."
                " Up to 100 query lines run at once, for at most 20 s (lines left are"
                " reported in `problems`); more run in the background: 202 and their status.",
                "operationId": "batchSearch",
                "parameters": [
                    query_parameter(
                        "format", {"type": "string", "enum": ["json", "csv"], "default": "json"}
                    )
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": terms_body},
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {"terms": {"type": "string", "format": "binary"}},
                            }
                        },
                        "text/plain": {"schema": {"type": "string"}},
                    },
                },
                "responses": {
                    "200": {
                        "description": "The report (JSON), or the rows as CSV with format=csv;"
                        " bad lines are listed in `problems` with their numbers.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/BatchReport"}
                            },
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "202": {
                        **_json(
                            "BatchStatus",
                            "Over 100 query lines: the batch was started in the background."
                            " Ask `status_url` (also in the Location header) until `state` is"
                            " done, then fetch `rows_json_url` or `rows_csv_url`.",
                        ),
                        "headers": {"Location": {"schema": {"type": "string"}}},
                    },
                    "400": _json("Error", "No query was sent, or a bad CSRF token."),
                    "401": _json("Error", "Not signed in."),
                    "403": _json("Error", "Not a staff account."),
                    "409": _json(
                        "Error",
                        "A background batch, but the account keeps 20 batches or 100 MB"
                        " already: delete one on /batch.",
                    ),
                    "413": _json("Error", "The terms are over 10 MB."),
                },
            },
        },
        "/api/batch/{batch_id}": {
            "get": {
                "summary": "Where a batch of this account is: lines done of total, and its"
                " URLs (staff).",
                "operationId": "batchStatus",
                "parameters": [
                    {
                        "name": "batch_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"},
                    }
                ],
                "responses": {
                    "200": _json("BatchStatus", "The batch's status."),
                    "401": _json("Error", "Not signed in."),
                    "403": _json("Error", "Not a staff account."),
                    "404": _json("Error", "No such batch of this account (kept a week)."),
                },
            },
        },
    }

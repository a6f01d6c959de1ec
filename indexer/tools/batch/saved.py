"""A batch report kept as JSON, so that its summary and downloads read it instead of running
the queries again: the counts, problems and page keys of each query, never page texts (rows
read those from the store when they are written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from indexer.store.database import Store
from indexer.store.files import write_atomically
from indexer.text.highlight import HighlightTerms
from indexer.tools.batch.run import BatchReport
from indexer.tools.batch.terms import BatchProblem, BatchQuery

FORMAT_VERSION = 1


def _query_json(query: BatchQuery) -> dict[str, Any]:
    return {
        "line": query.line,
        "label": query.label,
        "query": query.query,
        "notice": query.notice,
        "total_documents": query.total_documents,
        "total_pages": query.total_pages,
        "pages": [[doc_id, page] for doc_id, page in query.pages],
        "terms": {
            "exact": sorted(query.terms.exact),
            "stems": sorted(query.terms.stems),
            "phrases": sorted(list(phrase) for phrase in query.terms.phrases),
        },
    }


def _query(data: dict[str, Any]) -> BatchQuery:
    terms = data["terms"]
    return BatchQuery(
        line=int(data["line"]),
        label=str(data["label"]),
        query=str(data["query"]),
        notice=data["notice"],
        total_documents=int(data["total_documents"]),
        total_pages=int(data["total_pages"]),
        pages=tuple((str(doc_id), int(page)) for doc_id, page in data["pages"]),
        terms=HighlightTerms(
            frozenset(terms["exact"]),
            frozenset(terms["stems"]),
            frozenset(tuple(phrase) for phrase in terms["phrases"]),
        ),
    )


def save_report(report: BatchReport, path: Path) -> None:
    """Write `report` to `path` in one step (a reader sees the old file or the whole new one)."""
    data = {
        "version": FORMAT_VERSION,
        "encoding": report.encoding,
        "seconds": report.seconds,
        "problems": [
            {"line": p.line, "message": p.message, "is_error": p.is_error} for p in report.problems
        ],
        "queries": [_query_json(query) for query in report.queries],
    }
    write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def load_report(path: Path, store: Store) -> BatchReport | None:
    """The report kept at `path`, its rows to be read from `store`; None when there is none
    or it cannot be read."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != FORMAT_VERSION:
            return None
        problems = [
            BatchProblem(int(p["line"]), str(p["message"]), bool(p["is_error"]))
            for p in data["problems"]
        ]
        queries = [_query(query) for query in data["queries"]]
        return BatchReport(
            store,
            queries=queries,
            problems=problems,
            encoding=str(data["encoding"]),
            seconds=float(data["seconds"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None

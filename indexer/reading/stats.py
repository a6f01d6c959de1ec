"""The corpus at a glance: documents and pages by type, source, year, exemption; OCR share."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from indexer.extractors.ocr import LOW_CONFIDENCE
from indexer.search.engine import Engine
from indexer.store.database import Store


def _grouped(store: Store, expression: str) -> dict[str, int]:
    rows = store.query(
        f"SELECT {expression} AS label, count(*) AS n FROM documents GROUP BY label"
        " ORDER BY n DESC, label"
    )
    return {str(row["label"]): int(row["n"]) for row in rows}


def corpus_stats(store: Store, engine: Engine) -> dict[str, Any]:
    """Counts over everything ingested, from SQLite (the index is only measured for size)."""
    totals = store.query(
        "SELECT count(*) AS pages, coalesce(sum(ocr), 0) AS ocr_pages,"
        " coalesce(sum(needs_ocr), 0) AS unread, coalesce(sum(is_withheld), 0) AS withheld,"
        " coalesce(sum(ocr = 1 AND ocr_confidence < ?), 0) AS low,"
        " count(bates) AS bates FROM pages",
        (LOW_CONFIDENCE,),
    )[0]
    exemptions: Counter[str] = Counter()
    for row in store.query("SELECT exemptions FROM pages WHERE exemptions != '{}'"):
        for label, count in json.loads(row["exemptions"]).items():
            exemptions[label] += int(count)
    documents = int(store.query("SELECT count(*) FROM documents")[0][0])
    pages = int(totals["pages"])
    return {
        "documents": documents,
        "pages": pages,
        "ocr_pages": int(totals["ocr_pages"]),
        "ocr_share": round(int(totals["ocr_pages"]) / pages, 4) if pages else 0.0,
        "ocr_low_confidence_pages": int(totals["low"]),
        "pages_needing_ocr": int(totals["unread"]),
        "withheld_pages": int(totals["withheld"]),
        "bates_pages": int(totals["bates"]),
        "by_type": _grouped(store, "coalesce(type, format)"),
        "by_source": _grouped(store, "coalesce(source, 'unknown')"),
        "by_year": _grouped(store, "coalesce(substr(date, 1, 4), 'undated')"),
        "by_format": _grouped(store, "format"),
        "by_exemption": dict(exemptions.most_common()),
        "index_bytes": engine.size_bytes(),
        "index_outdated": engine.is_outdated(),
    }

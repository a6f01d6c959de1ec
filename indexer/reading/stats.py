"""The corpus at a glance: documents and pages by type, source, year, exemption; OCR share.

Only documents search can find are counted: one an ingest saved but has not committed to the
index yet (or never will: it was stopped) is left out, so `stats`, `list` and search agree.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from indexer.extractors.ocr import LOW_CONFIDENCE
from indexer.search.engine import Engine
from indexer.search.presence import unsearchable_doc_ids
from indexer.store.database import Store

# A Whoosh home past this many pages is told about the tantivy engine, with the speed-up
# measured on the benchmark's 100,000-page corpus, both engines in one run on a quiet machine
# (bench/RESULTS.md, "Two engines" and "Ingest with tantivy").
HINT_PAGES = 30_000
MEASURED_SPEEDUP = "searches 9x faster at the 95th percentile, more like this 65x, ingest 5.8x"

# Leaves out the doc_ids of a JSON list (the documents search cannot find).
_SEARCHABLE = "doc_id NOT IN (SELECT value FROM json_each(?))"


def _grouped(store: Store, expression: str, hidden: str) -> dict[str, int]:
    rows = store.query(
        f"SELECT {expression} AS label, count(*) AS n FROM documents WHERE {_SEARCHABLE}"
        " GROUP BY label ORDER BY n DESC, label",
        (hidden,),
    )
    return {str(row["label"]): int(row["n"]) for row in rows}


def corpus_stats(store: Store, engine: Engine) -> dict[str, Any]:
    """Counts over every document search can find, from SQLite (the index is asked only
    about documents not yet marked indexed, and measured for size)."""
    hidden = json.dumps(sorted(unsearchable_doc_ids(store, engine)))
    totals = store.query(
        "SELECT count(*) AS pages, coalesce(sum(ocr), 0) AS ocr_pages,"
        " coalesce(sum(needs_ocr), 0) AS unread, coalesce(sum(is_withheld), 0) AS withheld,"
        " coalesce(sum(ocr = 1 AND ocr_confidence < ?), 0) AS low,"
        f" count(bates) AS bates FROM pages WHERE {_SEARCHABLE}",
        (LOW_CONFIDENCE, hidden),
    )[0]
    exemptions: Counter[str] = Counter()
    for row in store.query(
        f"SELECT exemptions FROM pages WHERE exemptions != '{{}}' AND {_SEARCHABLE}", (hidden,)
    ):
        for label, count in json.loads(row["exemptions"]).items():
            exemptions[label] += int(count)
    documents = int(
        store.query(f"SELECT count(*) FROM documents WHERE {_SEARCHABLE}", (hidden,))[0][0]
    )
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
        "by_type": _grouped(store, "coalesce(type, format)", hidden),
        "by_source": _grouped(store, "coalesce(source, 'unknown')", hidden),
        "by_year": _grouped(store, "coalesce(substr(date, 1, 4), 'undated')", hidden),
        "by_format": _grouped(store, "format", hidden),
        "by_exemption": dict(exemptions.most_common()),
        "index_bytes": engine.size_bytes(),
        "index_outdated": engine.is_outdated(),
        "engine": engine.name,
        "engine_hint": engine_hint(engine.name, pages),
    }


def engine_hint(engine_name: str, pages: int) -> str | None:
    """One line for a Whoosh home of more than HINT_PAGES pages: switch, and what it gains."""
    if engine_name != "whoosh" or pages <= HINT_PAGES:
        return None
    return (
        f"{pages:,} pages on the Whoosh engine: `foia reindex --engine tantivy` converts this"
        f" home to tantivy (at 100,000 pages: {MEASURED_SPEEDUP}; bench/RESULTS.md)."
    )


def engine_hint_for(store: Store, engine: Engine) -> str | None:
    """The hint of `engine_hint` for the pages stored in `store`."""
    pages = int(store.query("SELECT count(*) FROM pages")[0][0])
    return engine_hint(engine.name, pages)

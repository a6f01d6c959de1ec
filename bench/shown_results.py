"""What every benchmark query shows on one home, written as JSON lines to compare two commits.

    FOIA_BENCH_CODE=/path/to/worktree-A python bench/shown_results.py --home H --out a.jsonl
    FOIA_BENCH_CODE=/path/to/worktree-B python bench/shown_results.py --home H --out b.jsonl
    cmp a.jsonl b.jsonl

For each query (top 10 documents): the totals, each document's shown pages with their snippets
(hits in <mark>), and the hit spans of each shown page's whole text, which the page view marks
and the page image boxes. A change meant to make search cheaper without changing what it
shows must leave the two files identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CODE_DIR, REPO_DIR  # noqa: E402
from query_set import read_queries  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from indexer.engines import open_engine  # noqa: E402
from indexer.search.service import SearchRequest, highlight_terms_for, search  # noqa: E402
from indexer.store.database import Store  # noqa: E402
from indexer.text.highlight import hit_spans  # noqa: E402

DEFAULT_QUERIES = REPO_DIR / "bench" / "queries.txt"


def shown(text: str, engine: Any, store: Store) -> dict[str, Any]:
    """The totals, snippets and whole-page hit spans `text` shows."""
    result = search(engine, store, SearchRequest(text, limit=10))
    terms = highlight_terms_for(engine, text, store)
    documents = []
    for document in result.documents:
        numbers = [page.page for page in document.pages]
        texts = store.page_texts(document.doc_id, numbers)
        pages = [
            [page.page, page.snippet, hit_spans(texts.get(page.page, ""), terms)]
            for page in document.pages
        ]
        documents.append([document.doc_id, pages])
    return {
        "query": text,
        "totals": [result.total_documents, result.total_pages],
        "documents": documents,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--engine", help="the engine to open (default: the home's)")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    engine = open_engine(args.home, args.engine) if args.engine else open_engine(args.home)
    store = Store(args.home)
    with args.out.open("w", encoding="utf-8") as out:
        for query in read_queries(args.queries):
            found = shown(query.text, engine, store)
            out.write(json.dumps(found, ensure_ascii=False) + "\n")
    engine.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

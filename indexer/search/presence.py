"""Which stored documents the index holds, so that `list`, `stats` and search agree.

An ingest saves a document in SQLite before its pages reach the index, and marks it indexed
after the index commit that holds them. In between (and after an ingest killed there) SQLite
knows documents that search cannot find yet: only those saved since the last commit, so the
index is asked about those few, never about the whole corpus.
"""

from __future__ import annotations

from collections.abc import Collection

from indexer.search.engine import Engine, IndexNotBuiltError, SchemaOutdatedError
from indexer.search.index_query import AnyOf, Term
from indexer.store.database import Store

# Doc_ids asked about in one query (an ingest leaves at most a commit's worth unmarked).
_BATCH = 500


def indexed_among(engine: Engine, doc_ids: Collection[str]) -> set[str]:
    """The doc_ids of `doc_ids` that have pages in the index as last committed.

    Raises SchemaOutdatedError when the index was built by another version.
    """
    wanted = sorted(set(doc_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        query = AnyOf(tuple(Term("doc_id", doc_id) for doc_id in batch))
        try:
            found.update(engine.match(query, scored=False).pages_per_doc)
        except IndexNotBuiltError:
            return set()
    return found


def unsearchable_doc_ids(store: Store, engine: Engine) -> set[str]:
    """Stored documents that search cannot find: saved by an ingest that has not committed
    them to the index (yet, or ever: it was stopped). Usually none."""
    rows = store.query("SELECT doc_id FROM documents WHERE is_indexed = 0")
    pending = {str(row[0]) for row in rows}
    if not pending:
        return set()
    try:
        return pending - indexed_among(engine, pending)
    except SchemaOutdatedError:  # no search works until `foia reindex`: none is findable
        return pending

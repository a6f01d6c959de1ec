"""The documents `foia list` shows: every stored document that search can find."""

from __future__ import annotations

from typing import Any

from indexer.search.engine import Engine
from indexer.search.presence import unsearchable_doc_ids
from indexer.store.database import Store


def list_documents(store: Store, engine: Engine) -> list[dict[str, Any]]:
    """Every searchable document's summary, ordered by path (the JSON of `foia list`).

    A document an ingest saved but has not committed to the index (yet, or ever: it was
    stopped) is left out, as `foia stats` leaves it out: both agree with search.
    """
    hidden = unsearchable_doc_ids(store, engine)
    return [row for row in store.list_documents() if row["doc_id"] not in hidden]

"""The Whoosh schema of the fields that indexer.search.fields gives each page."""

from __future__ import annotations

from typing import Any

from whoosh import fields

from indexer.engines.whoosh.analysis import exact_analyzer, stemmed_analyzer
from indexer.search.fields import DOCUMENT_LABELS, FACET_FIELDS, PEOPLE_FIELDS


def build_schema() -> fields.Schema:
    """The index schema. Page text is stored in SQLite, not here: only keys are stored."""
    stemmed = stemmed_analyzer()
    exact = exact_analyzer()
    label = {"lowercase": True, "commas": True, "sortable": True, "scorable": False}
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),
        doc_id=fields.ID(stored=True, sortable=True),
        page=fields.NUMERIC(int, stored=True, sortable=True),
        body=fields.TEXT(analyzer=stemmed, phrase=False),
        exact=fields.TEXT(analyzer=exact, phrase=True),
        title=fields.TEXT(analyzer=stemmed, phrase=True),
        # The title again on page 1 only: plain words that match a title point at its first
        # page, not at every page of the document.
        lead_title=fields.TEXT(analyzer=stemmed, phrase=False, field_boost=2.0),
        subject=fields.TEXT(analyzer=stemmed, phrase=True),
        path=fields.TEXT(analyzer=exact, phrase=True),
        date=fields.NUMERIC(int, sortable=True, signed=False, default=0),
        bates=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        dup=fields.ID(stored=True, sortable=True),
        **{name: fields.KEYWORD(**label) for name in FACET_FIELDS},
        **{name: fields.TEXT(analyzer=exact, phrase=True) for name in PEOPLE_FIELDS},
    )


def whoosh_document(values: dict[str, Any]) -> dict[str, Any]:
    """The page fields as Whoosh's add_document takes them: a field of DOCUMENT_LABELS
    indexes the page's terms and keeps its document's labels in its column (`_stored_`)."""
    document = dict(values)
    for name, labels_name in DOCUMENT_LABELS.items():
        labels = document.pop(labels_name, "")
        if labels or name in document:
            document.setdefault(name, "")
            document[f"_stored_{name}"] = labels
    return document

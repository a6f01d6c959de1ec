"""Read-only queries over live tags and notes that search needs: labels in use, the labels of
documents, the pages a label or a note's words name, every tag for the facet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.store.annotation_rows import label_key
from indexer.store.database import Store


@dataclass(frozen=True)
class TaggedPlace:
    """Where a live tag sits: a whole document (page None) or one page."""

    doc_id: str
    page: int | None
    label: str
    label_key: str


def tag_labels(store: Store, prefix: str = "", limit: int = 20) -> list[tuple[str, int]]:
    """Labels in use starting with `prefix` (any case), the most used first, with how many
    tags carry each: for autocomplete and the facet."""
    escaped = label_key(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = store.query(
        "SELECT min(label) AS label, count(*) AS uses FROM tags WHERE removed_at IS NULL"
        " AND label_key LIKE ? ESCAPE '\\' GROUP BY label_key ORDER BY uses DESC, label_key"
        " LIMIT ?",
        (escaped + "%", limit),
    )
    return [(row["label"], int(row["uses"])) for row in rows]


def document_tags(store: Store, doc_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The labels on each document, on itself or on any of its pages, sorted."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    rows = store.query(
        "SELECT DISTINCT doc_id, label, label_key FROM tags WHERE removed_at IS NULL"
        f" AND doc_id IN ({marks}) ORDER BY doc_id, label_key",
        tuple(doc_ids),
    )
    labels: dict[str, tuple[str, ...]] = {}
    for row in rows:
        labels[row["doc_id"]] = (*labels.get(row["doc_id"], ()), row["label"])
    return labels


def places_labelled(store: Store, text: str) -> list[tuple[str, int | None]]:
    """(doc_id, page or None for the whole document) of every live tag labelled `text`
    (any case; * and ? as wildcards)."""
    is_pattern = "*" in text or "?" in text
    pattern = label_key(text).replace("[", "[[]") if is_pattern else label_key(text)
    rows = store.query(
        "SELECT doc_id, page FROM tags WHERE removed_at IS NULL AND label_key "
        + ("GLOB ?" if is_pattern else "= ?"),
        (pattern,),
    )
    return [(row["doc_id"], row["page"]) for row in rows]


def places_noted(store: Store, needle: str) -> list[tuple[str, int | None]]:
    """(doc_id, page) of every live note (its text or quote) and tagged item whose note
    contains `needle`, which is already folded (case and spacing)."""
    rows = store.query(
        "SELECT doc_id, page, text || ' ' || coalesce(quote, '') AS body FROM notes"
        " WHERE removed_at IS NULL UNION ALL"
        " SELECT doc_id, page, note AS body FROM tags WHERE removed_at IS NULL"
        " AND note IS NOT NULL"
    )
    return [
        (row["doc_id"], row["page"])
        for row in rows
        if needle in " ".join(row["body"].split()).casefold()
    ]


def live_tags(store: Store) -> list[TaggedPlace]:
    """Every live tag with where it sits."""
    rows = store.query("SELECT doc_id, page, label, label_key FROM tags WHERE removed_at IS NULL")
    return [TaggedPlace(row["doc_id"], row["page"], row["label"], row["label_key"]) for row in rows]

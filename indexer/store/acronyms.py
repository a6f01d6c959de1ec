"""The acronyms each stored document defines (`indexer.enrich.acronyms`), learned for search.

Filled when a document is saved (ingest, `foia reindex`), from its `acronyms` metadata, and
dropped with the document. Search reads the pairs of every document as one list of learned
classes: a page that prints only "OPLA" is found by "Office of the Principal Legal Advisor"
when any record spells it out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indexer.store.connection import Database
from indexer.text.terms import fold

# Each document's acronyms beyond this many are left out: a record that "defines" thousands
# is a glossary or noise, and every search reads them all.
MAX_PER_DOCUMENT = 200


@dataclass(frozen=True)
class LearnedAcronym:
    """An acronym and its long form, as the first document (by path) that defines it prints
    them, with every document that defines it so."""

    acronym: str
    long_form: str
    doc_ids: tuple[str, ...]
    paths: tuple[str, ...]


def defined_acronyms(metadata: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (acronym, long form) pairs a document's metadata holds; anything else is ignored
    (a sidecar may set `acronyms` to what it likes)."""
    value = metadata.get("acronyms")
    if not isinstance(value, Mapping):
        return []
    pairs = [
        (acronym.strip(), long_form.strip())
        for acronym, long_form in value.items()
        if isinstance(acronym, str) and isinstance(long_form, str)
    ]
    return [(a, b) for a, b in pairs if a and b][:MAX_PER_DOCUMENT]


def replace_acronyms(db: sqlite3.Connection, doc_id: str, metadata: Mapping[str, Any]) -> None:
    """Within a write transaction: the document's acronyms are those of its metadata."""
    db.execute("DELETE FROM acronyms WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT INTO acronyms (doc_id, acronym, long_form) VALUES (?, ?, ?)",
        [(doc_id, acronym, long_form) for acronym, long_form in defined_acronyms(metadata)],
    )


def acronyms_version(store: Database) -> tuple[int, int]:
    """Changes whenever a learned acronym is added or dropped: (rows, highest row id). Row
    ids are never reused (AUTOINCREMENT), so an insert raises the second, a delete alone
    lowers the first."""
    row = store.query("SELECT count(*), coalesce(max(acronym_id), 0) FROM acronyms")[0]
    return int(row[0]), int(row[1])


def learned_acronyms(store: Database) -> list[LearnedAcronym]:
    """Every (acronym, long form) the stored documents define, folded case and spacing
    alike counted as one, ordered by acronym then long form."""
    rows = store.query(
        "SELECT a.acronym, a.long_form, a.doc_id, d.path FROM acronyms a"
        " JOIN documents d ON d.doc_id = a.doc_id ORDER BY d.path, a.acronym_id"
    )
    found: dict[tuple[str, str], LearnedAcronym] = {}
    for row in rows:
        key = (fold(row["acronym"]), fold(" ".join(row["long_form"].split())))
        known = found.get(key)
        if known is None:
            found[key] = LearnedAcronym(
                row["acronym"], row["long_form"], (row["doc_id"],), (row["path"],)
            )
        elif row["doc_id"] not in known.doc_ids:
            found[key] = LearnedAcronym(
                known.acronym,
                known.long_form,
                (*known.doc_ids, row["doc_id"]),
                (*known.paths, row["path"]),
            )
    return [found[key] for key in sorted(found)]


__all__ = [
    "MAX_PER_DOCUMENT",
    "LearnedAcronym",
    "acronyms_version",
    "defined_acronyms",
    "learned_acronyms",
    "replace_acronyms",
]

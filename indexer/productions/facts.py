"""What the reports know of each page: Bates number, exemptions, withheld, OCR, redaction marks
and a fingerprint of its words, read from the store in bulk.

The text-derived facts (words, fingerprint, redaction marks) cost a pass over the page text:
they are computed on first use and kept in the `page_facts` table for the extraction they
came from, so a report over 30,000 pages reads rows, not texts, from its second view on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from indexer.enrich.fingerprint_text import without_stamp
from indexer.store.database import Store

# Pages with fewer words (blank pages, slip sheets, covers) are never called duplicates.
MIN_DUPLICATE_WORDS = 20
_CHUNK = 500
_WORD = re.compile(r"\w+")
# What a redaction leaves besides an exemption label (the labels are counted from the page's
# stored exemptions, which leave statute citations such as 1346(b)(1) out): black boxes,
# "[REDACTED]", REDACTED in capitals.
_MARKS = re.compile(r"[█■▇▆▅▀▄▌▐]{2,}|\[\s*redacted\s*\]|(?-i:\bREDACTED\b)", re.IGNORECASE)
# Part of the `sha256` column: facts computed by other rules are computed again.
FACTS_VERSION = "1"


@dataclass(frozen=True)
class PageFacts:
    """One page as the reports count it."""

    doc_id: str
    page: int
    bates: str | None
    exemptions: dict[str, int]
    is_withheld: bool
    is_ocr: bool
    words: int
    fingerprint: str | None
    is_redacted: bool

    @property
    def category(self) -> str:
        """ "withheld" (a slip sheet), "redacted" (cites an exemption or shows a redaction
        mark) or "whole"."""
        if self.is_withheld:
            return "withheld"
        if self.exemptions or self.is_redacted:
            return "redacted"
        return "whole"


def text_facts(text: str, bates: str | None) -> tuple[int, str | None, bool]:
    """(word count, fingerprint, shows a redaction) of a page's text. The fingerprint hashes
    the words without the Bates stamp, folded; None for a page under MIN_DUPLICATE_WORDS."""
    words = _WORD.findall(without_stamp(text, bates).casefold())
    fingerprint = None
    if len(words) >= MIN_DUPLICATE_WORDS:
        fingerprint = hashlib.blake2b(" ".join(words).encode(), digest_size=12).hexdigest()
    return len(words), fingerprint, _MARKS.search(text) is not None


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


_SELECT = (
    "SELECT p.doc_id, p.page, p.bates, p.exemptions, p.is_withheld, p.ocr, d.sha256,"
    " f.words, f.fingerprint, f.is_redacted FROM pages p JOIN documents d ON d.doc_id = p.doc_id"
    " LEFT JOIN page_facts f ON f.doc_id = p.doc_id AND f.page = p.page"
    f" AND f.sha256 = d.sha256 || '/{FACTS_VERSION}'"
    " WHERE p.doc_id IN ({marks}) ORDER BY p.doc_id, p.page"
)


Facts = tuple[int, str | None, bool]


def _compute_missing(
    store: Store, missing: list[tuple[str, int, str, str | None]]
) -> dict[tuple[str, int], Facts]:
    """Text facts of pages (doc_id, page, sha256, bates) not yet known, saved for next time."""
    computed: dict[tuple[str, int], Facts] = {}
    by_doc: dict[str, list[tuple[int, str, str | None]]] = {}
    for doc_id, page, sha256, bates in missing:
        by_doc.setdefault(doc_id, []).append((page, sha256, bates))
    for doc_id, pages in by_doc.items():
        texts = store.page_texts(doc_id, [page for page, _, _ in pages])
        for page, _, bates in pages:
            computed[(doc_id, page)] = text_facts(texts.get(page, ""), bates)
    sha = {(doc_id, page): f"{sha256}/{FACTS_VERSION}" for doc_id, page, sha256, _ in missing}
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO page_facts VALUES (?, ?, ?, ?, ?, ?)",
            [(d, p, sha[(d, p)], w, f, r) for (d, p), (w, f, r) in computed.items()],
        )
    return computed


def page_facts(store: Store, doc_ids: Sequence[str]) -> list[PageFacts]:
    """The pages of `doc_ids` (by doc_id, then page), their text facts computed where
    missing. Unknown doc_ids have no pages. Pages citing the same exemptions share one
    `exemptions` dict: read it, never change it."""
    rows = []
    for chunk in _chunks(sorted(set(doc_ids))):
        rows.extend(store.query(_SELECT.format(marks=",".join("?" * len(chunk))), tuple(chunk)))
    missing = [(r[0], r[1], r[6], r[2]) for r in rows if r["words"] is None]
    computed = _compute_missing(store, missing) if missing else {}
    labels: dict[str, dict[str, int]] = {"{}": {}}  # few distinct values: each parsed once
    found = []
    for row in rows:
        words, fingerprint, is_redacted = computed.get(
            (row[0], row[1]), (row["words"], row["fingerprint"], bool(row["is_redacted"]))
        )
        exemptions = row["exemptions"]
        if exemptions not in labels:
            labels[exemptions] = json.loads(exemptions)
        found.append(
            PageFacts(
                doc_id=row[0],
                page=row[1],
                bates=row["bates"],
                exemptions=labels[exemptions],
                is_withheld=bool(row["is_withheld"]),
                is_ocr=bool(row["ocr"]),
                words=int(words),
                fingerprint=fingerprint,
                is_redacted=bool(is_redacted),
            )
        )
    return found

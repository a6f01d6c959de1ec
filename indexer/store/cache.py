"""The extraction cache: what an extractor returned for a file, keyed by the file's SHA-256.

A re-index or a byte-identical copy of a file reads the cache and never re-extracts.
"""

from __future__ import annotations

import json

from indexer.extractors.ocr import OcrResult
from indexer.model.document import Document, Page, Word
from indexer.store.connection import Database, utc_now


class ExtractionCache(Database):
    """The `extractions` and `extracted_pages` tables."""

    def has_extraction(self, sha256: str) -> bool:
        return bool(self.query("SELECT 1 FROM extractions WHERE sha256 = ?", (sha256,)))

    def save_extraction(self, sha256: str, doc: Document) -> None:
        """Cache what an extractor returned for the file with this SHA-256."""
        with self.transaction() as db:
            db.execute("DELETE FROM extracted_pages WHERE sha256 = ?", (sha256,))
            db.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
                (
                    sha256,
                    doc.format,
                    doc.title,
                    json.dumps(dict(doc.metadata)),
                    len(doc.pages),
                    utc_now(),
                ),
            )
            db.executemany(
                "INSERT INTO extracted_pages (sha256, page, text, needs_ocr, ocr, ocr_confidence,"
                " words) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sha256,
                        page.page,
                        page.text,
                        page.needs_ocr,
                        page.ocr,
                        page.ocr_confidence,
                        None,
                    )
                    for page in doc.pages
                ],
            )

    def save_ocr(self, sha256: str, page: int, result: OcrResult) -> None:
        """Replace one cached page's text by what OCR read, with its word boxes and the quarter
        turn that put the page upright."""
        words = result.words
        encoded = json.dumps([[w.text, w.x0, w.top, w.x1, w.bottom, w.confidence] for w in words])
        with self.transaction() as db:
            db.execute(
                "UPDATE extracted_pages SET text = ?, needs_ocr = 0, ocr = 1, ocr_confidence = ?,"
                " words = ?, rotation = ? WHERE sha256 = ? AND page = ?",
                (result.text, result.confidence, encoded, result.rotation, sha256, page),
            )

    def load_extraction(self, sha256: str) -> Document | None:
        """The cached extraction (doc_id and path empty), or None when not cached."""
        head = self.query("SELECT * FROM extractions WHERE sha256 = ?", (sha256,))
        if not head:
            return None
        rows = self.query(
            "SELECT page, text, needs_ocr, ocr, ocr_confidence FROM extracted_pages"
            " WHERE sha256 = ? ORDER BY page",
            (sha256,),
        )
        pages = tuple(
            Page(
                page=row["page"],
                text=row["text"],
                needs_ocr=bool(row["needs_ocr"]),
                ocr=bool(row["ocr"]),
                ocr_confidence=row["ocr_confidence"],
            )
            for row in rows
        )
        return Document(
            doc_id="",
            sha256=sha256,
            path="",
            format=head[0]["format"],
            title=head[0]["title"],
            pages=pages,
            metadata=json.loads(head[0]["metadata"]),
        )

    def page_words(self, sha256: str, page: int) -> list[Word] | None:
        """OCR word boxes of a cached page, or None when the page was not read by OCR."""
        rows = self.query(
            "SELECT words FROM extracted_pages WHERE sha256 = ? AND page = ?", (sha256, page)
        )
        if not rows or rows[0]["words"] is None:
            return None
        return [Word(*values) for values in json.loads(rows[0]["words"])]

    def page_rotation(self, sha256: str, page: int) -> int:
        """The clockwise quarter turn OCR gave a cached page to read it upright (0 for a page
        not read by OCR, or read as it was scanned)."""
        rows = self.query(
            "SELECT rotation FROM extracted_pages WHERE sha256 = ? AND page = ?", (sha256, page)
        )
        return int(rows[0]["rotation"]) if rows else 0

    def purge_extractions(self) -> int:
        """Drop cached extractions no document refers to any more; returns how many."""
        with self.transaction() as db:
            orphans = [
                row[0]
                for row in db.execute(
                    "SELECT sha256 FROM extractions"
                    " WHERE sha256 NOT IN (SELECT sha256 FROM documents)"
                )
            ]
            for sha256 in orphans:
                db.execute("DELETE FROM extracted_pages WHERE sha256 = ?", (sha256,))
                db.execute("DELETE FROM extractions WHERE sha256 = ?", (sha256,))
        return len(orphans)

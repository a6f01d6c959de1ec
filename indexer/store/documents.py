"""Documents as indexed: their rows, their pages' enrichment and text, saving and deleting."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from indexer.model.document import Document, shown_type
from indexer.store.acronyms import replace_acronyms
from indexer.store.connection import Database, utc_now
from indexer.store.rows import DocumentRow, PageDetails


class DocumentTable(Database):
    """The `documents` and `pages` tables (page texts are read from the extraction cache)."""

    def save_document(self, doc: Document, size: int, file_metadata: dict[str, Any]) -> None:
        """Record a document as extracted and enriched; `is_indexed` stays false until
        `mark_indexed`, so an interrupted ingest is finished by the next one."""
        meta = dict(doc.metadata)
        now = utc_now()
        with self.transaction() as db:
            db.execute("DELETE FROM pages WHERE doc_id = ?", (doc.doc_id,))
            db.execute(
                "INSERT INTO documents (doc_id, path, sha256, size, file_metadata, metadata,"
                " title, format, type, date, source, page_count, is_indexed, added_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                " ON CONFLICT (doc_id) DO UPDATE SET path = excluded.path,"
                " sha256 = excluded.sha256, size = excluded.size,"
                " file_metadata = excluded.file_metadata, metadata = excluded.metadata,"
                " title = excluded.title, format = excluded.format, type = excluded.type,"
                " date = excluded.date, source = excluded.source,"
                " page_count = excluded.page_count, is_indexed = 0,"
                " updated_at = excluded.updated_at",
                (
                    doc.doc_id,
                    doc.path,
                    doc.sha256,
                    size,
                    json.dumps(file_metadata),
                    json.dumps(meta, default=str),
                    doc.title,
                    doc.format,
                    meta.get("type"),
                    meta.get("date"),
                    meta.get("source"),
                    len(doc.pages),
                    now,
                    now,
                ),
            )
            db.executemany(
                "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc.doc_id,
                        page.page,
                        page.bates,
                        json.dumps(dict(page.exemptions)),
                        page.is_withheld,
                        json.dumps(dict(page.headers)),
                        page.needs_ocr,
                        page.ocr,
                        page.ocr_confidence,
                    )
                    for page in doc.pages
                ],
            )
            replace_acronyms(db, doc.doc_id, meta)

    def delete_document(self, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def doc_ids(self) -> list[str]:
        return [row[0] for row in self.query("SELECT doc_id FROM documents ORDER BY path")]

    def list_documents(self) -> list[dict[str, Any]]:
        """Every document's summary, ordered by path (the JSON of `foia list`)."""
        rows = self.query(
            "SELECT doc_id, path, title, type, format, date, source, page_count, sha256"
            " FROM documents ORDER BY path"
        )
        return [
            {
                "doc_id": row["doc_id"],
                "path": row["path"],
                "title": row["title"],
                "type": shown_type(row["type"], row["format"]),
                "date": row["date"],
                "source": row["source"],
                "pages": row["page_count"],
                "sha256": row["sha256"],
            }
            for row in rows
        ]

    def document_row(self, doc_id: str) -> DocumentRow | None:
        """The document's fields and metadata (no pages), or None when there is none."""
        return self.document_rows([doc_id]).get(doc_id)

    def document_rows(self, doc_ids: Sequence[str]) -> dict[str, DocumentRow]:
        """doc_id -> its fields and metadata, for the doc_ids that are stored."""
        if not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        rows = self.query(f"SELECT * FROM documents WHERE doc_id IN ({marks})", tuple(doc_ids))
        return {row["doc_id"]: DocumentRow.from_row(row) for row in rows}

    def load_document(self, doc_id: str) -> Document | None:
        """The document as indexed, with page texts and enrichment, or None."""
        row = self.document_row(doc_id)
        if row is None:
            return None
        texts = {
            r["page"]: r["text"]
            for r in self.query(
                "SELECT page, text FROM extracted_pages WHERE sha256 = ?", (row.sha256,)
            )
        }
        pages = tuple(
            details.to_page(texts.get(number, ""))
            for number, details in self.page_details(doc_id).items()
        )
        return Document(
            doc_id=doc_id,
            sha256=row.sha256,
            path=row.path,
            format=row.format,
            title=row.title,
            pages=pages,
            metadata=row.metadata,
        )

    def page_details(
        self, doc_id: str, pages: Sequence[int] | None = None
    ) -> dict[int, PageDetails]:
        """page -> the stored enrichment (bates, exemptions, OCR flags) of some pages of a
        document, or of all its pages in order when `pages` is None."""
        if pages is None:
            rows = self.query("SELECT * FROM pages WHERE doc_id = ? ORDER BY page", (doc_id,))
        elif not pages:
            return {}
        else:
            marks = ",".join("?" * len(pages))
            rows = self.query(
                f"SELECT * FROM pages WHERE doc_id = ? AND page IN ({marks})", (doc_id, *pages)
            )
        return {row["page"]: PageDetails.from_row(row) for row in rows}

    def page_texts(self, doc_id: str, pages: Sequence[int]) -> dict[int, str]:
        """The stored text of some pages of a document, by page number."""
        if not pages:
            return {}
        marks = ",".join("?" * len(pages))
        rows = self.query(
            "SELECT p.page, p.text FROM extracted_pages p JOIN documents d"
            f" ON d.sha256 = p.sha256 WHERE d.doc_id = ? AND p.page IN ({marks})",
            (doc_id, *pages),
        )
        return {row["page"]: row["text"] for row in rows}

    def bates_and_texts(
        self, keys: Sequence[tuple[str, int]]
    ) -> dict[tuple[str, int], tuple[str | None, str]]:
        """(doc_id, page) -> (its Bates number, its text), for pages of many documents at
        once; pages not stored are left out."""
        if not keys:
            return {}
        values = ",".join("(?, ?)" for _ in keys)
        rows = self.query(
            f"WITH wanted (doc_id, page) AS (VALUES {values})"
            " SELECT w.doc_id, w.page, p.bates, e.text FROM wanted w"
            " JOIN documents d ON d.doc_id = w.doc_id"
            " JOIN extracted_pages e ON e.sha256 = d.sha256 AND e.page = w.page"
            " LEFT JOIN pages p ON p.doc_id = w.doc_id AND p.page = w.page",
            [value for key in keys for value in key],
        )
        return {(row["doc_id"], row["page"]): (row["bates"], row["text"]) for row in rows}

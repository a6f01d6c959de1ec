"""WhooshEngine: the engine interface of indexer.search.engine over one home's Whoosh index."""

from __future__ import annotations

import shutil
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index, query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from indexer.engines.whoosh.compile import compile_query
from indexer.engines.whoosh.index import INDEX_DIR_NAME, VERSION_FILE, WRITER_LIMIT_MB, IndexStore
from indexer.engines.whoosh.matching import (
    ColumnView,
    MatchSummary,
    SegmentMatches,
    best,
    count_pages_per_doc,
    docnums_by_doc,
    match,
    summarize,
)
from indexer.engines.whoosh.schema import build_schema, whoosh_document
from indexer.model.document import Document
from indexer.search.engine import Engine, PageScore
from indexer.search.fields import SCHEMA_VERSION, page_to_fields
from indexer.search.index_query import IndexQuery


class WhooshLexicon:
    """Term statistics from one searcher's reader."""

    def __init__(self, reader: IndexReader) -> None:
        self._reader = reader

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._reader.doc_frequency(field, term))

    def doc_count(self) -> int:
        return int(self._reader.doc_count())

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        for raw in self._reader.expand_prefix(field, prefix):
            yield raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)

    def terms_within(self, field: str, term: str, distance: int, prefix: int) -> Iterator[str]:
        for found in self._reader.terms_within(field, term, distance, prefix=prefix):
            yield str(found)


class WhooshMatches:
    """A MatchSet over the per-segment matches of one searcher; the facet and timeline counts
    are summed up when first asked for."""

    def __init__(self, found: list[SegmentMatches], view: ColumnView) -> None:
        self._found = found
        self._view = view

    @cached_property
    def _summary(self) -> MatchSummary:
        return summarize(self._found)

    @property
    def total_pages(self) -> int:
        return sum(len(part.docnums) for part in self._found)

    @property
    def pages_per_doc(self) -> Mapping[str, int]:
        if "_summary" in self.__dict__:  # already counted with the facets
            return self._summary.pages_per_doc
        return self._pages_per_doc

    @cached_property
    def _pages_per_doc(self) -> dict[str, int]:
        return count_pages_per_doc(self._found)

    @property
    def date_by_doc(self) -> Mapping[str, int]:
        return self._summary.date_by_doc

    @property
    def facets(self) -> Mapping[str, Mapping[str, int]]:
        return self._summary.facets

    @property
    def timeline(self) -> Mapping[str, int]:
        return self._summary.timeline

    def best(self, limit: int) -> list[PageScore]:
        hits = best(self._found, limit)
        rows = self._view.rows((docnum for _, docnum in hits), ("doc_id", "page"))
        return [
            PageScore(str(doc_id), int(page), score)  # type: ignore[call-overload]
            for (score, _), (doc_id, page) in zip(hits, rows, strict=True)
        ]

    def pages_by_doc(self, doc_ids: Collection[str] | None = None) -> dict[str, list[int]]:
        grouped = docnums_by_doc(self._found)
        return {
            doc_id: [int(row[0]) for row in self._view.rows(docnums, ("page",))]  # type: ignore[call-overload]
            for doc_id, docnums in grouped.items()
            if doc_ids is None or doc_id in doc_ids
        }


class WhooshWriter:
    """The index's single writer: a document's pages replaced under its doc_id."""

    def __init__(self, writer: IndexWriter) -> None:
        self._writer = writer

    def add(self, doc: Document, analyzed: object = None) -> None:
        for page in doc.pages:
            self._writer.add_document(**whoosh_document(page_to_fields(doc, page)))

    def replace(self, doc: Document, analyzed: object = None) -> None:
        self._writer.delete_by_term("doc_id", doc.doc_id)
        self.add(doc)

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("doc_id", doc_id)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


class WhooshEngine:
    """One home's Whoosh index behind the engine interface."""

    name = "whoosh"

    def __init__(self, home: Path) -> None:
        self.folder = IndexStore(home)

    def exists(self) -> bool:
        return self.folder.exists()

    def schema_version(self) -> int | None:
        return self.folder.schema_version()

    def is_outdated(self) -> bool:
        return self.folder.is_outdated()

    def size_bytes(self) -> int:
        return self.folder.size_bytes()

    def writer(self) -> WhooshWriter:
        return WhooshWriter(self.folder.new_writer())

    def write_lock(self) -> AbstractContextManager[None]:
        return self.folder.write_lock()

    def document_analyzer(self) -> None:
        """None: Whoosh analyzes inside its writer, in the writing process."""
        return None

    def rebuild(self, documents: Iterable[tuple[Document, object]]) -> None:
        with self.folder.write_lock():
            building = self.folder.index_dir.with_name(f"{INDEX_DIR_NAME}.building")
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            writer = index.create_in(str(building), build_schema()).writer(limitmb=WRITER_LIMIT_MB)
            try:
                for doc, _ in documents:  # Whoosh analyzes inside its writer
                    for page in doc.pages:
                        writer.add_document(**whoosh_document(page_to_fields(doc, page)))
                writer.commit(optimize=True)
            except BaseException:
                writer.cancel()
                shutil.rmtree(building, ignore_errors=True)
                raise
            (building / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
            self._swap(building)

    def _swap(self, building: Path) -> None:
        target = self.folder.index_dir
        retired = target.with_name(f"{INDEX_DIR_NAME}.old")
        shutil.rmtree(retired, ignore_errors=True)
        if target.exists():
            target.rename(retired)
        building.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
        self.folder.forget()

    def remove(self) -> None:
        """Delete the index folder (after the home moved to another engine)."""
        self.folder.forget()
        shutil.rmtree(self.folder.index_dir, ignore_errors=True)

    def searcher(self) -> Searcher:
        """This thread's Whoosh searcher (for this package and the benchmarks only)."""
        return self.folder.searcher()

    def lexicon(self) -> WhooshLexicon:
        return WhooshLexicon(self.folder.searcher().reader())

    def match(self, query: IndexQuery, scored: bool = True) -> WhooshMatches:
        searcher = self.folder.searcher()
        found = match(searcher, compile_query(query), scored=scored)
        return WhooshMatches(found, ColumnView(searcher))

    def top_pages(
        self, query: IndexQuery, limit: int, exclude: Sequence[str] = ()
    ) -> list[PageScore]:
        if limit <= 0:
            return []
        searcher = self.folder.searcher()
        mask = wq.Or([wq.Term("doc_id", doc_id) for doc_id in exclude]) if exclude else None
        hits = searcher.search(compile_query(query), limit=limit, mask=mask, terms=False)
        scores = [float(score) for score, _ in hits.top_n]
        rows = ColumnView(searcher).rows((docnum for _, docnum in hits.top_n), ("doc_id", "page"))
        return [
            PageScore(str(doc_id), int(page), score)  # type: ignore[call-overload]
            for (doc_id, page), score in zip(rows, scores, strict=True)
        ]

    def close(self) -> None:
        self.folder.close()


if TYPE_CHECKING:  # mypy checks that the class implements the interface
    _ENGINE: Engine = WhooshEngine(Path())

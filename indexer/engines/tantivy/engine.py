"""TantivyEngine: the engine interface of indexer.search.engine over one home's tantivy index."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tantivy import Index, IndexWriter, Occur, Query, Searcher

from indexer.engines.tantivy.compile import Compiler
from indexer.engines.tantivy.index import (
    INDEX_DIR_NAME,
    IndexFolder,
    new_writer,
    open_index,
    release,
)
from indexer.engines.tantivy.lexicon import TantivyLexicon
from indexer.engines.tantivy.matching import RowCache, TantivyMatches
from indexer.engines.tantivy.schema import analyze_document, common_labels, page_document
from indexer.model.document import Document
from indexer.search.engine import Engine, PageScore
from indexer.search.index_query import IndexQuery

# The rebuild's writer: more memory and both cores (nothing else runs meanwhile).
REBUILD_HEAP_BYTES = 256_000_000
REBUILD_THREADS = 2


def next_uid(index: Index) -> int:
    """One more than the highest uid in the index (uids follow indexing order)."""
    searcher = index.searcher()
    if searcher.num_docs == 0:
        return 1
    hits = searcher.search(Query.all_query(), limit=1, order_by_field="uid").hits
    return int(hits[0][0]) + 1 if hits else 1


class PageWriter:
    """Adds the pages of documents to a tantivy writer, each with the next uid."""

    def __init__(self, writer: IndexWriter, first_uid: int) -> None:
        self.writer = writer
        self._uid = first_uid

    def add(self, doc: Document, analyzed: object = None) -> None:
        """Add the pages of `doc`, analyzed here unless `analyzed` holds what
        `analyze_document` returned for it (in an ingest worker)."""
        pages = analyzed if isinstance(analyzed, list) else analyze_document(doc)
        common, docno = common_labels(pages), self._uid
        for fields in pages:
            self.writer.add_document(page_document(fields, self._uid, docno, common))
            self._uid += 1

    def delete(self, doc_id: str) -> None:
        self.writer.delete_documents_by_term("doc_id", doc_id)


class TantivyWriter:
    """The index's single writer: a document's pages replaced under its doc_id. Committing or
    cancelling lets go of the lock, as the Whoosh writer does."""

    def __init__(self, writer: IndexWriter, first_uid: int) -> None:
        self._pages = PageWriter(writer, first_uid)
        self._open = True

    def add(self, doc: Document, analyzed: object = None) -> None:
        self._pages.add(doc, analyzed)

    def replace(self, doc: Document, analyzed: object = None) -> None:
        self._pages.delete(doc.doc_id)
        self._pages.add(doc, analyzed)

    def delete(self, doc_id: str) -> None:
        self._pages.delete(doc_id)

    def commit(self) -> None:
        if self._open:
            self._open = False
            self._pages.writer.commit()
            release(self._pages.writer)

    def cancel(self) -> None:
        if self._open:
            self._open = False
            self._pages.writer.rollback()
            release(self._pages.writer)


class TantivyEngine:
    """One home's tantivy index behind the engine interface."""

    name = "tantivy"

    def __init__(self, home: Path) -> None:
        self.folder = IndexFolder(home)
        self._rows = RowCache()

    def exists(self) -> bool:
        return self.folder.exists()

    def schema_version(self) -> int | None:
        return self.folder.schema_version()

    def is_outdated(self) -> bool:
        return self.folder.is_outdated()

    def size_bytes(self) -> int:
        return self.folder.size_bytes()

    def writer(self) -> TantivyWriter:
        writer = self.folder.new_writer()
        return TantivyWriter(writer, next_uid(self.folder.open()))

    def write_lock(self) -> AbstractContextManager[None]:
        return self.folder.write_lock()

    def document_analyzer(self) -> Callable[[Document], list[dict[str, Any]]]:
        """Tokenizing a page in Python (`analysis.py`) costs more than tantivy's indexing:
        ingest runs it in its workers, and the writer only builds tantivy's objects."""
        return analyze_document

    def rebuild(self, documents: Iterable[tuple[Document, object]]) -> None:
        with self.folder.write_lock():
            building = self.folder.index_dir.with_name(f"{INDEX_DIR_NAME}.building")
            shutil.rmtree(building, ignore_errors=True)
            index = open_index(building, create=True)
            writer = new_writer(index, building, REBUILD_HEAP_BYTES, REBUILD_THREADS)
            pages = PageWriter(writer, 1)
            try:
                for doc, analyzed in documents:
                    pages.add(doc, analyzed)
                writer.commit()
                release(writer)
            except BaseException:
                writer.rollback()
                release(writer)
                shutil.rmtree(building, ignore_errors=True)
                raise
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
        """Delete the index folder (after a home moved to another engine)."""
        shutil.rmtree(self.folder.index_dir, ignore_errors=True)
        self.folder.forget()

    def searcher(self) -> Searcher:
        """A searcher over the last commit (for this package and the benchmarks only)."""
        return self.folder.searcher()

    def lexicon(self) -> TantivyLexicon:
        return TantivyLexicon(self.folder.searcher())

    def match(self, query: IndexQuery, scored: bool = True) -> TantivyMatches:
        index, searcher, generation = self.folder.open_searcher()
        compiled = Compiler(index.schema, searcher).compile(query)
        return TantivyMatches(searcher, index.schema, compiled, scored, self._rows, generation)

    def top_pages(
        self, query: IndexQuery, limit: int, exclude: Sequence[str] = ()
    ) -> list[PageScore]:
        if limit <= 0:
            return []
        index = self.folder.open()
        searcher = index.searcher()
        compiled = Compiler(index.schema, searcher).compile(query)
        if exclude:
            excluded = [
                (Occur.MustNot, Query.term_query(index.schema, "doc_id", doc_id))
                for doc_id in exclude
            ]
            compiled = Query.boolean_query([(Occur.Must, compiled), *excluded])
        matches = TantivyMatches(searcher, index.schema, compiled, True, self._rows)
        return matches.best(limit)

    def close(self) -> None:
        """Nothing to let go of: tantivy searchers are taken per search."""


if TYPE_CHECKING:  # mypy checks that the class implements the interface
    _ENGINE: Engine = TantivyEngine(Path())

"""Open or create the Whoosh index folder; writer() and searcher() context managers."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from indexer.engines.whoosh import analysis
from indexer.engines.whoosh.schema import build_schema
from indexer.engines.whoosh.scoring import CachedLengthBM25F
from indexer.search.engine import IndexBusyError, IndexNotBuiltError, SchemaOutdatedError
from indexer.search.fields import SCHEMA_VERSION

# Indexes written before the package layout pickled their analyzers as indexer.analysis.
sys.modules.setdefault("indexer.analysis", analysis)

INDEX_DIR_NAME = "index"
VERSION_FILE = "SCHEMA_VERSION"
# Memory the writer may buffer before it flushes a segment: keeps an ingest's peak flat.
WRITER_LIMIT_MB = 128


class IndexStore:
    """The index folder of one home. Searchers are cached per thread and refreshed when
    a writer has committed, so readers always see the last committed state."""

    def __init__(self, home: Path) -> None:
        self.index_dir = home / INDEX_DIR_NAME
        self._index: FileIndex | None = None
        self._local = threading.local()

    def exists(self) -> bool:
        return bool(index.exists_in(str(self.index_dir)))

    def schema_version(self) -> int | None:
        version_path = self.index_dir / VERSION_FILE
        if not version_path.exists():
            return None
        return int(version_path.read_text().strip() or 0)

    def is_outdated(self) -> bool:
        return self.exists() and self.schema_version() != SCHEMA_VERSION

    def open(self, create: bool = False) -> FileIndex:
        """The index, created empty when `create` and missing."""
        if self._index is not None:
            return self._index
        if not self.exists():
            if not create:
                raise IndexNotBuiltError(f"no index in {self.index_dir}: run `foia ingest` first")
            self._index = self.create()
            return self._index
        if self.is_outdated():
            raise SchemaOutdatedError(
                f"the index in {self.index_dir} has schema version {self.schema_version()},"
                f" this program writes {SCHEMA_VERSION}: run `foia reindex`"
            )
        self._index = index.open_dir(str(self.index_dir))
        return self._index

    def create(self) -> FileIndex:
        """A new, empty index (replacing any old one)."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        created = index.create_in(str(self.index_dir), build_schema())
        (self.index_dir / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
        self._index = created
        self._local = threading.local()
        return created

    def new_writer(self) -> IndexWriter:
        """The single writer (creating the index when missing); the caller commits or cancels.
        Raises IndexBusyError while another process holds it."""
        ix = self.open(create=True)
        try:
            return ix.writer(limitmb=WRITER_LIMIT_MB)
        except LockError as error:
            raise IndexBusyError(f"another process is writing to {self.index_dir}") from error

    @contextmanager
    def writer(self) -> Iterator[IndexWriter]:
        """The single writer; committed on success, cancelled on error."""
        writer = self.new_writer()
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the index's write lock (when there is an index) without opening a writer.
        Raises IndexBusyError while another process writes."""
        if not self.index_dir.exists():
            yield
            return
        lock = FileStorage(str(self.index_dir)).lock(f"{index._DEF_INDEX_NAME}_WRITELOCK")
        if not lock.acquire(blocking=False):
            raise IndexBusyError(f"another process is writing to {self.index_dir}")
        try:
            yield
        finally:
            lock.release()

    def forget(self) -> None:
        """Drop the open index and searchers (after the folder was replaced)."""
        self.close()
        self._index = None
        self._local = threading.local()

    def searcher(self) -> Searcher:
        """This thread's searcher over the last committed state (do not close it)."""
        current: Searcher | None = getattr(self._local, "searcher", None)
        if current is None:
            current = self.open().searcher(weighting=CachedLengthBM25F())
        elif not current.up_to_date():
            current = self._refreshed(current)
        self._local.searcher = current
        return current

    def _refreshed(self, searcher: Searcher) -> Searcher:
        """`searcher` brought to the last commit. Whoosh reuses the reader of a segment it
        has open even when a commit deleted pages in that segment (a document replaced by
        this process, a correction, was then found in both versions): then a new searcher
        is opened instead."""
        refreshed = searcher.refresh()
        latest = {s.segment_id(): s.deleted_count() for s in self.open()._segments()}
        for reader, _ in refreshed.reader().leaf_readers():
            segment = reader.segment()
            if segment is None:
                continue
            if latest.get(segment.segment_id(), segment.deleted_count()) != segment.deleted_count():
                refreshed.close()
                return self.open().searcher(weighting=CachedLengthBM25F())
        return refreshed

    def close(self) -> None:
        current: Searcher | None = getattr(self._local, "searcher", None)
        if current is not None:
            current.close()
            self._local.searcher = None

    def size_bytes(self) -> int:
        """The index folder's size on disk. A segment file that a concurrent ingest merges
        away between listing and measuring counts as nothing (it was a 500 on /stats)."""
        total = 0
        with contextlib.suppress(FileNotFoundError):
            for path in self.index_dir.iterdir():
                with contextlib.suppress(FileNotFoundError):
                    if path.is_file():
                        total += path.stat().st_size
        return total

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
from indexer.engines.whoosh.refresh import CurrentSearcher, open_current
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
    """The index folder of one home. Searchers are cached per thread and brought to the
    last commit when a writer has committed (refresh.py), so readers always see it."""

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
        ix = self.open()
        current: CurrentSearcher | None = getattr(self._local, "current", None)
        if current is None or current.generation != ix.latest_generation():
            previous = current.searcher if current is not None else None
            current = open_current(ix, CachedLengthBM25F(), previous)
            self._local.current = current
        return current.searcher

    def close(self) -> None:
        current: CurrentSearcher | None = getattr(self._local, "current", None)
        if current is not None:
            current.searcher.close()
            self._local.current = None

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

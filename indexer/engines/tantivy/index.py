"""The tantivy index folder of one home: open it, notice commits and swaps, hand out the
single writer, measure it.

Readers reload by hand: before each search the folder's `meta.json` (rewritten by every
commit) and the folder itself (replaced by a rebuild) are checked with one `stat` each, so a
search sees the last commit at once, in this process or another, and never waits for
tantivy's own watcher.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tantivy import Index, IndexWriter, Searcher

from indexer.engines.tantivy.analysis import TERMS_TOKENIZER, terms_analyzer
from indexer.engines.tantivy.schema import build_schema
from indexer.search.engine import IndexBusyError, IndexNotBuiltError, SchemaOutdatedError
from indexer.search.fields import SCHEMA_VERSION

INDEX_DIR_NAME = "index-tantivy"
VERSION_FILE = "SCHEMA_VERSION"
# The layout of this engine's own fields, the second line of VERSION_FILE (none: 1). Bump it
# when schema.py changes how a page is stored: `foia` then asks for `foia reindex`.
# 2: `docno` and the `varied_*` facet fields, the row on a document's first page only.
LAYOUT = 2
META_FILE = "meta.json"
# The writer's memory budget: tantivy flushes a segment when it is reached.
WRITER_HEAP_BYTES = 96_000_000
# What holding the lock costs when nothing is written (tantivy's minimum per thread).
LOCK_HEAP_BYTES = 15_000_000


def _is_busy(error: Exception) -> bool:
    return "LockBusy" in str(error) or "lock" in str(error).lower()


def _content_stamp(path: Path) -> bytes | None:
    """A digest of a small file's bytes: two commits within one timestamp tick, of one size,
    with a reused inode, still differ (a stat stamp missed such a commit now and then)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except FileNotFoundError:
        return None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def open_index(folder: Path, create: bool = False) -> Index:
    """The tantivy index in `folder` (created empty when `create`), with our tokenizer."""
    if create:
        folder.mkdir(parents=True, exist_ok=True)
        index = Index(build_schema(), path=str(folder), reuse=False)
        (folder / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n{LAYOUT}\n")
    else:
        index = Index.open(str(folder))
    index.register_tokenizer(TERMS_TOKENIZER, terms_analyzer())
    index.config_reader(reload_policy="Manual")
    return index


def new_writer(
    index: Index, folder: Path, heap: int = WRITER_HEAP_BYTES, threads: int = 1
) -> IndexWriter:
    """The index's single writer. Raises IndexBusyError while another process holds it."""
    try:
        return index.writer(heap_size=heap, num_threads=threads)
    except ValueError as error:
        if _is_busy(error):
            raise IndexBusyError(f"another process is writing to {folder}") from error
        raise


def release(writer: IndexWriter) -> None:
    """Let go of the writer and its lock (after its merges finish)."""
    writer.wait_merging_threads()


class IndexFolder:
    """The index folder of one home; one open Index, reloaded when a commit or a rebuild
    changed the folder."""

    def __init__(self, home: Path) -> None:
        self.index_dir = home / INDEX_DIR_NAME
        self._index: Index | None = None
        self._folder_stamp: tuple[int, int, int] | None = None
        self._meta_stamp: bytes | None = None
        # Counts each state of the index this process opened: a reload or a fresh open.
        self._generation = 0
        self._lock = threading.Lock()

    def exists(self) -> bool:
        return (self.index_dir / META_FILE).is_file()

    def _versions(self) -> list[int] | None:
        version_path = self.index_dir / VERSION_FILE
        if not version_path.exists():
            return None
        return [int(line) for line in version_path.read_text().split()] or [0]

    def schema_version(self) -> int | None:
        versions = self._versions()
        return versions[0] if versions else None

    def _layout(self) -> int:
        versions = self._versions() or [0]
        return versions[1] if len(versions) > 1 else 1

    def is_outdated(self) -> bool:
        outdated = self.schema_version() != SCHEMA_VERSION or self._layout() != LAYOUT
        return self.exists() and outdated

    def open(self, create: bool = False) -> Index:
        """The index as last committed (created empty when `create` and missing). Raises
        IndexNotBuiltError / SchemaOutdatedError."""
        with self._lock:
            return self._open(create)

    def open_searcher(self) -> tuple[Index, Searcher, int]:
        """The index as last committed, a searcher over it, and the number of that state
        (it changes whenever the index this process sees does)."""
        with self._lock:
            index = self._open(create=False)
            return index, index.searcher(), self._generation

    def _open(self, create: bool) -> Index:
        folder_stamp = _stamp(self.index_dir)
        if self._index is not None and folder_stamp == self._folder_stamp:
            meta_stamp = _content_stamp(self.index_dir / META_FILE)
            if meta_stamp != self._meta_stamp:
                self._index.reload()
                self._meta_stamp = meta_stamp
                self._generation += 1
            return self._index
        self._index = self._open_fresh(create)
        self._folder_stamp = _stamp(self.index_dir)
        self._meta_stamp = _content_stamp(self.index_dir / META_FILE)
        self._generation += 1
        return self._index

    def _open_fresh(self, create: bool) -> Index:
        if not self.exists():
            if not create:
                raise IndexNotBuiltError(f"no index in {self.index_dir}: run `foia ingest` first")
            return open_index(self.index_dir, create=True)
        if self.is_outdated():
            raise SchemaOutdatedError(
                f"the index in {self.index_dir} has schema version {self.schema_version()}"
                f" (tantivy layout {self._layout()}), this program writes {SCHEMA_VERSION}"
                f" (layout {LAYOUT}): run `foia reindex`"
            )
        return open_index(self.index_dir)

    def searcher(self) -> Searcher:
        """A searcher over the last committed state."""
        return self.open().searcher()

    def new_writer(self) -> IndexWriter:
        """The single writer, creating the index when missing. Raises IndexBusyError."""
        return new_writer(self.open(create=True), self.index_dir)

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the writer's lock (when there is an index) without writing. Raises
        IndexBusyError while another process writes."""
        if not self.exists():
            yield
            return
        # An outdated index is locked too: `foia reindex` replaces it under this lock.
        index = open_index(self.index_dir) if self.is_outdated() else self.open()
        writer = new_writer(index, self.index_dir, heap=LOCK_HEAP_BYTES)
        try:
            yield
        finally:
            writer.rollback()
            release(writer)

    def forget(self) -> None:
        """Drop the open index (after the folder was replaced or removed)."""
        with self._lock:
            self._index = None
            self._folder_stamp = self._meta_stamp = None

    def size_bytes(self) -> int:
        """The folder's size on disk; a file a merge removes meanwhile counts as nothing."""
        total = 0
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.index_dir):
                with contextlib.suppress(FileNotFoundError):
                    if entry.is_file():
                        total += entry.stat().st_size
        return total

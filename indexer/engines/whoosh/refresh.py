"""A Whoosh searcher over the index's last commit, reusing the readers of unchanged segments.

Whoosh's own `Searcher.refresh` gets two things wrong for a process that searches while
ingests commit: it reuses a segment's reader when the commit deleted pages in that segment
(a replaced or pruned document was still found), and it keeps the readers of segments a merge
removed (every merged page was then counted twice, and a pruned one stayed found). Here the
reader is rebuilt from one reading of the commit's table of contents: a segment's reader is
reused only when the segment is still in the index with the same deletions (deletions only
ever grow, so an equal count is an equal set); every other reader is closed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

# A concurrent commit may remove a segment's files between reading the table of contents and
# opening them (as Whoosh's own reader does, try again a few times).
RETRIES = 10
RETRY_SECONDS = 0.05


@dataclass(frozen=True)
class CurrentSearcher:
    """A searcher and the index generation (commit number) it shows."""

    searcher: Searcher
    generation: int


def open_current(
    ix: FileIndex, weighting: WeightingModel, previous: Searcher | None = None
) -> CurrentSearcher:
    """A searcher over the last commit of `ix`. The readers of `previous` are reused where
    their segment is unchanged and closed otherwise: `previous` must not be used after.
    Raises OSError when the index's files keep disappearing (RETRIES attempts)."""
    reusable = _leaf_readers(previous)
    for attempt in range(RETRIES):
        try:
            toc = ix._read_toc()
            readers = _segment_readers(ix, toc.segments, toc.schema, toc.generation, reusable)
        except OSError:
            if attempt == RETRIES - 1:
                raise
            time.sleep(RETRY_SECONDS)
            continue
        kept = {id(reader) for reader in readers}
        for reader in reusable.values():
            if id(reader) not in kept:
                reader.close()
        reader = _combined(readers, toc.schema, toc.generation)
        return CurrentSearcher(Searcher(reader, fromindex=ix, weighting=weighting), toc.generation)
    raise AssertionError("unreachable")  # pragma: no cover


def _leaf_readers(searcher: Searcher | None) -> dict[str, IndexReader]:
    """The readers of `searcher`'s segments by segment id."""
    if searcher is None:
        return {}
    found: dict[str, IndexReader] = {}
    for reader, _ in searcher.reader().leaf_readers():
        segment = reader.segment()
        if segment is None:
            reader.close()
        else:
            found[segment.segment_id()] = reader
    return found


def _segment_readers(
    ix: FileIndex,
    segments: Iterable[object],
    schema: object,
    generation: int,
    reusable: dict[str, IndexReader],
) -> list[IndexReader]:
    """One reader per segment: the reusable one when its deletions are the segment's, else a
    new one. Readers opened here are closed again when one of them fails to open."""
    readers: list[IndexReader] = []
    opened: list[IndexReader] = []
    try:
        for segment in segments:
            reader = reusable.get(segment.segment_id())  # type: ignore[attr-defined]
            if reader is None or reader.segment().deleted_count() != segment.deleted_count():  # type: ignore[attr-defined]
                reader = SegmentReader(ix.storage, schema, segment, generation=generation)
                opened.append(reader)
            readers.append(reader)
    except OSError:
        for reader in opened:
            reader.close()
        raise
    return readers


def _combined(readers: list[IndexReader], schema: object, generation: int) -> IndexReader:
    if not readers:
        return EmptyReader(schema)
    if len(readers) == 1:
        return readers[0]
    return MultiReader(readers, generation=generation)

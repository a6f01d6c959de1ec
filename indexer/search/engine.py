"""The search-engine interface: what every engine under indexer.engines implements.

An engine keeps one index document per page, keyed by (doc_id, page), with the fields that
`search.fields.page_fields` gives it. It is asked in engine-neutral terms only:

- **Status.** `exists()`, `schema_version()`, `is_outdated()`, `size_bytes()`, `name`.
- **Writing.** `writer()` hands out the single writer (`IndexBusyError` while another process
  holds it); `EngineWriter.add(doc)` indexes a new document's pages, `replace(doc)` swaps
  them, `delete(doc_id)` drops them, `commit()` makes them visible to searchers, `cancel()`
  forgets them. `document_analyzer()` is the part of `add` an ingest worker may run (the
  tokenizing), or None. `write_lock()`
  holds the writer's lock without writing. `rebuild(documents)` builds a fresh index beside
  the current one from the extraction cache and swaps it in when complete, so that searches
  keep working meanwhile. `remove()` deletes the index of a home converted to another engine.
- **Matching.** `match(query, scored)` runs an `IndexQuery` over every page and returns a
  `MatchSet`: exact totals, pages per document, facet and timeline counts over every match,
  and (when scored) the best pages. `top_pages(query, limit, exclude)` is the cheap top-k for
  tools that need no counts (more like this, the quote finder, batch).
- **Term statistics and expansion** (`Lexicon`): document frequency, page count, the indexed
  terms with a prefix, the terms within an edit distance. The investigator rules use these
  to expand wildcards, fuzzy words and compounds; suggestions use them to respell.

Nothing here returns an engine's objects or internal document numbers: pages are
(doc_id, page) keys, scores are floats, counts are ints. A new engine is one more package
under `indexer/engines/` that implements `Engine` and is named in `indexer.engines.ENGINES`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from indexer.errors import BusyError, UnavailableError
from indexer.model.document import Document
from indexer.search.index_query import IndexQuery


class IndexNotBuiltError(UnavailableError):
    """There is no index yet in this home folder."""


class SchemaOutdatedError(UnavailableError):
    """The index was built with another schema: `foia reindex` rebuilds it from the cache."""


class IndexBusyError(BusyError):
    """Another process is writing to the index."""


@dataclass(frozen=True)
class PageScore:
    """One matching page and its score (0.0 where the match was not scored)."""

    doc_id: str
    page: int
    score: float


class MatchSet(Protocol):
    """Every page one query matched, and what they add up to. Facet counts are in documents
    (a document counts once per label); `timeline` counts documents per month ("2011-05", or
    "2011" when only the year is known); `date_by_doc` holds yyyymmdd numbers, 0 when undated."""

    @property
    def total_pages(self) -> int: ...

    @property
    def pages_per_doc(self) -> Mapping[str, int]: ...

    @property
    def date_by_doc(self) -> Mapping[str, int]: ...

    @property
    def facets(self) -> Mapping[str, Mapping[str, int]]: ...

    @property
    def timeline(self) -> Mapping[str, int]: ...

    def best(self, limit: int) -> list[PageScore]:
        """The `limit` best-scored pages, best first; ties go to the page indexed first."""
        ...

    def pages_by_doc(self, doc_ids: Collection[str] | None = None) -> dict[str, list[int]]:
        """doc_id -> its matching page numbers, in index order (only `doc_ids` when given)."""
        ...


class Lexicon(Protocol):
    """Term statistics of the index as last committed."""

    def doc_frequency(self, field: str, term: str) -> int:
        """How many pages hold `term` in `field`."""
        ...

    def doc_count(self) -> int:
        """How many pages the index holds."""
        ...

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        """The indexed terms of `field` that start with `prefix`, in sorted order."""
        ...

    def terms_within(self, field: str, term: str, distance: int, prefix: int) -> Iterator[str]:
        """The indexed terms of `field` at most `distance` edits from `term` that share its
        first `prefix` characters."""
        ...


class EngineWriter(Protocol):
    """The single writer of an index; nothing it does is visible before `commit()`."""

    def add(self, doc: Document, analyzed: object = None) -> None:
        """Index the pages of a document that is not in the index yet. `analyzed` is what the
        engine's `document_analyzer` returned for `doc` in a worker (None: analyze here)."""
        ...

    def replace(self, doc: Document, analyzed: object = None) -> None:
        """Index the document's pages in place of any it had (`analyzed` as in `add`)."""
        ...

    def delete(self, doc_id: str) -> None:
        """Drop every page of the document."""
        ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


class Engine(Protocol):
    """One home's index. Readers always see the last committed state."""

    name: str

    def exists(self) -> bool: ...

    def schema_version(self) -> int | None: ...

    def is_outdated(self) -> bool: ...

    def size_bytes(self) -> int: ...

    def writer(self) -> EngineWriter:
        """The single writer, creating the index when missing. Raises IndexBusyError."""
        ...

    def write_lock(self) -> AbstractContextManager[None]:
        """Hold the writer's lock without writing. Raises IndexBusyError."""
        ...

    def document_analyzer(self) -> Callable[[Document], object] | None:
        """A module-level function (so that it can be sent to a worker process) that turns an
        assembled document into what this engine's writer indexes, or None when the writer
        does all the work itself. Ingest runs it in the workers, beside extraction."""
        ...

    def rebuild(self, documents: Iterable[tuple[Document, object]]) -> None:
        """A fresh index of `documents`, each with what `document_analyzer` made of it (None:
        the engine analyzes it), built beside the current one and swapped in when complete;
        on failure the current index stays as it was."""
        ...

    def remove(self) -> None:
        """Delete the index (the home moved to another engine)."""
        ...

    def lexicon(self) -> Lexicon:
        """Term statistics. Raises IndexNotBuiltError / SchemaOutdatedError."""
        ...

    def match(self, query: IndexQuery, scored: bool = True) -> MatchSet:
        """Every page matching `query`. Raises IndexNotBuiltError / SchemaOutdatedError."""
        ...

    def top_pages(
        self, query: IndexQuery, limit: int, exclude: Sequence[str] = ()
    ) -> list[PageScore]:
        """The `limit` best pages for `query`, best first, leaving out the doc_ids in
        `exclude`."""
        ...

    def close(self) -> None:
        """Let go of this thread's searcher."""
        ...

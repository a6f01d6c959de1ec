"""The search-engine interface: what every engine under indexer.engines implements."""

from __future__ import annotations

from indexer.errors import BusyError, UnavailableError


class IndexNotBuiltError(UnavailableError):
    """There is no index yet in this home folder."""


class SchemaOutdatedError(UnavailableError):
    """The index was built with another schema: `foia reindex` rebuilds it from the cache."""


class IndexBusyError(BusyError):
    """Another process is writing to the index."""

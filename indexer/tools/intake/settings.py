"""The archive limits an upload's ingest applies, handed from the web app to its worker
process on the worker's command line (the web app's settings, else `foia ingest`'s defaults)."""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from indexer.errors import InvalidInputError
from indexer.extractors.archive import ArchiveLimits


class ArchiveLimitsArgumentError(InvalidInputError):
    """The worker was given archive limits it cannot read."""


def limits_argument(limits: ArchiveLimits) -> str:
    """`limits` as one command-line argument (JSON)."""
    return json.dumps(asdict(limits), sort_keys=True)


def limits_from_argument(argument: str) -> ArchiveLimits:
    """The limits `limits_argument` wrote; ArchiveLimitsArgumentError for anything else."""
    defaults = asdict(ArchiveLimits())
    try:
        given = json.loads(argument)
        if not isinstance(given, dict) or not set(given) <= set(defaults):
            raise ValueError(f"not an object of {', '.join(sorted(defaults))}")
        values = {name: type(defaults[name])(value) for name, value in given.items()}
    except (ValueError, TypeError) as error:
        raise ArchiveLimitsArgumentError(f"archive limits not readable: {error}") from None
    return replace(ArchiveLimits(), **values)

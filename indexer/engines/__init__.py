"""Search engines behind the one interface of indexer.search.engine.

`ENGINES` names each engine's package and class; `open_engine(home)` opens the one a home
uses. Only the package of an engine imports that engine's library.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from indexer.errors import InvalidInputError
from indexer.search.engine import Engine

# name -> "module:class". A new engine is one more line here and one more package.
ENGINES = {"whoosh": "indexer.engines.whoosh.engine:WhooshEngine"}
DEFAULT_ENGINE = "whoosh"


class UnknownEngineError(InvalidInputError):
    """No engine of that name."""


def open_engine(home: Path, name: str = DEFAULT_ENGINE) -> Engine:
    """The engine `name` over the index of `home` (nothing is read until it is used).
    Raises UnknownEngineError for a name not in ENGINES."""
    try:
        module_name, class_name = ENGINES[name].split(":")
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise UnknownEngineError(f"no search engine {name!r} (known: {known})") from None
    engine_class = getattr(importlib.import_module(module_name), class_name)
    engine: Engine = engine_class(home)
    return engine

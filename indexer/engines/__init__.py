"""Search engines behind the one interface of indexer.search.engine.

`ENGINES` names each engine's package and class; `open_engine(home)` opens the one a home
uses. Only the package of an engine imports that engine's library.

A home remembers its engine: the name in its `ENGINE` file (written by the first ingest and
by `foia reindex --engine`), else the engine whose index it holds (homes made before there
was a choice), else `$FOIA_ENGINE`, else Whoosh.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from indexer.errors import ConflictError, InvalidInputError
from indexer.search.engine import Engine
from indexer.store.files import write_atomically

# name -> "module:class". A new engine is one more line here and one more package.
ENGINES = {
    "whoosh": "indexer.engines.whoosh.engine:WhooshEngine",
    "tantivy": "indexer.engines.tantivy.engine:TantivyEngine",
}
DEFAULT_ENGINE = "whoosh"
ENGINE_FILE = "ENGINE"
ENGINE_VARIABLE = "FOIA_ENGINE"


class UnknownEngineError(InvalidInputError):
    """No engine of that name."""


class EngineMismatchError(ConflictError):
    """The home's index was built by another engine than the one asked for."""


def _engine_class(name: str) -> type:
    try:
        module_name, class_name = ENGINES[name].split(":")
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise UnknownEngineError(f"no search engine {name!r} (known: {known})") from None
    engine_class: type = getattr(importlib.import_module(module_name), class_name)
    return engine_class


def _engine_file(home: Path) -> str:
    try:
        return (home / ENGINE_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return ""


def recorded_engine(home: Path) -> str | None:
    """The engine the home's ENGINE file names, else the one whose index it holds."""
    recorded = _engine_file(home)
    if recorded:
        return recorded
    for name in ENGINES:
        engine: Engine = _engine_class(name)(home)
        if engine.exists():
            return name
    return None


def home_engine(home: Path) -> str:
    """The name of the engine `home` uses (see the module docstring)."""
    return recorded_engine(home) or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE


def engine_in_use(home: Path, engine: Engine) -> Engine:
    """`engine`, or a new one when the home was converted to another engine since `engine`
    was opened (a server keeps searching across `foia reindex --engine`)."""
    recorded = _engine_file(home)
    if recorded and recorded != engine.name and recorded in ENGINES:
        return open_engine(home, recorded)
    return engine


def remember_engine(home: Path, name: str) -> None:
    """Record in `home` that its index is `name`'s."""
    _engine_class(name)
    write_atomically(home / ENGINE_FILE, f"{name}\n".encode())


def open_engine(home: Path, name: str | None = None) -> Engine:
    """The engine `name` (by default the home's) over the index of `home`; nothing is read
    until it is used. Raises UnknownEngineError for a name not in ENGINES."""
    engine: Engine = _engine_class(name or home_engine(home))(home)
    return engine


def engine_for_ingest(home: Path, name: str | None = None) -> Engine:
    """The engine an ingest into `home` writes with: the home's, or `name` for a home with no
    index yet (then remembered). Raises EngineMismatchError when the home's index is
    another engine's, UnknownEngineError for an unknown name."""
    recorded = recorded_engine(home)
    if name and recorded and name != recorded and open_engine(home, recorded).exists():
        raise EngineMismatchError(
            f"the index in {home} is a {recorded} index: convert it with"
            f" `foia reindex --engine {name}`, then ingest"
        )
    chosen = name or home_engine(home)
    engine = open_engine(home, chosen)
    if recorded != chosen or not (home / ENGINE_FILE).exists():
        remember_engine(home, chosen)
    return engine

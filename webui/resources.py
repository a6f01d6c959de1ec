"""The stores a request works with: the search engine (one per app) and the SQLite store (one
per request, on flask.g, closed on teardown)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from indexer import (
    Engine,
    HighlightTerms,
    IndexNotBuiltError,
    SchemaOutdatedError,
    Store,
    cache_dir_for,
    engine_in_use,
    highlight_terms_for,
    open_engine,
)

_ENGINE_KEY = "foia.engine"


def init_app(app: Flask) -> None:
    """Create the app's search engine and close the request's store after each request."""
    # The engine caches one searcher per thread and refreshes it after each commit.
    app.extensions[_ENGINE_KEY] = open_engine(home_dir(app))
    app.teardown_appcontext(close_store)


def home_dir(app: Flask | None = None) -> Path:
    """The FOIA home folder the app serves."""
    return Path((app or current_app).config["FOIA_HOME"])


def image_cache_dir() -> Path:
    """Where rendered page images and word boxes are cached."""
    configured = current_app.config.get("PAGE_CACHE_DIR")
    return Path(configured) if configured else cache_dir_for(home_dir())


def get_engine() -> Engine:
    """The app's engine; reopened when `foia reindex --engine` converted the home."""
    engine: Engine = current_app.extensions[_ENGINE_KEY]
    current = engine_in_use(home_dir(), engine)
    if current is not engine:
        current_app.extensions[_ENGINE_KEY] = current
    return current


def get_store() -> Store:
    """This request's SQLite store (opened on first use)."""
    if "foia_store" not in g:
        g.foia_store = Store(home_dir())
    store: Store = g.foia_store
    return store


def close_store(_error: BaseException | None = None) -> None:
    store: Store | None = g.pop("foia_store", None)
    if store is not None:
        store.close()


def highlight_terms(text: str) -> HighlightTerms:
    """The words `text` marks on a page; none when there is no text or no usable index
    (a document can still be read without an index)."""
    if not text.strip():
        return HighlightTerms()
    try:
        return highlight_terms_for(get_engine(), text, get_store())
    except (IndexNotBuiltError, SchemaOutdatedError):
        return HighlightTerms()

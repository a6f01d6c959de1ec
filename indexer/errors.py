"""FoiaError and its categories: every error the library raises on purpose derives from one.

The web app maps a category to an HTTP status in one place (`webui/errors.py`), and the
command line maps it to a message and an exit code in one place (`indexer/cli/errors.py`).
A module's own error names what went wrong (`UnknownDocumentError`, `IndexBusyError`, ...) and
inherits its category from one of the classes below.
"""

from __future__ import annotations


class FoiaError(Exception):
    """Base of every library error. `category` says how a caller should answer it."""

    category = "invalid"


class NotFoundError(FoiaError, LookupError):
    """What was asked for does not exist: a doc_id, a page, a user, a saved search."""

    category = "not_found"


class InvalidInputError(FoiaError, ValueError):
    """What was given is malformed or out of range: a field value, a file, a manifest row."""

    category = "invalid"


class ForbiddenError(FoiaError):
    """The user may not do this: a viewer editing, staff changing another author's note."""

    category = "forbidden"


class ConflictError(FoiaError):
    """The change clashes with what is stored: a name already taken, a stale edit."""

    category = "conflict"


class BusyError(FoiaError):
    """Someone else holds what is needed (the index writer): try again later."""

    category = "busy"


class UnavailableError(FoiaError):
    """The thing exists but cannot be used now: no index yet, an index to rebuild."""

    category = "unavailable"


CATEGORIES = ("not_found", "invalid", "forbidden", "conflict", "busy", "unavailable")


class UnknownDocumentError(NotFoundError):
    """No stored document has this doc_id, or the document has no such page."""

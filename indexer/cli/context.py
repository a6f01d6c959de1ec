"""What every `foia` command shares: the Context (home folder, stores), pass_context, and the
helpers that print results."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import click

from indexer import (
    Store,
    ingest_roots,
    open_engine,
    public_paths,
)

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
_MARK_RE = re.compile(r"<mark>(.*?)</mark>")


class Context:
    """What every command shares: the home folder and, opened on demand, its stores."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._store: Store | None = None
        self.engine = open_engine(home)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.home)
        return self._store


pass_context = click.make_pass_decorator(Context)


def emit(data: Any, as_json: bool, text: str) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if as_json else text)


def shown_paths(obj: Context, data: Any) -> Any:
    """`data` with each document's `path` relative to the folder it was ingested from, as
    the web API shows it to anyone but an admin (`foia list` shows where files live)."""
    return public_paths(data, ingest_roots(obj.store))


def terminal_snippet(snippet: str, color: bool) -> str:
    """An HTML snippet for a terminal: hits bold (or in [brackets]), entities decoded."""
    replacement = "\x1b[1m\\1\x1b[0m" if color else "[\\1]"
    return html.unescape(_MARK_RE.sub(replacement, snippet))

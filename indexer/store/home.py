"""Where a foia-search home folder (index, database, caches) is when none is named."""

from __future__ import annotations

import os
import re
from pathlib import Path

# The home of every command run inside a foia-search checkout (`make run` serves it too).
CHECKOUT_HOME = "var"
_PROJECT_NAME_RE = re.compile(r'^name\s*=\s*"foia-search"\s*$', re.MULTILINE)


def default_home(cwd: Path | None = None) -> Path:
    """$FOIA_HOME; else `var/` of the foia-search checkout the current folder is in (where
    `make run` keeps its data), so that every command run from the checkout uses one home;
    else the per-user data folder ($XDG_DATA_HOME/foia-search)."""
    if os.environ.get("FOIA_HOME"):
        return Path(os.environ["FOIA_HOME"])
    checkout = find_checkout(cwd or Path.cwd())
    if checkout is not None:
        return checkout / CHECKOUT_HOME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "foia-search"


def find_checkout(folder: Path) -> Path | None:
    """The foia-search checkout (the folder whose pyproject.toml names the project) that
    holds `folder`, or None."""
    for candidate in (folder, *folder.parents):
        project = candidate / "pyproject.toml"
        try:
            if project.is_file() and _PROJECT_NAME_RE.search(project.read_text("utf-8")):
                return candidate
        except (OSError, UnicodeDecodeError):
            continue
    return None

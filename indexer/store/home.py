"""Where a foia-search home folder (index, database, caches) is when none is named."""

from __future__ import annotations

import os
from pathlib import Path


def default_home() -> Path:
    """$FOIA_HOME, else the per-user data folder ($XDG_DATA_HOME/foia-search)."""
    if os.environ.get("FOIA_HOME"):
        return Path(os.environ["FOIA_HOME"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "foia-search"

"""The `foia` command line."""

from indexer.cli import compare, staff, tools  # noqa: F401  (they register commands)
from indexer.cli.app import main

__all__ = ["main"]

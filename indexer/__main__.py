"""`python -m indexer` runs the `foia` command line."""

from indexer.cli import main

main()

"""The process that runs one batch in the background: `python -m indexer.tools.batch.worker
HOME BATCH_ID [ROLE]`, started by `jobs.start_batch`, at a lower CPU priority than the web
server so that searches stay fast while it runs."""

from __future__ import annotations

import sys
from pathlib import Path

from indexer.tools.background import lower_priority
from indexer.tools.batch.jobs import run_job


def main(argv: list[str]) -> int:
    """Run the batch; 0 when it is done, 1 when it failed (the status says why)."""
    home, batch_id, role = Path(argv[0]), argv[1], (argv[2] if len(argv) > 2 else "")
    lower_priority()
    return 0 if run_job(home, batch_id, role or None).state == "done" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The process that ingests one upload in the background: `python -m
indexer.tools.intake.worker HOME INTAKE_ID [ARCHIVE_LIMITS]`, started by `jobs.start_intake`
(the limits as `settings.limits_argument` writes them), at a lower CPU priority than the web
server so that searches stay fast while it runs."""

from __future__ import annotations

import sys
from pathlib import Path

from indexer.tools.background import lower_priority
from indexer.tools.intake.run import run_intake
from indexer.tools.intake.settings import limits_from_argument


def main(argv: list[str]) -> int:
    """Run the ingest; 0 when it is done, 1 when it failed (the status says why)."""
    home, intake_id = Path(argv[0]), argv[1]
    archive_limits = limits_from_argument(argv[2]) if len(argv) > 2 else None
    lower_priority()
    status = run_intake(home, intake_id, archive_limits=archive_limits)
    return 0 if status is not None and status.state == "done" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

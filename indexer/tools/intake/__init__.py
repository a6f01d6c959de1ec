"""Ingest from the browser (issue 15): files and ZIP archives uploaded by staff, ingested in
the background, one ingest at a time, the others queued.

The modules, one job each: `files` (what an upload may hold, saved under safe names inside
the home), `jobs` (the queue, the progress and the result of each upload's ingest), `worker`
(the process that runs one). Callers import from here.
"""

from indexer.tools.intake.files import (
    IntakeLimits,
    IntakeTooLargeError,
    UploadedFile,
    intake_dir,
    safe_name,
    save_intake,
)
from indexer.tools.intake.jobs import (
    IntakeQueueFullError,
    IntakeStatus,
    intake_status,
    list_intakes,
    start_intake,
)

__all__ = [
    "IntakeLimits",
    "IntakeQueueFullError",
    "IntakeStatus",
    "IntakeTooLargeError",
    "UploadedFile",
    "intake_dir",
    "intake_status",
    "list_intakes",
    "safe_name",
    "save_intake",
    "start_intake",
]

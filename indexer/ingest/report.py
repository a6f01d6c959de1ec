"""What an ingest tells: its report (the JSON contract of DESIGN.md) and its progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class IngestReport:
    """What an ingest did; `to_json` is the contract of DESIGN.md."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    pages: int = 0
    ocr_pages: int = 0
    ocr_reused: int = 0
    seconds: float = 0.0
    failed: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    new_doc_ids: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "ocr_reused": self.ocr_reused,
            "seconds": round(self.seconds, 3),
            "failed": self.failed,
            "warnings": self.warnings,
            "skipped": self.skipped,
        }


@dataclass(frozen=True)
class Progress:
    """Sent to the progress callback after each file."""

    files_done: int
    files_total: int
    pages: int
    path: str

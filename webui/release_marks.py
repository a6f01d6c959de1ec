"""Releases on the search timeline: a mark at each production's release date, linked to its
report (shown when the page asks for them with `releases=1`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from webui.timeline import Timeline


@dataclass(frozen=True)
class ReleaseMark:
    x: float
    date: str
    name: str
    production_id: str


def release_marks(timeline: Timeline, summaries: Sequence[Any]) -> list[ReleaseMark]:
    """A mark for each production whose release date falls on a period of the timeline,
    at the middle of that period's bar."""
    slots = {bar.label: bar for bar in timeline.bars}
    marks = []
    for summary in summaries:
        date = summary.release_date or ""
        bar = slots.get(date[:7] if timeline.is_monthly else date[:4])
        if bar is not None:
            x = round(bar.x + bar.width / 2, 2)
            marks.append(
                ReleaseMark(x, date, summary.production.name, summary.production.production_id)
            )
    return marks

"""The timeline above the results: documents per month or year, laid out as SVG bars."""

from __future__ import annotations

import re
from dataclasses import dataclass

from webui.display import MONTHS

WIDTH = 720
HEIGHT = 96
AXIS_HEIGHT = 18
# A few periods make wide slots: their bars stay this wide, centred in the slot.
MAX_BAR_WIDTH = 36.0
# Up to this many years of data the chart shows months, beyond it years.
MAX_MONTHLY_YEARS = 3
# Labels under the axis: at most this many years, or months (a month label may carry its year).
MAX_YEAR_TICKS = 8
MAX_MONTH_TICKS = 6
MONTH_STEPS = (1, 2, 3, 4, 6, 12)
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTHS)
_KEY_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Bar:
    label: str  # "2025-03" or "2025": also the date filter a click applies
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, text) under the bars
    is_monthly: bool
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def _parse(timeline: dict[str, int]) -> dict[tuple[int, int], int]:
    """(year, month or 0) -> count, for well-formed keys with a plausible year."""
    parsed: dict[tuple[int, int], int] = {}
    for key, count in timeline.items():
        match = _KEY_RE.match(key)
        if not match or count <= 0:
            continue
        year, month = int(match.group(1)), int(match.group(2) or 0)
        if not 1000 <= year <= 2999 or month > 12:
            continue
        parsed[(year, month)] = parsed.get((year, month), 0) + count
    return parsed


def _slots(parsed: dict[tuple[int, int], int]) -> tuple[list[tuple[str, int]], bool]:
    years = sorted({year for year, _ in parsed})
    is_monthly = years[-1] - years[0] < MAX_MONTHLY_YEARS and all(m for _, m in parsed)
    if is_monthly:
        first = min(parsed)
        last = max(parsed)
        slots = []
        year, month = first
        while (year, month) <= last:
            slots.append((f"{year:04d}-{month:02d}", parsed.get((year, month), 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return slots, True
    per_year: dict[int, int] = {}
    for (year, _), count in parsed.items():
        per_year[year] = per_year.get(year, 0) + count
    return [
        (f"{year:04d}", per_year.get(year, 0)) for year in range(years[0], years[-1] + 1)
    ], False


def build_timeline(timeline: dict[str, int], periods: tuple[str, ...] = ()) -> Timeline | None:
    """Bars for a search result's timeline; None when no matching document has a date.
    `periods` ("2019-06", "2019") widen the axis to show them (releases), with no bar."""
    parsed = _parse(timeline)
    if not parsed:
        return None
    for period in periods:
        match = _KEY_RE.match(period)
        if match and 1000 <= int(match.group(1)) <= 2999:
            month = int(match.group(2) or 0) if all(m for _, m in parsed) else 0
            parsed.setdefault((int(match.group(1)), month if month <= 12 else 0), 0)
    slots, is_monthly = _slots(parsed)
    peak = max(count for _, count in slots)
    slot_width = WIDTH / len(slots)
    gap = min(2.0, slot_width * 0.2)
    chart_height = HEIGHT - AXIS_HEIGHT
    bar_width = min(slot_width - gap, MAX_BAR_WIDTH)
    bars = []
    for index, (label, count) in enumerate(slots):
        height = max(2.0, chart_height * count / peak) if count else 0.0
        x = index * slot_width + (slot_width - bar_width) / 2
        bars.append(
            Bar(
                label,
                count,
                round(x, 2),
                round(chart_height - height, 2),
                round(bar_width, 2),
                round(height, 2),
            )
        )
    return Timeline(tuple(bars), _ticks(slots, slot_width, is_monthly), is_monthly)


def _ticks(
    slots: list[tuple[str, int]], slot_width: float, is_monthly: bool
) -> tuple[tuple[float, str], ...]:
    """A few labels under the axis, never crowded: years, or months ("May 2025", "Aug",
    "Nov", "Feb 2026": the year where it starts or changes)."""
    if not is_monthly:
        every = max(1, -(-len(slots) // MAX_YEAR_TICKS))
        chosen = [(index, label) for index, (label, _) in enumerate(slots)][::every]
    else:
        every = next(step for step in MONTH_STEPS if -(-len(slots) // step) <= MAX_MONTH_TICKS)
        chosen = []
        year_shown = ""
        for index in range(0, len(slots), every):
            year, month = slots[index][0].split("-")
            text = MONTH_ABBREVIATIONS[int(month) - 1]
            if year != year_shown:
                text, year_shown = f"{text} {year}", year
            chosen.append((index, text))
    return tuple((round(index * slot_width + slot_width / 2, 2), text) for index, text in chosen)

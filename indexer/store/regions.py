"""The area of a page a note is anchored to: a rectangle in fractions of the page's size."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from indexer.errors import InvalidInputError

REGION_FIELDS = ("x", "y", "width", "height")
# Smaller than this fraction of the page across or down is a click, not an area.
MIN_REGION_SIDE = 0.002
# Rounding of what is stored: a thousandth of a percent of the page is far below a pixel.
REGION_DIGITS = 5
# How far past an edge a rectangle may reach and be clipped back (a drag ending a pixel out).
EDGE_TOLERANCE = 0.01
MAX_REGION_TEXT = 200
_NUMBER = re.compile(r"^\s*[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?\s*$")


class InvalidRegionError(InvalidInputError):
    """A note's area that is not a rectangle on the page."""


@dataclass(frozen=True)
class Region:
    """A rectangle on a page: left, top, width and height as fractions (0 to 1) of the page's
    width and height, so that it lands on the same words at any size the page is shown."""

    x: float
    y: float
    width: float
    height: float

    def to_json(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in REGION_FIELDS}

    def to_column(self) -> str:
        """The text the notes table stores."""
        return json.dumps(self.to_json(), separators=(",", ":"))

    def in_percent(self) -> dict[str, float]:
        """The rectangle in percent of the page (what an SVG over the page image takes)."""
        return {name: round(getattr(self, name) * 100, 3) for name in REGION_FIELDS}


def _numbers(value: object) -> list[object]:
    """The four values of a region given as an object, a list, or "x,y,width,height" text."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(REGION_FIELDS))
        if unknown:
            raise InvalidRegionError(f"a region has no field {unknown[0]!r}")
        missing = [name for name in REGION_FIELDS if name not in value]
        if missing:
            raise InvalidRegionError(f"a region needs {', '.join(missing)}")
        return [value[name] for name in REGION_FIELDS]
    if isinstance(value, str):
        parts = value.split(",") if len(value) <= MAX_REGION_TEXT else []
        if len(parts) != 4 or not all(_NUMBER.match(part) for part in parts):
            raise InvalidRegionError(
                "a region is four numbers x,y,width,height (fractions of the page)"
            )
        return [float(part) for part in parts]
    if isinstance(value, list) and len(value) == 4:
        return list(value)
    raise InvalidRegionError("a region is an object with x, y, width and height")


def clean_region(value: object) -> Region | None:
    """The region `value` describes (None for None or ""), clipped to the page when it
    overhangs an edge by a hair. InvalidRegionError when it is not four finite numbers
    making a rectangle of some size that lies on the page."""
    if value is None or value == "":
        return None
    numbers = _numbers(value)
    for number in numbers:
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise InvalidRegionError(f"a region's values are numbers, not {number!r:.40}")
        if not math.isfinite(number):
            raise InvalidRegionError("a region's values are finite numbers")
    x, y, width, height = (float(number) for number in numbers)  # type: ignore[arg-type]
    low, high = -EDGE_TOLERANCE, 1 + EDGE_TOLERANCE
    if x < low or y < low or x + width > high or y + height > high or width < 0 or height < 0:
        raise InvalidRegionError(
            "a region lies on the page: x, y, width and height are fractions of its size,"
            " with x + width and y + height at most 1"
        )
    left, top = max(x, 0.0), max(y, 0.0)
    right, bottom = min(x + width, 1.0), min(y + height, 1.0)
    if right - left < MIN_REGION_SIDE or bottom - top < MIN_REGION_SIDE:
        raise InvalidRegionError(
            f"a region is at least {MIN_REGION_SIDE} of the page across and down"
        )
    return Region(*(round(v, REGION_DIGITS) for v in (left, top, right - left, bottom - top)))


def region_of_column(text: str | None) -> Region | None:
    """The Region a notes row stores (None when the note has no area)."""
    if not text:
        return None
    data: Any = json.loads(text)
    return Region(*(float(data[name]) for name in REGION_FIELDS))

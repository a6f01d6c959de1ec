"""Bates gaps of a production: the numbers missing from each prefix's sequence, and whether a
slip sheet stands for them.

Each stamped page holds one number of its prefix (a cover's range `A - B` holds all of them);
stamps are compared by prefix key and number after OCR repair (`enrich.bates_stamp.parse`:
`lCE-00O7282` is `ICE-0007282`), so a damaged stamp neither opens a gap nor starts a prefix
of its own. Between two numbers held, the ones missing form a gap. A gap is "withheld in
full" when a slip sheet accounts for it: a withheld page that prints a range covering the
numbers ("Bates ICE 000046 through ICE 000052 withheld in full", or "pages 46 - 52" after
its own stamp's prefix), or the withheld page stamped just before the gap (one slip sheet
for several pages). Otherwise it is "missing, no slip sheet".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from indexer.enrich.bates_detect import MAX_RANGE, stamp_like
from indexer.enrich.bates_stamp import RANGE_SEPARATOR, Stamp, parse, parse_range, prefix_key

MISSING = "missing"
WITHHELD = "withheld"
_RANGE_MARK = re.compile(r"\s+(?:-|–|—|to|through|thru)\s+", re.IGNORECASE)
_MAX_WORDS = 6
_NUMBER = re.compile(r"\d{1,10}")


@dataclass(frozen=True)
class StampedPage:
    """A page as gap finding sees it: its place, its stamp, and for a slip sheet its text."""

    doc_id: str
    page: int
    bates: str | None
    is_withheld: bool = False
    text: str = ""


@dataclass(frozen=True)
class BatesGap:
    """Numbers `first` to `last` (printed in the prefix's style) missing between the pages
    `before` and `after` ((doc_id, page, bates)); `status` is MISSING or WITHHELD, and for
    WITHHELD `slip_sheet` is the page that says so."""

    prefix: str
    first: str
    last: str
    count: int
    status: str
    before: tuple[str, int, str]
    after: tuple[str, int, str]
    slip_sheet: tuple[str, int, str] | None = None

    @property
    def shown_status(self) -> str:
        if self.slip_sheet is None:
            return "missing, no slip sheet"
        doc_id, page, bates = self.slip_sheet
        return f"withheld in full (slip sheet on page {page} of {doc_id}, {bates})"

    def to_json(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "first": self.first,
            "last": self.last,
            "count": self.count,
            "status": self.status,
            "shown_status": self.shown_status,
            "before": _place_json(self.before),
            "after": _place_json(self.after),
            "slip_sheet": _place_json(self.slip_sheet) if self.slip_sheet else None,
        }


def _place_json(place: tuple[str, int, str]) -> dict[str, Any]:
    return {"doc_id": place[0], "page": place[1], "bates": place[2]}


@dataclass
class _Held:
    low: int
    high: int
    place: tuple[str, int, str]
    is_withheld: bool
    stamp: Stamp


@dataclass
class _Prefix:
    held: list[_Held] = field(default_factory=list)
    covered: list[tuple[int, int, tuple[str, int, str]]] = field(default_factory=list)


def _ends(text: str, own: Stamp | None) -> Iterator[tuple[Stamp, Stamp]]:
    """The ranges a slip sheet prints: `A - B` of one prefix, or bare numbers `46 - 52`
    read in the prefix of the sheet's own stamp `own`."""
    for line in text.splitlines():
        for mark in _RANGE_MARK.finditer(line):
            before, after = line[: mark.start()].split(), line[mark.end() :].split()
            found = _stamped_ends(before, after) or _bare_ends(before, after, own)
            if found is not None and 0 < found[1].number - found[0].number <= MAX_RANGE:
                yield found


def _stamped_ends(before: list[str], after: list[str]) -> tuple[Stamp, Stamp] | None:
    for size_after in range(min(len(after), _MAX_WORDS), 0, -1):
        end = stamp_like(" ".join(after[:size_after]))
        if end is None:
            continue
        for size in range(min(len(before), _MAX_WORDS), 0, -1):
            start = stamp_like(" ".join(before[-size:]))
            if start is not None and prefix_key(start) == prefix_key(end):
                return start, end
    return None


def _bare_ends(
    before: list[str], after: list[str], own: Stamp | None
) -> tuple[Stamp, Stamp] | None:
    if own is None or not before or not after:
        return None
    first, last = before[-1].strip(".,;:()"), after[0].strip(".,;:()")
    if not (_NUMBER.fullmatch(first) and _NUMBER.fullmatch(last)):
        return None
    return (
        Stamp(own.prefix, own.sep, int(first), own.width, own.tokens),
        Stamp(own.prefix, own.sep, int(last), own.width, own.tokens),
    )


class _Parser:
    """`parse` of many stamps of few prefixes: the OCR repair of a prefix is done once. A
    stamp ending in plain digits after a prefix already read cleanly (its repair changed
    neither its number nor its width) reuses that reading; any other is parsed whole."""

    _TAIL = re.compile(r"(?P<head>.*?\D)(?P<digits>\d+)")

    def __init__(self) -> None:
        self._heads: dict[str, Stamp | None] = {}

    def __call__(self, text: str) -> Stamp | None:
        match = self._TAIL.fullmatch(text)
        if match is None:
            return parse(text)
        head, digits = match["head"], match["digits"]
        known = self._heads.get(head)
        if known is not None:
            return Stamp(known.prefix, known.sep, int(digits), len(digits), known.tokens)
        stamp = parse(text)
        if head not in self._heads:
            clean = stamp is not None and (stamp.number, stamp.width) == (int(digits), len(digits))
            self._heads[head] = stamp if clean else None
        return stamp


def _collect(pages: Sequence[StampedPage]) -> dict[str, _Prefix]:
    prefixes: dict[str, _Prefix] = {}
    read = _Parser()
    keys: dict[tuple[str, ...], str] = {}
    for item in pages:
        if not item.bates:
            continue
        ends = parse_range(item.bates) if RANGE_SEPARATOR in item.bates else None
        stamp = ends[0] if ends else read(item.bates)
        if stamp is None or not stamp.tokens:
            continue
        high = ends[1].number if ends else stamp.number
        place = (item.doc_id, item.page, item.bates)
        if stamp.tokens not in keys:
            keys[stamp.tokens] = prefix_key(stamp)
        entry = prefixes.setdefault(keys[stamp.tokens], _Prefix())
        entry.held.append(_Held(stamp.number, high, place, item.is_withheld, stamp))
        if item.is_withheld:
            for start, end in _ends(item.text, stamp):
                key = prefixes.setdefault(prefix_key(start), _Prefix())
                key.covered.append((start.number, end.number, place))
    return prefixes


def _split(
    low: int, high: int, covered: list[tuple[int, int, tuple[str, int, str]]]
) -> Iterator[tuple[int, int, tuple[str, int, str] | None]]:
    """[low, high] cut into the stretches a printed range covers (with its sheet) and the
    stretches none does (None)."""
    position = low
    for start, end, place in sorted(covered):
        if end < position or start > high:
            continue
        if start > position:
            yield position, start - 1, None
        yield max(start, position), min(end, high), place
        position = min(end, high) + 1
        if position > high:
            return
    if position <= high:
        yield position, high, None


def _prefix_gaps(entry: _Prefix) -> Iterator[BatesGap]:
    held = sorted(entry.held, key=lambda h: (h.low, h.high))
    reach: _Held | None = None
    for item in held:
        if reach is not None and item.low > reach.high + 1:
            for low, high, sheet in _split(reach.high + 1, item.low - 1, entry.covered):
                if sheet is None and reach.is_withheld and low == reach.high + 1:
                    sheet = reach.place
                yield BatesGap(
                    prefix=reach.stamp.prefix,
                    first=reach.stamp.printed(low),
                    last=reach.stamp.printed(high),
                    count=high - low + 1,
                    status=MISSING if sheet is None else WITHHELD,
                    before=reach.place,
                    after=item.place,
                    slip_sheet=sheet,
                )
        if reach is None or item.high > reach.high:
            reach = item


def find_gaps(pages: Sequence[StampedPage]) -> list[BatesGap]:
    """The Bates gaps of a production's pages, by prefix, then by number. Pages without a
    stamp (or whose stamp holds no number) take no part."""
    gaps: list[BatesGap] = []
    for _, entry in sorted(_collect(pages).items()):
        if entry.held:
            gaps.extend(_prefix_gaps(entry))
    return gaps

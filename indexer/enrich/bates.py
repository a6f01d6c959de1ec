"""Bates numbers per page, in their full, short and damaged forms.

What counts as a stamp (measured on the sample corpus: Federal Register "PO 00000" job lines,
"FY 2017" cover lines, ZIP codes, statute and court citations gave no false positive):
- known FOIA production styles anywhere on the page: `ICE FOIA 10-2674.0007281`,
  `ICE 2010FOIA2674.0117629`, multi-part prefixes such as `DHS-ICE-000345`;
- a generic `PREFIX 0001234` (also `-`, `_` or no separator) only when zero-padded and it ends
  its line, or starts a line among the last three (a stamp sits in a corner, not in prose);
- a generic unpadded `PREFIX 1234` only when it is a whole line among the last three lines.
Never: all-zero numbers, years, ZIP codes after a state code, words such as PAGE, FORM, FY.
OCR damage repaired: a lost dot (`10-2674 0007281`), a space inside the number at the end of
the line (`10-2674.000 7281`, returned as `10-2674.0007281`), spaces around hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.enrich.bates_stamp import parse_range, stamp_keys, typed_keys

# A space inside the number is an OCR split only when its first part is short: "000 7281";
# "0007281 2" is a stamp followed by a page number.
_DIGITS = r"(?P<number>\d{1,5}[ ]\d{1,9}(?=[ \t]*$)|\d{4,10}(?!\d))"
_SEPARATOR = r"(?P<sep>[ \t]*[.,][ \t]*|[ \t]+)"
_KNOWN = (
    # ICE FOIA 10-2674.0007281
    re.compile(
        r"(?<![A-Za-z0-9])(?P<prefix>[A-Z]{2,12}[ \t]+FOIA[ \t]+\d{2}[ \t]?-[ \t]?\d{3,6})"
        + _SEPARATOR
        + _DIGITS,
        re.MULTILINE,
    ),
    # ICE 2010FOIA2674.0117629
    re.compile(
        r"(?<![A-Za-z0-9])(?P<prefix>[A-Z]{2,12}[ \t]+(?:19|20)\d{2}[ -]?FOIA[ -]?\d{3,6})"
        + _SEPARATOR
        + _DIGITS,
        re.MULTILINE,
    ),
    # DHS-ICE-000345
    re.compile(
        r"(?<![A-Za-z0-9_.-])(?P<prefix>[A-Z]{2,12}(?:[-_][A-Z]{2,12})+)(?P<sep>[-_ ])"
        r"(?P<number>0\d{3,9}|\d{6,10})(?![A-Za-z0-9]|-\d)",
        re.MULTILINE,
    ),
)
_GENERIC = re.compile(
    r"(?<![A-Za-z0-9_.,/-])(?P<prefix>[A-Z]{2,12})(?P<sep>[ \t]{1,3}|[_-]|)(?P<number>\d{4,10})"
    r"(?![A-Za-z0-9]|[-.,/]\d)",
    re.MULTILINE,
)
NOT_PREFIXES = frozenset({
    "PAGE", "PG", "PP", "NO", "NOS", "NUM", "NUMBER", "FORM", "ROOM", "RM", "SUITE", "STE",
    "BOX", "STOP", "FY", "CY", "EXT", "TEL", "PHONE", "FAX", "USC", "CFR", "SEC", "SECTION",
    "PUB", "VOL", "CASE", "DOCKET", "CIV", "CV", "DOC", "DOCUMENT", "EXHIBIT", "EX", "ID",
    "JKT", "PO", "FRM", "FMT", "SFMT", "ZIP", "HR", "SB", "AB", "HB", "EO", "PL", "STAT",
    "ISBN", "ISSN", "REF", "OMB", "APPENDIX", "CHAPTER", "ANNEX", "PART", "TITLE", "TABLE",
    "FIGURE", "FIG", "ATTACHMENT", "ENCLOSURE", "TAB", "ITEM", "LINE", "PHASE", "LEVEL",
    "REV",
})  # fmt: skip
STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI",
})  # fmt: skip
_EDGE_JUNK = " \t|•·*"
_FOOTER_LINES = 3
_TAIL = re.compile(r"(?P<head>.*?)(?P<sep>[ ._,-]*)(?P<digits>\d+)")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _printed(prefix: str, sep: str, number: str) -> str:
    """The stamp as printed, whitespace collapsed and OCR splits inside the number joined."""
    prefix = re.sub(r"\s*-\s*", "-", _collapse(prefix))
    sep = sep.strip() or (" " if sep else "")
    return f"{prefix}{sep}{number.replace(' ', '')}"


def _line_bounds(text: str, start: int, end: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return text[line_start:start].strip(_EDGE_JUNK), text[end:line_end].strip(_EDGE_JUNK)


def _is_plausible_generic(match: re.Match[str]) -> bool:
    prefix, number = match["prefix"], match["number"]
    if prefix in NOT_PREFIXES or not number.strip("0"):
        return False
    if prefix in STATES and len(number) == 5:
        return False  # "Boston, MA 02134"
    return not (len(number) == 4 and not number.startswith("0") and 1900 <= int(number) <= 2099)


def _is_generic_stamp(text: str, match: re.Match[str], footer_start: int) -> bool:
    if not _is_plausible_generic(match):
        return False
    before, after = _line_bounds(text, match.start(), match.end())
    is_footer = match.start() >= footer_start
    if match["number"].startswith("0"):
        return not after or (not before and is_footer)
    if not match["sep"]:
        return False  # "ABC1234" could be anything: an unpadded stamp has a separator
    return not before and not after and is_footer


def _footer_start(text: str) -> int:
    """Offset where the last few non-empty lines begin."""
    positions = [m.start() for m in re.finditer(r"^[ \t]*\S", text, re.MULTILINE)]
    return positions[-_FOOTER_LINES] if len(positions) >= _FOOTER_LINES else 0


def _candidates(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for pattern in _KNOWN:
        for match in pattern.finditer(text):
            found.append(
                (match.start(), match.end(), _printed(*match.group("prefix", "sep", "number")))
            )
    footer_start = _footer_start(text)
    for match in _GENERIC.finditer(text):
        inside_known = any(start <= match.start() < end for start, end, _ in found)
        if not inside_known and _is_generic_stamp(text, match, footer_start):
            found.append(
                (match.start(), match.end(), _printed(*match.group("prefix", "sep", "number")))
            )
    return sorted(found)


def find_bates(text: str) -> str | None:
    """The Bates stamp printed on a page (the last one when several), or None."""
    found = _candidates(text)
    return found[-1][2] if found else None


def _parts(stamp: str) -> tuple[str, str, str]:
    """(prefix as printed, separator, digits) of a stamp; ValueError when it has no number."""
    collapsed = _collapse(stamp)
    for pattern in _KNOWN:
        match = pattern.fullmatch(collapsed.upper())
        if match:
            printed = _printed(*match.group("prefix", "sep", "number"))
            collapsed = printed
            break
    match = _TAIL.fullmatch(collapsed)
    if match is None:
        raise ValueError(f"not a Bates number: {stamp!r}")
    return match["head"], match["sep"], match["digits"]


def split_bates(stamp: str) -> tuple[str, int, int]:
    """(prefix upper-cased with single spaces, number, digit width); ValueError if no number."""
    head, _, digits = _parts(stamp)
    return head.upper().rstrip(" ._,-"), int(digits), len(digits)


def bates_keys(stamp: str) -> set[str]:
    """Lower-case keys a page stamped `stamp` is found by (see `bates_stamp`): its prefix
    and number in any style, its agency and number (`ice_117630`), its number alone.

    `query_keys` of any form a user types for this stamp is one of these. A value without
    a number (a hand-typed manifest value) is findable only as printed.
    """
    return stamp_keys(stamp)


def query_keys(user_text: str) -> set[str]:
    """The keys for what a user typed after `bates:`; empty when it holds no number.

    With a prefix, only prefixed keys: `ICE-117630` must not find every page 117630.
    """
    return typed_keys(user_text)


def _format_like(stamp: str, number: int) -> str:
    head, sep, digits = _parts(stamp)
    return f"{head}{sep}{str(number).zfill(len(digits))}"


def fill_gaps(stamps: Sequence[str | None]) -> list[str | None]:
    """Unstamped pages numbered by counting from the nearest stamped page (earlier one on ties).

    A page stays None when no page is stamped or the count would go below 0.
    """
    stamped = [(index, stamp) for index, stamp in enumerate(stamps) if stamp is not None]
    filled: list[str | None] = []
    for index, stamp in enumerate(stamps):
        if stamp is not None or not stamped:
            filled.append(stamp)
            continue
        near_index, near_stamp = min(stamped, key=lambda item: (abs(item[0] - index), item[0]))
        number = split_bates(near_stamp)[1] + index - near_index
        filled.append(_format_like(near_stamp, number) if number >= 0 else None)
    return filled


def number_pages(bates_start: str, page_count: int) -> list[str]:
    """Stamps for `page_count` pages counting from a manifest's `bates_start`.

    ValueError when `bates_start` has no number.
    """
    start = split_bates(bates_start)[1]
    return [_format_like(bates_start, start + offset) for offset in range(max(page_count, 0))]


def bates_range(stamps: Sequence[str | None]) -> tuple[str, str] | None:
    """The first and last stamp of a document (a cover's range counts as its two ends), or
    None when no page has one."""
    present = [stamp for stamp in stamps if stamp is not None]
    if not present:
        return None
    first, last = parse_range(present[0]), parse_range(present[-1])
    return (
        first[0].printed() if first else present[0],
        last[1].printed() if last else present[-1],
    )

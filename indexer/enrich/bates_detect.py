"""Bates stamps of a whole document, found from the production itself, not from a list.

A production stamps every page in a corner with the same prefix and a number that grows
page by page. So the candidates are the stamp-shaped ends of a page's first and last lines
(`CBP-2018-FOIA-01123 000451`, `DOJ OIP 2022 00517 000045`, `FBI(21-cv-1143)-000088`, in
any punctuation, OCR slips repaired), grouped by their prefix key; a prefix is taken when
its numbers grow at least one a page across two or more pages, or, on one page, when the
stamp is alone in its corner with a zero-padded number (`0089`). A page the production
misses keeps what the known styles (`indexer.enrich.bates.find_bates`) find on it. Prose
is never a candidate: a stamp's long words are upper case, and it holds no label word (No.,
Page, Form).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from indexer.enrich.bates import NOT_PREFIXES, STATES, fill_gaps, find_bates
from indexer.enrich.bates_stamp import RANGE_SEPARATOR, Stamp, parse, prefix_key

CORNER_LINES = 3
MAX_WORDS = 6
MIN_WIDTH = 3
# A cover's range wider than this is no range of the document's pages.
MAX_RANGE = 100_000
_EDGE_JUNK = " \t|•·*"
_GAP = re.compile(r"[ \t]*[|•·][ \t]*|[ \t]{2,}|\t")
_STAMP_WORD = re.compile(r"[A-Za-z0-9._,()/#-]+")
_RUNS = re.compile(r"[A-Za-z]+|[0-9]+")
# A stamp ends in its number (a digit, or a letter OCR reads for one) and starts with its
# agency in capitals (a lower-case l is a misread I): necessary, and cheaper than parsing.
_NUMBER_ENDS = frozenset("0123456789OoIlSB")
_AGENCY_START = re.compile(r"[^A-Za-z0-9]*[A-Zl]")
_LABELS = frozenset({"no", "nos", "num", "number", "page", "pg", "pp", "of", "rev", "form"})
_RANGE_MARK = re.compile(r"\s+(?:-|–|—|to|through|thru)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Candidate:
    page: int
    stamp: Stamp
    key: str
    is_whole: bool


def _is_year(stamp: Stamp) -> bool:
    return stamp.width == 4 and 1900 <= stamp.number <= 2099


def _has_stamp_words(prefix: str) -> bool:
    """The first word is an upper-case agency; a longer word in lower case is prose."""
    runs = _RUNS.findall(prefix)  # not empty: the stamp has tokens
    if not runs[0].isalpha() or not 2 <= len(runs[0]) <= 12:
        return False
    if not runs[0].isupper() or runs[0] in NOT_PREFIXES:
        return False
    return all(run.isupper() or len(run) <= 3 for run in runs if run.isalpha())


def _is_zip_code(stamp: Stamp) -> bool:
    """ "DC 20536" and "DC 20536-5009": a state code before five digits."""
    tokens = stamp.tokens
    if tokens[0].upper() not in STATES:
        return False
    after = (_RUNS.findall(stamp.prefix) + [str(stamp.number).zfill(stamp.width)])[1]
    return len(after) == 5 and after.isdigit()


def stamp_like(text: str) -> Stamp | None:
    """The stamp `text` is, when it has a stamp's shape; None for prose and look-alikes."""
    words = text.split()
    if not words or words[-1][-1] not in _NUMBER_ENDS or not _AGENCY_START.match(text):
        return None  # cheap shape checks first: most corner windows are words
    if len(words) > MAX_WORDS or not all(_STAMP_WORD.fullmatch(w) for w in words):
        return None
    stamp = parse(text)
    if stamp is None or not stamp.tokens or not _has_stamp_words(stamp.prefix):
        return None
    if stamp.number == 0 or stamp.width < MIN_WIDTH or _is_year(stamp):
        return None
    if _LABELS & set(stamp.tokens) or _is_zip_code(stamp):
        return None
    if stamp.tokens[0] in stamp.tokens[1:]:
        return None  # "ICE 000210 - ICE 000245": a range, not a stamp
    return stamp


def _corner_lines(text: str) -> list[str]:
    lines = [line.strip(_EDGE_JUNK) for line in text.splitlines()]
    lines = [line for line in lines if line]
    return lines[:CORNER_LINES] + lines[CORNER_LINES:][-CORNER_LINES:]


def _windows(segment: str) -> Iterator[tuple[str, bool]]:
    """The runs of words at either end of a corner's segment, and whether one is all of it."""
    words = segment.split()
    for size in range(min(len(words), MAX_WORDS), 0, -1):
        yield " ".join(words[:size]), size == len(words)
        if size < len(words):
            yield " ".join(words[-size:]), False


def _page_candidates(page: int, text: str) -> Iterator[_Candidate]:
    for line in _corner_lines(text):
        if _line_range(line) is not None:
            continue  # a cover's range: its ends are no stamp of this page
        for segment in _GAP.split(line):
            for window, is_whole in _windows(segment):
                stamp = stamp_like(window)
                if stamp is not None:
                    yield _Candidate(page, stamp, prefix_key(stamp), is_whole)


def _is_padded(stamp: Stamp) -> bool:
    return stamp.width >= 4 and stamp.width - len(str(stamp.number)) >= 2


def _is_accepted(group: list[_Candidate]) -> bool:
    """Numbers that grow at least one a page, or one stamp alone in its corner and
    zero-padded (`0089`, `000045`)."""
    if len(group) > 1:
        return all(b.stamp.number - a.stamp.number >= b.page - a.page for a, b in pairwise(group))
    only = group[0]
    return only.is_whole and _is_padded(only.stamp)


def _groups(texts: Sequence[str]) -> dict[str, list[_Candidate]]:
    """Candidates by prefix key, one a page (the lowest on the page)."""
    by_key: dict[str, dict[int, _Candidate]] = {}
    for page, text in enumerate(texts):
        for candidate in _page_candidates(page, text):
            by_key.setdefault(candidate.key, {})[page] = candidate
    return {key: [pages[page] for page in sorted(pages)] for key, pages in by_key.items()}


def _production(groups: dict[str, list[_Candidate]]) -> dict[int, str]:
    """The stamp of each page of the best production found: most pages, then the fullest
    prefix; printed in the production's most common style (OCR's slips repaired)."""
    accepted = [group for group in groups.values() if _is_accepted(group)]
    if not accepted:
        return {}
    best = max(accepted, key=lambda group: (len(group), len(group[0].stamp.tokens)))
    styles = Counter((c.stamp.prefix, c.stamp.sep, c.stamp.width) for c in best)
    common = max(styles, key=styles.__getitem__)  # the first of the most common
    style = next(c.stamp for c in best if (c.stamp.prefix, c.stamp.sep, c.stamp.width) == common)
    return {c.page: style.printed(c.stamp.number) for c in best}


def _hint(text: str, refused: set[str]) -> str | None:
    """What the known styles find on a page, unless its prefix repeats on other pages with
    numbers that do not grow (a form number, a running header)."""
    hint = find_bates(text)
    stamp = parse(hint) if hint else None
    return None if stamp is not None and prefix_key(stamp) in refused else hint


def _is_range_end(value: str | None, text: str) -> bool:
    """Whether `value` is an end of the range the page prints ("ICE 000210 - ICE 000245")."""
    stamp = parse(value) if value else None
    ends = _cover_range(text) if stamp is not None else None
    return stamp is not None and any(
        (prefix_key(end), end.number) == (prefix_key(stamp), stamp.number) for end in ends or ()
    )


def document_stamps(texts: Sequence[str]) -> list[str | None]:
    """The Bates stamp of each page (`texts`: the pages' text in order), None where
    nothing says; unstamped pages are counted from the stamped ones (`fill_gaps`)."""
    groups = _groups(texts)
    refused = {key for key, group in groups.items() if len(group) > 1 and not _is_accepted(group)}
    found = _production(groups)
    stamps = [found.get(page) or _hint(text, refused) for page, text in enumerate(texts)]
    if stamps and 0 not in found and _is_range_end(stamps[0], texts[0]):
        stamps[0] = None  # a cover's range, not its stamp: see cover_stamps
    return fill_gaps(stamps)


def _line_range(line: str) -> tuple[Stamp, Stamp] | None:
    """The first `A - B` (or to, through) of one prefix on a line, B above A."""
    for mark in _RANGE_MARK.finditer(line):
        before, after = line[: mark.start()].split(), line[mark.end() :].split()
        ends = [stamp_like(" ".join(after[:size])) for size in range(MAX_WORDS, 0, -1)]
        end = next((stamp for stamp in ends if stamp is not None), None)
        if end is None:
            continue
        for size in range(min(len(before), MAX_WORDS), 0, -1):
            start = stamp_like(" ".join(before[-size:]))
            if start is None or prefix_key(start) != prefix_key(end):
                continue
            if 0 < end.number - start.number <= MAX_RANGE:
                return start, end
    return None


def _cover_range(text: str) -> tuple[Stamp, Stamp] | None:
    """The first range a page prints."""
    for line in text.splitlines():
        ends = _line_range(line)
        if ends is not None:
            return ends
    return None


def cover_stamps(texts: Sequence[str]) -> list[str | None]:
    """Stamps from a range printed on the first page ("ICE 000210 - ICE 000245"): its
    pages counted from the range's start when their number fits the range (all pages, or
    all after the cover), else the range itself on the cover."""
    stamps: list[str | None] = [None] * len(texts)
    ends = _cover_range(texts[0]) if texts else None
    if ends is None:
        return stamps
    start, end = ends
    count = end.number - start.number + 1
    if len(texts) - count in (0, 1):
        offset = len(texts) - count
        stamps[offset:] = [start.printed(start.number + index) for index in range(count)]
    else:
        stamps[0] = start.printed() + RANGE_SEPARATOR + end.printed()
    return stamps

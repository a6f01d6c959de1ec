"""The words of a page as the near-duplicate fingerprint reads them (`enrich.duplicates`).

Folded as the index folds them (`iter_terms`), the Bates stamp removed, and cut into runs at
every redaction (an exemption label in any printed form, a black box, "[REDACTED]"), so that
no shingle spans a redaction.

Inside `sharing_terms()` (an ingest worker whose engine tokenizes the page too) the runs are
read off the terms of the whole page instead of tokenizing each piece again: a term inside
the stamp or a redaction is dropped, and the others fall into the run between the cuts
around them. That gives the pieces' own terms whenever every cut is bounded by whitespace (or
the text's ends, or another cut; after it also a character no token starts with, such as
".") and no term reaches into a cut; otherwise the pieces are tokenized as without sharing.
Why that condition suffices: no token starts or ends with whitespace, and the tokenizer's
look-arounds reach at most two characters past a token (`indexer.text.terms`), so a
whitespace character at each side of a cut leaves every token of a piece as the whole text
has it; after a cut, a character that starts no token serves as well (the token after it
sees it as its left neighbour either way). The stamp is not a cut but a space put in its place,
and one token spans a run of spaces with a line break in it: a word hyphenated at the end
of a line ("depor-" / "tation"). So a stamp after a dash (spaces aside) is not read off.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate, compress
from operator import ge, itemgetter
from sys import maxsize

from indexer.enrich.bates import find_bates
from indexer.text.shared_terms import Term, shared_terms
from indexer.text.terms import fold_characters, iter_terms

# What a redaction leaves in the text: boxes, "[REDACTED]", exemption labels ((b)(6),
# (b) (7)(C), b7c). Citations such as 1357(b)(1) are cut too: harmless, both copies print them.
REDACTION = re.compile(
    r"[█■▇▆▅▀▄▌▐]+|\[\s*redacted\s*\]|\bredacted\b"
    r"|\(\s*b\s*\)\s*\(\s*[1-9]\s*\)(?:\s*\(\s*[a-f]\s*\))?"
    r"|(?<![\w/])b[1-9][a-f]?(?![\w/])",
    re.IGNORECASE,
)

# Where a redaction can start: a box, "[", "(", "redacted", b and a digit. Searched for
# first, since trying every alternative of REDACTION at each character costs twice as much.
_REDACTION_START = re.compile(r"[█■▇▆▅▀▄▌▐\[(]|[rR][eE][dD][aA][cC][tT][eE][dD]|[bB][1-9]")
# What str.isalnum() refuses (\w is the letters and digits of str.isalnum, and "_").
_NOT_ALNUM = re.compile(r"[\W_]+")

Runs = list[list[str]]  # the words of one page, in runs between redactions


def stamp_span(text: str, stamp: str | None) -> tuple[int, int] | None:
    """Where the Bates stamp `stamp` is printed in `text` (start, end), searched from the
    foot of the page (spacing, dots and case may differ: OCR damage); None when it is not."""
    key = _squash(stamp or "")
    if not key:
        return None
    lines = text.split("\n")
    line_start = len(text) + 1
    for line in reversed(lines):  # a stamp sits at the foot of the page
        line_start -= len(line) + 1
        squashed = _NOT_ALNUM.sub("", line)
        if squashed.isascii() and key not in squashed.lower():
            continue  # the common case, without a list of characters
        kept = [(position, c.lower()) for position, c in enumerate(line) if c.isalnum()]
        found = "".join(c for _, c in kept).find(key)
        if found >= 0:
            start, end = kept[found][0], kept[found + len(key) - 1][0] + 1
            return line_start + start, line_start + end
    return None


def without_stamp(text: str, stamp: str | None) -> str:
    """`text` without the Bates stamp `stamp` where it is printed (one space instead);
    `text` itself when it is not printed there."""
    span = stamp_span(text, stamp)
    if span is None:
        return text
    return f"{text[: span[0]]} {text[span[1] :]}"


def _squash(text: str) -> str:
    return "".join(c.lower() for c in text if c.isalnum())


def has_redaction(text: str) -> bool:
    """Whether `text` shows a redaction: an exemption label, a black box, "[REDACTED]"."""
    return REDACTION.search(text) is not None


def redaction_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` shows a redaction (start, end), in order: `REDACTION.finditer`'s."""
    spans = []
    search, match = _REDACTION_START.search, REDACTION.match
    position = 0
    while (candidate := search(text, position)) is not None:
        found = match(text, candidate.start())
        if found is None:
            position = candidate.start() + 1
        else:
            spans.append(found.span())
            position = found.end()
    return spans


def _folded(piece: str) -> Iterator[str]:
    """Folded words as printed: a compound ("opt-out", "B1/B2") is its closed form only."""
    covered = 0
    for term, _, start, end in iter_terms(piece):
        if start >= covered:  # the parts of a compound lie inside its closed form
            covered = end
            yield term


def page_words(text: str, stamp: str | None = None) -> Runs:
    """The folded words of a page in runs cut at every redaction, its Bates `stamp` removed."""
    terms = shared_terms(text)
    if terms is not None:
        runs = runs_of_terms(text, stamp, terms)
        if runs is not None:
            return runs
    shown = without_stamp(text, stamp)
    edges = [0, *(edge for span in redaction_spans(shown) for edge in span), len(shown)]
    pieces = [shown[edges[index] : edges[index + 1]] for index in range(0, len(edges), 2)]
    return [run for run in (list(_folded(piece)) for piece in pieces) if run]


def document_words(texts: Iterable[str], stamps: Iterable[str | None] | None = None) -> list[Runs]:
    """The runs of words of each page of a document (`page_words`).

    `stamps` are the pages' Bates stamps as enrichment found them; without them each page is
    searched for its stamp (`find_bates`).
    """
    texts = list(texts)
    found = list(stamps) if stamps is not None else [find_bates(text) for text in texts]
    return [page_words(text, stamp) for text, stamp in zip(texts, found, strict=True)]


def _clean(text: str, start: int, end: int, joined_before: bool, joined_after: bool) -> bool:
    """Whether the cut [start, end) of `text` has whitespace, an end of the text or another
    cut (`joined_...`) before it, and after it the same or a character no token starts with
    ("(b)(6)." or "(b)(6), " end a sentence or a list)."""
    before = joined_before or start == 0 or text[start - 1].isspace()
    return before and (joined_after or end == len(text) or not _may_start_token(text[end]))


def _may_start_token(character: str) -> bool:
    """Whether a token of `iter_terms` can start with `character`: a word character (letters,
    digits, "_"), "(" of "(b)(6)", or a sign ("§", "%"), once folded."""
    folded = fold_characters(character)
    return folded.isalnum() or folded in "_(§%"


def _clean_cuts(text: str, cuts: list[tuple[int, int]]) -> bool:
    """Whether every cut of `text` (sorted, apart) is clean (`_clean`)."""
    last = len(cuts) - 1
    for index, (start, end) in enumerate(cuts):
        joined_before = index > 0 and cuts[index - 1][1] == start
        joined_after = index < last and cuts[index + 1][0] == end
        if not _clean(text, start, end, joined_before, joined_after):
            return False
    return True


def _hyphen_before(text: str, start: int) -> bool:
    """Whether a dash ends the text before `start`, whitespace aside: the stamp's space
    could join the word before it to the next line's as one hyphenated word."""
    before = text[:start].rstrip()
    return before != "" and fold_characters(before[-1]) == "-"


def runs_of_terms(text: str, stamp: str | None, terms: list[Term]) -> Runs | None:
    """`page_words(text, stamp)` read off the terms of the whole of `text`; None when a cut
    is not clean (`_clean`) or a term reaches into one: the pieces must be tokenized."""
    span = stamp_span(text, stamp)
    shown, regions = text, []
    if span is not None:
        start, end = span
        if not _clean(text, start, end, False, False) or _hyphen_before(text, start):
            return None
        shown = f"{text[:start]} {text[end:]}"
        regions.append((start, end, False))  # its terms dropped, the run goes on
    cuts = redaction_spans(shown)
    if not _clean_cuts(shown, cuts):
        return None
    for cut_start, cut_end in cuts:
        if span is not None and cut_end > span[0]:
            if cut_start <= span[0]:
                return None  # the redaction takes in the stamp's space
            shift = span[1] - span[0] - 1  # back to the text's characters
            cut_start, cut_end = cut_start + shift, cut_end + shift
        regions.append((cut_start, cut_end, True))
    return _split_runs(terms, sorted(regions))


def _split_runs(terms: list[Term], regions: list[tuple[int, int, bool]]) -> Runs | None:
    """The terms outside `regions` (start, end, whether it ends a run; sorted, apart), in
    runs, a compound its closed form only (`_folded`); None when a term reaches into a
    region. Lists and bisection rather than a loop a term: this runs on every page."""
    words = list(map(itemgetter(0), terms))
    starts = list(map(itemgetter(2), terms))
    reach = list(accumulate(map(itemgetter(3), terms), max))  # the farthest end so far
    before = [0, *reach]  # a term starting before the reach of those before it is a part
    runs: Runs = []
    run: list[str] = []
    begin = 0
    for start, end, splits in (*regions, (maxsize, maxsize, True)):
        first = bisect_left(starts, start, begin)
        after = bisect_left(starts, end, first)
        if (first and reach[first - 1] > start) or (after and reach[after - 1] > end):
            return None
        closed = map(ge, starts[begin:first], before[begin:first])
        run.extend(compress(words[begin:first], closed))
        if splits and run:
            runs.append(run)
            run = []
        begin = after
    return runs

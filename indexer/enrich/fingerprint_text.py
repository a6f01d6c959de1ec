"""The words of a page as the near-duplicate fingerprint reads them (`enrich.duplicates`).

Folded as the index folds them (`iter_terms`), the Bates stamp removed, and cut into runs at
every redaction (an exemption label in any printed form, a black box, "[REDACTED]"), so that
no shingle spans a redaction.

Inside `sharing_terms()` (an ingest worker whose engine tokenizes the page too) the runs are
read off the terms of the whole page instead of tokenizing each piece again: a term inside
the stamp or a redaction is dropped, and the others fall into the run between the cuts
around them. That gives the pieces' own terms whenever every cut is bounded by whitespace (or
the text's ends, or another cut) and no term reaches into a cut; otherwise the pieces are
tokenized as without sharing. Why that condition suffices: no token starts or ends with
whitespace, and the tokenizer's look-arounds reach at most two characters past a token
(`indexer.text.terms`), so a whitespace character at each side of a cut leaves every token
of a piece as the whole text has it. The stamp is not a cut but a space put in its place,
and one token spans a run of spaces with a line break in it: a word hyphenated at the end
of a line ("depor-" / "tation"). So a stamp after a dash (spaces aside) is not read off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from indexer.enrich.bates import find_bates
from indexer.text.shared_terms import Term, shared_terms
from indexer.text.terms import fold_characters, iter_terms

# What a redaction leaves in the text: boxes, "[REDACTED]", exemption labels ((b)(6),
# (b) (7)(C), b7c). Citations such as 1357(b)(1) are cut too: harmless, both copies print them.
_REDACTION = re.compile(
    r"[█■▇▆▅▀▄▌▐]+|\[\s*redacted\s*\]|\bredacted\b"
    r"|\(\s*b\s*\)\s*\(\s*[1-9]\s*\)(?:\s*\(\s*[a-f]\s*\))?"
    r"|(?<![\w/])b[1-9][a-f]?(?![\w/])",
    re.IGNORECASE,
)

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
    return _REDACTION.search(text) is not None


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
    pieces = _REDACTION.split(without_stamp(text, stamp))
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
    cut (`joined_...`) on each side."""
    before = joined_before or start == 0 or text[start - 1].isspace()
    return before and (joined_after or end == len(text) or text[end].isspace())


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
    if span is None:
        kept, shown, shift = terms, text, 0
    else:
        start, end = span
        if not _clean(text, start, end, False, False) or _hyphen_before(text, start):
            return None
        shown, shift = f"{text[:start]} {text[end:]}", end - start - 1
        kept = []
        for term in terms:
            if term[3] <= start:
                kept.append(term)
            elif term[2] >= end:
                kept.append((term[0], term[1], term[2] - shift, term[3] - shift))
            elif term[2] < start or term[3] > end:
                return None  # a term reaches into the stamp
    cuts = [match.span() for match in _REDACTION.finditer(shown)]
    if not _clean_cuts(shown, cuts):
        return None
    return _split_runs(kept, cuts)


def _split_runs(terms: list[Term], cuts: list[tuple[int, int]]) -> Runs | None:
    """The terms outside `cuts` (sorted, apart) in runs between them, a compound its closed
    form only (`_folded`); None when a term reaches into a cut."""
    runs: Runs = []
    run: list[str] = []
    index, covered = 0, 0
    for term, _, start, end in terms:
        while index < len(cuts) and cuts[index][1] <= start:
            if run:
                runs.append(run)
                run = []
            index += 1
        if index < len(cuts) and end > cuts[index][0]:
            if start >= cuts[index][0] and end <= cuts[index][1]:
                continue  # inside the redaction
            return None
        if start >= covered:
            covered = end
            run.append(term)
    if run:
        runs.append(run)
    return runs

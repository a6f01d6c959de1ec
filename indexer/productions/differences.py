"""Where two copies of one page were redacted differently: a passage one prints and the other
redacts, or one redaction claimed under other exemptions.

Each page becomes a sequence of words and redactions: a redaction is a run of what a
redaction leaves (exemption labels in any printed form, black boxes, "[REDACTED]"), with the
exemptions its labels claim. Both sequences are aligned word by word (case, accents and
punctuation ignored; every redaction the same token), so that:
- a stretch of words one copy prints where the other has only a redaction is a passage
  printed in one copy and redacted in the other;
- two redactions aligned at the same place whose labels differ (both labelled) claim
  different exemptions for the same passage;
- words present in one copy with nothing at their place in the other (OCR drops, a cover
  line), or words against other words, are no redaction difference and are not reported.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from indexer.enrich.exemptions import find_exemptions
from indexer.enrich.fingerprint_text import without_stamp
from indexer.text.terms import fold

PRINTED_IN_A = "redacted_in_b"  # A prints what B redacts
PRINTED_IN_B = "redacted_in_a"
EXEMPTIONS_DIFFER = "exemptions_differ"
CONTEXT_WORDS = 8
# A statute's subsection (`1346(b)(1)`, `§ 5(b)(2)`) is no redaction; FOIA's own 552(b)(6) is.
_MARK = re.compile(
    r"[█■▇▆▅▀▄▌▐]+|\[\s*redacted\s*\]|(?-i:\bREDACTED\b)"
    r"|(?:(?<=552)|(?<![\w§.]))\(\s*b\s*\)\s*\(\s*[1-9]\s*\)(?:\s*\(\s*[a-f]\s*\))?"
    r"|(?<![\w/])b[1-9][a-f]?(?![\w/])",
    re.IGNORECASE,
)
_REDACTION_KEY = "\x00redaction"


@dataclass(frozen=True)
class _Token:
    text: str
    key: str
    labels: frozenset[str] = frozenset()

    @property
    def is_redaction(self) -> bool:
        return self.key == _REDACTION_KEY


@dataclass(frozen=True)
class Difference:
    """One place where two copies of a page differ in what they withhold. `passage` is the
    words printed (for EXEMPTIONS_DIFFER: "[redaction]"), `before`/`after` the words around
    it, `labels_a`/`labels_b` the exemptions each copy claims there."""

    kind: str
    passage: str
    before: str
    after: str
    labels_a: tuple[str, ...]
    labels_b: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "passage": self.passage,
            "before": self.before,
            "after": self.after,
            "exemptions_a": list(self.labels_a),
            "exemptions_b": list(self.labels_b),
        }


def _word_key(word: str) -> str:
    return fold(re.sub(r"[\W_]+", "", word))


def tokens(text: str, stamp: str | None = None) -> list[_Token]:
    """A page's words and redactions, its Bates stamp left out; adjacent marks are one
    redaction claiming all their labels."""
    text = without_stamp(text, stamp)
    found: list[_Token] = []
    position = 0
    for match in [*_MARK.finditer(text), None]:
        end = match.start() if match else len(text)
        for word in text[position:end].split():
            if _word_key(word):
                found.append(_Token(word, _word_key(word)))
            elif found and found[-1].is_redaction and not word.strip("()[].,;:-"):
                continue  # punctuation between two marks
            else:
                found.append(_Token(word, _word_key(word) or word))
        if match is None:
            break
        labels = frozenset(find_exemptions(match.group()))
        if found and found[-1].is_redaction:
            last = found.pop()
            found.append(
                _Token(f"{last.text} {match.group()}", _REDACTION_KEY, last.labels | labels)
            )
        else:
            found.append(_Token(match.group(), _REDACTION_KEY, labels))
        position = match.end()
    return found


def _printed(items: list[_Token]) -> list[_Token]:
    return [token for token in items if not token.is_redaction and token.key.isalnum()]


def _labels(items: list[_Token]) -> tuple[str, ...]:
    return tuple(sorted(frozenset().union(*(t.labels for t in items if t.is_redaction))))


def _context(items: list[_Token], start: int, end: int) -> tuple[str, str]:
    before = [t.text for t in items[max(0, start - CONTEXT_WORDS) : start]]
    after = [t.text for t in items[end : end + CONTEXT_WORDS]]
    return " ".join(before), " ".join(after)


def _replaced(
    a: list[_Token], b: list[_Token], i1: int, i2: int, j1: int, j2: int
) -> Difference | None:
    part_a, part_b = a[i1:i2], b[j1:j2]
    printed_a, printed_b = _printed(part_a), _printed(part_b)
    hides_a = any(t.is_redaction for t in part_a)
    hides_b = any(t.is_redaction for t in part_b)
    if printed_a and hides_b and not printed_b:
        before, after = _context(a, i1, i2)
        passage = " ".join(t.text for t in printed_a)
        return Difference(PRINTED_IN_A, passage, before, after, _labels(part_a), _labels(part_b))
    if printed_b and hides_a and not printed_a:
        before, after = _context(b, j1, j2)
        passage = " ".join(t.text for t in printed_b)
        return Difference(PRINTED_IN_B, passage, before, after, _labels(part_a), _labels(part_b))
    if hides_a and hides_b and not printed_a and not printed_b:
        return _claims(a, i1, i2, _labels(part_a), _labels(part_b))
    if not part_b and printed_a and len(printed_a) == len(part_a) and _beside_redaction(b, j1):
        before, after = _context(a, i1, i2)
        passage = " ".join(t.text for t in printed_a)
        return Difference(PRINTED_IN_A, passage, before, after, (), _labels(b[j1 - 1 : j1 + 1]))
    if not part_a and printed_b and len(printed_b) == len(part_b) and _beside_redaction(a, i1):
        before, after = _context(b, j1, j2)
        passage = " ".join(t.text for t in printed_b)
        return Difference(PRINTED_IN_B, passage, before, after, _labels(a[i1 - 1 : i1 + 1]), ())
    return None


def _beside_redaction(items: list[_Token], place: int) -> bool:
    """Whether a redaction touches `place` of `items`: words one copy prints beside a
    redaction both copies show, with nothing at their place in the other, are part of what
    the other copy hides."""
    return (place > 0 and items[place - 1].is_redaction) or (
        place < len(items) and items[place].is_redaction
    )


def _claims(
    a: list[_Token], i1: int, i2: int, labels_a: tuple[str, ...], labels_b: tuple[str, ...]
) -> Difference | None:
    """Both copies redact here: a difference when both name exemptions and they differ."""
    if not labels_a or not labels_b or labels_a == labels_b:
        return None
    before, after = _context(a, i1, i2)
    return Difference(EXEMPTIONS_DIFFER, "[redaction]", before, after, labels_a, labels_b)


def page_differences(
    text_a: str, text_b: str, stamp_a: str | None = None, stamp_b: str | None = None
) -> list[Difference]:
    """The redaction differences between two copies of one page, in page order."""
    a, b = tokens(text_a, stamp_a), tokens(text_b, stamp_b)
    matcher = difflib.SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    found: list[Difference] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for offset in range(i2 - i1):
                left, right = a[i1 + offset], b[j1 + offset]
                if left.is_redaction:
                    labels_a, labels_b = tuple(sorted(left.labels)), tuple(sorted(right.labels))
                    claim = _claims(a, i1 + offset, i1 + offset + 1, labels_a, labels_b)
                    if claim is not None:
                        found.append(claim)
            continue
        difference = _replaced(a, b, i1, i2, j1, j2)
        if difference is not None:
            found.append(difference)
    return found

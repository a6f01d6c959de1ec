"""FOIA exemption labels per page, normalised ((b)(7)(C) = b7c), and withheld-in-full pages.

Rules, chosen on released-record and court-filing text:
- `(b)(N)` attached to a statute section (`8 U.S.C. 1357(b)(1)`, `§5.05(b)(1)`) or following
  "section/subsection/paragraph/clause" is a citation, not a redaction label, and is not
  counted. `552(b)(6)` is FOIA's own section, so it is counted as exemption 6.
- Bare `b6`, `b7c` count as written lowercase (FBI style) or with a subpart (`B7C`);
  `B6`, `Ex. 5` and a lone `7(C)` are ambiguous (vitamins, "Exhibit 5", other acts) and count
  only on a line that also carries a clear label or the word withheld/redacted/exemption.
- Visa classes such as `B1/B2` are never labels.
"""

from __future__ import annotations

import bisect
import re

EXEMPTION_NAMES: dict[str, str] = {
    "b1": "national security (classified)",
    "b2": "internal personnel rules and practices",
    "b3": "exempted by another statute",
    "b4": "trade secrets, confidential commercial information",
    "b5": "privileged inter- or intra-agency records (deliberative, attorney-client)",
    "b6": "personal privacy",
    "b7": "law enforcement records",
    "b7a": "law enforcement: interference with proceedings",
    "b7b": "law enforcement: right to a fair trial",
    "b7c": "law enforcement: personal privacy",
    "b7d": "law enforcement: confidential sources",
    "b7e": "law enforcement: techniques and procedures",
    "b7f": "law enforcement: life or physical safety",
    "b8": "financial institution supervision",
    "b9": "geological and geophysical information (wells)",
}

# "(b)(7)(C)", "(b) (6)", "b(6)", "(b)(7)c"; not "1357(b)(1)" (552 is FOIA itself).
_PAREN = re.compile(
    r"(?:(?<=552)|(?<![\w§.]))(?:\(\s*b\s*\)|b(?=\s*\())\s*\(\s*(?P<n>[1-9])\s*\)"
    r"(?:\s?\(\s*(?P<sub>[a-f])\s*\)(?!\s*\(\s*\d)|(?P<bare_sub>[a-f])(?![a-z]))?",
    re.IGNORECASE,
)
# "b6", "b7c", "B7C"; not "B1/B2" visas, not inside words.
_BARE = re.compile(r"(?<![\w/])(?P<b>[bB])(?P<n>[1-9])(?P<sub>[a-fA-F])?(?![\w/])")
# "Exemption 6", "Exemptions 6 and 7(C)", "Ex. 5".
_KEYWORD = re.compile(
    r"\b(?P<word>Exemptions?|Ex\.?)\s+(?P<list>[1-9](?:\s?\(?[a-f]\)?(?![a-z]))?"
    r"(?:\s*(?:,|and|&|/|or)\s*[1-9](?:\s?\(?[a-f]\)?(?![a-z]))?)*)",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"(?P<n>[1-9])(?:\s?\(?(?P<sub>[a-f])\)?(?![a-z]))?", re.IGNORECASE)
# A lone "7(C)": counted only in context.
_SUBPART = re.compile(r"(?<![\w)(§.])7\s?\((?P<sub>[a-f])\)", re.IGNORECASE)
_CITATION_WORDS = re.compile(r"(?:section|subsection|paragraph|clause|§)\s*$", re.IGNORECASE)
_CONTEXT_WORDS = re.compile(r"withh[eo]ld|redact|exempt", re.IGNORECASE)
# What slip sheets say; a sentence that merely mentions withholding ("two paragraphs withheld
# under Ex. 5") is not one of them.
_WITHHELD = re.compile(
    r"\bwithheld\s+in\s+(?:full|its\s+entirety)\b"
    r"|\bpages?(?:\(s\))?\s+withheld\b"
    r"|^\s*withheld\s+pursuant\s+to\b"
    r"|\bdeleted\s+page"
    r"|\bpage\(?s?\)?\s+(?:\d+\s+)?(?:has|have|was|were)?\s*(?:been\s+)?removed\b",
    re.IGNORECASE | re.MULTILINE,
)
# A withheld-in-full stub is short: a slip sheet, not a page of prose that mentions "withheld".
_WITHHELD_MAX_WORDS = 60


def _is_abbreviation(word: str) -> bool:
    return word.lower() in ("ex", "ex.")


def _label(number: str, sub: str | None) -> str:
    sub = sub.lower() if sub and number == "7" else ""
    return f"b{number}{sub}"


def _line_span(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


def _strong_matches(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for match in _PAREN.finditer(text):
        if _CITATION_WORDS.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        found.append(
            (match.start(), match.end(), _label(match["n"], match["sub"] or match["bare_sub"]))
        )
    for match in _KEYWORD.finditer(text):
        if _is_abbreviation(match["word"]):
            continue  # "Ex. 5" may be "Exhibit 5": weak, see _weak_matches
        found.extend(_list_labels(match))
    for match in _BARE.finditer(text):
        if match["b"] == "b" or match["sub"]:
            found.append((match.start(), match.end(), _label(match["n"], match["sub"])))
    return found


def _list_labels(match: re.Match[str]) -> list[tuple[int, int, str]]:
    offset = match.start("list")
    return [
        (offset + item.start(), offset + item.end(), _label(item["n"], item["sub"]))
        for item in _LIST_ITEM.finditer(match["list"])
    ]


def _weak_matches(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for match in _KEYWORD.finditer(text):
        if _is_abbreviation(match["word"]):
            found.extend(_list_labels(match))
    for match in _BARE.finditer(text):
        if match["b"] == "B" and not match["sub"]:
            found.append((match.start(), match.end(), _label(match["n"], None)))
    for match in _SUBPART.finditer(text):
        found.append((match.start(), match.end(), _label("7", match["sub"])))
    return found


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int, str]]) -> bool:
    """Whether `span` overlaps a span of `taken` (sorted by start, not overlapping)."""
    index = bisect.bisect_left(taken, (span[0],))
    before = taken[index - 1] if index else None
    after = taken[index] if index < len(taken) else None
    return bool(before and before[1] > span[0]) or bool(after and after[0] < span[1])


def _matches(text: str) -> list[tuple[int, int, str]]:
    """Every label occurrence as (start, end, label), strong ones first, no overlaps."""
    accepted: list[tuple[int, int, str]] = []
    for candidate in sorted(_strong_matches(text)):
        if not accepted or candidate[0] >= accepted[-1][1]:
            accepted.append(candidate)
    strong_lines = {_line_span(text, start) for start, _, _ in accepted}
    for candidate in sorted(_weak_matches(text)):
        line = _line_span(text, candidate[0])
        in_context = line in strong_lines or _CONTEXT_WORDS.search(text[line[0] : line[1]])
        if in_context and not _overlaps(candidate[:2], accepted):
            bisect.insort(accepted, candidate)
    return accepted


def find_exemptions(text: str) -> dict[str, int]:
    """Canonical exemption label (`b6`, `b7c`) -> number of times it is printed on the page."""
    counts: dict[str, int] = {}
    for _, _, label in _matches(text):
        counts[label] = counts.get(label, 0) + 1
    return counts


def strip_labels(text: str) -> str:
    """`text` with every exemption label removed (used to clean redacted header fields)."""
    pieces: list[str] = []
    position = 0
    for start, end, _ in _matches(text):
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def normalize_label(user_text: str) -> str | None:
    """The canonical label for what a user typed ("7c", "b7C", "(b)(7)(C)", "Ex. 6"), or None."""
    squashed = re.sub(r"[\s().]", "", user_text.lower())
    squashed = re.sub(r"^(?:foia)?(?:exemptions?|ex)", "", squashed)
    match = re.fullmatch(r"b?(?P<n>[1-9])(?P<sub>[a-f]?)", squashed)
    if match is None or (match["sub"] and match["n"] != "7"):
        return None
    return _label(match["n"], match["sub"] or None)


def is_withheld(text: str) -> bool:
    """True for a slip sheet standing in for a page withheld in full.

    "Withheld in full", "Page withheld pursuant to exemption (b)(5)", "Page(s) withheld",
    FBI "Deleted Page Information Sheet". A page of prose that merely mentions withholding
    is longer than a slip sheet and is False. "DUPLICATE" stubs are False: the page was
    released elsewhere, nothing was withheld under an exemption.
    """
    if not _WITHHELD.search(text):
        return False
    return len(strip_labels(text).split()) <= _WITHHELD_MAX_WORDS

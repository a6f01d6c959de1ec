"""Where a query's words stand in a page, found without tokenizing the whole page.

`iter_terms` over a page costs 1-4 ms of Python, and a search shows ten pages or more. Here
regular expressions, run in C, find every place where a matching token can begin (candidates):

- an exact term as it is spelled, then no more letters (it may stand alone or be a part of a
  compound such as opt-out);
- a stem's first letters: Porter changes only a word's end, at most the stem's last letter
  ("hoping" -> "hope"), its last two when -biliti becomes -ble ("...bility" -> "...ble");
- the first run of letters of a token that joins runs (opt-out, U.S., (b)(6), 287 (g), 12,000,
  a word hyphenated across a line break), when that run begins a term or stem: the token's
  term may be the runs joined ("optout", "b6", "12000");
- `%` where "percent" is a hit, and every non-ASCII character (folding can make it anything).

A candidate that is a plain word, which the tokenizer takes exactly as it stands, is compared as
it is. Any other is tokenized in the stretch around it between two boundaries that no token
crosses (after whitespace, unless a `(` follows or a `-` ends the word before: those can join a
token across the space). A query with phrases tokenizes the stretches around every word of its
phrases, joined where nothing but punctuation stands between them, so a phrase is found in one
piece. Either way the spans are those `hits_by_tokenizing` finds in the whole page. The regex of
a query is a plain list of words (compiled in well under a millisecond for a few words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from indexer.text.terms import fold_characters, iter_terms

if TYPE_CHECKING:
    from indexer.text.highlight import HighlightTerms

Span = tuple[int, int]
Token = tuple[str, int, int, int]

# Where a token may join a run of word characters to more: a compound's separator or a
# grouped number's comma before a letter, the bracket of (b)(6)(C) and 287 (g)(1), a hyphen
# before a line break. It starts with a character class, so that the regex engine skips ahead.
_JOINT = re.compile(r"[-./'&,(](?:(?<=[-./'&,])(?=\w)|(?<=\()|(?<=-)(?=[ \t]*\r?\n))")
# More words than this (a wildcard's expansions): tokenizing whole pages costs less than
# compiling their regex.
MAX_WORDS = 150
# A run of ASCII word characters that no token joins to what stands before or after it (save
# a hyphen and a line break before it, and a number's comma or bracket after it: checked apart).
_PLAIN_WORD = re.compile(r"(?<!\()(?<!\w[-./'&,])[0-9A-Za-z_]+(?!\w)(?![-./'&]\w|-\s)")
_HYPHEN_SPACE = re.compile(r"-\s+")
_TOKEN_CHARACTER = re.compile(r"[\w%§]")  # every token holds one of these
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_BOUNDARY_AHEAD = re.compile(r"\s+(?=[^\s(])")
_SIGN_WORDS = ("percent",)  # "%" is a token with this term; "§" is not ASCII


def phrase_spans(tokens: list[Token], phrases: frozenset[tuple[str, ...]]) -> list[Span]:
    """Spans of each place where a phrase's words stand next to each other."""
    by_position: dict[int, tuple[str, int, int]] = {}
    for term, position, start, end in tokens:
        by_position[position] = (term, start, end)  # the parts of a compound, not its closed form
    ordered = [by_position[p] for p in sorted(by_position)]
    words = [term for term, _, _ in ordered]
    spans = []
    for phrase in phrases:
        size = len(phrase)
        for index in range(len(words) - size + 1):
            if tuple(words[index : index + size]) == phrase:
                spans.append((ordered[index][1], ordered[index + size - 1][2]))
    return spans


def hits_by_tokenizing(text: str, terms: HighlightTerms) -> list[Span]:
    """Spans of the tokens of `text` that match, and of its phrases (unmerged): every token."""
    tokens = list(iter_terms(text))
    found = [(start, end) for term, _, start, end in tokens if terms.matches(term)]
    if terms.phrases:
        found.extend(phrase_spans(tokens, terms.phrases))
    return found


def find_hits(text: str, terms: HighlightTerms) -> list[Span]:
    """The spans `hits_by_tokenizing` finds (unmerged, perhaps repeated), tokenizing only
    around the places where a hit can be."""
    folded = fold_characters(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a letter whose lower case is longer: offsets would shift
        return hits_by_tokenizing(text, terms)
    if len(terms.exact) + len(terms.stems) + len(terms.phrases) > MAX_WORDS:
        return hits_by_tokenizing(text, terms)
    regex, beginnings = _candidate_regex(terms)
    candidates = [match.start() for match in regex.finditer(lowered)]
    joined = _joined_runs(lowered, beginnings)
    if joined:
        candidates = sorted({*candidates, *joined})
    if not folded.isascii():
        others = [match.start() for match in _NON_ASCII.finditer(folded)]
        candidates = sorted({*candidates, *others})
    return _Scan(text, folded, terms).run(candidates)


def _joined_runs(lowered: str, beginnings: frozenset[str]) -> list[int]:
    """Where the runs of word characters that a token joins to more begin, when the run is
    in `beginnings`: the token's term may be the runs joined ("opt-out" is "optout")."""
    found = []
    for joint in _JOINT.finditer(lowered):
        end = joint.start()
        if lowered[end] == "(":  # 287(g), 287 (g), (b)(6), (b) (6)
            if end and lowered[end - 1].isspace():
                end -= 1
            if end and lowered[end - 1] == ")":
                end -= 1
        start = end
        while start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
            start -= 1
        if start < end and lowered[start:end] in beginnings:
            found.append(start)
    return found


@dataclass
class _Scan:
    """One page's candidates, read left to right: plain words compared, the rest tokenized."""

    text: str
    folded: str
    terms: HighlightTerms
    found: list[Span] = field(default_factory=list)

    def run(self, candidates: list[int]) -> list[Span]:
        folded, phrases = self.folded, bool(self.terms.phrases)
        after_hyphen = set() if phrases else {m.end() for m in _HYPHEN_SPACE.finditer(folded)}
        start, end = -1, -1  # the stretch waiting to be tokenized
        for at in candidates:
            if at < end:
                continue  # inside the stretch: tokenized with it
            plain = None if phrases else _plain_word_end(folded, at, after_hyphen)
            if plain is not None:
                if self.terms.matches(folded[at:plain].lower()):
                    self.found.append((at, plain))
                continue
            before = _boundary_before(folded, at, max(end, 0))
            after = _boundary_after(folded, at)
            if end >= 0 and (before <= end or not _TOKEN_CHARACTER.search(folded, end, before)):
                end = after  # nothing between the two stretches could stand between words
            else:
                self._tokenize(start, end)
                start, end = before, after
        self._tokenize(start, end)
        return self.found

    def _tokenize(self, start: int, end: int) -> None:
        if start < 0:
            return
        tokens = list(iter_terms(self.text[start:end]))
        matches = self.terms.matches
        self.found.extend((start + s, start + e) for term, _, s, e in tokens if matches(term))
        if self.terms.phrases:
            spans = phrase_spans(tokens, self.terms.phrases)
            self.found.extend((start + s, start + e) for s, e in spans)


def _plain_word_end(folded: str, at: int, after_hyphen: set[int]) -> int | None:
    """The end of the word at `at` when the tokenizer takes it exactly as it stands (one
    ASCII token, its term the word in lower case), else None. `after_hyphen`: where the
    whitespace after a hyphen ends ("depor-\ntation" is one word)."""
    word = _PLAIN_WORD.match(folded, at)
    if word is None or at in after_hyphen:
        return None
    end = word.end()
    if word.group().isdigit():  # 12,000, 287(g), 287 (g)
        following = folded[end : end + 2]
        if following[:1] in (",", "(") or (following[:1].isspace() and following[1:] == "("):
            return None
    return end


def _hyphen_before_space(folded: str, index: int) -> bool:
    """Whether the run of whitespace holding `index` follows a hyphen."""
    while index >= 0 and folded[index].isspace():
        index -= 1
    return index >= 0 and folded[index] == "-"


def _is_boundary(folded: str, index: int) -> bool:
    """Whether no token crosses from before `index` to after it."""
    if index <= 0 or index >= len(folded):
        return True
    if not folded[index - 1].isspace() or folded[index].isspace() or folded[index] == "(":
        return False
    return not _hyphen_before_space(folded, index - 1)


def _boundary_before(folded: str, at: int, floor: int) -> int:
    """The last boundary at or before `at`, `floor` (a boundary) at the earliest."""
    index = at
    while index > floor and not _is_boundary(folded, index):
        index -= 1
    return index


def _boundary_after(folded: str, at: int) -> int:
    """The first boundary after `at`."""
    for match in _BOUNDARY_AHEAD.finditer(folded, at + 1):
        if _is_boundary(folded, match.end()):
            return match.end()
    return len(folded)


def _stem_prefix(stem: str) -> str:
    """The letters every word with this Porter stem begins with."""
    kept = len(stem) - (2 if stem.endswith("ble") else 1)
    return stem[: max(1, kept)]


@lru_cache(maxsize=256)
def _candidate_regex(terms: HighlightTerms) -> tuple[re.Pattern[str], frozenset[str]]:
    """Where, in a page's lower-cased folded text, a token matching `terms` can begin; and
    the beginnings of terms and stems (shorter than them) that a token joining runs of letters
    can start with."""
    exact = {term for term in terms.exact | {w for p in terms.phrases for w in p} if term}
    prefixes = {_stem_prefix(stem) for stem in terms.stems if stem}
    by_letter: dict[str, list[str]] = {}
    for word in sorted(exact | prefixes, key=lambda word: (-len(word), word)):
        end = r"(?!\w)" if word in exact and word not in prefixes else ""
        by_letter.setdefault(word[0], []).append(re.escape(word[1:]) + end)
    # The first letter before the look-behind: every branch starts with a letter, so the regex
    # engine looks for those letters only.
    branches = [
        re.escape(letter)
        + r"(?<!\w.)"
        + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
        for letter, rests in sorted(by_letter.items())
    ]
    if any(terms.matches(word) for word in _SIGN_WORDS) or any(
        word in phrase for phrase in terms.phrases for word in _SIGN_WORDS
    ):
        branches.append("%")
    beginnings = frozenset(word[:size] for word in exact | prefixes for size in range(1, len(word)))
    return re.compile("|".join(branches) or r"(?!)"), beginnings

"""Where a query's words stand in a page, found without tokenizing the whole page.

`iter_terms` over a page costs 1-3 ms of Python, and a search shows ten pages or more. Here one
regular expression, run in C, finds every place where a matching token can begin (candidates):

- an exact term's letters in order, a separator allowed between two of them (what a token may
  hold between the letters of its term: opt-out, U.S., (b)(6), 287(g), 12,000, a word hyphenated
  across a line break), then no more letters;
- a stem's first letters: Porter changes only a word's end, at most the stem's last letter
  ("hoping" -> "hope"), its last two when -biliti becomes -ble ("...bility" -> "...ble");
- `%` where "percent" is a hit, and every non-ASCII character (folding can make it anything).

A candidate that is a plain word, which the tokenizer takes exactly as it stands, is compared as
it is. Any other is tokenized in the stretch around it between two boundaries that no token
crosses (after whitespace, unless a `(` follows or a `-` ends the word before: those can join a
token across the space). A query with phrases tokenizes the stretches around every word of its
phrases, joined where nothing but punctuation stands between them, so a phrase is found in one
piece. Either way the spans are those `hits_by_tokenizing` finds in the whole page.
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

# What a token may hold between two letters of its term: a compound's separator, a grouped
# number's comma, the brackets of (b)(6)(C) and 287 (g)(1), a hyphen and a line break.
_SEPARATOR = r"(?:[-./'&,]|\)?\s?\(|-[ \t]*\r?\n[ \t]*)?"
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
    candidates = [match.start() for match in _candidate_regex(terms).finditer(lowered)]
    if not folded.isascii():
        others = [match.start() for match in _NON_ASCII.finditer(folded)]
        candidates = sorted({*candidates, *others})
    return _Scan(text, folded, terms).run(candidates)


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


@dataclass
class _Node:
    """A letter tree of the terms: `exact` where a whole term ends, `prefix` where any word
    going on from here is a candidate."""

    children: dict[str, _Node] = field(default_factory=dict)
    exact: bool = False
    prefix: bool = False

    def add(self, letters: str, prefix: bool) -> None:
        node = self
        for letter in letters:
            node = node.children.setdefault(letter, _Node())
        if prefix:
            node.prefix = True
        else:
            node.exact = True

    def branches(self, first: bool = False) -> list[str]:
        """Regex alternatives for the rest of a term from here. The first letter of a term
        comes before its look-behind (no word character before the term), so that every
        alternative starts with a letter and the regex engine scans for those letters."""
        if self.prefix:
            return [""]
        found = [r"(?!\w)"] if self.exact else []
        for letter in sorted(self.children):
            rest = _alternation(self.children[letter].branches())
            if first:
                found.append(re.escape(letter) + r"(?<!\w.)" + rest)
            else:
                found.append(_SEPARATOR + re.escape(letter) + rest)
        return found


def _alternation(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _stem_prefix(stem: str) -> str:
    """The letters every word with this Porter stem begins with."""
    kept = len(stem) - (2 if stem.endswith("ble") else 1)
    return stem[: max(1, kept)]


@lru_cache(maxsize=64)
def _candidate_regex(terms: HighlightTerms) -> re.Pattern[str]:
    """Where, in a page's lower-cased folded text, a token matching `terms` can begin."""
    tree = _Node()
    for term in terms.exact | {word for phrase in terms.phrases for word in phrase}:
        if term:
            tree.add(term, prefix=False)
    for stem in terms.stems:
        if stem:
            tree.add(_stem_prefix(stem), prefix=True)
    alternatives = tree.branches(first=True)
    if any(terms.matches(word) for word in _SIGN_WORDS) or any(
        word in phrase for phrase in terms.phrases for word in _SIGN_WORDS
    ):
        alternatives.append("%")
    return re.compile("|".join(alternatives) or r"(?!)")

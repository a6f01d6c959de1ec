"""Batch snippets: hits found by one regex a query, cut as `highlight.snippet` cuts them.

`highlight.snippet` tokenizes the whole page, some milliseconds a page: too slow for a hundred
thousand rows. Here one regular expression per query finds where a hit can start (a term's
first letters, in C), and only those words are tokenized to check them.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.text.highlight import (
    SNIPPET_CHARS,
    HighlightTerms,
    cut_snippet,
    hit_spans,
    merge_spans,
)
from indexer.text.terms import fold, iter_terms

_PREFIX_CHARS = 5
_WORD_AHEAD_RE = re.compile(r"\S+(?:\s+\S+)?")
# A word the tokenizer takes as it is: not a compound (opt-out, U.S.), not a possessive, not
# hyphenated across a line break, not a section such as 287(g) or 287 (g).
_PLAIN_WORD_RE = re.compile(r"(?!\d+\s?\()\w++(?![-./'&\u2019\u2010-\u2015\u2212\u00ad])")


def _tokens_at(text: str, start: int) -> list[tuple[str, int, int]]:
    """(term, start, end) of the tokens of the word at `start`, by the tokenizer."""
    ahead = _WORD_AHEAD_RE.match(text, start)
    region = ahead.group(0)[:60] if ahead else ""
    tokens, first_end = [], None
    for term, _, token_start, token_end in iter_terms(region):
        first_end = token_end if first_end is None else first_end
        if token_start >= first_end:
            break
        tokens.append((term, start + token_start, start + token_end))
    return tokens


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> the plain letter, one character for one, so that the
    regex finds "Peña" for `pena` and the offsets still point into the text."""
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha() and len(chr(code).lower()) == 1:
            table[code] = base
    return table


_ACCENTS = _accent_table()


def _prefix(term: str) -> str | None:
    """A regex for where a word folding to `term` (or, for a stem, any word with that stem)
    starts, or None."""
    if re.fullmatch(r"b\d[a-f]?", term):  # (b)(6), (b)(7)(C)
        return r"\(b\)|b\d"
    section = re.match(r"\d+(?=[a-z])", term)  # 287(g)
    if section:
        return section.group(0)
    if not term.isascii() or not term.isalnum():
        return None  # accents and other scripts fold: only the tokenizer can tell
    # Porter changes a stem's last letter ("agency" -> "agenci", "sharing" -> "share"):
    # look for what comes before it.
    core = term[:-1] if len(term) > 2 else term
    return re.escape(core[:_PREFIX_CHARS])


class SnippetMaker:
    """Snippets of one query's rows, as `highlight.snippet` cuts them, found by regex."""

    def __init__(self, terms: HighlightTerms) -> None:
        self.terms = terms
        words = set(terms.exact) | set(terms.stems) | {w for p in terms.phrases for w in p}
        prefixes = [_prefix(word) for word in sorted(words)]
        self.needs_tokenizer = None in prefixes  # a term with no prefix: tokenize whole pages
        chosen = sorted({p for p in prefixes if p}, key=len, reverse=True)
        # Plain letters are found faster by str.find on the lower-cased text than by a regex.
        self.literals = chosen if all(p.isalnum() for p in chosen) else None
        pattern = "|".join(chosen)
        self.regex = re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE) if pattern else None

    def _starts(self, text: str) -> list[int]:
        """Where a word that may be a hit starts."""
        plain = text if text.isascii() else text.translate(_ACCENTS)
        lowered = plain.lower()
        if self.literals is None or len(lowered) != len(text):
            return [match.start() for match in self.regex.finditer(plain)] if self.regex else []
        starts = set()
        for literal in self.literals:
            at = lowered.find(literal)
            while at != -1:
                before = lowered[at - 1] if at else " "
                if not (before.isalnum() or before == "_"):
                    starts.add(at)
                at = lowered.find(literal, at + 1)
        return sorted(starts)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the hits in `text`, merged and in order."""
        found: list[tuple[str, int, int]] = []
        covered = 0  # the end of the last compound read: its parts came with it
        for start in self._starts(text):
            if start < covered:
                continue
            word = _PLAIN_WORD_RE.match(text, start)
            if word is not None:  # a plain word: no need for the tokenizer
                raw = word.group(0)
                found.append((raw.lower() if raw.isascii() else fold(raw), *word.span()))
            else:
                tokens = _tokens_at(text, start)
                found += tokens
                covered = max((end for _, _, end in tokens), default=covered)
        spans = [(start, end) for term, start, end in found if self.terms.matches(term)]
        spans += self._phrase_spans(text, sorted(set(found), key=lambda t: (t[1], -t[2])))
        return merge_spans(spans)

    def _phrase_spans(self, text: str, found: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
        spans = []
        for phrase in self.terms.phrases:
            for index, (term, start, end) in enumerate(found):
                if term != phrase[0]:
                    continue
                cursor, last = index, end
                for word in phrase[1:]:
                    cursor += 1
                    while cursor < len(found) and found[cursor][1] < last:
                        cursor += 1  # the parts of a compound sit inside its closed form
                    if cursor >= len(found) or found[cursor][0] != word:
                        break
                    if re.search(r"\w", text[last : found[cursor][1]]):
                        break
                    last = found[cursor][2]
                else:
                    spans.append((start, last))
        return spans

    def cut(self, text: str, html: bool) -> str:
        """The snippet of one page: HTML with hits in <mark>, or plain text."""
        spans = hit_spans(text, self.terms) if self.needs_tokenizer else self.hits(text)
        return cut_snippet(text, spans, SNIPPET_CHARS, html)

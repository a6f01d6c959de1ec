"""Terms of a text: variant folding (opt-out/optout, 287(g)/287g, (b)(6)/b6, 45%/45 percent,
12,000/12000) and stemming.

Engine-free: every engine indexes these terms. Two analyses share one tokenizer. The exact one
folds case, accents and the spelling variants investigators type interchangeably; the stemmed
one adds Porter stemming on top. The index holds both (`exact` with positions for phrases,
`body` stemmed for plain words), so that `opting out` finds "opted out" while the quoted phrase
"opting out" still matches those words only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from indexer.text.stemming import porter_stem

# One-for-one character replacements, so that token offsets still point into the stored text.
_FOLD_CHARS = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u00ad": "-",  # soft hyphen: printed only where a word breaks across lines
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\uff05": "%",  # fullwidth percent sign
        "\ufe6a": "%",  # small percent sign
    }
)

# Signs that are words (issue 11): "45%" is "45 percent", "§ 1357" is "section 1357". "§§"
# (sections) is "sections" and "section" at one position, so `section 1331` finds "§§ 1331".
_SIGN_WORDS = {"%": ("percent",), "§": ("section",), "§§": ("sections", "section")}

# Order matters: the FOIA forms must win over the word rule.
# A word of letters (and digits after them) with no compound mark after it comes first: nine
# tokens in ten, and no later form can start with a letter or continue it.
_TOKEN_RE = re.compile(
    r"""
    (?P<plain>[^\W\d]\w*+(?![-./'&]))
    | (?P<exemption>\(b\)\s?\((?P<ex_num>[1-9])\)(?:\s?\((?P<ex_sub>[a-f])\))?)
    | (?P<section>(?P<sec_num>\d+)\s?\((?P<sec_sub>[a-z])\)(?P<sec_more>(?:\([a-z0-9]{1,3}\))*))
    | (?P<grouped>(?<![\w,.])[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?!\w|[.,]\d))
    | (?P<sign>§§?|%)
    | (?P<broken>\w+-[ \t]*\r?\n[ \t]*\w+(?:[-./&]\w+)*)
    | (?P<word>\w+(?:[-./'&]\w+)*)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PART_SPLIT_RE = re.compile(r"[-./'&]+")
# The parts of a compound: a decimal ("1.5", "0.25") is one part, never two; "1.5.2", "v1.5"
# and "00519.000320" (a stamp's numbers) are not decimals.
_PART_RE = re.compile(r"(?<![\w.])(?:0|[1-9]\d*)\.\d+(?!\w|\.\d)|[^-./'&]+")
_BREAK_RE = re.compile(r"-[ \t]*\r?\n[ \t]*")
_NON_WORD_RE = re.compile(r"[^\w]+")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, NFKC (ligatures), and accent-stripped form of one word: "Peña" -> "pena"."""
    word = unicodedata.normalize("NFKC", word).lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_tokens(text: str, start: int) -> Iterator[tuple[str, int, int, int]]:
    """(term, position offset, start, end) for one compound word such as "opt-out".

    A compound yields its closed form at the first part's position and each part at its own
    position, so "opt-out" matches `optout`, `opt-out` and the phrase "opt out".
    """
    if text.endswith(("'s", "'S")):
        text = text[:-2]
    parts = _PART_RE.findall(text) if _PART_SPLIT_RE.search(text) else [text]
    if len(parts) == 1:
        yield text, 0, start, start + len(text)
        return
    yield "".join(parts), 0, start, start + len(text)
    offset = 0
    cursor = start
    for index, part in enumerate(parts):
        part_start = text.find(part, offset) + start
        offset = part_start - start + len(part)
        cursor = part_start
        yield part, index, cursor, cursor + len(part)


def fold_characters(text: str) -> str:
    """`text` with the dashes, quotes and spaces the tokenizer folds replaced, one character for
    one (so offsets into it are offsets into `text`)."""
    return text.translate(_FOLD_CHARS)


def iter_terms(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(folded term, position, start char, end char) for every token of `text`."""
    folded_text = text.translate(_FOLD_CHARS)
    position = 0
    for match in _TOKEN_RE.finditer(folded_text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "plain":
            yield fold(match.group(0)), position, start, end
            position += 1
        elif kind == "exemption":
            sub = match.group("ex_sub") or ""
            yield f"b{match.group('ex_num')}{sub}".lower(), position, start, end
            position += 1
        elif kind == "section":
            more = _NON_WORD_RE.sub("", match.group("sec_more") or "")
            term = f"{match.group('sec_num')}{match.group('sec_sub')}{more}".lower()
            yield term, position, start, end
            position += 1
        elif kind == "grouped":  # "12,000" is the number 12000
            yield match.group(0).replace(",", ""), position, start, end
            position += 1
        elif kind == "sign":
            for word in _SIGN_WORDS[match.group(0)]:
                yield word, position, start, end
            position += 1
        elif kind == "word" and _PART_SPLIT_RE.search(raw := match.group(0)) is None:
            yield fold(raw), position, start, end  # one plain word: the common case
            position += 1
        else:
            raw = match.group(0)
            broken = kind == "broken"
            if broken:
                # A word hyphenated across a line break is one word: "depor-\ntation".
                raw = _BREAK_RE.sub("", raw)
            last = 0
            for term, offset, token_start, token_end in _word_tokens(raw, start):
                last = max(last, offset)
                if broken:
                    token_start, token_end = start, end
                yield fold(term), position + offset, token_start, token_end
            position += last + 1


def stem(term: str) -> str:
    """The stemmed form of one already folded term, as `stemmed_analyzer` makes it."""
    return _stem(term)


@lru_cache(maxsize=100_000)
def _stem(term: str) -> str:
    return porter_stem(term)


def keyword_terms(value: str) -> list[str]:
    """The folded terms of a short value (a word or a phrase the user typed)."""
    return [term for term, _, _, _ in iter_terms(value)]

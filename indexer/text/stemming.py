"""The Porter stemmer the stemmed fields and the highlighter share, free of any engine.

Martin Porter's algorithm ("An algorithm for suffix stripping", Program 14(3), 1980), step by
step. The indexes built so far were stemmed by Whoosh's stemmer, and a query term must stem to
the very term the index holds, so these rules reproduce Whoosh's output exactly, including the
places where it departs from the paper:

- Letter classes: a, e, i, o, u are vowels. A y is neither vowel nor consonant when measuring a
  stem (the measure stops at the first y: "gyroscopic" keeps its -ic), counts as a vowel for
  "the stem contains a vowel", and a leading y is a consonant. Any other character (digit,
  capital, non-ASCII letter) is a consonant.
- Step 1b, after -ed or -ing goes: a double consonant is undone only in a two-letter stem
  ("hopping" -> "hopp"); the short-stem rule (*o) asks for the whole stem to be consonants, one
  vowel or y, and a final consonant other than w, x, y. Whoosh applies -at, -bl, -iz -> -ate,
  -ble, -ize only to a stem that is just "at", "bl" or "iz", whose stem ends the same either
  way ("ated" -> "at", "bl" never loses -ed), so that rule is left out ("organized" -> "organiz").
- Step 2 has Porter's later revisions: -bli -> -ble (instead of -abli -> -able) and -logi -> -log.
- Terms shorter than three characters are left alone.

Terms are single tokens: a term holding a line feed is outside what this mirrors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_VOWELS_AND_Y = frozenset("aeiouy")
_NOT_LAST_OF_SHORT_STEM = frozenset("aeiouwxy")
_NOT_UNDOUBLED = frozenset("aeiouylsz")
# A vowel then a consonant; the text searched never holds a y (see `_measure`).
_VOWEL_CONSONANT = re.compile("[aeiou][^aeiouy]")

_STEP2_SUFFIXES = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3_SUFFIXES = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}
_STEP4_SUFFIXES = frozenset(
    [
        "al",
        "ance",
        "ence",
        "er",
        "ic",
        "able",
        "ible",
        "ant",
        "ement",
        "ment",
        "ent",
        "ou",
        "ism",
        "ate",
        "iti",
        "ous",
        "ive",
        "ize",
    ]
)


def _lengths_by_last_letter(suffixes: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """For each last letter, the lengths of the suffixes ending in it, longest first.

    Most words end in a letter no suffix ends in: they are done with one dictionary look-up.
    """
    lengths: dict[str, set[int]] = {}
    for suffix in suffixes:
        lengths.setdefault(suffix[-1], set()).add(len(suffix))
    return {last: tuple(sorted(found, reverse=True)) for last, found in lengths.items()}


_STEP2_LENGTHS = _lengths_by_last_letter(_STEP2_SUFFIXES)
_STEP3_LENGTHS = _lengths_by_last_letter(_STEP3_SUFFIXES)
_STEP4_LENGTHS = _lengths_by_last_letter(_STEP4_SUFFIXES)


def _measure(stem: str) -> int:
    """Porter's m, the number of vowel-consonant sequences, counted up to the first y."""
    return len(_VOWEL_CONSONANT.findall(stem.partition("y")[0]))


def _has_vowel(stem: str) -> bool:
    return not _VOWELS_AND_Y.isdisjoint(stem)


def _is_short_stem(stem: str) -> bool:
    """Porter's *o, as a whole stem: consonants, a vowel or y, a consonant other than w, x, y."""
    return (
        len(stem) >= 3
        and stem[-1] not in _NOT_LAST_OF_SHORT_STEM
        and stem[-2] in _VOWELS_AND_Y
        and _VOWELS_AND_Y.isdisjoint(stem[:-2])
    )


def _longest_suffix(word: str, suffixes: Iterable[str], lengths: dict[str, tuple[int, ...]]) -> str:
    """The longest of `suffixes` that ends `word` and leaves a stem, or ""."""
    size = len(word)
    for length in lengths.get(word[-1:], ()):
        if size > length and word[-length:] in suffixes:
            return word[-length:]
    return ""


def _step1a(word: str) -> str:
    """Plurals: -sses -> -ss, -ies -> -i, -s -> "" (but -ss stays)."""
    if word.endswith(("sses", "ies")):
        return word[:-2]
    if word.endswith("s") and word[-2] != "s":
        return word[:-1]
    return word


def _step1b(word: str) -> str:
    """Past tenses and gerunds: -eed -> -ee when m > 0; -ed, -ing go when the stem has a vowel."""
    if word.endswith("eed"):
        return word[:-1] if _measure(word[:-3]) > 0 else word
    if word.endswith("ed"):
        stem = word[:-2]
    elif word.endswith("ing"):
        stem = word[:-3]
    else:
        return word
    return _tidy_stem(stem) if _has_vowel(stem) else word


def _tidy_stem(stem: str) -> str:
    """The end of step 1b: undo a doubled consonant, or restore the e of a short stem."""
    if len(stem) == 2 and stem[0] == stem[1] and stem[0] not in _NOT_UNDOUBLED:
        return stem[:-1]
    if _is_short_stem(stem):
        return stem + "e"
    return stem


def _step1c(word: str) -> str:
    """A final y becomes i when the rest has a vowel: "happy" -> "happi", "sky" stays."""
    if word.endswith("y") and _has_vowel(word[:-1]):
        return word[:-1] + "i"
    return word


def _replace_suffix(
    word: str, replacements: dict[str, str], lengths: dict[str, tuple[int, ...]]
) -> str:
    """Steps 2 (-ational -> -ate, -iveness -> -ive, ...) and 3 (-icate -> -ic, -ness -> "", ...).

    The longest listed suffix is replaced when the stem before it has m > 0.
    """
    suffix = _longest_suffix(word, replacements, lengths)
    if suffix:
        stem = word[: -len(suffix)]
        if _measure(stem) > 0:
            return stem + replacements[suffix]
    return word


def _step4(word: str) -> str:
    """The longest listed suffix, or -ion after s or t, goes when the stem has m > 1."""
    suffix = _longest_suffix(word, _STEP4_SUFFIXES, _STEP4_LENGTHS)
    if suffix:
        stem = word[: -len(suffix)]
    elif len(word) > 4 and word.endswith(("sion", "tion")):
        stem = word[:-3]
    else:
        return word
    return stem if _measure(stem) > 1 else word


def _step5(word: str) -> str:
    """A final e goes when m > 1, or m = 1 outside a short stem; -ll -> -l when m > 1.

    For m = 1 the whole stem counts, so a stem holding a y never qualifies.
    """
    if len(word) > 1 and word.endswith("e"):
        stem = word[:-1]
        measure = _measure(stem)
        if measure > 1 or (measure == 1 and "y" not in stem and not _is_short_stem(stem)):
            word = stem
    if word.endswith("ll") and _measure(word) > 1:
        return word[:-1]
    return word


def porter_stem(term: str) -> str:
    """The Porter stem of one folded term: "deportation" -> "deport", "happy" -> "happi"."""
    if len(term) < 3:
        return term
    # A leading y is a consonant: a capital Y, in no letter class, stands in for it.
    has_leading_y = term[0] == "y"
    word = "Y" + term[1:] if has_leading_y else term
    word = _step1c(_step1b(_step1a(word)))
    word = _replace_suffix(word, _STEP2_SUFFIXES, _STEP2_LENGTHS)
    word = _replace_suffix(word, _STEP3_SUFFIXES, _STEP3_LENGTHS)
    word = _step5(_step4(word))
    return "y" + word[1:] if has_leading_y else word

"""A Bates stamp as a structure: OCR repair, prefix tokens and number, and its search keys.

A stamp is a prefix (letters, digits, a year, a request number, in any punctuation) and a
number: `CBP-2018-FOIA-01123 000451` is the prefix tokens (cbp, 2018, foia, 1123) and 451.
Index time (`stamp_keys`) and query time (`typed_keys`) build keys with the same rule, so any
style of the same stamp meets: punctuation and token order do not count, nor do leading
zeros, nor "FOIA" (glued to the year or not); a stamp is also found by its agency and its
number (`cbp_451`) and, through `bates:` only, by its number alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a scanner reads for a digit among letters, and for a letter among digits.
_LETTER_AS_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1", "S": "5", "B": "8"}
_DIGIT_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B"}
_PIECES = re.compile(r"([A-Za-z0-9]+)")
_RUNS = re.compile(r"[A-Za-z]+|[0-9]+")
_TAIL = re.compile(r"(?P<head>.*?)(?P<sep>[^A-Za-z0-9]*)(?P<digits>[0-9]+)")
_ZEROS_SPLIT = re.compile(r"(?P<head>.*?[A-Za-z0-9])(?P<sep>[^A-Za-z0-9]+)(?P<zeros>0+)")
# Words a prefix may hold that say nothing of the production (dropped from its key), and
# words that are no agency (never a short form on their own).
_NOISE = frozenset({"foia"})
NOT_AGENCIES = frozenset({"foia", "cv", "cr", "mc", "mj", "ap", "no", "req"})
# A range printed on a cover page: "ICE 000210 - ICE 000245"; ranges wider than this are
# findable by their two ends only.
RANGE_SEPARATOR = " - "
MAX_RANGE_KEYS = 500


@dataclass(frozen=True)
class Stamp:
    """A parsed stamp: `prefix` as printed (repaired), `sep` before the number, the number
    and its printed width, and `tokens`, the prefix's key parts (lower case, no zero
    padding)."""

    prefix: str
    sep: str
    number: int
    width: int
    tokens: tuple[str, ...]

    def printed(self, number: int | None = None) -> str:
        """The stamp as printed, or the same style with another number."""
        value = self.number if number is None else number
        return f"{self.prefix}{self.sep}{str(value).zfill(self.width)}"


def _letters(run: str) -> str:
    """A letter run, a lower-case l read for an I in an upper-case word put right."""
    rest = run.replace("l", "")
    return run.replace("l", "I") if rest and rest.isupper() else run


def _as_letters(run: str, has_before: bool, has_after: bool) -> str:
    """A run of digits between two runs of letters, every digit one a scanner reads for a
    letter, is letters (`F0IA`)."""
    if all(char in _DIGIT_AS_LETTER for char in run) and has_before and has_after:
        return "".join(_DIGIT_AS_LETTER[char] for char in run)
    return run


def _as_digits(run: str, has_neighbour: bool, is_leading: bool) -> str:
    """A run of letters touching digits, every letter one a scanner reads for a digit, is
    digits (`2O20`, `OOSl9`); the stamp's first run is its agency and stays letters."""
    if all(char in _LETTER_AS_DIGIT for char in run) and has_neighbour and not is_leading:
        return "".join(_LETTER_AS_DIGIT[char] for char in run)
    return _letters(run)


def _repair_piece(piece: str, is_first: bool) -> str:
    runs = _RUNS.findall(piece)
    # A letter is never a key of _DIGIT_AS_LETTER, nor a digit one of _LETTER_AS_DIGIT: each
    # pass changes only runs of its own kind.
    piece = "".join(
        _as_letters(run, index > 0, index + 1 < len(runs)) for index, run in enumerate(runs)
    )
    runs = _RUNS.findall(piece)
    return "".join(
        _as_digits(run, len(runs) > 1, is_first and index == 0) for index, run in enumerate(runs)
    )


def repair(text: str) -> str:
    """`text` with the scanner's usual slips inside a stamp put right, punctuation kept.

    Letters read for digits (O/0, I/l/1, S/5, B/8) among digits, digits read for letters
    between letters, and a lower-case l in an upper-case word. The first word of a stamp is
    its agency: it stays letters.
    """
    parts = _PIECES.split(" ".join(text.split()))  # odd places: the runs of letters and digits
    for index in range(1, len(parts), 2):
        parts[index] = _repair_piece(parts[index], index == 1)
    return "".join(parts)


def _key_token(run: str) -> str:
    return run.lower() if run.isalpha() else str(int(run))


def _split(repaired: str) -> tuple[str, str, str] | None:
    """(head, separator, digits) of a repaired stamp; a space-split run of zeros before
    the number (`10-2674.000 7281`) belongs to it."""
    match = _TAIL.fullmatch(repaired)
    if match is None:
        return None
    head, sep, digits = match.group("head", "sep", "digits")
    zeros = _ZEROS_SPLIT.fullmatch(head) if sep == " " else None
    if zeros:
        head, sep, digits = zeros["head"], zeros["sep"], zeros["zeros"] + digits
    return head, sep, digits


def parse(text: str) -> Stamp | None:
    """The stamp `text` prints (OCR slips repaired), or None when it ends in no number."""
    found = _split(repair(text))
    if found is None:
        return None
    head, sep, digits = found
    prefix = re.sub(r"\s*-\s*", "-", head)
    tokens = tuple(_key_token(run) for run in _RUNS.findall(prefix))
    return Stamp(prefix, sep.strip() or sep, int(digits), len(digits), tokens)


def _prefix(tokens: tuple[str, ...] | list[str]) -> str:
    kept = [token for token in tokens if token not in _NOISE] or list(tokens)
    return ".".join(sorted(kept))


def _key(tokens: tuple[str, ...] | list[str], number: int) -> str:
    prefix = _prefix(tokens)
    return f"{prefix}_{number}" if prefix else str(number)


def prefix_key(stamp: Stamp) -> str:
    """What every style of one production's prefix shares: `1123.2018.cbp`."""
    return _prefix(stamp.tokens)


def agencies(stamp: Stamp) -> list[str]:
    """The prefix's words that may stand for the whole prefix in a short form."""
    return [t for t in stamp.tokens if t.isalpha() and len(t) >= 2 and t not in NOT_AGENCIES]


def _number_keys(stamp: Stamp, number: int) -> set[str]:
    names = agencies(stamp)
    keys = {_key(stamp.tokens, number), str(number)}
    if names:
        keys.add(_key(names, number))  # DOJ-OIP-45 for DOJ-OIP-2022-00517_000045
    keys.update(_key((name,), number) for name in names)
    return keys


def parse_range(value: str) -> tuple[Stamp, Stamp] | None:
    """The two ends of a range value `A - B` of one prefix, or None."""
    parts = value.split(RANGE_SEPARATOR)
    start, end = (parse(parts[0]), parse(parts[1])) if len(parts) == 2 else (None, None)
    if start is None or end is None or prefix_key(start) != prefix_key(end):
        return None
    return (start, end) if end.number > start.number else None


def compact(text: str) -> str:
    """Letters and digits only, lower case: a stamp typed with its parts glued together
    (`ICE2010FOIA26740117630`) meets the page by this key, where its number cannot be told
    from its prefix."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def stamp_keys(value: str) -> set[str]:
    """The keys a page stamped `value` (a stamp, or a range `A - B`) is found by."""
    ends = parse_range(value)
    if ends is not None:
        start, end = ends
        numbers = range(start.number, end.number + 1)
        if len(numbers) > MAX_RANGE_KEYS:
            numbers = range(start.number, start.number)  # the ends only, added below
        keys = _number_keys(start, start.number) | _number_keys(start, end.number)
        for number in numbers:
            keys |= _number_keys(start, number)
        return keys
    stamp = parse(value)
    if stamp is None:
        printed = compact(value)
        return {printed} if printed else set()
    return _number_keys(stamp, stamp.number) | {compact(stamp.printed())}


def typed_keys(text: str) -> set[str]:
    """The keys a typed stamp searches: its prefix and number (or the bare number), and its
    letters and digits as typed; empty when it ends in no number."""
    stamp = parse(text)
    if stamp is None:
        return set()
    return {_key(stamp.tokens, stamp.number), compact(repair(text))}

"""Court case and docket numbers in text, normalised to the keys of the `case` field.

Every court style of one case becomes the same key: "2:12-cv-00345", "12-CV-345-ABC",
"12 Civ. 345 (ABC)", "Case No. 2:12cv345" and "CIV-12-0345-HE" are all `12-cv-345`. The
division prefix ("2:", "SA-"), leading zeros, a judge's-initials suffix ("-ABC", "(ABC)") and
the label ("Case No.", "Civil Action No.") are dropped; a four-digit year keeps its last two
digits; the case type (cv, cr, mc, md, mj, bk, ap, ...) is kept. Each docket also has a
type-less key `12-345`, which a docket printed or typed without a type ("No. 12-345") uses:
it matches every type of that year and number, in any court (courts and appeals number
their cases alike: "No. 19-1234" of a circuit shares its key with "1:19-cv-01234").

What counts as a docket (precision):
- a typed form ("12-cv-345", "2:12cv345", "12 Civ. 345", "1:12-cr-00077"), anywhere;
- a type-first form ("CIV-07-0045-HE", W.D. Okla.) only after a label or with initials;
- a type-less "12-345" only after a "No." label ("No.", "Case No.", "Civil Action No.",
  "Docket No.", "Appeal No.") or "Case:"; a bare "No." only at the start of a line, after
  punctuation, "v." or a citation signal ("See also"): "Request No. 19-4521",
  "Pub. L. No. 99-603" and "S. Rep. No. 93-854" are not dockets. A "Nos." label takes the
  list after it. A label that names a kind ("Civil", "Criminal", "Misc.") implies that type.
Never: dates ("12-10-2011"), phone numbers, four-digit type-less numbers ("FOIA request
2018-01123"), agency dockets with letters ("FAA-2020-0686"), an all-zero number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Printed case types and the key's type.
TYPES = {
    "cv": "cv", "civ": "cv", "cr": "cr", "crim": "cr", "mc": "mc", "misc": "mc", "md": "md",
    "mdl": "md", "mj": "mj", "mag": "mj", "bk": "bk", "ap": "ap", "po": "po", "gj": "gj",
    "sw": "sw", "dp": "dp", "hc": "hc",
}  # fmt: skip
# Types a court writes between spaces ("14 Civ. 6117", "12 CR 77"); the others need a hyphen
# or nothing ("12-md-2345", "12md2345"), so that "12 SW 345" (an address) is not a docket.
SPACED_TYPES = frozenset({"cv", "civ", "cr", "crim", "mc", "misc", "mj", "mag"})
# Types a type-first docket starts with ("CIV-07-0045-HE", "CR-07-0123-HE").
LEADING_TYPES = {"civ": "cv", "cr": "cr", "mj": "mj", "m": "mc"}
# Label words that name a kind of case, and the type they imply.
KINDS = {
    "civil": "cv", "civ": "cv", "criminal": "cr", "crim": "cr", "cr": "cr", "misc": "mc",
    "miscellaneous": "mc", "magistrate": "mj", "mag": "mj", "bankruptcy": "bk", "bankr": "bk",
    "adversary": "ap", "adv": "ap",
}  # fmt: skip
# A bare "No." labels a docket only after nothing on its line, after one of these, ...
_OPENERS = tuple(",;:([")
# ... or after "v." or a citation's signal word ("See also No. 18-35102").
_SIGNALS = re.compile(r"(?:^|[\s(])(?:vs?\.|see|also|cf\.|accord|compare|with|in)$", re.IGNORECASE)
# What may follow a docket typed alone ("19-4521." in `case:`).
_AFTER = " .,;:)"
# Enrichment and the index fields both read a page's dockets (in the same ingest worker): the
# dockets of the last texts are remembered, short ones only, so that a page is read once.
REMEMBERED_TEXTS = 512
REMEMBERED_TEXT_CHARS = 16_000
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))

_KIND = r"(?P<kind>" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")\.?"
_LABEL = (
    r"(?:(?<![\w.])(?P<label>"
    rf"(?:{_KIND}\s+)?"
    r"(?:(?P<word>action|case|proceeding|pro\.|docket|appeal|cause)(?P<colon>\s*:)?\s+)?"
    r"(?:(?P<no>nos?\.|number|\#)(?:\s*:)?\s*)?"
    r"))?"
)
# Where a docket's own characters start: not inside a word, a number or a citation.
_START = r"(?<![\w:/-])(?<!\d[.,])"
_YEAR = r"(?P<year>\d{2}|(?:19|20)\d{2})"
_NUMBER = r"(?P<number>\d{1,7})(?![\da-z]|[-./]\d)"
_SUFFIX = r"(?P<suffix>(?:-[a-z]{1,4}(?![\w]))*(?:\s?\([a-z]{2,4}\)){0,2})"
_TYPE = "|".join(sorted(TYPES, key=len, reverse=True))
_TYPED = re.compile(
    _LABEL
    + _START
    + r"(?:\d{1,2}:|[a-z]{1,3}-)?"
    + _YEAR
    + rf"(?P<sep>[- ]?)(?P<type>{_TYPE})(?P<dot>\.?)(?P=sep)"
    + _NUMBER
    + _SUFFIX,
    re.IGNORECASE,
)
_LEADING = re.compile(
    _LABEL
    + _START
    + r"(?P<type>"
    + "|".join(sorted(LEADING_TYPES, key=len, reverse=True))
    + r")-"
    + r"(?P<year>\d{2})-"
    + _NUMBER
    + _SUFFIX,
    re.IGNORECASE,
)
# The further dockets of a "Nos." list: "Case Nos. 20-55436, 20-55662 & 21-1234".
_MORE = re.compile(
    r"[ \t]*(?:,|&|\band\b)\s*(?:\d{1,2}:)?(?P<year>\d{2})-" + _NUMBER + _SUFFIX,
    re.IGNORECASE,
)
_TYPELESS = re.compile(
    _LABEL + _START + r"(?:\d{1,2}:)?(?P<year>\d{2})-" + _NUMBER + _SUFFIX,
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Docket:
    """One docket printed in a text: its span (label and judge's initials included), two-digit
    year, number without leading zeros, the type printed (`kind`) and the type a label such as
    "Civil Action No." implies (`implied`)."""

    start: int
    end: int
    year: str
    number: str
    kind: str | None = None
    implied: str | None = None

    @property
    def typeless_key(self) -> str:
        """ "12-345": matches every type of this year and number."""
        return f"{self.year}-{self.number}"

    @property
    def key(self) -> str:
        """The key of a typed query: "12-cv-345" when a type is printed or implied."""
        kind = self.kind or self.implied
        return f"{self.year}-{kind}-{self.number}" if kind else self.typeless_key

    @property
    def query_key(self) -> str:
        """What a typed docket searches: its printed type, else every type ("No. 19-4521",
        "Civil Action No. 19-4521")."""
        return self.key if self.kind else self.typeless_key

    @property
    def keys(self) -> tuple[str, ...]:
        """The index keys of a page that prints this docket."""
        return tuple(dict.fromkeys((self.key, self.typeless_key)))


def _label_allowed(text: str, match: re.Match[str]) -> bool:
    """A bare "No." counts only at the start of a line, after punctuation, "v." or a signal."""
    if match.group("kind") or match.group("word") or not match.group("no"):
        return True
    before = text[: match.start()].rpartition("\n")[2].rstrip()
    return not before or before.endswith(_OPENERS) or bool(_SIGNALS.search(before))


def _docket(text: str, match: re.Match[str], kind: str | None, needs_label: bool) -> Docket | None:
    """The docket a match reads, or None. A label not allowed here is left out of the span,
    and a docket that needs one is then no docket."""
    number = int(match.group("number"))
    if not number:
        return None
    start, label_kind = match.start(), match.group("kind")
    if not _label_allowed(text, match):
        if needs_label:
            return None
        start, label_kind = match.end("label"), None
    implied = KINDS[label_kind.lower()] if label_kind else None
    return Docket(start, match.end(), match.group("year")[-2:], str(number), kind, implied)


def _typed(text: str) -> Iterable[Docket]:
    for match in _TYPED.finditer(text):
        printed = match.group("type").lower()
        if match.group("sep") == " " and printed not in SPACED_TYPES:
            continue
        if match.group("dot") and match.group("sep") == "-":
            continue  # "12-civ.-345" is no court's style
        docket = _docket(text, match, TYPES[printed], needs_label=False)
        if docket is not None:
            yield docket


def _leading(text: str) -> Iterable[Docket]:
    for match in _LEADING.finditer(text):
        has_initials = match.group("suffix").startswith("-")
        if not (match.group("no") or has_initials):
            continue
        kind = LEADING_TYPES[match.group("type").lower()]
        docket = _docket(text, match, kind, needs_label=not has_initials)
        if docket is not None:
            yield docket


def _is_numbered(match: re.Match[str]) -> bool:
    """A type-less number needs a "No." label, or a "Case:" one (an appeals court's header
    "Case: 20-16811, 11/02/2020, DktEntry: 14")."""
    if match.group("colon"):
        return match.group("word").lower() in ("case", "docket")
    return bool(match.group("no"))


def _typeless(text: str) -> Iterable[Docket]:
    for match in _TYPELESS.finditer(text):
        if _is_numbered(match):
            docket = _docket(text, match, None, needs_label=True)
            if docket is not None:
                yield docket
                if str(match.group("no")).lower() == "nos.":
                    yield from _listed(text, match.end())


def _listed(text: str, position: int) -> Iterable[Docket]:
    """The type-less dockets after the first of a "Nos." list, each spanning from its year
    (a typed one is found on its own, and ends the list)."""
    while (match := _MORE.match(text, position)) is not None:
        number = int(match.group("number"))
        if number:
            yield Docket(match.start("year"), match.end(), match.group("year"), str(number))
        position = match.end()


# What each reading's match must hold, without its optional label: the full patterns try a
# label at every character, these cheap scans skip the pages that print no docket of a kind.
_READINGS = (
    (re.compile(rf"\d[- ]?(?:{_TYPE})\.?[- ]?\d", re.IGNORECASE), _typed),
    (re.compile(r"[a-z]-\d\d-\d", re.IGNORECASE), _leading),
    (  # a type-less docket needs a "No." label or a "Case:" one (`_is_numbered`)
        re.compile(
            r"(?:nos?\.|number|\#|case\s*:|docket\s*:)\s*(?::\s*)?(?:\d{1,2}:)?\d\d-\d",
            re.IGNORECASE,
        ),
        _typeless,
    ),
)


def find_dockets(text: str) -> list[Docket]:
    """The dockets printed in `text`, in order; where two readings overlap, the first."""
    if len(text) <= REMEMBERED_TEXT_CHARS:
        return list(_remembered_dockets(text))
    return _find_dockets(text)


@lru_cache(maxsize=REMEMBERED_TEXTS)
def _remembered_dockets(text: str) -> tuple[Docket, ...]:
    return tuple(_find_dockets(text))


def _find_dockets(text: str) -> list[Docket]:
    text = text.translate(_DASHES)
    found = [
        docket for hint, read in _READINGS if hint.search(text) is not None for docket in read(text)
    ]
    found.sort(key=lambda d: d.start)
    taken: list[Docket] = []
    for docket in found:
        if not taken or taken[-1].end <= docket.start:
            taken.append(docket)
    return taken


def docket_keys(text: str) -> set[str]:
    """The `case` terms of a page: each docket's key and its type-less key."""
    return {key for docket in find_dockets(text) for key in docket.keys}


def case_labels(dockets: Iterable[Docket]) -> list[str]:
    """The cases a document is about, as the facet shows them: "12-cv-345"; a type-less
    "12-345" only when no docket of that year and number has a type."""
    keys = {docket.key for docket in dockets}
    covered = {f"{key.split('-')[0]}-{key.split('-')[-1]}" for key in keys if key.count("-") == 2}
    return sorted(keys - covered)


def normalize_docket(text: str) -> str | None:
    """The key a typed docket searches (`case:` and plain queries), or None when `text` is
    not a docket. A bare "12-345" is taken as labelled here: `case:` says it is a docket."""
    for candidate in (text.strip(), f"No. {text.strip()}"):
        dockets = find_dockets(candidate)
        if len(dockets) == 1 and _covers(candidate, dockets[0]):
            return dockets[0].query_key
    return None


def _covers(text: str, docket: Docket) -> bool:
    return not text[: docket.start].strip() and not text[docket.end :].strip(_AFTER)

"""The shape of an equivalence: a span of typed words and the other ways records write it.

Every class of issue 11 (numbers, roman numerals, citations, dockets, Bates stamps, agencies)
is a *recogniser*: given the words a user typed, it finds the spans it knows and says how else
a record may write each one. A form is either a run of index terms (folded, unstemmed, as
`indexer.text.terms.iter_terms` makes them: a phrase in the `exact` field) or a term of a
keyword field (`bates`, `case`). `indexer.search.rules` turns a span into "as typed OR any
form", keeps only the forms the index holds, and reports them as `expanded`.

Index time and query time share the tokenizer (`indexer.text.terms`), which already writes
signs as words ("%" is "percent", "§" is "section") and numbers whole ("12,000" is "12000"),
and the enrichers (`indexer.enrich.bates`, `indexer.enrich.dockets`), which write the keyed
values. Recognisers only add the spellings a record may use in place of the typed one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Keyed:
    """A term of a keyword field: `Keyed("case", "12-cv-345")`."""

    field: str
    value: str


# A run of exact-field terms (one term: a word; more: a phrase), or a keyword-field term.
Form = tuple[str, ...] | Keyed


@dataclass(frozen=True)
class Segment:
    """Typed words [start, end) of one class, and the forms a record may write them in.

    `forms` need not hold the typed spelling: the caller always searches that too.
    """

    start: int
    end: int
    kind: str
    forms: tuple[Form, ...]

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Vocabulary:
    """The equivalences that are data, not code: classes of names that mean the same thing
    (shipped list, the home's synonyms.txt, acronyms learned from the records), each class a
    tuple of term runs."""

    classes: tuple[tuple[tuple[str, ...], ...], ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)


EMPTY_VOCABULARY = Vocabulary()

# words typed (as typed, one whitespace-separated word each), the vocabulary -> its spans
Recogniser = Callable[[Sequence[str], Vocabulary], Iterable[Segment]]


def form_text(form: Form) -> str:
    """How a form reads in "also matched": words joined by spaces, a keyed term as its field
    and value ("case 14-cv-6117", "Bates stamp CBP 453")."""
    if isinstance(form, Keyed):
        if form.field == "bates":  # a key such as "2018.1123.cbp_451": its parts, then number
            return "Bates stamp " + " ".join(form.value.replace("_", ".").split(".")).upper()
        return f"{form.field} {form.value}"
    return " ".join(form)


def choose(segments: Iterable[Segment], priority: Sequence[str] = ()) -> list[Segment]:
    """Non-overlapping segments, longest first, then by the class's place in `priority`,
    then leftmost; returned in word order. Segments without forms are dropped."""
    rank = {kind: index for index, kind in enumerate(priority)}
    candidates = sorted(
        (segment for segment in segments if segment.forms),
        key=lambda s: (-s.length, rank.get(s.kind, len(rank)), s.start),
    )
    taken: list[Segment] = []
    used: set[int] = set()
    for segment in candidates:
        span = set(range(segment.start, segment.end))
        if span & used:
            continue
        used |= span
        taken.append(segment)
    return sorted(taken, key=lambda s: s.start)

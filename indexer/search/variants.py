"""The queries of an equivalence segment: "as typed OR any form the index holds" (issue 11).

`indexer.search.equivalence` says which typed words are a number, a numeral, a citation, a
docket, a stamp or an agency, and how else records write them. This module turns those forms
into index queries, keeping only the forms whose terms the index holds (a form the index has
never seen costs nothing and is not reported), and records what was also matched.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from indexer.search.context import BuildContext
from indexer.search.equivalence import Form, Keyed, Segment, form_text, segments
from indexer.search.index_query import AnyOf, IndexQuery, Phrase, Term
from indexer.text.terms import iter_terms, stem

# Phrases one quoted phrase may become when several of its spans have other forms.
MAX_PHRASE_VARIANTS = 32


def typed_terms(text: str) -> tuple[str, ...]:
    """The exact-field terms of typed text, one a position (a compound counts as its parts)."""
    by_position: dict[int, str] = {}
    for term, position, _, _ in iter_terms(text):
        by_position[position] = term
    return tuple(by_position[p] for p in sorted(by_position))


def find(words: Sequence[str], context: BuildContext) -> list[Segment]:
    """The segments of typed words, none when expansions are switched off."""
    if context.exact_only or not words:
        return []
    return segments(list(words), context.vocabulary)


def held(form: Form, context: BuildContext) -> bool:
    """Whether the index holds every term of `form`."""
    if isinstance(form, Keyed):
        return context.has_term(form.field, form.value)
    return bool(form) and all(context.has_term("exact", term) for term in form)


def form_queries(typed: str, segment: Segment, context: BuildContext) -> list[IndexQuery]:
    """A query for each form of `segment` that the index holds, as plain words: a one-word
    form also matches its stem, a longer one is a phrase."""
    queries: list[IndexQuery] = []
    also: list[str] = []
    for form in segment.forms:
        if not held(form, context):
            continue
        also.append(form_text(form))
        if isinstance(form, Keyed):
            queries.append(Term(form.field, form.value))
        elif len(form) == 1:
            context.stems.add(stem(form[0]))
            queries.append(Term("body", stem(form[0])))
            queries.append(Term("lead_title", stem(form[0])))
        else:
            context.phrases.add(form)
            queries.append(Phrase("exact", form))
    if also:
        context.note_expanded(typed, also)
    return queries


def phrase_variants(
    words: Sequence[str], found: Sequence[Segment], context: BuildContext
) -> tuple[list[tuple[str, ...]], list[Keyed]]:
    """The term runs a quoted phrase may be written as (the typed one first), and the keyed
    terms of a segment that spans the whole phrase."""
    pieces: list[list[tuple[str, ...]]] = []
    keyed: list[Keyed] = []
    at = {segment.start: segment for segment in found}
    index = 0
    while index < len(words):
        segment = at.get(index)
        if segment is None:
            pieces.append([typed_terms(words[index])])
            index += 1
            continue
        typed = " ".join(words[segment.start : segment.end])
        options = [typed_terms(typed)]
        held_forms = [form for form in segment.forms if held(form, context)]
        for form in held_forms:
            if isinstance(form, Keyed):
                if segment.length == len(words):
                    keyed.append(form)
            elif form not in options:
                options.append(form)
        if len(held_forms) > 0:
            context.note_expanded(typed, [form_text(form) for form in held_forms])
        pieces.append(options)
        index = segment.end
    combos = itertools.islice(itertools.product(*pieces), MAX_PHRASE_VARIANTS)
    runs = [tuple(term for piece in combo for term in piece) for combo in combos]
    return [run for run in runs if run], keyed


def keyed_queries(keyed: Sequence[Keyed]) -> list[IndexQuery]:
    return [Term(form.field, form.value) for form in keyed]


def any_of(queries: Sequence[IndexQuery]) -> IndexQuery:
    return queries[0] if len(queries) == 1 else AnyOf(tuple(queries))

"""Turn a parsed query tree into an index query, with the variant expansions investigators expect.

Plain words search the stemmed `body` and `title`; quoted phrases the unstemmed `exact` field.
Compounds are tried in every spelling: `opt-out` and `opt out` also look for `optout`, and
`optout` also for the phrase "opt out", when the index holds those words. Typed words that an
equivalence class knows (`search/equivalence/`, issue 11) are searched as typed OR in the forms
records write them in (`search/variants.py`); exact spelling only switches that off. Wildcard
and fuzzy words are looked up in `search/lookups.py`, within the limits of one query that
`search/context.py` sets (issue 12).
"""

from __future__ import annotations

from indexer.enrich.bates import query_keys
from indexer.enrich.dockets import normalize_docket
from indexer.enrich.exemptions import normalize_label
from indexer.enrich.people import query_forms
from indexer.search import parser as qp, variants
from indexer.search.context import MAX_LOOKUP_CHARS, BuildContext, Resolver
from indexer.search.equivalence import Keyed, Segment
from indexer.search.fields import PEOPLE_FIELDS
from indexer.search.index_query import (
    EVERYTHING,
    NOTHING,
    AllOf,
    AnyOf,
    Exclude,
    IndexQuery,
    Phrase,
    Term,
)
from indexer.search.lookups import fuzzy, wildcard
from indexer.search.ranges import range_query
from indexer.text.terms import fold, iter_terms, keyword_terms, stem

KEYWORD_FIELDS = frozenset({"type", "source", "release", "entity", "format", "year", "ocr"})
EXACT_FIELDS = frozenset({"from", "to", "cc", "bcc", "path"})
STEMMED_FIELDS = frozenset({"title", "subject"})
__all__ = ["BuildContext", "Resolver", "build"]


def build(tree: qp.Node | None, context: BuildContext) -> IndexQuery | None:
    """The index query for `tree`, or None for an empty tree."""
    if tree is None:
        return None
    return _node(tree, context)


def _node(node: qp.Node, context: BuildContext) -> IndexQuery:
    if isinstance(node, qp.And):
        return _and(node, context)
    if isinstance(node, qp.Or):
        return AnyOf(tuple(_node(child, context) for child in node.children))
    if isinstance(node, qp.Not):
        return Exclude(_node(node.child, context))
    if isinstance(node, qp.Range):
        return range_query(node, context, KEYWORD_FIELDS)
    if node.field is not None:
        return _fielded(node, context)
    if isinstance(node, qp.Phrase):
        return _phrase(node.text, node.slop, context)
    if _is_plain_word(node):
        return _and(qp.And((node,)), context)
    return _word(node, context)


def _and(node: qp.And, context: BuildContext) -> IndexQuery:
    children = list(node.children)
    spans = _segments_of(children, context)
    queries: list[IndexQuery] = []
    index = 0
    while index < len(children):
        segment = spans.get(index)
        if segment is not None:
            queries.append(_segment(children[segment.start : segment.end], segment, context))
            index = segment.end
            continue
        child = children[index]
        following = children[index + 1] if index + 1 < len(children) else None
        if following is not None and index + 1 in spans:
            following = None  # the next word belongs to a segment of its own
        joined = _joined_pair(child, following, context)
        if joined is not None:
            queries.append(joined)
            index += 2
            continue
        if isinstance(child, qp.Word) and _is_plain_word(child):
            queries.append(_word(child, context))
        else:
            queries.append(_node(child, context))
        index += 1
    if len(queries) == 1:
        return queries[0]
    if all(isinstance(query, Exclude) for query in queries):
        queries.insert(0, EVERYTHING)
    return AllOf(tuple(queries))


def _segments_of(children: list[qp.Node], context: BuildContext) -> dict[int, Segment]:
    """The equivalence segments of each run of plain typed words, by the child they start at."""
    found: dict[int, Segment] = {}
    index = 0
    while index < len(children):
        end = index
        while end < len(children) and _is_plain_word(children[end]):
            end += 1
        if end == index:
            index += 1
            continue
        words = [child.text for child in children[index:end] if isinstance(child, qp.Word)]
        for segment in variants.find(words, context):
            start, end_at = index + segment.start, index + segment.end
            found[start] = Segment(start, end_at, segment.kind, segment.forms)
        index = end
    return found


def _segment(typed: list[qp.Node], segment: Segment, context: BuildContext) -> IndexQuery:
    """Typed words that form a number, numeral, citation, docket, stamp or name: as typed OR
    any form a record writes it in. As typed, words mean what plain words always meant (each
    anywhere on the page or in the title: "Secure Communities" finds a record so titled),
    except an identifier (a docket, a stamp), whose words are searched side by side."""
    text = " ".join(node.text for node in typed if isinstance(node, qp.Word))
    words = [_word(node, context) for node in typed if isinstance(node, qp.Word)]
    if len(words) == 1:
        as_typed = words[0]
    elif any(isinstance(form, Keyed) for form in segment.forms):
        as_typed = _phrase(text, 0, context)
    else:
        as_typed = AllOf(tuple(words))
    return variants.any_of([as_typed, *variants.form_queries(text, segment, context)])


def _joined_pair(
    first: qp.Node, second: qp.Node | None, context: BuildContext
) -> IndexQuery | None:
    """`opt out` typed as two words also finds the closed compound `optout`."""
    if not (_is_plain_word(first) and _is_plain_word(second)):
        return None
    assert isinstance(first, qp.Word) and isinstance(second, qp.Word)
    left, right = keyword_terms(first.text), keyword_terms(second.text)
    if len(left) != 1 or len(right) != 1 or not context.has_term("exact", left[0] + right[0]):
        return None
    closed = left[0] + right[0]
    context.exact.add(closed)
    both = AllOf((_word(first, context), _word(second, context)))
    return AnyOf((both, Term("body", stem(closed)), Term("lead_title", stem(closed))))


def _is_plain_word(node: qp.Node | None) -> bool:
    return isinstance(node, qp.Word) and node.field is None and node.kind == "word"


def _word(node: qp.Word, context: BuildContext) -> IndexQuery:
    if node.kind == "wildcard":
        return wildcard("exact", node.text, context)
    if node.kind == "fuzzy":
        return fuzzy("exact", node.text, node.distance, context)
    if node.kind == "exact" or context.exact_only:
        return _exact(node.text, context)
    terms = keyword_terms(node.text)
    if not terms:
        return NOTHING
    if len(terms) == 1:
        return _single_word(terms[0], context)
    if not _is_one_compound(node.text):  # "1:14-cv-06117", "45%": its words side by side
        return _phrase(node.text, 0, context)
    closed, parts = terms[0], terms[1:]
    context.phrases.add(tuple(parts))
    context.stems.add(stem(closed))
    return AnyOf(
        (
            Phrase("exact", tuple(parts)),
            Term("body", stem(closed)),
            Term("lead_title", stem(closed)),
        )
    )


def _is_one_compound(text: str) -> bool:
    """Whether a typed word is one compound ("opt-out"): its first term spans all its terms."""
    found = list(iter_terms(text))
    return found[0][1] == 0 and all(end <= found[0][3] for _, _, _, end in found)


def _exact(text: str, context: BuildContext) -> IndexQuery:
    """The words as typed, unstemmed and with no other spelling: `=word`, `exact:"..."`."""
    words = variants.typed_terms(text)
    if not words:
        return NOTHING
    if len(words) == 1:
        context.exact.add(words[0])
        return Term("exact", words[0])
    context.phrases.add(words)
    return Phrase("exact", words)


def _single_word(term: str, context: BuildContext) -> IndexQuery:
    context.stems.add(stem(term))
    alternatives: list[IndexQuery] = [Term("body", stem(term)), Term("lead_title", stem(term))]
    for left, right in _splits(term, context):
        alternatives.append(Phrase("exact", (left, right)))
        context.phrases.add((left, right))
    return AnyOf(tuple(alternatives))


def _splits(term: str, context: BuildContext) -> list[tuple[str, str]]:
    """Ways to read a closed compound as two indexed words: `optout` -> ("opt", "out")."""
    if not term.isalpha() or not 6 <= len(term) <= MAX_LOOKUP_CHARS:
        return []
    found = []
    for cut in range(3, len(term) - 2):
        left, right = term[:cut], term[cut:]
        if context.has_term("exact", left) and context.has_term("exact", right):
            found.append((left, right))
    return found[:2]


def _phrase_parts(text: str) -> list[str]:
    """The words of a phrase, one a position (a compound counts as its parts)."""
    return list(variants.typed_terms(text))


def _phrase(text: str, slop: int, context: BuildContext) -> IndexQuery:
    if context.exact_only and slop == 0:
        return _exact(text, context)
    words = text.split()
    found = variants.find(words, context)
    if not found:
        return _typed_phrase(text, slop, context)
    runs, keyed = variants.phrase_variants(words, found, context)
    alternatives = [_typed_phrase(text, slop, context)]
    for run in runs[1:]:
        alternatives.append(_phrase_of(list(run), slop, context))
    alternatives.extend(variants.keyed_queries(keyed))
    return variants.any_of(alternatives)


def _typed_phrase(text: str, slop: int, context: BuildContext) -> IndexQuery:
    """The phrase as typed, and with two of its words closed up when the index holds that."""
    parts = _phrase_parts(text)
    if not parts:
        return NOTHING
    if len(parts) == 1:
        context.exact.add(parts[0])
        return Term("exact", parts[0])
    variants_of = [parts]
    for index in range(len(parts) - 1):
        closed = parts[index] + parts[index + 1]
        if not context.exact_only and context.has_term("exact", closed):
            variants_of.append(parts[:index] + [closed] + parts[index + 2 :])
    return variants.any_of([_phrase_of(words, slop, context) for words in variants_of])


def _phrase_of(words: list[str], slop: int, context: BuildContext) -> IndexQuery:
    if len(words) == 1:
        context.exact.add(words[0])
        return Term("exact", words[0])
    if slop == 0:
        context.phrases.add(tuple(words))
    else:  # near each other, not side by side: mark each word
        context.exact.update(words)
    return Phrase("exact", tuple(words), slop=slop + 1)


def _fielded(node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    name = node.field
    assert name is not None
    text = node.text
    if name in ("tag", "note", "production"):
        return _virtual(name, text, context)
    if name == "exact":
        return _exact(text, context)
    if name == "body":
        if isinstance(node, qp.Phrase):
            return _phrase(text, node.slop, context)
        return _word(qp.Word(text, None, node.kind, node.distance), context)
    if name in KEYWORD_FIELDS:
        return _keyword(name, node, context)
    if name == "exemption":
        label = normalize_label(text)
        if label is None:
            context.notices.append(f"{text!r} is not an exemption label such as (b)(6) or b7c.")
            return NOTHING
        context.exact.update(keyword_terms(label))  # "(b)(6)" as the page prints it is marked
        return Term("exemption", label)
    if name == "bates":
        keys = sorted(query_keys(text))
        if not keys:
            context.notices.append(f"bates: takes a stamp that ends in its number, not {text!r}.")
            return NOTHING
        return AnyOf(tuple(Term("bates", key) for key in keys))
    if name == "case":
        return _case(text, context)
    if name in ("date", "page"):
        return range_query(qp.Range(name, text, text), context, KEYWORD_FIELDS)
    return _text_field(name, node, context)


def _case(text: str, context: BuildContext) -> IndexQuery:
    """case: takes a docket in any court's style, searched by its key."""
    key = normalize_docket(text)
    if key is None:
        context.notices.append(
            f"{text!r} is not a docket number such as 12-cv-345, 14 Civ. 6117 or No. 19-4521."
        )
        return NOTHING
    return Term("case", key)


def _keyword(name: str, node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    value = fold(" ".join(node.text.split()))
    if isinstance(node, qp.Word) and node.kind == "wildcard":
        return wildcard(name, value, context)
    return Term(name, value)


def _text_field(name: str, node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    parts = _phrase_parts(node.text)
    if not parts:
        return NOTHING
    is_stemmed = name in STEMMED_FIELDS
    if isinstance(node, qp.Word) and node.kind == "wildcard":
        return wildcard(name, node.text, context)
    if name in PEOPLE_FIELDS:
        return _person(name, node, context)
    words = [stem(p) for p in parts] if is_stemmed else parts
    (context.stems if is_stemmed else context.exact).update(words)
    if len(words) == 1:
        return Term(name, words[0])
    if isinstance(node, qp.Phrase):
        return Phrase(name, tuple(words), slop=node.slop + 1)
    return AllOf(tuple(Term(name, word) for word in words))


def _person(name: str, node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    """from:/to:/cc:/bcc: find a person however the header prints the name: the typed name
    in the index's normal form (`enrich.people`), a phrase of its words. "Exact spelling
    only" changes nothing here: the field holds people, each in its normal form."""
    slop = node.slop + 1 if isinstance(node, qp.Phrase) else 1
    queries: list[IndexQuery] = []
    for form in query_forms(node.text):
        words = _phrase_parts(form)
        context.exact.update(words)
        if len(words) == 1:
            queries.append(Term(name, words[0]))
        elif words:
            queries.append(Phrase(name, tuple(words), slop=slop))
    if not queries:
        return NOTHING
    return queries[0] if len(queries) == 1 else AnyOf(tuple(queries))


def _virtual(name: str, text: str, context: BuildContext) -> IndexQuery:
    """tag:, note: and production: live in SQLite: they become the pages they name."""
    found = context.resolve(name, text) if context.resolve else None
    if found is None:
        context.notices.append(f"{name}: searches are not available to you.")
        return NOTHING
    if not isinstance(found, tuple):
        return found
    doc_ids, keys = found
    queries: list[IndexQuery] = [Term("doc_id", d) for d in sorted(doc_ids)]
    queries += [Term("key", k) for k in sorted(keys)]
    return AnyOf(tuple(queries)) if queries else NOTHING

"""Turn a parsed query tree into an index query, with the variant expansions investigators expect.

Plain words search the stemmed `body` and `title`; quoted phrases the unstemmed `exact` field.
Compounds are tried in every spelling: `opt-out` and `opt out` also look for `optout`, and
`optout` also for the phrase "opt out", when the index holds those words. Wildcards and fuzzy
words expand to at most MAX_EXPANSIONS index terms, so that no query runs away; and since a
query holds up to 64 of them, the whole query is bounded too (issue 12): its expansions share
MAX_QUERY_EXPANSIONS terms, its wildcards read at most MAX_SCANNED_TERMS index words, at most
MAX_FUZZY_WORDS fuzzy words are looked up, and no look-up is made for a word longer than
MAX_LOOKUP_CHARS.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.enrich.bates import query_keys
from indexer.enrich.exemptions import normalize_label
from indexer.enrich.people import query_forms
from indexer.search import parser as qp
from indexer.search.engine import Lexicon
from indexer.search.fields import PEOPLE_FIELDS
from indexer.search.index_query import (
    EVERYTHING,
    NOTHING,
    AllOf,
    AnyOf,
    Exclude,
    IndexQuery,
    NumberRange,
    Phrase,
    Term,
    TermRange,
)
from indexer.search.ranges import MAX_DATE_NUMBER, date_bounds, page_bound
from indexer.text.highlight import HighlightTerms
from indexer.text.terms import fold, iter_terms, keyword_terms, stem

MAX_EXPANSIONS = 200
MAX_FUZZY_EXPANSIONS = 50
# The terms all the wildcards and fuzzy words of one query expand to; once they are used up,
# each further one still gets its first MIN_EXPANSIONS.
MAX_QUERY_EXPANSIONS = 400
MIN_EXPANSIONS = 2
# Index words read while expanding the wildcards of one query (`d*tion` reads every d word).
MAX_SCANNED_TERMS = 50_000
# Fuzzy words of one query looked up (each reads the index's words near it); the others, and
# fuzzy words longer than MAX_LOOKUP_CHARS, are searched as typed.
MAX_FUZZY_WORDS = 8
MAX_FUZZY_CANDIDATES = 500
# Words longer than this are not looked up letter by letter (compound splits, fuzzy): the cost
# grows with the length, and no compound or misspelling is that long.
MAX_LOOKUP_CHARS = 40
KEYWORD_FIELDS = frozenset({"type", "source", "release", "entity", "format", "year", "ocr"})
EXACT_FIELDS = frozenset({"from", "to", "cc", "bcc", "path"})
STEMMED_FIELDS = frozenset({"title", "subject"})

# Resolves a virtual field (tag:, note:) to the pages it names: (doc_ids, page keys).
Resolver = Callable[[str, str], tuple[set[str], set[str]] | None]


@dataclass
class BuildContext:
    """What building needs and what it learns: the lexicon for term look-ups, the resolver
    for fields that live in SQLite, notices for the user, words to highlight."""

    lexicon: Lexicon
    resolve: Resolver | None = None
    notices: list[str] = field(default_factory=list)
    exact: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    expansions_left: int = MAX_QUERY_EXPANSIONS
    scans_left: int = MAX_SCANNED_TERMS
    fuzzy_left: int = MAX_FUZZY_WORDS

    def notice_once(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def has_term(self, fieldname: str, term: str) -> bool:
        return bool(self.lexicon.doc_frequency(fieldname, term))

    def highlight_terms(self) -> HighlightTerms:
        return HighlightTerms(frozenset(self.exact), frozenset(self.stems), frozenset(self.phrases))


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
        return _range(node, context)
    if node.field is not None:
        return _fielded(node, context)
    if isinstance(node, qp.Phrase):
        return _phrase(node.text, node.slop, context)
    return _word(node, context)


def _and(node: qp.And, context: BuildContext) -> IndexQuery:
    children = list(node.children)
    queries: list[IndexQuery] = []
    index = 0
    while index < len(children):
        child = children[index]
        following = children[index + 1] if index + 1 < len(children) else None
        joined = _joined_pair(child, following, context)
        if joined is not None:
            queries.append(joined)
            index += 2
            continue
        queries.append(_node(child, context))
        index += 1
    if all(isinstance(query, Exclude) for query in queries):
        queries.insert(0, EVERYTHING)
    return AllOf(tuple(queries))


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
        return _wildcard("exact", node.text, context)
    if node.kind == "fuzzy":
        return _fuzzy("exact", node.text, node.distance, context)
    terms = keyword_terms(node.text)
    if not terms:
        return NOTHING
    if len(terms) == 1:
        return _single_word(terms[0], context)
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
    by_position: dict[int, str] = {}
    for term, position, _, _ in iter_terms(text):
        by_position[position] = term
    return [by_position[p] for p in sorted(by_position)]


def _phrase(text: str, slop: int, context: BuildContext) -> IndexQuery:
    parts = _phrase_parts(text)
    if not parts:
        return NOTHING
    if len(parts) == 1:
        context.exact.add(parts[0])
        return Term("exact", parts[0])
    variants = [parts]
    for index in range(len(parts) - 1):
        closed = parts[index] + parts[index + 1]
        if context.has_term("exact", closed):
            variants.append(parts[:index] + [closed] + parts[index + 2 :])
    for words in variants:
        if slop == 0 and len(words) > 1:
            context.phrases.add(tuple(words))
        else:  # near each other, not side by side: mark each word
            context.exact.update(words)
    alternatives: list[IndexQuery] = [
        Phrase("exact", tuple(words), slop=slop + 1) if len(words) > 1 else Term("exact", words[0])
        for words in variants
    ]
    return AnyOf(tuple(alternatives))


def _expand(fieldname: str, pattern: str, context: BuildContext, limit: int) -> list[str]:
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    regex = re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z"
    )
    shared = max(MIN_EXPANSIONS, context.expansions_left)
    found: list[str] = []
    terms = context.lexicon.expand_prefix(fieldname, prefix) if context.scans_left > 0 else ()
    for term in terms:
        context.scans_left -= 1
        if regex.match(term):
            found.append(term)
            if len(found) > min(limit, shared):
                found.pop()
                _notice_cut(pattern, limit, shared, context)
                break
        if context.scans_left <= 0:
            context.notice_once(
                f"The wildcards of this query read {MAX_SCANNED_TERMS:,} index words, the most"
                " a query may: some matching words were not searched."
            )
            break
    context.expansions_left = max(0, context.expansions_left - len(found))
    return found


def _notice_cut(pattern: str, limit: int, shared: int, context: BuildContext) -> None:
    if limit <= shared:
        context.notices.append(
            f"{pattern} matches more than {limit} words: the first {limit} were used."
        )
        return
    context.notice_once(
        f"The wildcards and fuzzy words of a query expand to at most {MAX_QUERY_EXPANSIONS:,}"
        f" words in all: the ones that came after used their first {MIN_EXPANSIONS} or fewer."
    )


def _wildcard(fieldname: str, text: str, context: BuildContext) -> IndexQuery:
    pattern = fold(re.sub(r"[^\w*?]", "", text))
    terms = _expand(fieldname, pattern, context, MAX_EXPANSIONS)
    context.exact.update(terms)
    return AnyOf(tuple(Term(fieldname, term) for term in terms)) if terms else NOTHING


def _fuzzy(fieldname: str, text: str, distance: int, context: BuildContext) -> IndexQuery:
    terms = keyword_terms(text)
    if not terms:
        return NOTHING
    if context.fuzzy_left <= 0 or len(terms[0]) > MAX_LOOKUP_CHARS:
        context.notice_once(
            f"At most {MAX_FUZZY_WORDS} fuzzy words of up to {MAX_LOOKUP_CHARS} letters are"
            " looked up in a query: the others were searched as typed."
        )
        context.exact.add(terms[0])
        return Term(fieldname, terms[0])
    context.fuzzy_left -= 1
    near = context.lexicon.terms_within(fieldname, terms[0], distance, prefix=1)
    found = list(itertools.islice(near, MAX_FUZZY_CANDIDATES))
    limit = min(MAX_FUZZY_EXPANSIONS, max(MIN_EXPANSIONS, context.expansions_left))
    found = sorted(found, key=lambda t: (t != terms[0], t))[:limit]
    context.expansions_left = max(0, context.expansions_left - len(found))
    context.exact.update(found)
    return AnyOf(tuple(Term(fieldname, term) for term in found)) if found else NOTHING


def _fielded(node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    name = node.field
    assert name is not None
    text = node.text
    if name in ("tag", "note"):
        return _virtual(name, text, context)
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
        return Term("exemption", label)
    if name == "bates":
        keys = sorted(query_keys(text))
        return AnyOf(tuple(Term("bates", key) for key in keys)) if keys else NOTHING
    if name in ("date", "page"):
        return _range(qp.Range(name, text, text), context)
    return _text_field(name, node, context)


def _keyword(name: str, node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    value = fold(" ".join(node.text.split()))
    if isinstance(node, qp.Word) and node.kind == "wildcard":
        return _wildcard(name, value, context)
    return Term(name, value)


def _text_field(name: str, node: qp.Word | qp.Phrase, context: BuildContext) -> IndexQuery:
    parts = _phrase_parts(node.text)
    if not parts:
        return NOTHING
    is_stemmed = name in STEMMED_FIELDS
    if isinstance(node, qp.Word) and node.kind == "wildcard":
        return _wildcard(name, node.text, context)
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
    in the index's normal form (`enrich.people`), a phrase of its words."""
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
    """tag: and note: live in SQLite: they become the pages they name."""
    found = context.resolve(name, text) if context.resolve else None
    if found is None:
        context.notices.append(f"{name}: searches are not available to you.")
        return NOTHING
    doc_ids, keys = found
    queries: list[IndexQuery] = [Term("doc_id", d) for d in sorted(doc_ids)]
    queries += [Term("key", k) for k in sorted(keys)]
    return AnyOf(tuple(queries)) if queries else NOTHING


def _range(node: qp.Range, context: BuildContext) -> IndexQuery:
    if node.field == "page":
        try:
            low = int(node.low) if node.low else None
            high = int(node.high) if node.high else None
        except ValueError:
            context.notices.append("page: takes page numbers, as in page:[1 TO 5].")
            return NOTHING
        return NumberRange("page", page_bound(low), page_bound(high))
    if node.field == "date":
        low = date_bounds(node.low, upper=False) if node.low else None
        high = date_bounds(node.high, upper=True) if node.high else None
        if (node.low and low is None) or (node.high and high is None):
            context.notices.append("date: takes dates such as 2010, 2010-05 or 2010-05-12.")
            return NOTHING
        # Explicit bounds: Whoosh's open-ended numeric ranges misbehave on unsigned fields,
        # and 1 keeps the undated (stored as nothing) out of every date filter.
        return NumberRange("date", low or 1, min(high or MAX_DATE_NUMBER, MAX_DATE_NUMBER))
    if node.field in KEYWORD_FIELDS:
        return TermRange(node.field, fold(node.low or ""), fold(node.high or "\uffff"))
    context.notices.append(f"{node.field}: does not take a range.")
    return NOTHING

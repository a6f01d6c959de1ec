"""Tags and notes in search: the `tag:`/`note:` resolver, the tag facet, labels on results.

Tags live only in SQLite; a search turns `tag:exhibit-3` into the pages it names at query
time (see `indexer.search.rules.Resolver`), so a new tag is found by the next search.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from indexer.model.results import SearchResult
from indexer.productions.membership import membership, production_facet
from indexer.search.context import Resolved
from indexer.search.engine import Engine
from indexer.search.fields import page_key
from indexer.search.index_query import IndexQuery, Term
from indexer.search.rules import Resolver
from indexer.search.service import PageFacets, PagesOf, SearchRequest, search
from indexer.store.database import Store
from indexer.store.tag_queries import (
    TaggedPlace,
    document_tags,
    live_tags,
    places_labelled,
    places_noted,
    tag_labels,
)
from indexer.store.users import EDITOR_ROLES
from indexer.text.terms import fold

Pages = tuple[set[str], set[str]]  # (doc_ids tagged as a whole, page keys)


def tagged_pages(store: Store, text: str) -> Pages:
    """The documents and pages carrying the label `text` (any case; * and ? as wildcards)."""
    return _pages(places_labelled(store, text))


def noted_pages(store: Store, text: str) -> Pages:
    """The pages with a note (its text or quote) or a tagged item whose note contains `text`,
    ignoring case and spacing; * and ? are ignored."""
    needle = " ".join(text.replace("*", " ").replace("?", " ").split()).casefold()
    if not needle:
        return set(), set()
    return _pages(places_noted(store, needle))


def _pages(places: list[tuple[str, int | None]]) -> Pages:
    doc_ids: set[str] = set()
    keys: set[str] = set()
    for doc_id, page in places:
        if page is None:
            doc_ids.add(doc_id)
        else:
            keys.add(page_key(doc_id, page))
    return doc_ids, keys


def production_pages(store: Store, text: str) -> Pages | IndexQuery:
    """The pages of the production whose id or name is `text` (none for an unknown one).
    A production named by its release is the index's release field (one term: at 30,000
    pages an OR of its 3,386 doc_ids took 1.5 s on Whoosh); any other, its doc_ids."""
    found = membership(store)
    production = found.find(text)
    if production is None:
        return set(), set()
    release = production.release
    if release and production.is_release_exact and fold(release) == release.lower():
        return Term("release", fold(release))
    return set(found.doc_ids(production.production_id)), set()


def resolver_for(store: Store, user_role: str | None, show_tags: bool = True) -> Resolver:
    """What `search(..., resolve=)` needs: `tag:` for everyone (unless `show_tags` is
    False), `production:` for everyone, `note:` for staff and admins only (None for the
    others, which the search reports as not available)."""

    def resolve(field: str, text: str) -> Resolved:
        if field == "tag" and show_tags:
            return tagged_pages(store, text)
        if field == "note" and user_role in EDITOR_ROLES:
            return noted_pages(store, text)
        if field == "production":
            return production_pages(store, text)
        return None

    return resolve


def _both(first: Pages, second: Pages) -> Pages:
    """The pages in both sets (a document tagged as a whole holds all its pages)."""
    docs_a, keys_a = first
    docs_b, keys_b = second

    def doc_of(key: str) -> str:
        return key.rsplit(":", 1)[0]

    keys = {k for k in keys_a if doc_of(k) in docs_b or k in keys_b}
    keys |= {k for k in keys_b if doc_of(k) in docs_a}
    return docs_a & docs_b, keys


def tag_facet(store: Store, matches: Mapping[str, Collection[int]]) -> dict[str, int]:
    """How many matching documents carry each label, on themselves or on a matching page
    (what clicking the facet leaves), most documents first. `matches`: doc_id -> the pages
    of it that match."""
    return _tag_counts(live_tags(store), matches)


def _tag_counts(tags: list[TaggedPlace], matches: Mapping[str, Collection[int]]) -> dict[str, int]:
    docs_by_key: dict[str, set[str]] = {}
    spelling: dict[str, str] = {}
    for tag in tags:
        pages = matches.get(tag.doc_id)
        if pages is not None and (tag.page is None or tag.page in pages):
            docs_by_key.setdefault(tag.label_key, set()).add(tag.doc_id)
            spelling.setdefault(tag.label_key, tag.label)
    ranked = sorted(docs_by_key.items(), key=lambda item: (-len(item[1]), item[0]))
    return {spelling[key]: len(doc_ids) for key, doc_ids in ranked}


def page_facets_for(store: Store) -> PageFacets:
    """The hook that lets a search count the tag facet over every matching page, and the
    production facet over every matching document."""

    def facets(pages_of: PagesOf, pages_per_doc: Mapping[str, int]) -> dict[str, dict[str, int]]:
        tags = live_tags(store)
        matches = pages_of({tag.doc_id for tag in tags}) if tags else {}
        return {
            "tag": _tag_counts(tags, {doc_id: set(pages) for doc_id, pages in matches.items()}),
            "production": production_facet(store, pages_per_doc),
        }

    return facets


def with_labels(store: Store, result: SearchResult) -> SearchResult:
    """The result with the labels of each shown document."""
    labels = document_tags(store, [doc.doc_id for doc in result.documents])
    documents = tuple(replace(doc, tags=labels.get(doc.doc_id, ())) for doc in result.documents)
    return replace(result, documents=documents)


def search_with_tags(
    engine: Engine,
    store: Store,
    request: SearchRequest,
    user_role: str | None = None,
    show_tags: bool = True,
) -> SearchResult:
    """`query.search` with `tag:`/`note:`/`production:` resolved for a user of `user_role`
    (None: anonymous), labels on the shown documents, a "tag" and a "production" facet. With
    `show_tags` False (anonymous visitors where tags are private) no label shows: no facet, no
    labels, and `tag:` is not available. Raises as `query.search`."""
    resolve = resolver_for(store, user_role, show_tags)
    if not show_tags:
        plain = search(engine, store, request, resolve=resolve, page_facets=page_facets_for(store))
        return replace(plain, facets={**plain.facets, "tag": {}})
    result = search(engine, store, request, resolve=resolve, page_facets=page_facets_for(store))
    facets = {"tag": {}, **result.facets}
    return with_labels(store, replace(result, facets=facets))


__all__ = ["resolver_for", "search_with_tags", "tag_facet", "tag_labels", "with_labels"]

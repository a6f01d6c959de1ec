"""Every matching page of a query, best first, with its counts: what batch search lists."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.search import parser as query_parser
from indexer.search.engine import Engine
from indexer.search.equivalence import EMPTY_VOCABULARY, Vocabulary
from indexer.search.rules import BuildContext, Resolver, build
from indexer.text.highlight import HighlightTerms


@dataclass(frozen=True)
class PageMatches:
    """Every page one query matches: counts, and the best pages (at most the cap asked for)."""

    query: str
    notice: str | None
    total_documents: int
    total_pages: int
    pages: tuple[tuple[str, int], ...]  # (doc_id, page), best first
    terms: HighlightTerms
    is_searched: bool = True  # False when the text held nothing to search for

    @property
    def is_truncated(self) -> bool:
        return len(self.pages) < self.total_pages


class PageLister:
    """Lists every matching page of one query after another over a single searcher.
    Raises IndexNotBuiltError / SchemaOutdatedError when there is no usable index."""

    def __init__(
        self,
        engine: Engine,
        resolve: Resolver | None = None,
        vocabulary: Vocabulary = EMPTY_VOCABULARY,
    ) -> None:
        self.engine = engine
        self.resolve = resolve
        self.vocabulary = vocabulary

    def pages(self, text: str, cap: int) -> PageMatches:
        """The counts and the best `cap` pages of `text` (the query language). Never raises for
        what the text says: a repaired query comes back with a notice."""
        parsed = query_parser.parse(text)
        context = BuildContext(self.engine.lexicon(), self.resolve, vocabulary=self.vocabulary)
        query = build(parsed.tree, context)
        notices = ([parsed.notice] if parsed.notice else []) + context.notices
        terms = context.highlight_terms()
        best = self.engine.top_pages(query, cap) if query is not None and cap > 0 else []
        if len(best) < cap:  # every match was ranked: no second pass to count them
            total_pages, doc_ids = len(best), {hit.doc_id for hit in best}
        elif query is not None:
            matches = self.engine.match(query, scored=False)
            total_pages, doc_ids = matches.total_pages, set(matches.pages_per_doc)
        else:
            total_pages, doc_ids = 0, set()
        return PageMatches(
            query=text,
            notice=" ".join(notices) or None,
            total_documents=len(doc_ids),
            total_pages=total_pages,
            pages=tuple((hit.doc_id, hit.page) for hit in best),
            terms=terms,
            is_searched=query is not None,
        )

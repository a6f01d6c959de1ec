"""Issue 13: the tantivy engine counts inside tantivy (pages per document, page-level labels
that vary within a document, documents beyond one aggregation's buckets) and ranks ties in
index order; every count and every order is the Whoosh engine's."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.engines import ENGINE_VARIABLE
from indexer.engines.tantivy import counting, matching
from indexer.engines.tantivy.index import VERSION_FILE
from indexer.search.engine import SchemaOutdatedError
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

# Page-level labels that vary within a document: (b)(6) on one page, (b)(5) on another,
# both on every page of a third document, none on a fourth.
VARIED = {
    "mixed.txt": "The detainer was withheld under (b)(6).\f"
    "The detainer form was withheld under (b)(5).\fNothing withheld on the detainer here.",
    "both.txt": "A detainer, (b)(5) and (b)(6).\fThe detainer again, (b)(6) and (b)(5).",
    "plain.txt": "A detainer with nothing withheld.\fA second page about the detainer.",
    "late.txt": "Withheld in part under (b)(6): the report.\fThe report's last page (b)(6).",
}
# Identical documents: every page scores the same, so ties decide the whole ranking.
TIED = {
    f"copy-{number:02d}.txt": f"Quarterly removal statistics, office {number % 3}."
    for number in range(30)
}
QUERIES = [
    "detainer",
    "withheld",
    "form",
    "nothing",
    "report",
    "(b)(6)",
    "(b)(5)",
    "detainer NOT form",
    "removal statistics",
    "office",
    "NOT detainer",
    "office OR withheld",
]


def _answers(home: Home) -> list[object]:
    found: list[object] = []
    names = {row["doc_id"]: Path(row["path"]).name for row in home.store.list_documents()}
    for text in QUERIES:
        for offset in (0, 10, 20):
            request = SearchRequest(text, limit=10, offset=offset)
            result = search(home.engine, home.store, request)
            documents = [(Path(d.path).name, [p.page for p in d.pages]) for d in result.documents]
            found.append((text, offset, result.total_documents, result.total_pages, documents))
            found.append({name: dict(counts) for name, counts in result.facets.items()})
        matches = home.engine.match(_index_query(home, text))
        found.append(sorted((names[d], pages) for d, pages in matches.pages_by_doc().items()))
        for limit in (1, 3, 25):  # a few: more pages match than are fetched at first
            found.append([(names[hit.doc_id], hit.page) for hit in matches.best(limit)])
    return found


def _index_query(home: Home, text: str):  # type: ignore[no-untyped-def]
    from indexer.search.service import _build_query

    query, _, _ = _build_query(SearchRequest(text), home.engine, None)
    return query


def _home(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A home on engine `name`, ingested in four runs (four commits, so tantivy holds several
    segments, whose own order need not be the index order), one worker so that both engines
    index the files in the same order."""
    monkeypatch.setenv(ENGINE_VARIABLE, name)
    records = tmp_path / f"records-{name}"
    home = Home(tmp_path / name)
    names = sorted(TIED)
    for batch in (VARIED, *({n: TIED[n] for n in names[i::3]} for i in range(3))):
        home.ingest(write_docs(records, batch), workers=1)
    return home


def test_counts_ties_and_page_lists_are_the_whoosh_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {}
    for name in ("whoosh", "tantivy"):
        home = _home(tmp_path, name, monkeypatch)
        try:
            answers[name] = _answers(home)
            if name == "tantivy":
                # Beyond one aggregation's buckets: counted in slices, the same counts.
                allowed = counting.MAX_BUCKETS
                monkeypatch.setattr(counting, "MAX_BUCKETS", 3)
                assert _answers(home) == answers["tantivy"]
                # Every query counted as the whole index less its complement (the whole
                # too in slices), then with slices as large as tantivy allows.
                monkeypatch.setattr(matching, "COMPLEMENT_SHARE", 0.0)
                assert _answers(home) == answers["tantivy"]
                monkeypatch.setattr(counting, "MAX_BUCKETS", allowed)
                assert _answers(home) == answers["tantivy"]
                monkeypatch.undo()
        finally:
            home.close()
    for whoosh, tantivy in zip(answers["whoosh"], answers["tantivy"], strict=True):
        assert tantivy == whoosh


def test_a_page_label_counts_only_documents_with_a_matching_page_that_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _home(tmp_path, "tantivy", monkeypatch)
    try:

        def exemptions(text: str) -> dict[str, int]:
            return dict(search(home.engine, home.store, SearchRequest(text)).facets["exemption"])

        # mixed.txt matches "form" on its (b)(5) page only; both.txt has both on every page.
        assert exemptions("form") == {"b5": 1}
        assert exemptions("detainer") == {"b5": 2, "b6": 2}
        assert exemptions("nothing") == {}
        assert exemptions("report") == {"b6": 1}
        ocr = dict(search(home.engine, home.store, SearchRequest("detainer")).facets["ocr"])
        assert ocr == {"none": 3}
    finally:
        home.close()


def test_an_index_of_the_old_layout_asks_for_a_reindex_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from indexer.ingest.reindex import reindex

    home = _home(tmp_path, "tantivy", monkeypatch)
    before = search(home.engine, home.store, SearchRequest("detainer")).total_pages
    version = home.engine.folder.index_dir / VERSION_FILE  # type: ignore[attr-defined]
    version.write_text(version.read_text().splitlines()[0] + "\n")  # the first layout
    home.close()
    home = Home(home.path)
    try:
        assert home.engine.is_outdated()
        with pytest.raises(SchemaOutdatedError, match="foia reindex"):
            search(home.engine, home.store, SearchRequest("detainer"))
        reindex(home.store, home.engine)
        assert not home.engine.is_outdated()
        assert search(home.engine, home.store, SearchRequest("detainer")).total_pages == before
    finally:
        home.close()

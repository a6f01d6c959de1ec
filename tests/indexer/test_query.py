"""The query language on a real index: equivalences, operators, fields, malformed queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.engines.whoosh.compile import compile_query
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines

DOCS = {
    "a.txt": "States may opt out of Secure Communities, the governor wrote in May 2011.",
    "b.txt": "The opt-out question divided the counties.",
    "c.txt": "Optout requests were logged by the field office.",
    "d.txt": "Counties opting out of the program met in Chicago.",
    "e.txt": "Santa Clara opted out last year.",
    "f.txt": "Agreements under section 287(g) of the Act.",
    "g.txt": "Two 287 (g) agreements were signed.",
    "h.txt": "The 287g program grew.",
    "i.txt": "Names withheld under (b)(6) and (b)(7)(C) redactions.",
    "j.txt": "Redacted: b6 b7c throughout this memo.",
    "k.txt": "Interoperability deployment schedule for Illinois and Cook County.",
}
MANIFEST = (
    "path,title,date,type,source\n"
    "a.txt,Governor letter,2011-05-10,letter,State of Illinois\n"
    "b.txt,County minutes,2010-09,minutes,Cook County\n"
    "d.txt,Meeting notes,2011,memo,ICE\n"
    "k.txt,Deployment schedule,2009-12-01,memo,ICE\n"
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("query")
    folder = write_docs(base / "docs", DOCS)
    (folder / "manifest.csv").write_text(MANIFEST)
    home = Home(base / "home")
    report = home.ingest(folder)
    assert report.added == len(DOCS) and not report.failed
    yield home
    home.close()


def found(home: Home, text: str, **options: object) -> set[str]:
    result = search(home.engine, home.store, SearchRequest(text, limit=50, **options))  # type: ignore[arg-type]
    return {Path(doc.path).name for doc in result.documents}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("opt out", {"a.txt", "b.txt", "c.txt", "d.txt", "e.txt"}),
        ("opt-out", {"a.txt", "b.txt", "c.txt"}),
        ("optout", {"a.txt", "b.txt", "c.txt"}),
        ('"opt out"', {"a.txt", "b.txt", "c.txt"}),
        ('"opting out"', {"d.txt"}),
        ("opting", {"a.txt", "b.txt", "d.txt", "e.txt"}),
        ("287(g)", {"f.txt", "g.txt", "h.txt"}),
        ("287g", {"f.txt", "g.txt", "h.txt"}),
        ("287 (g)", {"f.txt", "g.txt", "h.txt"}),
        ("(b)(6)", {"i.txt", "j.txt"}),
        ("b7c", {"i.txt", "j.txt"}),
        ("(b)(7)(C)", {"i.txt", "j.txt"}),
    ],
)
def test_equivalent_spellings_find_the_same_documents(
    index: Home, query: str, expected: set[str]
) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("counties AND program", {"d.txt"}),
        ("Chicago OR Santa", {"d.txt", "e.txt"}),
        # "County" stems like "counties": the Cook County schedule matches too.
        ("counties NOT program", {"b.txt", "k.txt"}),
        ("counties -program", {"b.txt", "k.txt"}),
        ("(opted OR opting) AND program", {"d.txt"}),
        ('"counties out"~2', {"d.txt"}),
        ('"counties out"', set()),
        ("interop*", {"k.txt"}),
        ("redactons~", {"i.txt"}),
        ("title:governor", {"a.txt"}),
        ('title:"deployment schedule"', {"k.txt"}),
        ("type:memo", {"d.txt", "k.txt"}),
        ('source:"cook county"', {"b.txt"}),
        ("date:2011", {"a.txt", "d.txt"}),
        ("date:2011-05", {"a.txt"}),
        ("date:[2010-01 TO 2010-12]", {"b.txt"}),
        ("date:[2009 TO 2010]", {"b.txt", "k.txt"}),
        ("date:[* TO 2010]", {"b.txt", "k.txt"}),
        ("date:[2011 TO *]", {"a.txt", "d.txt"}),
        ("date:[2011 TO 9999]", {"a.txt", "d.txt"}),
        ("opt-out AND date:[2010 TO 2011]", {"a.txt", "b.txt"}),
        ("path:h.txt", {"h.txt"}),
    ],
)
def test_operators_and_fields(index: Home, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "AND OR",
        "(((",
        "*",
        "x" * 5000,
        "foo:bar",
        "a OR",
        ")",
        "title:",
        "date:[2010 TO",
    ],
)
def test_malformed_queries_never_raise_and_carry_a_notice(index: Home, query: str) -> None:
    result = search(index.engine, index.store, SearchRequest(query))
    assert result.notice
    assert result.total_pages >= 0


def test_malformed_query_is_searched_as_its_words(index: Home) -> None:
    result = search(index.engine, index.store, SearchRequest('"opting out'))
    assert result.notice and "opting out" in result.notice
    assert {Path(d.path).name for d in result.documents} >= {"d.txt"}


def test_snippets_mark_hits_and_escape_the_rest(tmp_path: Path, home: Home) -> None:
    write_docs(tmp_path / "x", {"x.txt": "Header\n<script>alert(1)</script> opt-out & more"})
    home.ingest(tmp_path / "x")
    result = search(home.engine, home.store, SearchRequest("opt-out"))
    snippet = result.documents[0].pages[0].snippet
    assert "<mark>opt-out</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "&amp;" in snippet


def test_facets_count_documents_and_filters_narrow(index: Home) -> None:
    result = search(index.engine, index.store, SearchRequest("opt out"))
    assert result.facets["type"] == {"text": 2, "letter": 1, "memo": 1, "minutes": 1}
    assert result.facets["year"]["undated"] == 2
    narrowed = search(index.engine, index.store, SearchRequest("opt out", filters={"type": "memo"}))
    assert [Path(d.path).name for d in narrowed.documents] == ["d.txt"]
    dated = search(
        index.engine, index.store, SearchRequest("opt out", date_from="2011", date_to="2011")
    )
    assert {Path(d.path).name for d in dated.documents} == {"a.txt", "d.txt"}


def test_sort_by_date_and_paging(index: Home) -> None:
    newest = search(index.engine, index.store, SearchRequest("opt out", sort="-date"))
    assert [Path(d.path).name for d in newest.documents][:3] == ["a.txt", "d.txt", "b.txt"]
    oldest = search(index.engine, index.store, SearchRequest("ICE OR opt", sort="date"))
    dated = [d.date for d in oldest.documents if d.date]
    assert dated == sorted(dated)
    first = search(index.engine, index.store, SearchRequest("opt out", limit=2))
    second = search(index.engine, index.store, SearchRequest("opt out", limit=2, offset=2))
    names = [d.doc_id for d in first.documents + second.documents]
    assert len(names) == 4 == len(set(names))
    assert first.total_documents == second.total_documents == 5


def test_wildcards_are_bounded(tmp_path: Path, home: Home) -> None:
    words = " ".join(f"zz{n:04d}" for n in range(400))
    write_docs(tmp_path / "w", {"w.txt": words})
    home.ingest(tmp_path / "w")
    result = search(home.engine, home.store, SearchRequest("zz*"))
    assert result.total_pages == 1
    assert result.notice and "more than" in result.notice


def test_ranking_and_counts_are_whooshs_own_bm25f(tmp_path: Path) -> None:
    """Search scores every match in one pass with field lengths cached per segment; the
    pages, their order and the totals must be those of Whoosh's own top-k BM25F search."""
    from whoosh import scoring

    from indexer.search.service import _build_query

    words = ["detainer", "county", "sheriff", "fingerprints", "deployment", "advisor"]
    docs = {
        f"memo-{n:02d}.txt": " ".join(words[(n + k) % 6] for k in range(3 + n % 7)) + f" memo {n}"
        for n in range(40)
    }
    home = Home(tmp_path / "home")
    try:
        for half in (dict(list(docs.items())[:20]), docs):  # two commits: two segments
            home.ingest(write_docs(tmp_path / "docs", half))
        ours = home.engine.searcher()
        plain = home.engine.folder.open().searcher(weighting=scoring.BM25F())
        assert len(ours.reader().leaf_readers()) >= 2
        for text in ("detainer", "county sheriff", "memo", "deployment OR advisor"):
            query, _, _ = _build_query(SearchRequest(text), home.engine, None)
            assert query is not None
            hits = plain.search(compile_query(query), limit=None)
            found = search(home.engine, home.store, SearchRequest(text, limit=100))
            assert found.total_pages == len(hits)
            expected = [(hit["doc_id"], hit.score) for hit in hits]
            got = [(doc.doc_id, doc.score) for doc in found.documents]
            assert [d for d, _ in got] == [d for d, _ in expected]
            assert [s for _, s in got] == pytest.approx([s for _, s in expected])
    finally:
        home.close()

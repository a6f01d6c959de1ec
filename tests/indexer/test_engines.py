"""Issue 13: choosing a home's engine, converting it (`foia reindex --engine`), and what the
tantivy engine owes the interface (busy writers, hostile terms, the same answers as Whoosh)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from indexer.cli import main
from indexer.engines import ENGINE_FILE, ENGINE_VARIABLE, open_engine
from indexer.engines.tantivy.engine import TantivyEngine
from indexer.ingest.recache import CachedDocuments
from indexer.reading.stats import HINT_PAGES, engine_hint
from indexer.search.engine import IndexBusyError
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store
from tests.conftest import ROOT, Home, write_docs

DOCS = {
    "memo.txt": "MEMORANDUM\n\nThe county may opt-out of Secure Communities.\n"
    "Released under (b)(6) and (b)(7)(C).\fPage two: the 287(g) agreement was signed.",
    "letter.txt": "Dear Sheriff, the opt out letter reached the governor in May 2011.\n"
    "Interoperability of fingerprints with the FBI was discussed.",
    "email.txt": "From: Jane Roe\nTo: John Doe\nSubject: Deportation figures\n\n"
    "The deportations rose; deported detainees were counted twice.\fOpting out is no option.",
    "notes.txt": "Meeting notes on interoperable systems and deportation numbers (b)(5).",
}
MANIFEST = (
    "path,title,date,type,source\n"
    "memo.txt,Opt-out memo,2011-05-10,memo,ICE\n"
    "letter.txt,Letter to the sheriff,2010-09,letter,Cook County\n"
    "email.txt,Deportation figures,2011,e-mail,ICE\n"
    "notes.txt,Meeting notes,,memo,DHS\n"
)
QUERIES = [
    "opt out",
    '"opt out"',
    "optout",
    '"opting out"',
    "287g",
    "deport*",
    "deportaton~",
    "interoperability OR fingerprints",
    "deportation NOT figures",
    "NOT memo",
    "date:[2011 TO 2012]",
    "title:sheriff",
    "from:jane",
    "(b)(6)",
    "type:memo",
    '"secure communities"~3',
]


def _invoke(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)


def _json(home: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = _invoke(home, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _answers(home: Path) -> list[tuple[int, int, object, object]]:
    """Totals, facets and timeline of every query of QUERIES, through the home's engine."""
    opened = Home(home)
    try:
        found = []
        for text in QUERIES:
            result = search(opened.engine, opened.store, SearchRequest(text, limit=20))
            facets = {name: dict(counts) for name, counts in result.facets.items()}
            found.append((result.total_documents, result.total_pages, facets, result.timeline))
        return found
    finally:
        opened.close()


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = write_docs(tmp_path / "records", DOCS)
    (folder / "manifest.csv").write_text(MANIFEST)
    return folder


@pytest.fixture
def no_engine_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)


@pytest.mark.usefixtures("no_engine_variable")
def test_ingest_engine_is_remembered_and_named_by_stats(tmp_path: Path, records: Path) -> None:
    home = tmp_path / "home"
    report = _json(home, "ingest", str(records), "--ocr", "off", "--engine", "tantivy")
    assert report["added"] == len(DOCS) and report["engine"] == "tantivy"
    assert (home / ENGINE_FILE).read_text().strip() == "tantivy"
    assert _json(home, "stats")["engine"] == "tantivy"
    assert _json(home, "search", "optout")["total_documents"] == 2
    # Without --engine the next ingest keeps the home's engine.
    write_docs(records, {"late.txt": "A late opt-out letter."})
    again = _json(home, "ingest", str(records), "--ocr", "off")
    assert again["added"] == 1 and again["engine"] == "tantivy"
    assert _json(home, "search", "optout")["total_documents"] == 3


def test_the_variable_chooses_for_a_new_home_only(
    tmp_path: Path, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
    new_home = tmp_path / "new"
    assert _json(new_home, "ingest", str(records), "--ocr", "off")["engine"] == "tantivy"
    monkeypatch.setenv(ENGINE_VARIABLE, "whoosh")
    assert open_engine(new_home).name == "tantivy"
    assert _json(new_home, "stats")["engine"] == "tantivy"


@pytest.mark.usefixtures("no_engine_variable")
def test_ingest_with_another_engine_is_refused_and_loses_nothing(
    tmp_path: Path, records: Path
) -> None:
    home = tmp_path / "home"
    _json(home, "ingest", str(records), "--ocr", "off")
    before = _answers(home)
    refused = _invoke(home, "ingest", str(records), "--ocr", "off", "--engine", "tantivy")
    assert refused.exit_code != 0
    assert "foia reindex --engine tantivy" in refused.output
    assert open_engine(home).name == "whoosh"
    assert _answers(home) == before
    assert _invoke(home, "ingest", str(records), "--engine", "lucene").exit_code != 0


@pytest.mark.usefixtures("no_engine_variable")
def test_conversion_both_ways_keeps_every_answer_and_reads_no_original(
    tmp_path: Path, records: Path
) -> None:
    home = tmp_path / "home"
    _json(home, "ingest", str(records), "--ocr", "off")
    whoosh_answers = _answers(home)
    shutil.rmtree(records)  # conversion reads the extraction cache, never a file
    report = _json(home, "reindex", "--engine", "tantivy")
    assert report["engine"] == "tantivy" and report["documents"] == len(DOCS)
    assert not (home / "index").exists() and (home / "index-tantivy").is_dir()
    assert _json(home, "stats")["engine"] == "tantivy"
    assert _answers(home) == whoosh_answers
    back = _json(home, "reindex", "--engine", "whoosh")
    assert back["engine"] == "whoosh" and not (home / "index-tantivy").exists()
    assert _answers(home) == whoosh_answers


@pytest.mark.usefixtures("no_engine_variable")
def test_searches_use_the_old_index_until_the_new_one_is_complete(
    tmp_path: Path, records: Path
) -> None:
    home = tmp_path / "home"
    _json(home, "ingest", str(records), "--ocr", "off")
    expected = _answers(home)
    store = Store(home)
    seen: list[tuple[str, int]] = []

    def documents_searched_between() -> Iterator[object]:
        for item in CachedDocuments(store, None, workers=1):
            engine = open_engine(home)
            request = SearchRequest("opt out")
            seen.append((engine.name, search(engine, store, request).total_documents))
            yield item

    try:
        TantivyEngine(home).rebuild(documents_searched_between())  # type: ignore[arg-type]
    finally:
        store.close()
    assert seen == [("whoosh", expected[0][0])] * len(DOCS)


@pytest.mark.usefixtures("no_engine_variable")
def test_a_failed_conversion_leaves_the_home_on_its_engine(tmp_path: Path, records: Path) -> None:
    home = tmp_path / "home"
    _json(home, "ingest", str(records), "--ocr", "off")
    expected = _answers(home)
    store = Store(home)

    def broken() -> Iterator[object]:
        yield from list(CachedDocuments(store, None, workers=1))[:2]
        raise OSError("disk full")

    try:
        with pytest.raises(OSError, match="disk full"):
            TantivyEngine(home).rebuild(broken())  # type: ignore[arg-type]
    finally:
        store.close()
    assert not (home / "index-tantivy.building").exists()
    assert not (home / "index-tantivy").exists()
    assert open_engine(home).name == "whoosh" and _answers(home) == expected


def test_a_second_writer_is_busy_in_this_process_and_in_another(
    tmp_path: Path, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
    home = Home(tmp_path / "home")
    try:
        home.ingest(records)
        writer = home.engine.writer()
        try:
            with pytest.raises(IndexBusyError):
                open_engine(home.path).writer()
            with pytest.raises(IndexBusyError), open_engine(home.path).write_lock():
                pass
            probe = (
                "import sys; from pathlib import Path; from indexer.engines import open_engine\n"
                "from indexer.search.engine import IndexBusyError\n"
                "try:\n    open_engine(Path(sys.argv[1])).writer()\n"
                "except IndexBusyError as error:\n    print('busy:', error)\n"
            )
            other = subprocess.run(
                [sys.executable, "-c", probe, str(home.path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=60,
            )
            assert other.stdout.startswith("busy: another process is writing"), other.stderr
        finally:
            writer.cancel()
        later = home.engine.writer()  # cancelling let go of the lock
        later.cancel()
    finally:
        home.close()


def test_searches_see_each_commit_while_a_writer_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
    first = write_docs(tmp_path / "first", {"a.txt": "opt out one"})
    home = Home(tmp_path / "home")
    try:
        home.ingest(first)
        reader = open_engine(home.path)  # another engine object, as a server worker holds
        counts: list[int] = []
        stop = threading.Event()

        def keep_searching() -> None:
            while not stop.is_set():
                counts.append(search(reader, home.store, SearchRequest("opt")).total_documents)

        searching = threading.Thread(target=keep_searching)
        searching.start()
        try:
            for n in range(2, 6):
                more = write_docs(tmp_path / f"more{n}", {f"d{n}.txt": f"opt out number {n}"})
                home.ingest(more)
        finally:
            stop.set()
            searching.join(timeout=60)
        assert counts and counts == sorted(counts)  # never a half-written or older state
        assert search(reader, home.store, SearchRequest("opt")).total_documents == 5
    finally:
        home.close()


def test_hostile_terms_and_an_empty_page_are_indexed_without_harm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
    huge_word = "x" * 70_000  # past tantivy's 65,530-byte term limit
    docs = {
        "huge.txt": f"before {huge_word} after",
        "blank.txt": "\f\f",
        "odd.txt": "nul\u00a0space \u200b zero-width \U0001f600 emoji Peña ﬁle",
    }
    home = Home(tmp_path / "home")
    try:
        report = home.ingest(write_docs(tmp_path / "docs", docs))
        assert report.added == len(docs) and not report.failed
        for text, documents in [("before after", 1), ('"before after"', 0), ("pena", 1)]:
            found = search(home.engine, home.store, SearchRequest(text)).total_documents
            assert found == documents, text
    finally:
        home.close()


PROXIMITY_DOCS = {
    f"p{n}.txt": text
    for n, text in enumerate(
        [
            "alpha beta gamma",
            "beta alpha gamma",  # swapped: no proximity phrase matches it in Whoosh
            "alpha one beta two gamma",
            "alpha one two beta gamma",
            "alpha one two three beta one two three gamma",
            "alpha one two three four beta",
            "gamma beta alpha",
            "alpha beta",
            "alpha-beta gamma",  # a compound: alphabeta, alpha and beta at shared positions
        ]
    )
}
PROXIMITY_QUERIES = [
    f'"{words}"~{slop}'
    for words in ("alpha beta", "beta alpha", "alpha gamma", "alpha beta gamma", "alphabeta gamma")
    for slop in (0, 1, 2, 3, 4, 5)
]


def test_proximity_phrases_match_the_same_pages_on_both_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = write_docs(tmp_path / "records", PROXIMITY_DOCS)
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for name in ("whoosh", "tantivy"):
        monkeypatch.setenv(ENGINE_VARIABLE, name)
        home = Home(tmp_path / name)
        try:
            home.ingest(records)
            found[name] = []
            for text in PROXIMITY_QUERIES:
                result = search(home.engine, home.store, SearchRequest(text, limit=20))
                found[name].append((text, sorted(Path(d.path).name for d in result.documents)))
        finally:
            home.close()
    assert found["tantivy"] == found["whoosh"]
    assert dict(found["whoosh"])['"beta alpha"~3'] == ["p1.txt", "p6.txt"]  # order matters


def test_the_hint_names_the_switch_past_thirty_thousand_whoosh_pages() -> None:
    hint = engine_hint("whoosh", HINT_PAGES + 1)
    assert hint is not None and "foia reindex --engine tantivy" in hint and "faster" in hint
    assert engine_hint("whoosh", HINT_PAGES) is None
    assert engine_hint("tantivy", 10 * HINT_PAGES) is None

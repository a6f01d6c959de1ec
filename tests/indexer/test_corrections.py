"""Corrections of a document's title, date, type and source (issue 15): `foia meta`, undo in
the history, and the corrected values in search, facets, timeline and citations, through
re-ingest of an unchanged or changed file, `foia reindex`, an ingest holding the index, and
the annotations export. Real files, a real index on disk, on both engines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from indexer.cli import main
from indexer.engines import open_engine
from indexer.store.corrections import corrections_of, unindexed_doc_ids
from indexer.store.database import Store
from indexer.store.history import history
from indexer.store.users import add_user
from tests.conftest import write_docs

pytestmark = pytest.mark.both_engines

DOCS = {
    "letter.txt": "Dear committee, the quarterly zebrafish counts are attached.\n",
    "memo.txt": "MEMORANDUM on the heron survey and its budget.\n",
}
SIDECAR = {"title": "Fish letter", "date": "2003-04-05", "type": "letter", "source": "Agency A"}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = write_docs(tmp_path / "corpus", DOCS)
    (folder / "letter.txt.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    return folder


@pytest.fixture()
def home(tmp_path: Path, corpus: Path, search_engine: str) -> Iterator[Path]:
    path = tmp_path / "home"
    ok(path, "ingest", str(corpus), "--workers", "1", "--ocr", "off")
    store = Store(path)
    try:
        add_user(store, "ada", "admin", "a long password")
        add_user(store, "sam", "staff", "a long password")
        add_user(store, "vic", "viewer", "a long password")
    finally:
        store.close()
    yield path


def run(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args])


def ok(home: Path, *args: str) -> str:
    result = run(home, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def search(home: Path, query: str) -> dict[str, Any]:
    return json.loads(ok(home, "search", "--json", "--limit", "50", query))  # type: ignore[no-any-return]


def doc_id_of(home: Path, name: str) -> str:
    documents = json.loads(ok(home, "list", "--json"))
    return next(d["doc_id"] for d in documents if Path(d["path"]).name == name)


def titles(home: Path, query: str) -> set[str]:
    return {doc["title"] for doc in search(home, query)["documents"]}


def fields(home: Path, doc_id: str) -> dict[str, dict[str, Any]]:
    shown = json.loads(ok(home, "meta", "show", doc_id, "--json"))
    return {item["field"]: item for item in shown["fields"]}


def correct_letter(home: Path) -> str:
    letter = doc_id_of(home, "letter.txt")
    ok(
        home,
        "meta",
        "set",
        letter,
        "title=Heron census letter",
        "date=2011-07-08",
        "type=report",
        "source=Agency B",
        "--user",
        "sam",
    )
    return letter


def assert_corrected(home: Path, letter: str) -> None:
    """Search, facets, timeline and citations see the corrected values, not the originals."""
    assert titles(home, "title:census") == {"Heron census letter"}
    assert titles(home, 'title:"fish letter"') == set()
    assert titles(home, "zebrafish type:report") == {"Heron census letter"}
    assert titles(home, "zebrafish type:letter") == set()
    assert titles(home, 'zebrafish source:"Agency B"') == {"Heron census letter"}
    assert titles(home, "zebrafish date:2011-07") == {"Heron census letter"}
    assert titles(home, "zebrafish date:2003") == set()
    result = search(home, "zebrafish")
    assert result["facets"]["type"] == {"report": 1}
    assert result["facets"]["source"] == {"Agency B": 1}
    assert result["facets"]["year"] == {"2011": 1}
    assert result["timeline"] == {"2011-07": 1}
    assert result["documents"][0]["date"] == "2011-07-08"
    citation = ok(home, "cite", "--doc", letter)
    assert "Heron census letter" in citation and "Agency B" in citation
    assert "Fish letter" not in citation
    shown = fields(home, letter)
    assert shown["title"]["value"] == "Heron census letter"
    assert (shown["title"]["is_corrected"], shown["title"]["original"]) == (True, "Fish letter")
    assert shown["date"]["original"] == "2003-04-05"
    assert shown["type"]["original"] == "letter" and shown["source"]["original"] == "Agency A"


def test_a_correction_is_searched_faceted_cited_and_shown_with_its_original(home: Path) -> None:
    letter = correct_letter(home)
    assert_corrected(home, letter)
    # The other document is untouched.
    memo = fields(home, doc_id_of(home, "memo.txt"))
    assert not any(item["is_corrected"] for item in memo.values())
    text = ok(home, "meta", "show", letter)
    assert "Heron census letter" in text and "was Fish letter" in text


def test_corrections_survive_reingest_of_an_unchanged_and_a_changed_file_and_reindex(
    home: Path, corpus: Path
) -> None:
    letter = correct_letter(home)
    report = json.loads(ok(home, "ingest", str(corpus), "--ocr", "off", "--json"))
    assert report["unchanged"] == 2
    assert_corrected(home, letter)
    # The file changes, and so does its sidecar: the correction still wins.
    (corpus / "letter.txt").write_text(DOCS["letter.txt"] + "A second zebrafish page.\n")
    sidecar = {**SIDECAR, "title": "Fish letter, revised"}
    (corpus / "letter.txt.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    report = json.loads(ok(home, "ingest", str(corpus), "--ocr", "off", "--json"))
    assert report["updated"] == 1
    assert doc_id_of(home, "letter.txt") == letter
    assert titles(home, "title:census") == {"Heron census letter"}
    assert fields(home, letter)["title"]["original"] == "Fish letter, revised"
    assert titles(home, "second zebrafish type:report") == {"Heron census letter"}
    ok(home, "reindex")
    assert titles(home, "second zebrafish type:report") == {"Heron census letter"}
    assert search(home, "zebrafish")["facets"]["source"] == {"Agency B": 1}


def test_clear_and_undo_put_back_what_the_file_says(home: Path) -> None:
    letter = correct_letter(home)
    ok(home, "meta", "clear", letter, "title", "type", "--user", "sam")
    shown = fields(home, letter)
    assert (shown["title"]["value"], shown["title"]["is_corrected"]) == ("Fish letter", False)
    assert shown["type"]["value"] == "letter"
    assert shown["source"]["value"] == "Agency B"  # not cleared
    assert titles(home, 'title:"fish letter" type:letter') == {"Fish letter"}
    store = Store(home)
    try:
        entries = [e for e in history(store, doc_id=letter) if e.kind == "correction"]
    finally:
        store.close()
    # Newest first: clear type, clear title, then the four sets.
    assert [e.action for e in entries] == ["remove", "remove", "add", "add", "add", "add"]
    assert all(e.can_undo for e in entries)
    clear_title = next(e for e in entries if e.action == "remove" and e.before["field"] == "title")
    assert "title = 'Heron census letter'" in ok(
        home, "undo", str(clear_title.event_id), "--user", "ada"
    )
    assert titles(home, "title:census") == {"Heron census letter"}
    # The first set of the date is undone: the date is the file's again.
    set_date = next(e for e in entries if e.action == "add" and e.after["field"] == "date")
    ok(home, "undo", str(set_date.event_id), "--user", "sam")
    assert fields(home, letter)["date"]["value"] == "2003-04-05"
    assert titles(home, "zebrafish date:2003") == {"Heron census letter"}
    # Undoing it twice is refused: the date was changed since (by the undo itself).
    again = run(home, "undo", str(set_date.event_id), "--user", "sam")
    assert again.exit_code != 0 and "changed again since" in again.output
    history_text = ok(home, "history", "--doc", letter)
    assert "correction" in history_text and "Heron census letter" in history_text


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("author=Someone", "cannot be corrected"),
        ("date=sometime in May", "is not a date"),
        ("date=2999-01-01", "in the future"),
        ("title=" + "x" * 501, "longer than 500"),
        ("title=line\x07bell", "control character"),
        ("titleHeron", "is not FIELD=VALUE"),
    ],
)
def test_a_bad_correction_is_refused_clearly_and_changes_nothing(
    home: Path, assignment: str, message: str
) -> None:
    letter = doc_id_of(home, "letter.txt")
    before = fields(home, letter)
    result = run(home, "meta", "set", letter, "type=report", assignment, "--user", "sam")
    assert result.exit_code != 0 and message in result.output, result.output
    assert "Traceback" not in result.output
    assert fields(home, letter) == before  # all or nothing: type=report was not set either
    assert titles(home, "zebrafish type:letter") == {"Fish letter"}


def test_only_staff_correct_and_only_known_documents(home: Path) -> None:
    letter = doc_id_of(home, "letter.txt")
    viewer = run(home, "meta", "set", letter, "title=Nope", "--user", "vic")
    assert viewer.exit_code != 0 and "only staff" in viewer.output
    unknown = run(home, "meta", "set", "0123456789abcdef", "title=Nope", "--user", "sam")
    assert unknown.exit_code != 0 and "no document 0123456789abcdef" in unknown.output
    assert run(home, "meta", "show", "0123456789abcdef").exit_code != 0
    assert fields(home, letter)["title"]["value"] == "Fish letter"


def test_a_correction_made_while_an_ingest_holds_the_index_reaches_it_after(
    home: Path, tmp_path: Path
) -> None:
    letter = doc_id_of(home, "letter.txt")
    engine = open_engine(home)
    try:
        with engine.write_lock():  # as an ingest in another process does
            out = ok(home, "meta", "set", letter, "title=Heron census letter", "--user", "sam")
    finally:
        engine.close()
    assert "search shows the correction when it ends" in out
    store = Store(home)
    try:
        assert letter in unindexed_doc_ids(store)
        assert [c.value for c in corrections_of(store, letter)] == ["Heron census letter"]
    finally:
        store.close()
    assert titles(home, "title:census") == set()  # not in the index yet
    # The next ingest, of anything, writes it.
    other = write_docs(tmp_path / "other", {"note.txt": "An unrelated osprey note.\n"})
    ok(home, "ingest", str(other), "--ocr", "off")
    assert titles(home, "title:census") == {"Heron census letter"}
    store = Store(home)
    try:
        assert unindexed_doc_ids(store) == {}
    finally:
        store.close()


def test_corrections_travel_in_the_annotations_export(
    home: Path, corpus: Path, tmp_path: Path
) -> None:
    letter = correct_letter(home)
    ok(home, "meta", "clear", letter, "source", "--user", "sam")
    export = tmp_path / "annotations.json"
    counts = json.loads(ok(home, "export-annotations", str(export), "--json"))
    assert counts["corrections"] == 4  # the cleared one travels too, for its history
    target = tmp_path / "target"
    ok(target, "ingest", str(corpus), "--ocr", "off")
    store = Store(target)
    try:
        add_user(store, "ada", "admin", "a long password")
    finally:
        store.close()
    report = json.loads(ok(target, "import-annotations", str(export), "--user", "ada", "--json"))
    assert report["corrections"] == {"added": 4, "present": 0, "unplaced": []}
    assert report["added"]["history"] == 5
    assert titles(target, "title:census type:report") == {"Heron census letter"}
    assert fields(target, letter)["source"]["value"] == "Agency A"
    again = json.loads(ok(target, "import-annotations", str(export), "--user", "ada", "--json"))
    assert again["corrections"]["added"] == 0 and again["corrections"]["present"] == 4
    # The history came along and its undo works here.
    store = Store(target)
    try:
        newest = next(e for e in history(store, doc_id=letter) if e.kind == "correction")
    finally:
        store.close()
    ok(target, "undo", str(newest.event_id), "--user", "ada")
    assert fields(target, letter)["source"]["value"] == "Agency B"


def test_a_malformed_correction_in_an_export_imports_nothing(home: Path, tmp_path: Path) -> None:
    letter = correct_letter(home)
    export = tmp_path / "annotations.json"
    ok(home, "export-annotations", str(export))
    data = json.loads(export.read_text())
    data["corrections"][0]["field"] = "author"
    export.write_text(json.dumps(data))
    ok(home, "meta", "clear", letter, "title", "date", "type", "source", "--user", "sam")
    result = run(home, "import-annotations", str(export), "--user", "ada")
    assert result.exit_code != 0 and "cannot be corrected" in result.output
    assert not any(item["is_corrected"] for item in fields(home, letter).values())

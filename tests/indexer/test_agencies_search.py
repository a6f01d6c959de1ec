"""Agencies end to end: real records in a real index, the home's synonyms.txt, acronyms the
records define learned at ingest and dropped with their document, `foia reindex`, `foia
synonyms`, and lower-case words that stay words."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.ingest.reindex import reindex
from indexer.search.equivalence.vocabulary import vocabulary_for
from indexer.search.service import SearchRequest, highlight_terms_for, search
from indexer.store.acronyms import learned_acronyms
from indexer.tools.batch.run import run_batch
from tests.conftest import Home, write_docs

DOCS = {
    "wexford-audit.txt": "The WXB audit of port fees found errors in the March ledger.",
    "wexford-review.txt": "The Wexford Exchange Bureau reviewed the ledger of the quay.",
    "harbor-charter.txt": (
        "Inspectors of the Harbor Licensing\nDirectorate (HLD) met the owners of the quay."
    ),
    "harbor-closure.txt": "HLD inspectors closed the dock on Friday after the storm.",
    "ice-storm.txt": "An ice storm closed the roads; crews spread salt on the bridge.",
    "detainer.txt": "Immigration and Customs Enforcement lodged a detainer with the jail.",
    "remarks.txt": "Officers of the agency (ICX) arrived; see Exhibit (A) and (b)(6).",
}


def found(home: Home, text: str) -> list[str]:
    result = search(home.engine, home.store, SearchRequest(text, limit=50))
    return sorted(Path(doc.path).name for doc in result.documents)


def ingested(tmp_path: Path, docs: dict[str, str] = DOCS) -> tuple[Home, Path]:
    home = Home(tmp_path / "home")
    folder = write_docs(tmp_path / "records", docs)
    home.ingest(folder)
    return home, folder


def test_shipped_list_in_plain_words_and_phrases(tmp_path: Path) -> None:
    home, _ = ingested(tmp_path)
    try:
        assert found(home, "ICE detainer") == ["detainer.txt"]
        assert found(home, '"ICE lodged a detainer"') == ["detainer.txt"]
        assert found(home, "U.S. Immigration and Customs Enforcement jail") == ["detainer.txt"]
        # precision: the lower-case word stays a word
        assert found(home, "ice") == ["ice-storm.txt"]
        assert found(home, "ice detainer") == []
        assert found(home, "ICE") == ["detainer.txt", "ice-storm.txt"]
    finally:
        home.close()


def test_the_homes_synonyms_apply_at_the_next_search(tmp_path: Path) -> None:
    home, _ = ingested(tmp_path)
    synonyms = home.path / "synonyms.txt"
    try:
        assert found(home, "WXB ledger") == ["wexford-audit.txt"]
        synonyms.write_text("WXB = Wexford Exchange Bureau\n", encoding="utf-8")
        assert found(home, "WXB ledger") == ["wexford-audit.txt", "wexford-review.txt"]
        assert found(home, "wexford exchange bureau") == [
            "wexford-audit.txt",
            "wexford-review.txt",
        ]
        assert found(home, '"WXB reviewed the ledger"') == ["wexford-review.txt"]
        assert found(home, "wxb") == ["wexford-audit.txt"]  # an acronym in capitals only
        synonyms.write_text("# nothing\n", encoding="utf-8")
        assert found(home, "WXB ledger") == ["wexford-audit.txt"]
    finally:
        home.close()


def test_bad_lines_and_a_broken_file_never_stop_a_search(tmp_path: Path) -> None:
    home, _ = ingested(tmp_path)
    synonyms = home.path / "synonyms.txt"
    try:
        synonyms.write_text("WXB =\n= =\nWXB = Wexford Exchange Bureau\n", encoding="utf-8")
        assert found(home, "WXB ledger") == ["wexford-audit.txt", "wexford-review.txt"]
        assert len(vocabulary_for(home.store).problems) == 2
        synonyms.write_bytes(b"WXB = Wexford \xff Exchange Bureau\n")
        assert found(home, "WXB ledger") == ["wexford-audit.txt"]
        assert found(home, "ICE detainer") == ["detainer.txt"]  # the shipped list still holds
        assert vocabulary_for(home.store).problems == (
            f"{synonyms}: not UTF-8 text (byte 14); it is left out",
        )
    finally:
        home.close()


def test_an_acronym_a_record_defines_applies_across_the_corpus(tmp_path: Path) -> None:
    home, folder = ingested(tmp_path)
    try:
        assert found(home, "Harbor Licensing Directorate dock") == ["harbor-closure.txt"]
        assert found(home, '"Harbor Licensing Directorate inspectors"') == ["harbor-closure.txt"]
        assert found(home, "HLD owners") == ["harbor-charter.txt"]
        # a parenthesis that is no definition teaches nothing
        assert [(a.acronym, a.long_form) for a in learned_acronyms(home.store)] == [
            ("HLD", "Harbor Licensing Directorate")
        ]
        # the record that defined it is gone: so is what it taught
        (folder / "harbor-charter.txt").unlink()
        home.ingest(folder, prune=True)
        assert learned_acronyms(home.store) == []
        assert found(home, "Harbor Licensing Directorate dock") == []
    finally:
        home.close()


def test_reindex_learns_the_acronyms_again(tmp_path: Path) -> None:
    home, _ = ingested(tmp_path)
    try:
        with home.store.transaction() as db:  # as a home upgraded from an earlier version
            db.execute("DELETE FROM acronyms")
        assert found(home, "Harbor Licensing Directorate dock") == []
        reindex(home.store, home.engine)
        assert found(home, "Harbor Licensing Directorate dock") == ["harbor-closure.txt"]
        (learned,) = learned_acronyms(home.store)
        assert learned.paths == (str(tmp_path / "records" / "harbor-charter.txt"),)
    finally:
        home.close()


def test_batch_and_highlighting_use_the_vocabulary(tmp_path: Path) -> None:
    home, _ = ingested(tmp_path)
    (home.path / "synonyms.txt").write_text("WXB = Wexford Exchange Bureau\n", encoding="utf-8")
    try:
        report = run_batch(home.engine, home.store, "Wexford Exchange Bureau\n")
        assert len(report.queries[0].pages) == 2
        with_store = highlight_terms_for(home.engine, "Wexford Exchange Bureau", home.store)
        assert "wxb" in with_store.stems
        assert "wxb" not in highlight_terms_for(home.engine, "Wexford Exchange Bureau").stems
    finally:
        home.close()


def test_foia_synonyms_lists_each_class_with_its_source(tmp_path: Path) -> None:
    home, _ = ingested(tmp_path)
    synonyms = home.path / "synonyms.txt"
    synonyms.write_text("WXB = Wexford Exchange Bureau\n", encoding="utf-8")
    home.close()
    runner = CliRunner()
    result = runner.invoke(main, ["--home", str(home.path), "synonyms"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"WXB = Wexford Exchange Bureau  [{synonyms}:1]"
    assert any(line.startswith("ICE = Immigration and Customs Enforcement") for line in lines)
    charter = tmp_path / "records" / "harbor-charter.txt"
    assert lines[-1] == f"HLD = Harbor Licensing Directorate  [learned from {charter}]"

    result = runner.invoke(main, ["--home", str(home.path), "synonyms", "hld", "--json"])
    assert json.loads(result.output) == {
        "home_file": str(synonyms),
        "classes": [
            {
                "forms": ["HLD", "Harbor Licensing Directorate"],
                "source": f"learned from {charter}",
                "origin": "learned",
            }
        ],
        "problems": [],
    }
    result = runner.invoke(main, ["--home", str(home.path), "synonyms", "zzyzx"])
    assert result.exit_code == 0
    assert result.output == "no class has a form with these words\n"

    synonyms.write_text("WXB = Wexford Exchange Bureau\nWXB\n", encoding="utf-8")
    result = runner.invoke(main, ["--home", str(home.path), "synonyms", "wexford"])
    assert result.exit_code == 1
    assert result.stdout == f"WXB = Wexford Exchange Bureau  [{synonyms}:1]\n"
    assert result.stderr == (
        f"problem: {synonyms} line 2: a class needs two different forms separated by '=';"
        " the line is left out\n"
    )


def test_the_store_keeps_only_well_formed_acronyms_and_tells_each_change(tmp_path: Path) -> None:
    from indexer.model.document import Document, Page
    from indexer.store.acronyms import MAX_PER_DOCUMENT, acronyms_version, defined_acronyms
    from indexer.store.database import Store

    assert defined_acronyms({"acronyms": "HLD"}) == []
    assert defined_acronyms({}) == []
    assert defined_acronyms(
        {"acronyms": {"HLD": 3, 4: "x", " ": "y", "QRT": " ", " A ": " B "}}
    ) == [("A", "B")]
    many = {f"A{n:03d}": f"Long {n}" for n in range(MAX_PER_DOCUMENT + 5)}
    assert len(defined_acronyms({"acronyms": many})) == MAX_PER_DOCUMENT

    store = Store(tmp_path / "home")
    try:
        assert acronyms_version(store) == (0, 0)
        page = (Page(1, "text"),)
        first = Document("d1", "s1", "a.txt", "text", "a", page, {"acronyms": {"HLD": "Harbor"}})
        store.save_document(first, 1, {})
        assert acronyms_version(store) == (1, 1)
        store.save_document(first, 1, {})  # saved again: its rows replaced
        assert acronyms_version(store) == (1, 2)
        second = Document("d2", "s2", "b.txt", "text", "b", page, {"acronyms": {"hld": "harbor"}})
        store.save_document(second, 1, {})
        (learned,) = learned_acronyms(store)  # one class, folded alike, both documents
        assert (learned.acronym, learned.long_form) == ("HLD", "Harbor")
        assert learned.doc_ids == ("d1", "d2") and learned.paths == ("a.txt", "b.txt")
        store.delete_document("d1")
        assert acronyms_version(store) == (1, 3)
        assert [a.doc_ids for a in learned_acronyms(store)] == [("d2",)]
    finally:
        store.close()


def test_the_vocabulary_is_loaded_again_only_when_something_changed(tmp_path: Path) -> None:
    from indexer.model.document import Document, Page
    from indexer.store.database import Store

    store = Store(tmp_path / "home")
    try:
        loaded = vocabulary_for(store)
        assert vocabulary_for(store) is loaded
        (store.home / "synonyms.txt").write_text("WXB = Wexford Bureau\n", encoding="utf-8")
        edited = vocabulary_for(store)
        assert edited is not loaded and edited.entries[0].forms == ("WXB", "Wexford Bureau")
        assert vocabulary_for(store) is edited
        doc = Document(
            "d1",
            "s1",
            "a.txt",
            "text",
            "a",
            (Page(1, "x"),),
            {"acronyms": {"QRT": "Quay Repair Team"}},
        )
        store.save_document(doc, 1, {})
        learned = vocabulary_for(store)
        assert learned is not edited and learned.entries[-1].forms == ("QRT", "Quay Repair Team")
        (store.home / "synonyms.txt").unlink()
        assert vocabulary_for(store).entries[0].origin == "shipped"
    finally:
        store.close()


def test_problems_are_logged_once_a_load_unless_the_caller_shows_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from indexer.store.database import Store

    store = Store(tmp_path / "home")
    synonyms = store.home / "synonyms.txt"
    try:
        synonyms.write_text("WXB = Wexford Bureau\nbad line\n", encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="indexer.search.equivalence.vocabulary"):
            vocabulary_for(store)
            vocabulary_for(store)  # kept: not logged again
            assert caplog.messages == [
                f"synonyms: {synonyms} line 2: a class needs two different forms separated"
                " by '='; the line is left out"
            ]
            caplog.clear()
            synonyms.write_text("WXB = Wexford Bureau\nanother bad line\n", encoding="utf-8")
            shown = vocabulary_for(store, log_problems=False)  # `foia synonyms` prints them
            assert caplog.messages == []
            assert shown.problems == (
                f"{synonyms} line 2: a class needs two different forms separated by '=';"
                " the line is left out",
            )
    finally:
        store.close()


def test_a_synonyms_file_that_links_to_itself_is_named_and_left_out(tmp_path: Path) -> None:
    from indexer.store.database import Store

    store = Store(tmp_path / "home")
    synonyms = store.home / "synonyms.txt"
    try:
        assert vocabulary_for(store).problems == ()  # no file
        synonyms.symlink_to(synonyms)
        looped = vocabulary_for(store)
        assert looped.problems == (
            f"{synonyms}: cannot be read (Too many levels of symbolic links); it is left out",
        )
        assert looped.entries and looped.entries[0].origin == "shipped"
    finally:
        store.close()


def test_learned_acronyms_are_one_class_a_meaning_printed_as_the_first_path_does(
    tmp_path: Path,
) -> None:
    from indexer.model.document import Document, Page
    from indexer.store.database import Store

    store = Store(tmp_path / "home")
    page = (Page(1, "text"),)
    defined = {
        ("d1", "b.txt"): {"QRT": "Quay Repair Team", "HLD": "Harbor Licensing  Directorate"},
        ("d2", "a.txt"): {"HLD": "HARBOR LICENSING DIRECTORATE"},
        ("d3", "c.txt"): {"HLD": "Harbor Loading Dock"},
    }
    try:
        for (doc_id, path), acronyms in defined.items():
            doc = Document(doc_id, doc_id, path, "text", path, page, {"acronyms": acronyms})
            store.save_document(doc, 1, {})
        learned = [(a.acronym, a.long_form, a.doc_ids, a.paths) for a in learned_acronyms(store)]
        assert learned == [
            ("HLD", "HARBOR LICENSING DIRECTORATE", ("d2", "d1"), ("a.txt", "b.txt")),
            ("HLD", "Harbor Loading Dock", ("d3",), ("c.txt",)),
            ("QRT", "Quay Repair Team", ("d1",), ("b.txt",)),
        ]
    finally:
        store.close()

"""Restoring annotations after their files changed: each lands on the new version of its file
(matched by path and page text) flagged for review, or is reported as not placed; none hangs
on a doc_id that is not here (issue 12, defect 6)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import main
from indexer.search.service import SearchRequest, search
from indexer.search.tags import resolver_for
from indexer.store.annotations import add_note, add_tag, edit_note, list_notes, list_tags, undo
from indexer.store.backup import export_annotations, import_annotations
from indexer.store.history import history
from indexer.store.users import User, add_user
from tests.conftest import Home, write_docs

PASSWORD = "correct horse battery"
PAGES = {
    "memo.txt": ["Opening page on detainers.", "Costs of the program.", "Closing remarks."],
    "letter.txt": ["A letter to the sheriff.", "Second page of the letter."],
    "same.txt": ["A record that never changes."],
    "gone.txt": ["A record whose file is lost.", "Its second page."],
}


def write(folder: Path, pages: dict[str, list[str]]) -> Path:
    return write_docs(folder, {name: "\f".join(texts) for name, texts in pages.items()})


def staff_home(path: Path, folder: Path) -> tuple[Home, User]:
    home = Home(path)
    home.ingest(folder)
    return home, add_user(home.store, "alice", "staff", PASSWORD)


def doc_ids(home: Home) -> dict[str, str]:
    return {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}


def annotated_export(tmp_path: Path, folder: Path) -> dict:  # type: ignore[type-arg]
    """The export of a home where alice tagged and annotated every file of PAGES."""
    home, alice = staff_home(tmp_path / "before", folder)
    try:
        ids = doc_ids(home)
        add_tag(home.store, alice, ids["memo.txt"], "exhibit", page=1)  # page text unchanged
        add_tag(home.store, alice, ids["memo.txt"], "costs", page=2)  # its text changes
        add_tag(home.store, alice, ids["memo.txt"], "whole memo")  # the document
        note = add_note(home.store, alice, ids["memo.txt"], 3, "The closing remarks")  # moves
        edit_note(home.store, alice, note.note_id, "The closing remarks matter")
        add_tag(home.store, alice, ids["letter.txt"], "sheriff", page=2)  # page 2 is cut
        add_tag(home.store, alice, ids["same.txt"], "kept", page=1)
        add_tag(home.store, alice, ids["gone.txt"], "lost", page=2)
        add_note(home.store, alice, ids["gone.txt"], 1, "Its file is gone")
        return export_annotations(home.store)
    finally:
        home.close()


def changed_files(folder: Path) -> Path:
    """The same folder after the agency re-released its files."""
    changed = dict(PAGES)
    changed["memo.txt"] = [
        "Opening page on detainers.",
        "Costs of the program, revised.",
        "An inserted page.",
        "Closing remarks.",
    ]
    changed["letter.txt"] = ["A letter to the sheriff, revised."]
    del changed["gone.txt"]
    (folder / "gone.txt").unlink()
    return write(folder, changed)


def test_annotations_follow_their_changed_files_or_are_reported(tmp_path: Path) -> None:
    folder = write(tmp_path / "records", PAGES)
    exported = annotated_export(tmp_path, folder)
    changed_files(folder)
    home, alice = staff_home(tmp_path / "after", folder)
    try:
        ids = doc_ids(home)
        assert {d["doc_id"] for d in exported["documents"]} & set(ids.values()) == {ids["same.txt"]}
        report = import_annotations(home.store, alice, exported)
        assert report.added["tags"] == 4 and report.added["notes"] == 1
        assert report.moved == {"tags": 3, "notes": 1}
        assert [(item["kind"], item.get("label") or item["text"]) for item in report.unplaced] == [
            ("tag", "sheriff"),
            ("tag", "lost"),
            ("note", "Its file is gone"),
        ]
        reasons = [item["reason"] for item in report.unplaced]
        assert (
            reasons[0].startswith("page 2 is gone:") and "letter.txt has 1 page now" in reasons[0]
        )
        assert "no document here has its file" in reasons[1] and "gone.txt" in reasons[1]

        tags = {t.label: t for t in list_tags(home.store)}
        notes = list_notes(home.store)
        assert {t.doc_id for t in tags.values()} | {n.doc_id for n in notes} <= set(ids.values())
        memo = ids["memo.txt"]
        assert (tags["exhibit"].doc_id, tags["exhibit"].page) == (memo, 1)
        assert "page 1" in tags["exhibit"].review and "same text" in tags["exhibit"].review
        assert (tags["costs"].page, tags["costs"].review) == (
            2,
            f"the text of page 2 of {folder / 'memo.txt'} changed with the file",
        )
        assert tags["whole memo"].page is None and "changed version" in tags["whole memo"].review
        (note,) = notes
        assert (note.doc_id, note.page, note.text) == (memo, 4, "The closing remarks matter")
        assert note.review == f"page 3 of the old version is page 4 of {folder / 'memo.txt'} now"
        assert (tags["kept"].doc_id, tags["kept"].page, tags["kept"].review) == (
            ids["same.txt"],
            1,
            None,
        )
        # Found where they now are, by tag and by note; the note's history followed it.
        staff = resolver_for(home.store, "staff")
        found = search(home.engine, home.store, SearchRequest("note:remarks"), resolve=staff)
        assert [(d.doc_id, [p.page for p in d.pages]) for d in found.documents] == [(memo, [4])]
        edit = next(e for e in history(home.store) if e.action == "edit")
        assert (edit.doc_id, edit.page, edit.after["page"]) == (memo, 4, 4)
        assert undo(home.store, alice, edit.event_id).text == "The closing remarks"
        flags = [e for e in history(home.store) if e.action == "flag"]
        assert len(flags) == 4 and {e.user_name for e in flags} == {"system"}

        # Importing again adds nothing and reports the same; once the lost file is back,
        # its items are placed.
        again = import_annotations(home.store, alice, exported)
        assert sum(again.added.values()) == 0 and len(again.unplaced) == 3
        write(folder, {"gone.txt": PAGES["gone.txt"]})
        home.ingest(folder)
        back = import_annotations(home.store, alice, exported)
        assert (back.added["tags"], back.added["notes"], len(back.unplaced)) == (1, 1, 1)
        assert {t.label for t in list_tags(home.store, doc_id=doc_ids(home)["gone.txt"])} == {
            "lost"
        }
    finally:
        home.close()


def test_an_export_without_documents_places_by_doc_id_and_file_only(tmp_path: Path) -> None:
    folder = write(tmp_path / "records", PAGES)
    exported = annotated_export(tmp_path, folder)
    del exported["documents"]  # as exports made before they named their documents
    changed_files(folder)
    home, alice = staff_home(tmp_path / "after", folder)
    try:
        report = import_annotations(home.store, alice, exported)
        assert report.added["tags"] == 1  # only the unchanged file's tag
        assert len(report.unplaced) == 7
        assert all(t.doc_id in doc_ids(home).values() for t in list_tags(home.store))
    finally:
        home.close()


def test_the_cli_reports_moved_and_unplaced_items(tmp_path: Path) -> None:
    folder = write(tmp_path / "records", PAGES)
    exported = annotated_export(tmp_path, folder)
    changed_files(folder)
    home, _ = staff_home(tmp_path / "after", folder)
    home.close()
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(exported), encoding="utf-8")
    arguments = ["--home", str(tmp_path / "after"), "import-annotations", str(backup)]
    result = CliRunner().invoke(main, [*arguments, "--user", "alice"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("added 4 tags, 1 notes")
    assert lines[1].startswith("3 tags and 1 notes went to the changed version of their file")
    assert [line.split(":")[0] for line in lines[2:]] == ["not placed"] * 3
    assert "not placed: tag 'lost' on " in lines[3] and "no document here has its file" in lines[3]
    as_json = CliRunner().invoke(main, [*arguments, "--user", "alice", "--json"])
    assert len(json.loads(as_json.output)["unplaced"]) == 3

"""Export and import of tags, notes and history: a round trip, idempotent, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.search.service import SearchRequest, search
from indexer.search.tags import resolver_for
from indexer.store.annotations import (
    add_note,
    add_tag,
    edit_note,
    list_notes,
    list_tags,
    remove_tag,
    undo,
)
from indexer.store.backup import (
    BackupError,
    export_annotations,
    import_annotations,
    read_import,
    write_export,
)
from indexer.store.database import Store
from indexer.store.history import history
from indexer.store.users import PermissionDenied
from tests.indexer.test_annotations import Staff, open_copy


@pytest.fixture
def source(staff_template: Path, tmp_path: Path) -> Iterator[Staff]:
    """A home with tags, notes, an edit and a removal."""
    opened = open_copy(staff_template, tmp_path / "source")
    alice, bob = opened.users["alice"], opened.users["bob"]
    a, b = opened.doc_ids["a.txt"], opened.doc_ids["b.txt"]
    add_tag(opened.store, alice, a, "exhibit-3", page=2, note="schedule <b>page</b>")
    add_tag(opened.store, bob, b, "to verify")
    removed = add_tag(opened.store, bob, a, "mistake", page=1)
    remove_tag(opened.store, alice, removed.tag_id)
    note = add_note(opened.store, alice, a, 3, "Costs look inflated", quote="Cook County")
    edit_note(opened.store, opened.users["ada"], note.note_id, "Costs look inflated: ask ICE")
    yield opened
    opened.home.close()


@pytest.fixture
def target(staff_template: Path, tmp_path: Path) -> Iterator[Staff]:
    opened = open_copy(staff_template, tmp_path / "target")
    yield opened
    opened.home.close()


def content(store: Store) -> dict[str, Any]:
    """Everything an export holds except when it was made."""
    data = export_annotations(store)
    del data["exported_at"]
    return data


def test_a_round_trip_restores_every_tag_note_and_history_entry(
    source: Staff, target: Staff, tmp_path: Path
) -> None:
    path = tmp_path / "annotations.json"
    assert write_export(source.store, path) == {
        "tags": 3,
        "notes": 1,
        "history": 6,
        "corrections": 0,
    }
    report = read_import(target.store, target.users["ada"], path)
    assert report.to_json() == {
        "added": {"tags": 3, "notes": 1, "history": 6},
        "present": {"tags": 0, "notes": 0, "history": 0},
        "moved": {"tags": 0, "notes": 0},
        "unplaced": [],
        "corrections": {"added": 0, "present": 0, "unplaced": []},
    }
    assert content(target.store) == content(source.store)
    assert list_tags(target.store) == list_tags(source.store)
    assert list_notes(target.store) == list_notes(source.store)
    assert [e.to_json() for e in history(target.store)] == [
        e.to_json() for e in history(source.store)
    ]
    # Imported tags and notes are searchable at once, and an imported removal can be undone.
    request = SearchRequest("tag:exhibit-3 OR note:inflated")
    found = search(
        target.home.engine, target.store, request, resolve=resolver_for(target.store, "staff")
    )
    assert found.total_pages == 2
    removal = next(e for e in history(target.store) if e.action == "remove")
    assert undo(target.store, target.users["alice"], removal.event_id).removed_at is None
    assert {t.label for t in list_tags(target.store)} == {"exhibit-3", "to verify", "mistake"}


def test_importing_again_never_duplicates(source: Staff) -> None:
    data = export_annotations(source.store)
    before = content(source.store)
    for _ in range(2):
        report = import_annotations(source.store, source.users["alice"], data)
        assert report.added == {"tags": 0, "notes": 0, "history": 0}
        assert report.present == {"tags": 3, "notes": 1, "history": 6}
    assert content(source.store) == before


def test_a_tag_already_on_the_page_is_not_added_twice(source: Staff, target: Staff) -> None:
    add_tag(target.store, target.users["bob"], target.doc_ids["a.txt"], "Exhibit-3", page=2)
    report = import_annotations(target.store, target.users["ada"], export_annotations(source.store))
    assert report.added["tags"] == 2 and report.present["tags"] == 1
    live = [(t.doc_id, t.page, t.label) for t in list_tags(target.store)]
    assert len(live) == len(set(live)) == 2


def test_the_export_is_plain_json_without_accounts(source: Staff, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_export(source.store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {
        "format",
        "version",
        "exported_at",
        "documents",
        "tags",
        "notes",
        "history",
        "corrections",
    }
    assert {Path(d["path"]).name for d in data["documents"]} == {"a.txt", "b.txt"}
    assert "password" not in path.read_text(encoding="utf-8")
    assert {tag["label"]: tag["removed_at"] is not None for tag in data["tags"]} == {
        "exhibit-3": False,
        "to verify": False,
        "mistake": True,
    }
    assert not list(tmp_path.glob(".*partial"))


def broken(data: dict[str, Any], section: str, index: int, **changes: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(data))
    copy[section][index].update(changes)
    return copy


@pytest.mark.parametrize(
    ("section", "changes", "message"),
    [
        ("tags", {"label": "x" * 81}, r"tags\[2\]: a tag label has at most 80"),
        ("tags", {"page": 0}, r"tags\[2\]: page 0 is not a page number"),
        ("tags", {"uid": None}, r"tags\[2\]: uid is missing"),
        ("notes", {"text": "n" * 10_001}, r"notes\[0\]: the note or its quote is too long"),
        ("notes", {"page": None}, r"notes\[0\]: page is missing"),
        ("history", {"action": "explode"}, r"history\[2\]: unknown action"),
        ("history", {"before": "text"}, r"history\[2\]: before is not an object"),
    ],
)
def test_a_bad_item_rejects_the_whole_file(
    source: Staff, target: Staff, section: str, changes: dict[str, Any], message: str
) -> None:
    data = export_annotations(source.store)
    index = 0 if section == "notes" else 2
    with pytest.raises(BackupError, match=message):
        import_annotations(
            target.store, target.users["ada"], broken(data, section, index, **changes)
        )
    assert list_tags(target.store) == [] and history(target.store) == []


def test_files_that_are_not_exports_are_refused(target: Staff, tmp_path: Path) -> None:
    admin = target.users["ada"]
    for data, message in (
        ([], "not a foia-search annotations file"),
        ({"format": "something else"}, "not a foia-search annotations file"),
        ({"format": "foia-search annotations", "version": 2}, "version 2"),
        ({"format": "foia-search annotations", "version": 1, "tags": {}}, "tags: expected a list"),
    ):
        with pytest.raises(BackupError, match=message):
            import_annotations(target.store, admin, data)
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BackupError, match="not a JSON file"):
        read_import(target.store, admin, path)


def test_viewers_cannot_import(source: Staff, target: Staff) -> None:
    with pytest.raises(PermissionDenied):
        import_annotations(target.store, target.users["vic"], export_annotations(source.store))
    assert list_tags(target.store) == []

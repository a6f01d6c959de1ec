"""Notes anchored to an area of the page image (issue 14): the rectangle is checked, stored,
listed, exported and imported; a bad one is refused and stores nothing."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from indexer.store.annotations import add_note, list_notes
from indexer.store.backup import BackupError, export_annotations, import_annotations
from indexer.store.database import Store
from indexer.store.regions import InvalidRegionError, Region, clean_region
from indexer.store.schema import DATABASE_NAME, MIGRATIONS
from tests.indexer.test_annotations import Staff, open_copy


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"x": 0.1, "y": 0.2, "width": 0.3, "height": 0.05}, Region(0.1, 0.2, 0.3, 0.05)),
        ("0.5,0.25,0.5,0.75", Region(0.5, 0.25, 0.5, 0.75)),
        (" 0.5 , 0.25,.5,  0.75 ", Region(0.5, 0.25, 0.5, 0.75)),
        ([0, 0, 1, 1], Region(0.0, 0.0, 1.0, 1.0)),
        # a drag that ends a hair past an edge is clipped to the page
        ({"x": -0.004, "y": 0.9, "width": 0.5, "height": 0.105}, Region(0.0, 0.9, 0.496, 0.1)),
        ({"x": 1 / 3, "y": 0, "width": 0.1, "height": 0.1}, Region(0.33333, 0.0, 0.1, 0.1)),
        (None, None),
        ("", None),
    ],
)
def test_a_region_is_read_from_an_object_a_list_or_text(given: object, expected: Any) -> None:
    assert clean_region(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"x": 0.1, "y": 0.1, "width": 0.2}, "needs height"),
        ({"x": 0.1, "y": 0.1, "width": 0.2, "height": 0.2, "page": 2}, "no field 'page'"),
        ({"x": "0.1", "y": 0.1, "width": 0.2, "height": 0.2}, "numbers"),
        ({"x": True, "y": 0.1, "width": 0.2, "height": 0.2}, "numbers"),
        ({"x": None, "y": 0.1, "width": 0.2, "height": 0.2}, "numbers"),
        ({"x": math.nan, "y": 0.1, "width": 0.2, "height": 0.2}, "finite"),
        ({"x": 0.1, "y": math.inf, "width": 0.2, "height": 0.2}, "finite"),
        ({"x": 0.9, "y": 0.1, "width": 0.5, "height": 0.2}, "lies on the page"),
        ({"x": 0.1, "y": 0.1, "width": -0.05, "height": 0.2}, "lies on the page"),
        ({"x": 120, "y": 80, "width": 30, "height": 10}, "lies on the page"),  # pixels
        ({"x": 0.1, "y": 0.1, "width": 0.0, "height": 0.2}, "at least"),
        ({"x": 0.999, "y": 0.1, "width": 0.005, "height": 0.2}, "at least"),
        ("0.1,0.1,0.2", "four numbers"),
        ("0.1,0.1,0.2,nan", "four numbers"),
        ("0.1;0.1;0.2;0.2", "four numbers"),
        ("-0.5,0.1,0.2,0.2", "four numbers"),
        ([0.1, 0.1, 0.2], "an object"),
        (42, "an object"),
        ({"x": [0.1], "y": 0.1, "width": 0.2, "height": 0.2}, "numbers"),
    ],
)
def test_a_region_that_is_not_a_rectangle_on_the_page_is_refused(
    given: object, message: str
) -> None:
    with pytest.raises(InvalidRegionError, match=message):
        clean_region(given)


def test_a_note_keeps_its_area_and_a_bad_area_stores_nothing(staff: Staff) -> None:
    store, alice = staff.home.store, staff.users["alice"]
    a = staff.doc_ids["a.txt"]
    anchored = add_note(
        store, alice, a, 2, "The table", region={"x": 0.1, "y": 0.5, "width": 0.4, "height": 0.2}
    )
    plain = add_note(store, alice, a, 2, "On the page", quote="schedule")
    assert anchored.region == Region(0.1, 0.5, 0.4, 0.2)
    assert anchored.to_json()["region"] == {"x": 0.1, "y": 0.5, "width": 0.4, "height": 0.2}
    assert plain.region is None and plain.to_json()["region"] is None
    with pytest.raises(InvalidRegionError):
        add_note(store, alice, a, 2, "Off the page", region="0.8,0.8,0.5,0.5")
    listed = list_notes(store, doc_id=a, page=2)
    assert [(note.text, note.region) for note in listed] == [
        ("The table", Region(0.1, 0.5, 0.4, 0.2)),
        ("On the page", None),
    ]


def test_export_and_import_keep_the_area(
    staff: Staff, staff_template: Path, tmp_path: Path
) -> None:
    store, alice = staff.home.store, staff.users["alice"]
    a = staff.doc_ids["a.txt"]
    add_note(store, alice, a, 3, "Signature", region="0.6,0.85,0.3,0.1")
    add_note(store, alice, a, 1, "No area")
    exported = export_annotations(store)
    assert [note["region"] for note in exported["notes"]] == [
        {"x": 0.6, "y": 0.85, "width": 0.3, "height": 0.1},
        None,
    ]
    target = open_copy(staff_template, tmp_path / "target")
    try:
        data = json.loads(json.dumps(exported))  # through a file's text
        report = import_annotations(target.home.store, target.users["bob"], data)
        assert report.added["notes"] == 2
        notes = list_notes(target.home.store, doc_id=a)
        assert {note.text: note.region for note in notes} == {
            "Signature": Region(0.6, 0.85, 0.3, 0.1),
            "No area": None,
        }
    finally:
        target.home.close()


@pytest.mark.parametrize("bad", [{"x": 0.6, "y": 0.85, "width": 0.9, "height": 0.1}, "a,b,c,d"])
def test_an_import_with_a_bad_area_is_refused_whole(
    staff: Staff, staff_template: Path, tmp_path: Path, bad: object
) -> None:
    store, alice = staff.home.store, staff.users["alice"]
    a = staff.doc_ids["a.txt"]
    add_note(store, alice, a, 3, "Good one")
    add_note(store, alice, a, 2, "Bad one", region="0.1,0.1,0.1,0.1")
    exported = export_annotations(store)
    exported["notes"][1]["region"] = bad
    target = open_copy(staff_template, tmp_path / "target")
    try:
        with pytest.raises(BackupError, match=r"notes\[1\]: a region"):
            import_annotations(target.home.store, target.users["bob"], exported)
        assert list_notes(target.home.store) == []
    finally:
        target.home.close()


def test_notes_written_before_the_migration_survive_it(staff: Staff) -> None:
    store, alice = staff.home.store, staff.users["alice"]
    a = staff.doc_ids["a.txt"]
    add_note(store, alice, a, 1, "Older note", quote="Opt-out")
    home = staff.home.path
    staff.home.close()
    # The database as the version before this migration left it.
    with sqlite3.connect(home / DATABASE_NAME) as db:
        db.execute("ALTER TABLE notes DROP COLUMN region")
        db.execute(f"PRAGMA user_version={len(MIGRATIONS) - 1}")
    reopened = Store(home)
    try:
        (note,) = list_notes(reopened)
        assert (note.text, note.quote, note.region) == ("Older note", "Opt-out", None)
        assert reopened.query("PRAGMA user_version")[0][0] == len(MIGRATIONS)
    finally:
        reopened.close()

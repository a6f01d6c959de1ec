"""Tags and notes on a real index: roles, limits, history and undo, search, facet, reindex,
changed files, and concurrent tagging while an ingest runs."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from indexer.ingest.pipeline import Ingest
from indexer.ingest.reindex import reindex
from indexer.search.service import SearchRequest, search
from indexer.search.tags import resolver_for, search_with_tags, tag_labels
from indexer.store.annotations import (
    MAX_LABEL_LENGTH,
    MAX_NOTE_LENGTH,
    AnnotationError,
    AnnotationForbidden,
    AnnotationNotFound,
    add_note,
    add_tag,
    edit_note,
    edit_tag,
    find_tag,
    list_notes,
    list_tags,
    remove_note,
    remove_tag,
    undo,
)
from indexer.store.database import Store
from indexer.store.history import history
from indexer.store.review import confirm_review, review_after_reingest
from indexer.store.users import PermissionDenied, User, add_user, get_user
from tests.conftest import Home, write_docs

PASSWORD = "correct horse battery"
DOCS = {
    "a.txt": "Opt-out requests from the states.\fSecure Communities deployment schedule."
    "\fInteroperability costs for Cook County.",
    "b.txt": "Detainer memo about Secure Communities in Illinois.",
    "c.txt": "Press statement on the 287(g) program.",
}
MANIFEST = (
    "path,title,date,type,source,release,url,bates_start\n"
    "a.txt,Secure Communities Q&A,2011-05-10,memo,U.S. Immigration and Customs Enforcement,"
    "NDLON v. ICE,https://www.ice.gov/doclib/sc-qa.pdf,ICE FOIA 10-2674.0007281\n"
    "b.txt,Detainer memo,2010-09,memo,ICE,,,\n"
    "c.txt,Press statement,,press release,NDLON,,,\n"
)
USERS = {"alice": "staff", "bob": "staff", "vic": "viewer", "ada": "admin"}


def build_home(base: Path) -> Path:
    """A home with DOCS ingested and the USERS accounts (password PASSWORD); returns it."""
    folder = write_docs(base / "docs", DOCS)
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    home = Home(base / "home")
    try:
        report = home.ingest(folder)
        assert report.added == len(DOCS) and not report.failed
        for name, role in USERS.items():
            add_user(home.store, name, role, PASSWORD)
    finally:
        home.close()
    return base / "home"


@dataclass
class Staff:
    """A copy of the built home, its accounts and doc_ids by file name."""

    home: Home
    users: dict[str, User]
    doc_ids: dict[str, str]

    @property
    def store(self) -> Store:
        return self.home.store


def open_copy(template: Path, target: Path) -> Staff:
    shutil.copytree(template, target)
    home = Home(target)
    users = {name: get_user(home.store, name) for name in USERS}
    doc_ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    return Staff(home, users, doc_ids)  # type: ignore[arg-type]


def found_pages(staff: Staff, text: str, role: str | None = "staff", **filters: str) -> set:
    request = SearchRequest(text, filters=filters, limit=50, pages_per_document=20)
    result = search(
        staff.home.engine, staff.store, request, resolve=resolver_for(staff.store, role)
    )
    return {(Path(d.path).name, p.page) for d in result.documents for p in d.pages}


def test_tags_on_documents_and_pages(staff: Staff) -> None:
    alice, a = staff.users["alice"], staff.doc_ids["a.txt"]
    page_tag = add_tag(staff.store, alice, a, "  Exhibit-3 ", page=2, note="the schedule")
    doc_tag = add_tag(staff.store, alice, a, "to verify")
    assert (page_tag.label, page_tag.page, page_tag.note, page_tag.created_by) == (
        "Exhibit-3",
        2,
        "the schedule",
        "alice",
    )
    assert doc_tag.page is None
    # The same label in another case is the tag already there; elsewhere it keeps the
    # spelling in use.
    assert add_tag(staff.store, staff.users["bob"], a, "EXHIBIT-3", page=2) == page_tag
    other = add_tag(staff.store, staff.users["bob"], staff.doc_ids["b.txt"], "exhibit-3")
    assert other.label == "Exhibit-3"
    assert [(t.doc_id, t.page, t.label) for t in list_tags(staff.store, doc_id=a)] == [
        (a, None, "to verify"),
        (a, 2, "Exhibit-3"),
    ]
    assert find_tag(staff.store, a, "exhibit-3", page=2) == page_tag
    assert find_tag(staff.store, a, "exhibit-3") is None
    assert tag_labels(staff.store) == [("Exhibit-3", 2), ("to verify", 1)]
    assert tag_labels(staff.store, prefix="TO") == [("to verify", 1)]


@pytest.mark.parametrize(
    ("page", "label", "note", "error", "message"),
    [
        (None, "", None, AnnotationError, "cannot be empty"),
        (None, "   ", None, AnnotationError, "cannot be empty"),
        (None, "x" * (MAX_LABEL_LENGTH + 1), None, AnnotationError, "at most 80"),
        (None, "bell\x07", None, AnnotationError, "control characters"),
        (None, "ok", "n" * (MAX_NOTE_LENGTH + 1), AnnotationError, "at most 10000"),
        (4, "ok", None, AnnotationNotFound, "has no page 4"),
        (0, "ok", None, AnnotationNotFound, "has no page 0"),
    ],
)
def test_bad_tags_are_refused_and_nothing_is_stored(
    staff: Staff, page: int | None, label: str, note: str | None, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        add_tag(staff.store, staff.users["alice"], staff.doc_ids["a.txt"], label, page, note)
    assert list_tags(staff.store) == [] and history(staff.store) == []


def test_unknown_documents_cannot_be_tagged(staff: Staff) -> None:
    with pytest.raises(AnnotationNotFound, match="no document"):
        add_tag(staff.store, staff.users["alice"], "0123456789abcdef", "x")
    with pytest.raises(AnnotationNotFound, match="no document"):
        add_note(staff.store, staff.users["alice"], "0123456789abcdef", 1, "x")


# Every change, as (store, actor, doc_id, tag_id, note_id) -> anything.
CHANGES: dict[str, Callable[[Store, Any, str, int, int], object]] = {
    "add_tag": lambda store, who, a, tag_id, note_id: add_tag(store, who, a, "x"),
    "add_note": lambda store, who, a, tag_id, note_id: add_note(store, who, a, 1, "x"),
    "edit_tag": lambda store, who, a, tag_id, note_id: edit_tag(store, who, tag_id, "y"),
    "edit_note": lambda store, who, a, tag_id, note_id: edit_note(store, who, note_id, "y"),
    "remove_tag": lambda store, who, a, tag_id, note_id: remove_tag(store, who, tag_id),
    "remove_note": lambda store, who, a, tag_id, note_id: remove_note(store, who, note_id),
    "undo": lambda store, who, a, tag_id, note_id: undo(store, who, 1),
    "confirm": lambda store, who, a, tag_id, note_id: confirm_review(store, who, "tag", tag_id),
}


@pytest.mark.parametrize("name", CHANGES)
@pytest.mark.parametrize("who", ["vic", None])
def test_viewers_and_anonymous_visitors_change_nothing(
    staff: Staff, name: str, who: str | None
) -> None:
    a = staff.doc_ids["a.txt"]
    tag = add_tag(staff.store, staff.users["alice"], a, "kept", page=1)
    note = add_note(staff.store, staff.users["alice"], a, 1, "kept note")
    actor = staff.users[who] if who else None
    with pytest.raises(PermissionDenied):
        CHANGES[name](staff.store, actor, a, tag.tag_id, note.note_id)
    assert list_tags(staff.store) == [tag] and list_notes(staff.store) == [note]
    assert len(history(staff.store)) == 2


def test_notes_edits_and_their_history(staff: Staff) -> None:
    alice, ada, a = staff.users["alice"], staff.users["ada"], staff.doc_ids["a.txt"]
    note = add_note(staff.store, alice, a, 2, "  Check the <b>dates</b>  ", quote="deployment")
    assert (note.text, note.quote, note.page) == ("Check the <b>dates</b>", "deployment", 2)
    edited = edit_note(staff.store, ada, note.note_id, "Dates confirmed")
    assert (edited.text, edited.updated_by, edited.quote) == (
        "Dates confirmed",
        "ada",
        "deployment",
    )
    with pytest.raises(AnnotationError, match="cannot be empty"):
        edit_note(staff.store, ada, note.note_id, "  ")
    remove_note(staff.store, alice, note.note_id)
    assert list_notes(staff.store) == []
    with pytest.raises(AnnotationNotFound, match="was removed"):
        edit_note(staff.store, ada, note.note_id, "again")
    entries = history(staff.store)
    assert [(e.user_name, e.action, e.kind) for e in entries] == [
        ("alice", "remove", "note"),
        ("ada", "edit", "note"),
        ("alice", "add", "note"),
    ]
    removal, edit, _ = entries
    assert edit.before == {
        "doc_id": a,
        "page": 2,
        "text": "Check the <b>dates</b>",
        "quote": "deployment",
    }
    assert edit.after is not None and edit.after["text"] == "Dates confirmed"
    assert removal.after is None and removal.before == edit.after
    assert entries[0].to_json(include_notes=False)["before"] is None


# Every change one staff member could make to another's note, as (store, actor, note_id,
# the note's history entries newest first) -> anything.
NOTE_CHANGES: dict[str, Callable[[Store, User, int, list[Any]], object]] = {
    "edit": lambda store, who, note_id, entries: edit_note(store, who, note_id, "overwritten"),
    "remove": lambda store, who, note_id, entries: remove_note(store, who, note_id),
    "undo the edit": lambda store, who, note_id, entries: undo(store, who, entries[0].event_id),
    "undo the add": lambda store, who, note_id, entries: undo(store, who, entries[-1].event_id),
}


@pytest.mark.parametrize("change", NOTE_CHANGES)
def test_only_its_author_or_an_admin_changes_a_note(staff: Staff, change: str) -> None:
    alice, bob, ada = (staff.users[name] for name in ("alice", "bob", "ada"))
    a = staff.doc_ids["a.txt"]
    note = add_note(staff.store, alice, a, 1, "Alice's reading of the page")
    edit_note(staff.store, alice, note.note_id, "Alice's second reading")
    entries = history(staff.store)  # the note's edit, then its add
    bobs = add_note(staff.store, bob, a, 1, "Bob's own note")
    before = (list_notes(staff.store), history(staff.store))
    with pytest.raises(AnnotationForbidden, match=f"note {note.note_id} is alice's") as refused:
        NOTE_CHANGES[change](staff.store, bob, note.note_id, entries)
    assert refused.value.category == "forbidden"
    assert (list_notes(staff.store), history(staff.store)) == before
    # Bob's own note is his to change; the author and an admin may change Alice's.
    assert edit_note(staff.store, bob, bobs.note_id, "Bob, revised").text == "Bob, revised"
    for allowed in (ada, alice):
        NOTE_CHANGES[change](staff.store, allowed, note.note_id, entries)
        undo(staff.store, allowed, history(staff.store)[0].event_id)  # back for the next one
    assert len(history(staff.store)) == len(before[1]) + 5


def test_undo_restores_removals_and_reverses_adds_and_edits(staff: Staff) -> None:
    alice, bob, a = staff.users["alice"], staff.users["bob"], staff.doc_ids["a.txt"]
    tag = add_tag(staff.store, alice, a, "exhibit-3", page=3, note="first")
    edit_tag(staff.store, alice, tag.tag_id, "second")
    remove_tag(staff.store, bob, tag.tag_id)
    removal, edit, adding = history(staff.store)
    restored = undo(staff.store, alice, removal.event_id)
    assert (restored.tag_id, restored.removed_at, restored.note) == (tag.tag_id, None, "second")  # type: ignore[union-attr]
    with pytest.raises(AnnotationError, match="not removed"):
        undo(staff.store, alice, removal.event_id)
    assert undo(staff.store, bob, edit.event_id).note == "first"  # type: ignore[union-attr]
    with pytest.raises(AnnotationError, match="edited again"):
        undo(staff.store, bob, edit.event_id)
    assert undo(staff.store, bob, adding.event_id).removed_at is not None
    # The same label put back on the page meanwhile: the old one cannot come back beside it.
    again = add_tag(staff.store, alice, a, "Exhibit-3", page=3)
    latest_removal = history(staff.store)[1]
    assert latest_removal.action == "remove"
    with pytest.raises(AnnotationError, match="again already"):
        undo(staff.store, alice, latest_removal.event_id)
    assert [t.tag_id for t in list_tags(staff.store)] == [again.tag_id]
    actions = [e.action for e in reversed(history(staff.store))]
    assert actions == ["add", "edit", "remove", "restore", "edit", "remove", "add"]
    with pytest.raises(AnnotationNotFound):
        undo(staff.store, alice, 999)


def test_tags_are_searchable_at_once_and_combine_with_everything(staff: Staff) -> None:
    alice, a, b = staff.users["alice"], staff.doc_ids["a.txt"], staff.doc_ids["b.txt"]
    assert found_pages(staff, "tag:exhibit-3") == set()
    add_tag(staff.store, alice, a, "Exhibit-3", page=2)
    add_tag(staff.store, alice, b, "exhibit-3")
    tagged = add_tag(staff.store, alice, a, "opt-out confusion", page=1)
    assert found_pages(staff, "tag:exhibit-3") == {("a.txt", 2), ("b.txt", 1)}
    assert found_pages(staff, "tag:EXHIBIT-3 detainer") == {("b.txt", 1)}
    assert found_pages(staff, "secure", tag="exhibit-3") == {("a.txt", 2), ("b.txt", 1)}
    assert found_pages(staff, 'tag:"Opt-Out  Confusion"') == {("a.txt", 1)}
    assert found_pages(staff, "tag:exhib*") == {("a.txt", 2), ("b.txt", 1)}
    assert found_pages(staff, "illinois NOT tag:exhibit-3") == set()
    assert found_pages(staff, "(cook OR schedule) NOT tag:exhibit-3") == {("a.txt", 3)}
    assert found_pages(staff, "tag:exhibit-3 OR tag:opt-out*") == {
        ("a.txt", 1),
        ("a.txt", 2),
        ("b.txt", 1),
    }
    remove_tag(staff.store, alice, tagged.tag_id)
    assert found_pages(staff, "tag:opt-out*") == set()


def test_notes_are_searchable_by_staff_only(staff: Staff) -> None:
    add_note(
        staff.store,
        staff.users["alice"],
        staff.doc_ids["a.txt"],
        3,
        "Costs look inflated",
        quote="Cook County",
    )
    add_tag(
        staff.store, staff.users["alice"], staff.doc_ids["c.txt"], "press", note="inflated claims"
    )
    assert found_pages(staff, "note:inflated") == {("a.txt", 3), ("c.txt", 1)}
    assert found_pages(staff, 'note:"cook county"') == {("a.txt", 3)}
    assert found_pages(staff, "note:inflated", role="admin") == {("a.txt", 3), ("c.txt", 1)}
    for role in ("viewer", None):
        request = SearchRequest("note:inflated")
        result = search(
            staff.home.engine, staff.store, request, resolve=resolver_for(staff.store, role)
        )
        assert result.total_pages == 0
        assert result.notice is not None and "not available" in result.notice


def test_result_labels_and_tag_facet_count_what_a_click_shows(staff: Staff) -> None:
    alice, a, b = staff.users["alice"], staff.doc_ids["a.txt"], staff.doc_ids["b.txt"]
    add_tag(staff.store, alice, a, "exhibit-3", page=3)
    add_tag(staff.store, alice, b, "exhibit-3")
    add_tag(staff.store, alice, b, "to verify")
    add_tag(staff.store, alice, staff.doc_ids["c.txt"], "press")

    def run(text: str, **filters: str):  # type: ignore[no-untyped-def]
        request = SearchRequest(text, filters=filters)
        return search_with_tags(staff.home.engine, staff.store, request, "viewer")

    result = run("secure communities")
    assert {Path(d.path).name: d.tags for d in result.documents} == {
        "a.txt": ("exhibit-3",),
        "b.txt": ("exhibit-3", "to verify"),
    }
    # a.txt is tagged on page 3, which does not match: one document, not two.
    assert result.facets["tag"] == {"exhibit-3": 1, "to verify": 1}
    for label, count in result.facets["tag"].items():
        assert run("secure communities", tag=label).total_documents == count
    assert run("cook OR detainer").facets["tag"] == {"exhibit-3": 2, "to verify": 1}
    narrowed = run("cook OR detainer", tag="to verify")
    assert narrowed.total_documents == 1 and narrowed.facets["tag"] == {
        "exhibit-3": 1,
        "to verify": 1,
    }
    assert run("zzzz nothing").facets["tag"] == {}


def test_tags_and_notes_survive_reindex(staff: Staff) -> None:
    alice, a = staff.users["alice"], staff.doc_ids["a.txt"]
    add_tag(staff.store, alice, a, "exhibit-3", page=2)
    add_note(staff.store, alice, a, 2, "schedule page")
    before = (list_tags(staff.store), list_notes(staff.store))
    report = reindex(staff.store, staff.home.engine)
    assert report.documents == len(DOCS) and not report.missing
    assert (list_tags(staff.store), list_notes(staff.store)) == before
    assert found_pages(staff, "tag:exhibit-3") == {("a.txt", 2)}
    assert found_pages(staff, "note:schedule") == {("a.txt", 2)}


def test_a_changed_file_keeps_its_tags_and_flags_the_moved_ones(tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "docs", {"memo.txt": "alpha page\fbravo page\fcharlie page"})
    home = Home(tmp_path / "home")
    try:
        home.ingest(folder)
        alice = add_user(home.store, "alice", "staff", PASSWORD)
        (doc_id,) = home.store.doc_ids()
        same = add_tag(home.store, alice, doc_id, "same", page=1)
        changed = add_tag(home.store, alice, doc_id, "changed", page=2)
        gone = add_tag(home.store, alice, doc_id, "gone", page=3)
        whole = add_tag(home.store, alice, doc_id, "whole")
        note = add_note(home.store, alice, doc_id, 3, "on the last page")
        (folder / "memo.txt").write_text("alpha  page\fbravo page, revised")
        assert home.ingest(folder).updated == 1  # the ingest flags what moved
        assert review_after_reingest(home.store, doc_id, 2) == 0  # flagged once only
        reviews = {t.label: t.review for t in list_tags(home.store)}
        assert reviews == {
            "same": None,
            "changed": "the text of page 2 changed with the file",
            "gone": "page 3 is gone: the changed file has 2 pages",
            "whole": None,
        }
        assert [n.review for n in list_notes(home.store)] == [reviews["gone"]]
        assert [(e.user_name, e.action) for e in history(home.store)[:3]] == [
            ("system", "flag")
        ] * 3
        assert {t.tag_id for t in list_tags(home.store)} == {
            same.tag_id,
            changed.tag_id,
            gone.tag_id,
            whole.tag_id,
        }
        assert confirm_review(home.store, alice, "tag", changed.tag_id).review is None
        with pytest.raises(AnnotationNotFound, match="no page 3"):
            confirm_review(home.store, alice, "note", note.note_id)
        assert [t.label for t in list_tags(home.store, needs_review=True)] == ["gone"]
    finally:
        home.close()


def test_concurrent_tagging_while_an_ingest_runs(staff: Staff, tmp_path: Path) -> None:
    """Eight threads (half with their own connection, as web requests have) tag the same page
    while an ingest of 40 files is under way; every tag lands once, the database stays whole."""
    a = staff.doc_ids["a.txt"]
    folder = write_docs(
        tmp_path / "more", {f"m{n:02d}.txt": f"memo {n} about detainers" for n in range(40)}
    )
    ingest_started, half_done = threading.Event(), threading.Event()
    halves: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def on_progress(_progress: object) -> None:
        if not ingest_started.is_set():
            ingest_started.set()
            half_done.wait(timeout=120)  # the ingest is mid-run while the first half is tagged

    def ingest() -> None:
        try:
            run = Ingest(
                staff.store, staff.home.engine, workers=2, ocr="off", on_progress=on_progress
            )
            report = run.run([folder])
            assert report.added == 40 and not report.failed
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)

    def tagger(number: int) -> None:
        store = Store(staff.home.path) if number % 2 else staff.store
        user = staff.users["alice" if number % 2 else "bob"]
        try:
            assert ingest_started.wait(timeout=120)
            for round_ in range(10):
                add_tag(store, user, a, "hot", page=2)
                add_tag(store, user, a, f"t{number}-{round_}", page=2)
                if round_ == 4:
                    assert ("a.txt", 2) in found_pages(staff, "tag:hot")
                    with lock:
                        halves.append(number)
                        if len(halves) == 8:
                            half_done.set()
            add_note(store, user, a, 2, f"note from thread {number}")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            if store is not staff.store:
                store.close()

    threads = [threading.Thread(target=ingest)] + [
        threading.Thread(target=tagger, args=(n,)) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    labels = [t.label for t in list_tags(staff.store, doc_id=a)]
    assert labels.count("hot") == 1 and len(labels) == 1 + 8 * 10
    assert len(list_notes(staff.store)) == 8
    assert len(history(staff.store, limit=1000)) == 1 + 80 + 8
    assert staff.store.query("PRAGMA integrity_check")[0][0] == "ok"
    assert len(staff.store.doc_ids()) == len(DOCS) + 40
    assert found_pages(staff, "tag:hot detainers") == set()
    assert found_pages(staff, "tag:t7-9") == {("a.txt", 2)}

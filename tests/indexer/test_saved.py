"""Saved searches and alerts on a real index: new matches after an ingest, never repeated once
seen, filters and the owner's rights, the Atom feed parsed back, its secret token."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from indexer.store.annotations import add_tag
from indexer.store.runs import latest_run, record_ingest
from indexer.store.users import add_user, get_user, set_enabled
from indexer.tools.alerts import ATOM_NAMESPACE, alerts, atom_feed, feed_matches, new_matches
from indexer.tools.saved_searches import (
    SavedSearchError,
    add_saved_search,
    find_saved_search,
    list_saved_searches,
    mark_seen,
    remove_saved_search,
    rename_saved_search,
    reset_feed_token,
    saved_search_for_feed,
)
from tests.conftest import Home, write_docs
from tests.indexer.test_batch import pages

pytestmark = pytest.mark.both_engines

FIRST = {
    "memo.txt": pages("Detention standards for county jails.", "Secure Communities rollout."),
    "letter.txt": "Dear Sheriff, the opt-out question is closed.",
}
LATER = {
    "report.txt": pages("Deaths in detention were reviewed.", "Appendix: detention sites."),
    "email.txt": "Subject: budget\nThe interoperability budget was approved.",
    "memo-2.txt": "MEMORANDUM on detention of families.",
}
MANIFEST = "path,type\nreport.txt,report\nemail.txt,email\nmemo-2.txt,memo\n"
PASSWORD = "a long password"
ATOM = f"{{{ATOM_NAMESPACE}}}"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Path:
    """FIRST ingested (the ingest records its run); LATER and LATE ingested with their run
    taken back, so each test records them as the run that added them after saving its
    searches."""
    base = tmp_path_factory.mktemp("saved")
    home = Home(base / "home")
    report = home.ingest(write_docs(base / "first", FIRST))
    assert report.added == len(FIRST)
    assert latest_run(home.store) is not None
    later = write_docs(base / "later", LATER)
    (later / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    (later / "late").mkdir()
    (later / "late" / "late.txt").write_text("Detention again, later.", encoding="utf-8")
    assert home.ingest(later).added == len(LATER) + 1
    with home.store.transaction() as db:
        db.execute("DELETE FROM ingest_runs WHERE run_id = (SELECT max(run_id) FROM ingest_runs)")
    for name, role in {"ana": "staff", "vic": "viewer", "adm": "admin"}.items():
        add_user(home.store, name, role, PASSWORD)
    home.close()
    return base / "home"


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Iterator[Home]:
    shutil.copytree(template, tmp_path / "home")
    opened = Home(tmp_path / "home")
    yield opened
    opened.close()


def record(home: Home, *names: str) -> dict[str, str]:
    """Record the ingest run that added the files `names`; returns doc_ids by file name."""
    ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    run = record_ingest(home.store, [ids[name] for name in names])
    assert run == latest_run(home.store)
    return ids


def record_later(home: Home) -> dict[str, str]:
    return record(home, *LATER)


def test_add_list_and_remove(home: Home) -> None:
    saved = add_saved_search(home.store, "ana", " Detention ", "detention", {"type": "memo"})
    assert (saved.name, saved.user_name, saved.filters) == ("Detention", "ana", {"type": "memo"})
    assert saved.feed_path() == f"/saved/{saved.saved_id}/feed.atom?token={saved.feed_token}"
    add_saved_search(home.store, "vic", "detention", "detention")
    add_saved_search(home.store, "ANA", "Alpha", "opt out", {"date_from": "2010"})
    for user, name, query, filters, message in [
        ("ana", "detention", "x", {}, "has a saved search named"),
        ("nobody", "n", "x", {}, "no enabled user"),
        ("ana", "n", "x", {"colour": "red"}, "unknown filter"),
        ("ana", "n", "   ", {}, "needs a query"),
        ("ana", "", "x", {}, "a name takes"),
        ("ana", "n", "x" * 1001, {}, "at most"),
    ]:
        with pytest.raises(SavedSearchError, match=message):
            add_saved_search(home.store, user, name, query, filters)
    assert [s.name for s in list_saved_searches(home.store, "ana")] == ["Alpha", "Detention"]
    assert len(list_saved_searches(home.store)) == 3
    assert find_saved_search(home.store, "ana", "DETENTION") == saved
    remove_saved_search(home.store, "ana", "detention")
    assert [s.name for s in list_saved_searches(home.store, "ana")] == ["Alpha"]
    with pytest.raises(SavedSearchError, match="no saved search"):
        remove_saved_search(home.store, "ana", "detention")
    assert record_ingest(home.store, []) is None


def test_alerts_show_new_matches_once(home: Home, tmp_path: Path) -> None:
    saved = add_saved_search(home.store, "ana", "detention", "detention")
    assert [a.total_documents for a in alerts(home.engine, home.store)] == [0]
    ids = record_later(home)
    first = alerts(home.engine, home.store, "ana")
    assert len(first) == 1 and first[0].saved == saved
    assert {m.doc_id for m in first[0].matches} == {ids["report.txt"], ids["memo-2.txt"]}
    assert first[0].total_documents == 2
    assert all(m.added_at and "<mark>" in m.snippet for m in first[0].matches)
    # Without marking, the same again; marking once, then nothing.
    assert alerts(home.engine, home.store, "ana")[0].total_documents == 2
    assert alerts(home.engine, home.store, "ana", mark=True)[0].total_documents == 2
    assert alerts(home.engine, home.store, "ana")[0].total_documents == 0
    assert alerts(home.engine, home.store, "ana", mark=True)[0].matches == ()
    # A real ingest records its run itself, and records late.txt too: it was searchable but
    # in no run (its run was taken back above), so it had never been announced.
    report = home.ingest(write_docs(tmp_path / "new", {"new.txt": "Detention, the newest."}))
    newest = alerts(home.engine, home.store, "ana", mark=True)[0]
    late = next(d["doc_id"] for d in home.store.list_documents() if d["path"].endswith("late.txt"))
    assert sorted(m.doc_id for m in newest.matches) == sorted([*report.new_doc_ids, late])
    assert alerts(home.engine, home.store, "ana")[0].total_documents == 0


def test_a_run_recorded_while_looking_stays_new(home: Home) -> None:
    saved = add_saved_search(home.store, "ana", "detention", "detention")
    record_later(home)
    shown = new_matches(home.engine, home.store, saved)
    assert shown.total_documents == 2
    ids = record(home, "late.txt")
    mark_seen(home.store, saved.saved_id, shown.until_run)  # what was shown, not the newest
    seen = find_saved_search(home.store, "ana", "detention")
    assert seen is not None and seen.last_seen_at >= saved.last_seen_at
    after = new_matches(home.engine, home.store, seen)
    assert [m.doc_id for m in after.matches] == [ids["late.txt"]]


def test_filters_and_the_owners_rights(home: Home) -> None:
    memos = add_saved_search(home.store, "ana", "memos", "detention", {"type": "memo"})
    tagged = add_saved_search(home.store, "ana", "tagged", "detention", {"tag": "exhibit"})
    notes = add_saved_search(home.store, "vic", "notes", "note:family")
    ids = record_later(home)
    ana = get_user(home.store, "ana")
    assert ana is not None
    add_tag(home.store, ana, ids["report.txt"], "exhibit", page=2)
    add_tag(home.store, ana, ids["memo.txt"], "exhibit")  # an old document: not new
    found = {a.saved.name: a for a in alerts(home.engine, home.store)}
    assert [m.doc_id for m in found["memos"].matches] == [ids["memo-2.txt"]]
    assert [(m.doc_id, m.page) for m in found["tagged"].matches] == [(ids["report.txt"], 2)]
    # A viewer's saved search runs with a viewer's rights: notes are not searched.
    assert found["notes"].total_documents == 0 and found["notes"].notice
    set_enabled(home.store, "vic", False)
    assert "notes" not in {a.saved.name for a in alerts(home.engine, home.store)}
    assert saved_search_for_feed(home.store, notes.saved_id, notes.feed_token) is None
    assert memos.saved_id != tagged.saved_id


def test_the_atom_feed(home: Home) -> None:
    saved = add_saved_search(home.store, "ana", "Detention & <jails>", "detention")
    first = {m.doc_id for m in feed_matches(home.engine, home.store, saved)}
    ids = record_later(home)
    assert first == {ids["memo.txt"]}  # the only run so far
    mark_seen(home.store, saved.saved_id)  # a feed lists recent matches, seen or not
    matches = feed_matches(home.engine, home.store, saved)
    assert {m.doc_id for m in matches} == {ids["report.txt"], ids["memo-2.txt"], ids["memo.txt"]}
    assert matches[-1].doc_id == ids["memo.txt"]  # newest first
    xml = atom_feed(saved, matches, "https://foia.example.org/")
    assert saved.feed_token not in xml and xml.startswith("<?xml")
    feed = ElementTree.fromstring(xml)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"https://foia.example.org/saved/{saved.saved_id}"
    assert "Detention & <jails>" in (feed.findtext(f"{ATOM}title") or "")
    assert feed.findtext(f"{ATOM}updated") == max(m.added_at for m in matches)
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "foia-search"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry, match in zip(entries, matches, strict=True):
        assert entry.findtext(f"{ATOM}id", "").endswith(f"/doc/{match.doc_id}")
        assert entry.findtext(f"{ATOM}title") == match.title
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href") == f"https://foia.example.org/doc/{match.doc_id}/p/{match.page}"
        assert entry.findtext(f"{ATOM}updated") == match.added_at
        summary = entry.find(f"{ATOM}summary")
        assert summary is not None and summary.get("type") == "html"
        assert "<mark>" in (summary.text or "")
    empty = ElementTree.fromstring(atom_feed(saved, [], "http://127.0.0.1:5000"))
    assert empty.findtext(f"{ATOM}updated") == saved.created_at
    assert empty.findall(f"{ATOM}entry") == []


def test_the_feed_token(home: Home) -> None:
    saved = add_saved_search(home.store, "ana", "detention", "detention")
    other = add_saved_search(home.store, "adm", "detention", "detention")
    assert saved.feed_token != other.feed_token and len(saved.feed_token) >= 30
    assert saved_search_for_feed(home.store, saved.saved_id, saved.feed_token) == saved
    assert saved_search_for_feed(home.store, saved.saved_id, other.feed_token) is None
    assert saved_search_for_feed(home.store, saved.saved_id, "") is None
    assert saved_search_for_feed(home.store, 999, saved.feed_token) is None
    renewed = reset_feed_token(home.store, saved.saved_id)
    assert saved_search_for_feed(home.store, saved.saved_id, saved.feed_token) is None
    assert saved_search_for_feed(home.store, saved.saved_id, renewed.feed_token) == renewed


def test_rename_keeps_the_feed_and_what_was_seen(home: Home) -> None:
    saved = add_saved_search(home.store, "ana", "detention", "detention", {"type": "memo"})
    add_saved_search(home.store, "ana", "other", "opt out")
    record_later(home)
    mark_seen(home.store, saved.saved_id)
    renamed = rename_saved_search(home.store, saved.saved_id, "  Detention memos ")
    assert renamed.name == "Detention memos"
    assert find_saved_search(home.store, "ana", "detention memos") == renamed
    assert find_saved_search(home.store, "ana", "detention") is None
    assert (renamed.feed_token, renamed.filters) == (saved.feed_token, saved.filters)
    assert new_matches(home.engine, home.store, renamed).total_documents == 0
    assert rename_saved_search(home.store, saved.saved_id, "DETENTION MEMOS").name == (
        "DETENTION MEMOS"
    )
    for name, message in [("OTHER", "has a saved search named"), ("", "a name takes")]:
        with pytest.raises(SavedSearchError, match=message):
            rename_saved_search(home.store, saved.saved_id, name)
    with pytest.raises(SavedSearchError, match="no saved search"):
        rename_saved_search(home.store, 999, "x")

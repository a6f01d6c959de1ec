"""The staff commands of `foia`: accounts, tags, notes, history, undo, cite, export/import, and
the acting user's role checked by every command that changes data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from indexer.cli import main
from indexer.store.annotations import add_note, add_tag, list_tags
from indexer.store.history import history
from indexer.store.sessions import open_session, user_for_session
from indexer.store.users import get_user, set_enabled, verify_password
from tests.indexer.test_annotations import PASSWORD, Staff, open_copy
from tests.indexer.test_citing import parse_bibtex, parse_ris


def run(staff: Staff, *args: str, input: str | None = None) -> Result:  # noqa: A002
    return CliRunner().invoke(main, ["--home", str(staff.home.path), *args], input=input)


def ok(staff: Staff, *args: str, input: str | None = None) -> str:  # noqa: A002
    result = run(staff, *args, input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_user_accounts(staff: Staff) -> None:
    assert (
        ok(
            staff,
            "user",
            "add",
            "carol",
            "--role",
            "staff",
            "--password-stdin",
            input="a long password\n",
        )
        == "added staff carol\n"
    )
    assert verify_password(staff.store, "carol", "a long password") is not None
    ok(staff, "user", "add", "dan", "--role", "viewer", input="password one\npassword one\n")
    assert verify_password(staff.store, "dan", "password one") is not None
    mismatch = run(staff, "user", "add", "eve", "--role", "viewer", input="password 1\nother 22\n")
    assert mismatch.exit_code != 0 and get_user(staff.store, "eve") is None
    short = run(staff, "user", "add", "eve", "--role", "staff", "--password-stdin", input="x\n")
    assert short.exit_code == 1 and "8 to 1024" in short.output
    taken = run(
        staff,
        "user",
        "add",
        "ALICE",
        "--role",
        "staff",
        "--password-stdin",
        input="a long password\n",
    )
    assert taken.exit_code == 1 and "already exists" in taken.output
    ok(staff, "user", "disable", "carol")
    ok(staff, "user", "passwd", "dan", "--password-stdin", input="password two\n")
    assert verify_password(staff.store, "dan", "password two") is not None
    ok(staff, "user", "role", "dan", "staff")
    users = {u["name"]: u for u in json.loads(ok(staff, "user", "list", "--json"))}
    assert (users["carol"]["is_enabled"], users["dan"]["role"]) == (False, "staff")
    assert "password" not in json.dumps(users)
    assert "carol" in ok(staff, "user", "list") and "disabled" in ok(staff, "user", "list")
    ok(staff, "user", "enable", "carol")
    assert get_user(staff.store, "carol").is_enabled  # type: ignore[union-attr]
    assert run(staff, "user", "disable", "ada").exit_code == 1  # the last admin
    assert (
        run(staff, "user", "passwd", "ghost", "--password-stdin", input="whatever1\n").exit_code
        == 1
    )


def test_user_sign_out_ends_every_session_of_the_account(staff: Staff) -> None:
    laptop, phone = (open_session(staff.store, staff.users["alice"]) for _ in range(2))
    bobs = open_session(staff.store, staff.users["bob"])
    assert ok(staff, "user", "sign-out", "alice") == "ended 2 sessions of alice\n"
    assert user_for_session(staff.store, laptop) is None
    assert user_for_session(staff.store, phone) is None
    assert user_for_session(staff.store, bobs) == staff.users["bob"]
    assert ok(staff, "user", "sign-out", "alice") == "ended 0 sessions of alice\n"
    ghost = run(staff, "user", "sign-out", "ghost")
    assert (ghost.exit_code, ghost.output) == (1, "Error: no user 'ghost'\n")


def test_tag_note_history_and_undo(staff: Staff) -> None:
    a = staff.doc_ids["a.txt"]
    assert (
        ok(
            staff,
            "tag",
            "add",
            a,
            "--page",
            "2",
            "exhibit-3",
            "--note",
            "the schedule",
            "--user",
            "alice",
        )
        == f"tagged {a} page 2 'exhibit-3' (tag 1)\n"
    )
    ok(staff, "tag", "add", a, "To verify", "--user", "bob")
    tags = json.loads(ok(staff, "tag", "list", "--json"))
    assert [(t["page"], t["label"], t["note"], t["created_by"]) for t in tags] == [
        (None, "To verify", None, "bob"),
        (2, "exhibit-3", "the schedule", "alice"),
    ]
    assert [
        t["label"] for t in json.loads(ok(staff, "tag", "list", "--label", "TO VERIFY", "--json"))
    ] == ["To verify"]
    ok(
        staff,
        "note",
        "add",
        a,
        "Dates <i>look</i> wrong",
        "--page",
        "2",
        "--quote",
        "deployment schedule",
        "--user",
        "alice",
    )
    ok(staff, "note", "edit", "1", "Dates confirmed", "--user", "ada")
    notes = json.loads(ok(staff, "note", "list", "--doc", a, "--json"))
    assert [(n["text"], n["quote"], n["updated_by"]) for n in notes] == [
        ("Dates confirmed", "deployment schedule", "ada")
    ]
    ok(staff, "tag", "remove", a, "EXHIBIT-3", "--page", "2", "--user", "bob")
    missing = run(staff, "tag", "remove", a, "exhibit-3", "--page", "2", "--user", "bob")
    assert missing.exit_code == 1 and "has no tag 'exhibit-3'" in missing.output
    entries = json.loads(ok(staff, "history", "--json"))
    assert [(e["user"], e["action"], e["kind"]) for e in entries] == [
        ("bob", "remove", "tag"),
        ("ada", "edit", "note"),
        ("alice", "add", "note"),
        ("bob", "add", "tag"),
        ("alice", "add", "tag"),
    ]
    assert entries[0]["before"]["label"] == "exhibit-3"
    assert "remove" in ok(staff, "history", "--doc", a)
    ok(staff, "undo", str(entries[0]["event_id"]), "--user", "alice")
    assert [t.label for t in list_tags(staff.store, doc_id=a)] == ["To verify", "exhibit-3"]
    ok(staff, "note", "remove", "1", "--user", "alice")
    assert json.loads(ok(staff, "note", "list", "--json")) == []
    bad = run(staff, "tag", "add", a, "x" * 81, "--user", "alice")
    assert bad.exit_code == 1 and "at most 80 characters" in bad.output


CHANGING_COMMANDS = [
    ["tag", "add", "{a}", "x"],
    ["tag", "remove", "{a}", "kept", "--page", "1"],
    ["tag", "confirm", "1"],
    ["note", "add", "{a}", "text", "--page", "1"],
    ["note", "edit", "1", "text"],
    ["note", "remove", "1"],
    ["undo", "1"],
    ["import-annotations", "{export}"],
]


@pytest.mark.parametrize("command", CHANGING_COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("user_name", "message"),
    [
        ("ghost", "no user 'ghost'"),
        ("bob", "user 'bob' is disabled"),
        ("vic", "user 'vic' is a viewer"),
    ],
)
def test_every_changing_command_checks_the_acting_user(
    staff: Staff, tmp_path: Path, command: list[str], user_name: str, message: str
) -> None:
    a = staff.doc_ids["a.txt"]
    add_tag(staff.store, staff.users["alice"], a, "kept", page=1)
    add_note(staff.store, staff.users["alice"], a, 1, "kept")
    export = tmp_path / "export.json"
    ok(staff, "export-annotations", str(export))
    set_enabled(staff.store, "bob", False)
    before = [e.to_json() for e in history(staff.store)]
    args = [part.format(a=a, export=export) for part in command]
    result = run(staff, *args, "--user", user_name)
    assert result.exit_code == 1 and message in result.output
    assert [e.to_json() for e in history(staff.store)] == before
    missing_user = run(staff, *args)
    assert missing_user.exit_code == 2 and "--user" in missing_user.output


@pytest.mark.parametrize(
    "command", [["note", "edit", "1", "overwritten"], ["note", "remove", "1"], ["undo", "1"]]
)
def test_only_its_author_or_an_admin_changes_a_note(staff: Staff, command: list[str]) -> None:
    ok(
        staff,
        "note",
        "add",
        staff.doc_ids["a.txt"],
        "Alice's reading",
        "--page",
        "1",
        "--user",
        "alice",
    )
    before = (ok(staff, "note", "list", "--json"), ok(staff, "history", "--json"))
    refused = run(staff, *command, "--user", "bob")
    assert refused.exit_code == 1
    assert refused.output == "Error: note 1 is alice's: only its author or an admin may change it\n"
    assert (ok(staff, "note", "list", "--json"), ok(staff, "history", "--json")) == before
    ok(staff, *command, "--user", "ada")
    assert ok(staff, "note", "list", "--json") != before[0]


def test_cite_in_every_format(staff: Staff) -> None:
    a, b = staff.doc_ids["a.txt"], staff.doc_ids["b.txt"]
    ok(staff, "tag", "add", a, "exhibit-3", "--page", "2", "--user", "alice")
    ok(staff, "tag", "add", b, "exhibit-3", "--user", "alice")
    base = ["cite", "--tag", "Exhibit-3", "--base-url", "https://foia.example.org"]
    records = parse_ris(ok(staff, *base, "--format", "ris"))
    assert [dict(r).get("SP") for r in records] == [None, "2"]
    assert dict(records[1])["UR"] == f"https://foia.example.org/doc/{a}/p/2"
    assert [
        f["pages"]
        for _, _, f in parse_bibtex(ok(staff, *base, "--format", "bibtex"))
        if "pages" in f
    ] == ["2"]
    items = json.loads(ok(staff, *base, "--format", "csl-json"))
    assert [item.get("page") for item in items] == [None, "2"]
    rows = list(csv.DictReader(io.StringIO(ok(staff, *base, "--format", "csv"))))
    assert [(r["doc_id"], r["page"]) for r in rows] == [(b, ""), (a, "2")]
    assert len(ok(staff, *base).splitlines()) == 2
    page = ok(staff, "cite", "--doc", a, "--page", "3")
    assert ", at 3 (Bates ICE FOIA 10-2674.0007283)," in page
    query = ok(staff, "cite", "--query", "detainer", "--format", "csv")
    assert [r["doc_id"] for r in csv.DictReader(io.StringIO(query))] == [b]
    for args, code in (
        ([], 2),
        (["--tag", "x", "--doc", a], 2),
        (["--page", "2", "--tag", "x"], 2),
        (["--doc", a, "--page", "9"], 1),
        (["--tag", "nothing"], 1),
    ):
        assert run(staff, "cite", *args).exit_code == code, args


def test_export_and_import_round_trip(staff: Staff, staff_template: Path, tmp_path: Path) -> None:
    a = staff.doc_ids["a.txt"]
    ok(staff, "tag", "add", a, "exhibit-3", "--page", "2", "--user", "alice")
    ok(staff, "note", "add", a, "schedule", "--page", "2", "--user", "alice")
    export = tmp_path / "annotations.json"
    assert json.loads(ok(staff, "export-annotations", str(export), "--json")) == {
        "tags": 1,
        "notes": 1,
        "history": 2,
        "corrections": 0,
    }
    other = open_copy(staff_template, tmp_path / "other")
    try:
        report = json.loads(ok(other, "import-annotations", str(export), "--user", "ada", "--json"))
        assert report["added"] == {"tags": 1, "notes": 1, "history": 2}
        again = ok(other, "import-annotations", str(export), "--user", "ada")
        assert again == "added 0 tags, 0 notes, 0 history entries; 4 items were here already\n"
        assert [t.label for t in list_tags(other.store)] == ["exhibit-3"]
    finally:
        other.home.close()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    refused = run(staff, "import-annotations", str(bad), "--user", "ada")
    assert refused.exit_code == 1 and "not a foia-search annotations file" in refused.output


def test_passwords_are_never_echoed(staff: Staff) -> None:
    result = run(
        staff, "user", "add", "carol", "--role", "staff", input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0 and PASSWORD not in result.output

"""The command line given hostile input answers with one `Error:` line, never a traceback
(issue 12, defect 8): query bytes that are not UTF-8, numbers past SQLite's integers, page
numbers past the index, an annotations backup nested 100,000 levels deep. Nothing stored is
lost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from indexer.cli import main
from indexer.store.annotations import add_note, add_tag, list_notes, list_tags
from indexer.store.history import history
from tests.conftest import ROOT
from tests.indexer.test_annotations import Staff, build_home, open_copy

HUGE = str(2**63)
# Every integer a command takes that has no upper bound of its own, and a command line that
# reaches it: {doc} is a real doc_id.
UNBOUNDED_NUMBERS = {
    ("show", "page"): ["show", "{doc}", "--page", HUGE],
    ("tag add", "page"): ["tag", "add", "{doc}", "label", "--page", HUGE, "--user", "ada"],
    ("tag remove", "page"): ["tag", "remove", "{doc}", "kept", "--page", HUGE, "--user", "ada"],
    ("tag confirm", "tag_id"): ["tag", "confirm", HUGE, "--user", "ada"],
    ("note add", "page"): ["note", "add", "{doc}", "text", "--page", HUGE, "--user", "ada"],
    ("note edit", "note_id"): ["note", "edit", HUGE, "text", "--user", "ada"],
    ("note remove", "note_id"): ["note", "remove", HUGE, "--user", "ada"],
    ("note list", "page"): ["note", "list", "--doc", "{doc}", "--page", HUGE],
    ("undo", "event_id"): ["undo", HUGE, "--user", "ada"],
    ("cite", "page"): ["cite", "--doc", "{doc}", "--page", HUGE],
    ("similar", "page"): ["similar", "{doc}", "--page", HUGE],
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_home(tmp_path_factory.mktemp("cli_hostile"))


@pytest.fixture
def staff(template: Path, tmp_path: Path) -> Iterator[Staff]:
    opened = open_copy(template, tmp_path / "home")
    add_tag(opened.store, opened.users["ada"], opened.doc_ids["a.txt"], "kept", page=1)
    add_note(opened.store, opened.users["ada"], opened.doc_ids["a.txt"], 1, "a kept note")
    yield opened
    opened.home.close()


def snapshot(staff: Staff) -> tuple[Any, ...]:
    return (
        list_tags(staff.store),
        list_notes(staff.store),
        [entry.event_id for entry in history(staff.store)],
        [document["doc_id"] for document in staff.store.list_documents()],
    )


def invoke(staff: Staff, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(staff.home.path), *args])


def foia(staff: Staff, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """`foia` in its own process: arguments reach it as bytes, as from a shell."""
    command = [sys.executable, "-c", "from indexer.cli import main; main()"]
    return subprocess.run(
        [*command, "--home", str(staff.home.path), *args],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def assert_one_error_line(output: bytes | str) -> None:
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert lines and lines[-1].startswith("Error: "), text


def unbounded_integer_parameters() -> set[tuple[str, str]]:
    """(command, parameter) of every integer of `foia` without an upper bound."""
    found = set()

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
            return
        for param in command.params:
            kind = param.type
            if isinstance(kind, click.types.IntParamType) and getattr(kind, "max", None) is None:
                found.add((" ".join(path), param.name or ""))

    walk(main, [])
    return found


def test_every_unbounded_number_is_attacked_below() -> None:
    assert unbounded_integer_parameters() == set(UNBOUNDED_NUMBERS)


@pytest.mark.parametrize("where", sorted(UNBOUNDED_NUMBERS), ids=" ".join)
def test_numbers_past_sqlite_get_one_error_line(staff: Staff, where: tuple[str, str]) -> None:
    args = [arg.format(doc=staff.doc_ids["a.txt"]) for arg in UNBOUNDED_NUMBERS[where]]
    before = snapshot(staff)
    result = invoke(staff, *args)
    assert isinstance(result.exception, SystemExit | None), result.exception
    if result.exit_code != 0:  # a page past the end may also be an empty answer
        assert_one_error_line(result.output)
    assert snapshot(staff) == before


@pytest.mark.parametrize(
    "query", [b"\xff\xfe", b"memo \xff", b"\xc3(", b"tag:\xe9t\xe9", b"\xed\xa0\x80"]
)
def test_query_bytes_that_are_not_utf8_get_one_error_line(staff: Staff, query: bytes) -> None:
    for extra in ([], ["--json"]):
        finished = foia(staff, "search", query, *extra)
        assert finished.returncode == 1, finished
        assert finished.stdout == b""
        assert_one_error_line(finished.stderr)
        assert b"not UTF-8" in finished.stderr


def test_a_utf8_query_from_the_shell_is_searched(staff: Staff) -> None:
    finished = foia(staff, "search", "D\u00e9tainer m\u00e9mo".encode())
    assert finished.returncode == 0, finished.stderr
    assert b"1 document," in finished.stdout and b"Detainer memo" in finished.stdout


@pytest.mark.parametrize("number", ["99999999999", HUGE, "9" * 300])
def test_page_numbers_past_the_index_in_a_query(staff: Staff, number: str) -> None:
    everything = invoke(staff, "search", "Secure Communities")
    assert everything.exit_code == 0 and "2 documents, 3 pages" in everything.output
    answers = {
        f"Secure Communities page:{number}": "0 documents, 0 pages",
        f"Secure Communities page:[{number} TO *]": "0 documents, 0 pages",
        f"Secure Communities page:[1 TO {number}]": "2 documents, 3 pages",
        f"Secure Communities page:[2 TO {number}]": "1 document, 1 page",
    }
    for query, expected in answers.items():
        result = invoke(staff, "search", query)
        assert result.exit_code == 0, (query, result.output)
        assert expected in result.output, (query, result.output)


@pytest.mark.parametrize("kind", ["array", "object"])
def test_a_backup_nested_100k_deep_gets_one_error_line(
    staff: Staff, tmp_path: Path, kind: str
) -> None:
    depth = 100_000
    text = "[" * depth + "]" * depth if kind == "array" else '{"tags": ' * depth + "1" + "}" * depth
    backup = tmp_path / "deep.json"
    backup.write_text(text, encoding="utf-8")
    before = snapshot(staff)
    result = invoke(staff, "import-annotations", str(backup), "--user", "ada")
    assert result.exit_code == 1, result.output
    assert_one_error_line(result.output)
    assert "nested too deeply" in result.output and str(backup) in result.output
    assert snapshot(staff) == before


def test_the_command_line_starts_without_gunicorn() -> None:
    # gunicorn decodes the command line when imported (with setproctitle installed): only
    # `foia serve` may import it, or every command fails on bytes that are not UTF-8.
    check = "import sys, indexer.cli; print('gunicorn' in sys.modules)"
    finished = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, cwd=ROOT, timeout=60, check=True
    )
    assert finished.stdout.strip() == b"False"

"""Issue 14, defect 2 (the home trap): one home for every command run from the checkout,
`make user`, a README whose examples name real commands, options and files."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.store.database import Store
from indexer.store.home import default_home
from indexer.store.users import get_user
from tests.conftest import ROOT

README = ROOT / "README.md"


def test_every_command_run_in_the_checkout_uses_its_var_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "foia-search"
    (checkout / "corpus").mkdir(parents=True)
    shutil.copyfile(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    monkeypatch.delenv("FOIA_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for folder in (checkout, checkout / "corpus"):
        monkeypatch.chdir(folder)
        assert default_home() == checkout / "var"
    # a user added from the checkout without --home lands where `make run` serves (var/)
    monkeypatch.chdir(checkout)
    added = CliRunner().invoke(
        main, ["user", "add", "alice", "--role", "staff", "--password-stdin"], input="pw-12345\n"
    )
    assert added.exit_code == 0, added.output
    store = Store(checkout / "var")
    try:
        assert get_user(store, "alice") is not None
    finally:
        store.close()
    # elsewhere: $FOIA_HOME, else the per-user folder; a project of another name is no checkout
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "pyproject.toml").write_text('[project]\nname = "foia-search-fork"\n')
    monkeypatch.chdir(tmp_path / "other")
    assert default_home() == tmp_path / "xdg" / "foia-search"
    monkeypatch.setenv("FOIA_HOME", str(tmp_path / "chosen"))
    monkeypatch.chdir(checkout)
    assert default_home() == tmp_path / "chosen"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_user_adds_an_account_to_the_home_make_run_serves(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / ".installed").touch()  # setup.sh: dependencies installed (this interpreter's)
    foia = venv / "bin" / "foia"
    program = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from indexer.cli import main; main()"
    foia.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -c {shlex.quote(program)} "$@"\n'
    )
    foia.chmod(0o755)
    home = tmp_path / "home"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "FOIA_"))}
    result = subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(ROOT),
            "user",
            "NAME=bob",
            "ROLE=staff",
            f"VENV={venv}",
            f"FOIA_HOME={home}",
        ],
        input="a long password\n",
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "added staff bob" in result.stdout
    store = Store(home)
    try:
        user = get_user(store, "bob")
        assert user is not None and user.role == "staff"
    finally:
        store.close()
    missing = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "user", f"VENV={venv}", f"FOIA_HOME={home}"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert missing.returncode != 0 and "usage: make user NAME=" in missing.stderr


def shell_examples() -> list[str]:
    """Every command line of the README's ```sh blocks, comments and continuations joined."""
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL):
        pending = ""
        for raw in block.splitlines():
            line = pending + raw
            if line.rstrip().endswith("\\"):
                pending = line.rstrip()[:-1] + " "
                continue
            pending = ""
            if line.strip():
                lines.append(line.strip())
    return lines


def foia_arguments(line: str) -> list[str] | None:
    """The arguments of a `foia` (or `.venv/bin/foia`) command line; None for other lines."""
    words = shlex.split(line, comments=True)
    while words and "=" in words[0] and not words[0].startswith("-"):
        words = words[1:]  # VAR=value before the command
    if not words or Path(words[0]).name != "foia":
        return None
    arguments: list[str] = []
    words = words[1:]
    while words:
        word = words.pop(0)
        if word in ("|", "&&", ";"):
            break  # the next command of a pipe or list
        if word in (">", ">>", "<", "2>"):
            words = words[1:]  # a redirection and its file: the shell's, not foia's
        elif not word.startswith((">", "<", "2>")):
            arguments.append(word)
    return arguments


@pytest.mark.parametrize(
    "line", [line for line in shell_examples() if foia_arguments(line) is not None]
)
def test_every_readme_foia_example_names_a_real_command_and_options(line: str) -> None:
    arguments = foia_arguments(line)
    assert arguments is not None
    assert not any(word in ("/", "|") for word in arguments), f"not one command: {line}"
    context = main.make_context("foia", list(arguments), resilient_parsing=True)
    command: click.Command = main
    rest = remaining(context)
    while isinstance(command, click.Group):
        assert rest, line
        name, found, rest = command.resolve_command(context, rest)
        assert found is not None, line
        if isinstance(found, click.Group):
            context = found.make_context(name or "", rest, parent=context, resilient_parsing=True)
            rest = remaining(context)
        else:
            # parsed for real: an unknown option or a missing argument fails; a value that
            # stands for yours (DOC_ID, terms.txt) may not convert or exist here
            try:
                found.make_context(name or "", rest, parent=context)
            except click.BadParameter:
                pass
            except (OSError, ValueError) as error:
                assert not isinstance(error, click.ClickException), line
        command = found


def remaining(context: click.Context) -> list[str]:
    """What a group left to its subcommand (click 8.2 keeps the name apart)."""
    return [*getattr(context, "_protected_args", []), *context.args]


def test_the_readme_links_only_to_files_in_the_clone_and_says_where_foia_is() -> None:
    text = README.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+://", target):
            assert (ROOT / target).exists(), target
    for path in re.findall(r"`((?:\.\./)[^`\s]+)`", text):
        pytest.fail(f"the README names {path}, which is not in the clone")
    assert ".venv/bin/foia" in text or 'PATH="$PWD/.venv/bin' in text
    assert "make user NAME=" in text

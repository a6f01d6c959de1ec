"""Symbolic links never publish a file from outside the ingested folder (issue 12, defect 1):
`ln -s /etc/passwd DIR/x.txt; foia ingest DIR` indexed /etc/passwd and served it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.ingest.walk import walk
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

SECRET_WORD = "quetzalsecret"
PASSWD = Path("/etc/passwd")


def outside_files(base: Path) -> Path:
    """A folder beside the ingested one, holding what must never be read."""
    return write_docs(base / "outside", {"secret.txt": f"The {SECRET_WORD} password list."})


def hostile_folder(base: Path) -> Path:
    """A folder of records with links to files and folders outside it."""
    outside = outside_files(base)
    folder = write_docs(base / "records", {"memo.txt": "A memo about detention records."})
    (folder / "sub").mkdir()
    (folder / "x.txt").symlink_to(PASSWD)
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "relative.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (folder / "sub" / "up.txt").symlink_to(Path("..") / ".." / "outside" / "secret.txt")
    (folder / "etc").symlink_to("/etc", target_is_directory=True)
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    return folder


def skipped_names(skipped: list[dict[str, str]]) -> dict[str, str]:
    return {Path(item["path"]).name: item["reason"] for item in skipped}


def test_links_leaving_the_folder_are_skipped_with_the_reason(tmp_path: Path, home: Home) -> None:
    folder = hostile_folder(tmp_path)
    report = home.ingest(folder)
    assert report.added == 1 and not report.failed
    skipped = skipped_names(report.skipped)
    assert set(skipped) == {"x.txt", "secret.txt", "relative.txt", "up.txt", "etc", "elsewhere"}
    assert all("outside the ingested folder" in reason for reason in skipped.values())
    assert str(PASSWD) in skipped["x.txt"]
    assert [Path(d["path"]).name for d in home.store.list_documents()] == ["memo.txt"]
    for query in (SECRET_WORD, "root", "nologin"):
        assert search(home.engine, home.store, SearchRequest(query)).total_documents == 0
    assert report.to_json()["skipped"] == report.skipped


def test_links_inside_the_folder_are_read_where_their_target_is(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "records", {"a.txt": "alpha memo"})
    write_docs(folder / "sub", {"b.txt": "bravo memo"})
    (folder / "link-to-a.txt").symlink_to("a.txt")
    (folder / "sub" / "absolute-a.txt").symlink_to(folder / "a.txt")
    (folder / "sub-again").symlink_to(folder / "sub", target_is_directory=True)
    # What the folder leaves out stays out, whatever links point at it.
    write_docs(folder / ".private", {"hidden.txt": "hidden gardenia memo"})
    write_docs(folder / "drafts", {"draft.txt": "ignored gardenia draft"})
    (folder / ".foiaignore").write_text("drafts\n")
    (folder / "public.txt").symlink_to(Path(".private") / "hidden.txt")
    (folder / "final.txt").symlink_to(Path("drafts") / "draft.txt")
    report = home.ingest(folder)
    assert (report.added, report.skipped, report.failed) == (2, [], [])
    paths = sorted(d["path"] for d in home.store.list_documents())
    assert paths == [str((folder / "a.txt").resolve()), str((folder / "sub" / "b.txt").resolve())]
    assert search(home.engine, home.store, SearchRequest("gardenia")).total_documents == 0


def test_a_link_named_by_the_user_is_followed_and_checked_against_its_target(
    tmp_path: Path, home: Home
) -> None:
    outside = outside_files(tmp_path)
    real = write_docs(tmp_path / "real-records", {"letter.txt": "A letter from the county."})
    (real / "escape.txt").symlink_to(outside / "secret.txt")
    named_folder = tmp_path / "named-folder"
    named_folder.symlink_to(real, target_is_directory=True)
    named_file = tmp_path / "named-file.txt"
    named_file.symlink_to(outside / "secret.txt")
    report = home.ingest(named_folder, named_file)
    assert report.added == 2 and not report.failed
    paths = sorted(d["path"] for d in home.store.list_documents())
    assert paths == [str(outside.resolve() / "secret.txt"), str(real.resolve() / "letter.txt")]
    # Inside the folder the user named, the rule holds against the folder it points to.
    assert list(skipped_names(report.skipped)) == ["escape.txt"]


@pytest.mark.timeout(60)
def test_broken_links_and_pipes_are_skipped_and_never_block(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "records", {"memo.txt": "A memo."})
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "link-to-pipe.txt").symlink_to("pipe.txt")
    report = home.ingest(folder)
    assert report.added == 1 and not report.failed
    skipped = skipped_names(report.skipped)
    assert skipped["gone.txt"] == "broken link"
    assert "not a regular file" in skipped["pipe.txt"]
    assert "not a regular file" in skipped["link-to-pipe.txt"]


def test_walk_reports_without_a_pipeline(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    skipped: list[dict[str, str]] = []
    assert [path.name for path in walk([folder], skipped)] == ["memo.txt"]
    assert len(skipped) == 6


def test_the_command_line_shows_what_it_skipped(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    home = tmp_path / "home"
    args = ["--home", str(home), "ingest", str(folder), "--workers", "1", "--ocr", "off"]
    text = CliRunner().invoke(main, args, catch_exceptions=False)
    assert text.exit_code == 0, text.output
    assert f"skipped: {folder / 'x.txt'}: link to {PASSWD}, outside the ingested folder" in (
        text.output
    )
    as_json = CliRunner().invoke(main, [*args, "--json"], catch_exceptions=False)
    report = json.loads(as_json.output)
    assert report["unchanged"] == 1
    assert {Path(item["path"]).name for item in report["skipped"]} >= {"x.txt", "etc"}

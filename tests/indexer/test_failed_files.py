"""Files whose extraction failed are remembered by SHA-256 and skipped until they change or
`--retry-failed` is given (issue 12, defect 10c: a timeout was paid again on every run)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import main
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

# Enough pages of dates, Bates numbers and exemptions that extracting and enriching the file
# takes seconds: far beyond the tiny time limit below, and fine within the default one.
SLOW_PAGE = (
    "On March 3, 2011 the ICE field office in Denver, Colorado released records under"
    " (b)(6) and (b)(7)(C) about DHS-ICE-000123. "
) * 30
SLOW_PAGES = 300
# The pool looks at the clock every half second: the slow file is stopped then.
TINY_TIMEOUT = 0.01


def slow_file(folder: Path) -> Path:
    path = folder / "slow.txt"
    path.write_text("\f".join([SLOW_PAGE] * SLOW_PAGES) + "\fheliotrope", encoding="utf-8")
    return path


def cli(home: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["--home", str(home), "ingest", *args, "--workers", "1", "--ocr", "off"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_file_that_timed_out_is_not_extracted_again_until_asked(tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "records", {"quick.txt": "A quick memo."})
    home = Home(tmp_path / "home")
    assert home.ingest(folder).added == 1  # under no time limit: it is not the subject here
    slow = slow_file(folder)
    first = home.ingest(folder, timeout=TINY_TIMEOUT, workers=1)
    assert [item["path"] for item in first.failed] == [str(slow)] and first.unchanged == 1
    assert "timed out" in first.failed[0]["error"]

    # Extracting it again under the same limit would fail again: it is skipped instead.
    second = home.ingest(folder, timeout=TINY_TIMEOUT, workers=1)
    assert (second.failed, second.unchanged) == ([], 1)
    assert [item["path"] for item in second.skipped] == [str(slow)]
    reason = second.skipped[0]["reason"]
    assert reason.startswith("failed before, use --retry-failed") and "timed out" in reason

    # A changed file is another file: it is tried (and fails) again.
    with slow.open("a", encoding="utf-8") as out:
        out.write("\fone more page")
    changed = home.ingest(folder, timeout=TINY_TIMEOUT, workers=1)
    assert [item["path"] for item in changed.failed] == [str(slow)] and not changed.skipped
    home.close()

    output = cli(home.path, str(folder), "--timeout", "300")
    assert f"skipped: {slow}: failed before, use --retry-failed (" in output
    retried = json.loads(cli(home.path, str(folder), "--retry-failed", "--json"))
    assert (retried["added"], retried["failed"], retried["skipped"]) == (1, [], [])
    home = Home(tmp_path / "home")
    try:
        assert search(home.engine, home.store, SearchRequest("heliotrope")).total_documents == 1
        # Extracted at last: no longer remembered as failed.
        assert home.ingest(folder, timeout=TINY_TIMEOUT).unchanged == 2
    finally:
        home.close()


def test_a_broken_file_is_reported_once_then_skipped(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "records", {"memo.txt": "A memo."})
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    first = home.ingest(folder)
    assert [Path(item["path"]).name for item in first.failed] == ["photo.txt"]
    again = home.ingest(folder)
    assert again.failed == [] and again.unchanged == 1
    assert "unsupported file type" in again.skipped[0]["reason"]
    retried = home.ingest(folder, retry_failed=True)
    assert [Path(item["path"]).name for item in retried.failed] == ["photo.txt"]
    assert retried.skipped == []

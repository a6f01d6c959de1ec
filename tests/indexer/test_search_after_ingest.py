"""A process that searched keeps seeing what the last ingest committed (issue 15): a file
pruned is gone, a file replaced by a changed version is found once, in its new version, and
pages are never counted twice after the index merged its segments. On both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.engines import open_engine
from indexer.search.engine import Engine
from indexer.search.service import SearchRequest, search
from indexer.store.database import Store
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines

# Ingests in a row that make Whoosh merge its small segments (it did at the sixth).
RUNS_FOR_A_MERGE = 8


def found(engine: Engine, store: Store, text: str) -> tuple[int, int, list[str]]:
    """(documents, pages, file names of the documents) a search for `text` finds."""
    result = search(engine, store, SearchRequest(text, limit=100))
    names = sorted(Path(document.path).name for document in result.documents)
    return result.total_documents, result.total_pages, names


def cli_ingest(home: Path, folder: Path) -> dict[str, object]:
    """`foia ingest --prune` as a user runs it; its JSON report."""
    arguments = ["--home", str(home), "ingest", str(folder), "--prune", "--workers", "1"]
    result = CliRunner().invoke(main, [*arguments, "--ocr", "off", "--json"])
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.output)
    return report


def test_a_search_before_a_prune_only_ingest_no_longer_finds_the_removed_file(
    tmp_path: Path, search_engine: str
) -> None:
    folder = write_docs(
        tmp_path / "records",
        {
            "kestrel.txt": "Kestrel survey memo: the quarry permit was denied.",
            "heron.txt": "Heron survey memo: the quarry permit was granted in part.",
            "osprey.txt": "Osprey survey memo: quarry inspections were postponed.",
        },
    )
    home = tmp_path / "home"
    cli_ingest(home, folder)
    store, engine = Store(home), open_engine(home)  # the searching process's own
    try:
        assert found(engine, store, "quarry") == (3, 3, ["heron.txt", "kestrel.txt", "osprey.txt"])
        (folder / "heron.txt").unlink()
        report = cli_ingest(home, folder)
        assert (report["removed"], report["added"], report["updated"]) == (1, 0, 0)
        assert found(engine, store, "quarry") == (2, 2, ["kestrel.txt", "osprey.txt"])
        assert found(engine, store, "heron") == (0, 0, [])

        (folder / "osprey.txt").write_text("Osprey survey memo, revised: quarry nests counted.")
        assert cli_ingest(home, folder)["updated"] == 1
        assert found(engine, store, "quarry") == (2, 2, ["kestrel.txt", "osprey.txt"])
        assert found(engine, store, "nests") == (1, 1, ["osprey.txt"])
        assert found(engine, store, "postponed") == (0, 0, [])
    finally:
        engine.close()
        store.close()


def test_searches_between_many_ingests_count_each_page_once(
    tmp_path: Path, home: Home, search_engine: str
) -> None:
    """Each run adds a file and the same engine searches after it; Whoosh merges the small
    segments on the way (its own refresh then kept the merged-away segments: pages counted
    twice, a pruned file still found)."""
    folder = tmp_path / "records"
    names = [f"bulletin-{number:02}.txt" for number in range(RUNS_FOR_A_MERGE)]
    for count, name in enumerate(names, start=1):
        write_docs(folder, {name: f"Weekly bulletin {name}: the levee inspection was logged."})
        home.ingest(folder, workers=1, prune=True)
        assert found(home.engine, home.store, "levee") == (count, count, names[:count])
    (folder / names[2]).unlink()
    (folder / names[5]).write_text("Weekly bulletin, corrected: the levee was breached.")
    report = home.ingest(folder, workers=1, prune=True)
    assert (report.removed, report.updated) == (1, 1)
    kept = [name for name in names if name != names[2]]
    assert found(home.engine, home.store, "levee") == (len(kept), len(kept), kept)
    assert found(home.engine, home.store, "breached") == (1, 1, [names[5]])
    assert found(home.engine, home.store, f'"{names[2]}"')[0] == 0
    fresh = open_engine(home.path)  # what a new process sees: the same
    try:
        assert found(fresh, home.store, "levee") == found(home.engine, home.store, "levee")
    finally:
        fresh.close()

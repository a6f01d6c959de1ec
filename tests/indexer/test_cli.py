"""The `foia` command line: its JSON contracts, reindex without originals, and the README."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from indexer.cli import main
from tests.conftest import CORPUS_DIR, DOCUMENT_KEYS, ROOT, write_docs

SEARCH_KEYS = {"query", "notice", "total_documents", "total_pages", "documents", "facets"}


def run(home: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cli")
    folder = base / "records"
    write_docs(
        folder,
        {
            "press.txt": "tags: , Press Releases\n\nOpt-out fight\n\nCounties may "
            "opt out of Secure Communities.\fPage two on 287(g)."
        },
    )
    shutil.copy(CORPUS_DIR / "pdf" / "ddrAnthonyJones.pdf", folder)
    home = base / "home"
    report = run(home, "ingest", str(folder), "--ocr", "off", "--json")
    assert report["added"] == 2 and report["failed"] == []
    assert set(report) >= {
        "added",
        "updated",
        "unchanged",
        "removed",
        "pages",
        "ocr_pages",
        "seconds",
        "failed",
    }
    return home, folder


def test_search_json_follows_the_contract(built: tuple[Path, Path]) -> None:
    home, _ = built
    data = run(home, "search", '"opt out"', "--json")
    assert set(data) >= SEARCH_KEYS
    assert {"type", "year", "source", "exemption"} <= set(data["facets"])
    doc = data["documents"][0]
    assert set(doc) >= DOCUMENT_KEYS
    assert doc["title"] == "Opt-out fight"
    page = doc["pages"][0]
    assert set(page) >= {"page", "bates", "snippet", "url"}
    assert page["url"] == f"/doc/{doc['doc_id']}/p/1"
    assert "<mark>" in page["snippet"]


def test_list_show_and_stats(built: tuple[Path, Path]) -> None:
    home, _ = built
    documents = run(home, "list", "--json")
    assert {tuple(sorted(d)) for d in documents} == {
        ("date", "doc_id", "pages", "path", "sha256", "source", "title", "type")
    }
    press = next(d for d in documents if d["path"].endswith("press.txt"))
    assert press["pages"] == 2
    page = run(home, "show", press["doc_id"], "--page", "2", "--json")
    assert [p["page"] for p in page["pages"]] == [2]
    assert set(page["pages"][0]) >= {"page", "text", "bates", "exemptions", "ocr"}
    assert "287(g)" in page["pages"][0]["text"]
    assert page["tags"] == ["Press Releases"]
    stats = run(home, "stats", "--json")
    assert stats["documents"] == 2 and stats["pages"] == 7


def test_show_unknown_document_is_a_clear_error(built: tuple[Path, Path]) -> None:
    home, _ = built
    result = CliRunner().invoke(main, ["--home", str(home), "show", "0" * 16])
    assert result.exit_code == 1 and "no document" in result.output


def test_reindex_reads_no_original_file(tmp_path: Path, built: tuple[Path, Path]) -> None:
    home, folder = built
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    before = run(copy, "search", "opt out OR detainee", "--json")
    hidden = folder.with_name("hidden")
    folder.rename(hidden)
    try:
        report = run(copy, "reindex", "--json")
        assert report["documents"] == 2 and report["missing"] == []
        after = run(copy, "search", "opt out OR detainee", "--json")
    finally:
        hidden.rename(folder)
    assert [d["doc_id"] for d in after["documents"]] == [d["doc_id"] for d in before["documents"]]
    assert after["total_pages"] == before["total_pages"]


def test_search_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "empty"), "search", "x"])
    assert result.exit_code == 1 and "foia ingest" in result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name, command in main.commands.items():
        assert f"foia {name}" in readme or f"`{name}`" in readme, name
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert f"foia {name} {sub}" in readme, f"{name} {sub}"


def test_search_exact_and_what_an_empty_search_offers(built: tuple[Path, Path]) -> None:
    home, _ = built
    assert run(home, "search", "opting", "--json")["total_documents"] == 1
    exact = run(home, "search", "opting", "--exact", "--json")
    assert exact["total_documents"] == 0 and exact["exact"] is True
    assert exact["help"]["drop_filters"] == [
        {"name": "exact", "value": "exact spelling only", "documents": 1}
    ]
    result = CliRunner().invoke(main, ["--home", str(home), "search", "secrue counties"])
    assert result.exit_code == 0, result.output
    assert "0 documents, 0 pages" in result.output
    assert "no record holds: secrue" in result.output
    assert "try: secure counties  (1 document)" in result.output

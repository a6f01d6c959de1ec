"""Ingest: bad files reported, incremental re-ingest, changed and removed files, interruption."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.search.service import SearchRequest, search
from tests.conftest import CORPUS_DIR, Home, write_docs

PDF_DIR = CORPUS_DIR / "pdf"


def index_page_count(home: Home) -> int:
    return int(home.engine.searcher().doc_count())


def test_broken_files_are_reported_and_good_files_indexed(
    tmp_path: Path, home: Home, samples_dir: Path
) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(samples_dir / "broken", folder)
    shutil.copy(PDF_DIR / "ddrAnthonyJones.pdf", folder)
    write_docs(folder, {"note.txt": "A good note about Secure Communities."})
    report = home.ingest(folder)
    failed = {Path(item["path"]).name: item["error"] for item in report.failed}
    assert report.added == len(list(folder.iterdir())) - len(failed)
    assert {
        "pdfplumber_empty.pdf",
        "ocrmypdf_invalid.pdf",
        "pdfplumber_password-example.pdf",
    } <= set(failed)
    assert all("\n" not in error and len(error) < 300 for error in failed.values())
    assert "password" in failed["pdfplumber_password-example.pdf"]
    assert search(home.engine, home.store, SearchRequest('"Secure Communities"')).total_pages
    names = {Path(d["path"]).name for d in home.store.list_documents()}
    assert {"ddrAnthonyJones.pdf", "note.txt"} <= names


def test_cli_exit_code_is_zero_with_bad_files(tmp_path: Path, samples_dir: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "indexer",
            "--home",
            str(tmp_path / "h"),
            "ingest",
            str(samples_dir / "broken"),
            "--ocr",
            "off",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert '"failed"' in completed.stdout


def test_unchanged_files_are_skipped_and_changed_ones_replaced(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "d", {"a.txt": "alpha one", "b.txt": "bravo two"})
    first = home.ingest(folder)
    assert (first.added, first.unchanged) == (2, 0)
    again = home.ingest(folder)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    doc_ids = {d["path"]: d["doc_id"] for d in home.store.list_documents()}
    (folder / "a.txt").write_text("alpha changed three")
    changed = home.ingest(folder)
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 1)
    assert {d["path"]: d["doc_id"] for d in home.store.list_documents()} == doc_ids
    assert index_page_count(home) == 2
    assert search(home.engine, home.store, SearchRequest("three")).total_pages == 1
    assert search(home.engine, home.store, SearchRequest("one")).total_pages == 0


def test_manifest_change_updates_metadata_without_reextracting(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "m", {"a.txt": "alpha"})
    (folder / "manifest.csv").write_text("path,title,type\na.txt,First title,memo\n")
    home.ingest(folder)
    (folder / "manifest.csv").write_text("path,title,type\na.txt,Second title,letter\n")
    report = home.ingest(folder)
    assert report.updated == 1
    assert search(home.engine, home.store, SearchRequest("type:letter")).total_pages == 1
    assert home.store.list_documents()[0]["title"] == "Second title"


def test_prune_removes_only_files_gone_from_the_folder(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "p", {"a.txt": "alpha", "b.txt": "bravo"})
    home.ingest(folder)
    (folder / "b.txt").unlink()
    kept = home.ingest(folder)
    assert kept.removed == 0 and len(home.store.list_documents()) == 2
    pruned = home.ingest(folder, prune=True)
    assert pruned.removed == 1
    assert [Path(d["path"]).name for d in home.store.list_documents()] == ["a.txt"]
    assert search(home.engine, home.store, SearchRequest("bravo")).total_pages == 0


def test_walk_order_ignore_file_and_sidecars(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "w", {"b.txt": "bravo", "a.txt": "alpha", "README.md": "x"})
    (folder / ".foiaignore").write_text("README.md\n")
    (folder / "a.txt.meta.json").write_text('{"title": "From the sidecar", "source": "ICE"}')
    home.ingest(folder)
    documents = home.store.list_documents()
    assert [Path(d["path"]).name for d in documents] == ["a.txt", "b.txt"]
    assert documents[0]["title"] == "From the sidecar" and documents[0]["source"] == "ICE"


def test_form_feeds_split_text_files_into_pages(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "f", {"three.txt": "first page\fsecond page\fthird page"})
    home.ingest(folder)
    result = search(home.engine, home.store, SearchRequest("third"))
    assert [p.page for p in result.documents[0].pages] == [3]


def test_page_numbers_of_hits_match_pdftotext(tmp_path: Path, home: Home) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = PDF_DIR / "vector-pdf.pdf"
    home.ingest(pdf)
    result = search(home.engine, home.store, SearchRequest("Oklahoma", limit=1))
    pages = [p.page for p in result.documents[0].pages]
    assert pages
    for page in pages:
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Oklahoma" in text


def test_interrupted_ingest_is_finished_by_the_next_run(tmp_path: Path) -> None:
    home_dir = tmp_path / "home"
    folder = tmp_path / "many"
    write_docs(
        folder, {f"doc{n:03d}.txt": f"record {n} about interoperability" for n in range(300)}
    )
    for pdf in sorted(PDF_DIR.glob("*.pdf"))[:6]:
        shutil.copy(pdf, folder)
    command = [
        sys.executable,
        "-m",
        "indexer",
        "--home",
        str(home_dir),
        "ingest",
        str(folder),
        "--ocr",
        "off",
        "--workers",
        "2",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert '"failed": []' in finished.stdout
    home = Home(home_dir)
    try:
        documents = home.store.list_documents()
        assert len(documents) == 306
        assert index_page_count(home) == sum(d["pages"] for d in documents)
        hits = search(home.engine, home.store, SearchRequest("interoperability", limit=5))
        assert hits.total_pages == 300
        again = home.ingest(folder)
        assert again.unchanged == 306
    finally:
        home.close()

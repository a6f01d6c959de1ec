"""Shared fixtures: the repository's folders, the shared sample folder, built indexes."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from indexer.engines import DEFAULT_ENGINE, ENGINE_VARIABLE, ENGINES, open_engine
from indexer.ingest.pipeline import Ingest
from indexer.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
DATA_DIR = ROOT / "tests" / "data"
SHARED_DIR = ROOT.parent / "shared"
SAMPLES_DIR = SHARED_DIR / "corpus-samples"

# The keys DESIGN.md promises in each document of a search's JSON (CLI and web alike).
DOCUMENT_KEYS = {
    "doc_id",
    "title",
    "path",
    "type",
    "date",
    "source",
    "score",
    "duplicates",
    "pages",
}

# A few records of corpus/ under short names, and their manifest: the web and browser tests' corpus.
SAMPLE_RECORDS = {
    "press/000_70bb6ec659f4e9e2.txt": "press/opt-out.txt",
    "pdf/287gWSO_FinneyCoKs2020-03-17.pdf": "pdf/finney.pdf",
    "pdf/foia_detaineedeaths_2003_2017.pdf": "pdf/deaths.pdf",
    "pdf/nics-background-checks-2015-11.pdf": "pdf/nics.pdf",
}
SAMPLE_MANIFEST = [
    ["path", "title", "date", "type", "source", "url", "release"],
    [
        "press/opt-out.txt",
        'Despite Recent Tweaks, "Secure Communities" Still Flawed',
        "",
        "press release",
        "America's Voice",
        "https://example.org/press/opt-out",
        "",
    ],
    [
        "pdf/finney.pdf",
        "287(g) Memorandum of Agreement: Finney County",
        "2020-03-17",
        "agreement",
        "ICE",
        "",
        "ICE 287(g) agreements",
    ],
    [
        "pdf/deaths.pdf",
        "List of Deaths in ICE Custody, 2003 to 2017",
        "2017-06-05",
        "data table",
        "ICE",
        "",
        "ICE FOIA library",
    ],
    [
        "pdf/nics.pdf",
        "NICS Firearm Background Checks: November 2015",
        "2015-11",
        "data table",
        "DOJ/FBI",
        "",
        "",
    ],
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The conformance suite: a test marked `both_engines` that builds its index through the
    `search_engine` fixture runs once per engine, each with a home of its own."""
    if metafunc.definition.get_closest_marker("both_engines") is None:
        return
    if "search_engine" in metafunc.fixturenames:
        metafunc.parametrize("search_engine", sorted(ENGINES), indirect=True, scope="module")


@pytest.fixture(scope="module")
def search_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """The engine the module's homes are built with: each engine in turn for a module marked
    `both_engines`, else $FOIA_ENGINE or the default. Homes opened meanwhile use it."""
    name = getattr(request, "param", None) or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENGINE_VARIABLE, name)
        yield name


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """../shared/corpus-samples, or skip when this checkout has no shared folder beside it."""
    if not SAMPLES_DIR.is_dir():
        pytest.skip("../shared/corpus-samples is not present")
    return SAMPLES_DIR


def shared_sample(relative: str) -> Path:
    """../shared/corpus-samples/RELATIVE (pdf/NAME, html/NAME), or skip the test when absent."""
    path = SAMPLES_DIR / relative
    if not path.is_file():
        pytest.skip(f"shared sample not found: {path}")
    return path


def sample_pdf_texts(name: str) -> list[str]:
    """The text layer of each page of the shared sample pdf/NAME, as pdfium reads it (not our
    extractor); skips the test when the sample or pypdfium2 is absent."""
    path = shared_sample(f"pdf/{name}")
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


class Home:
    """A home folder with its store and index, for tests."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store = Store(path)
        self.engine = open_engine(path)

    def ingest(self, *paths: Path, **options: object):  # type: ignore[no-untyped-def]
        options.setdefault("workers", 2)
        options.setdefault("ocr", "off")
        prune = bool(options.pop("prune", False))
        run = Ingest(self.store, self.engine, **options)  # type: ignore[arg-type]
        return run.run(list(paths), prune=prune)

    def close(self) -> None:
        self.engine.close()
        self.store.close()


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    created = Home(tmp_path / "home")
    yield created
    created.close()


def copy_sample_records(folder: Path, columns: Sequence[str] = SAMPLE_MANIFEST[0]) -> Path:
    """Copies of SAMPLE_RECORDS in `folder`, with a manifest.csv of their `columns`; skips the
    test when corpus/ is missing. Returns the folder."""
    if not CORPUS_DIR.is_dir():
        pytest.skip("corpus/ is missing")
    for source, target in SAMPLE_RECORDS.items():
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS_DIR / source, folder / target)
    kept = [SAMPLE_MANIFEST[0].index(column) for column in columns]
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest:
        csv.writer(manifest).writerows([row[i] for i in kept] for row in SAMPLE_MANIFEST)
    return folder


def ingest_home(path: Path, *sources: Path) -> Any:
    """Ingest `sources` into a home at `path` (OCR off) and close it; the ingest report."""
    home = Home(path)
    try:
        return home.ingest(*sources)
    finally:
        home.close()


def doc_ids_by_name(home: Path) -> dict[str, str]:
    """doc_id by file name of the documents stored in `home`."""
    store = Store(home)
    try:
        return {Path(d["path"]).name: d["doc_id"] for d in store.list_documents()}
    finally:
        store.close()


def write_docs(folder: Path, docs: dict[str, str]) -> Path:
    """Write {file name: text} as files in `folder`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder

"""Shared fixtures: the repository's folders, the shared sample folder, built indexes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.engines import open_engine
from indexer.ingest.pipeline import Ingest
from indexer.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
DATA_DIR = ROOT / "tests" / "data"
SHARED_DIR = ROOT.parent / "shared"
SAMPLES_DIR = SHARED_DIR / "corpus-samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """../shared/corpus-samples, or skip when this checkout has no shared folder beside it."""
    if not SAMPLES_DIR.is_dir():
        pytest.skip("../shared/corpus-samples is not present")
    return SAMPLES_DIR


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


def write_docs(folder: Path, docs: dict[str, str]) -> Path:
    """Write {file name: text} as files in `folder`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder

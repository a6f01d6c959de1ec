"""Homes of the production tests, built once a session: the report corpus and the
redaction corpus ingested through the real pipeline. Tests copy a home before changing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ingest_home
from tests.productions import redaction_corpus, report_corpus


@pytest.fixture(scope="session")
def report_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("productions")
    report = ingest_home(root / "home", report_corpus.build(root / "corpus"))
    assert not report.failed
    return root / "home"


@pytest.fixture(scope="session")
def redaction_home(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[redaction_corpus.Expected]]:
    root = tmp_path_factory.mktemp("redactions")
    expected = redaction_corpus.build(root / "corpus", records=12, singles=4, seed=16)
    report = ingest_home(root / "home", root / "corpus")
    assert not report.failed
    return root / "home", expected

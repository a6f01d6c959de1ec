"""Fixtures of the library tests: a home with tags' and notes' accounts, built once a module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.indexer.test_annotations import Staff, build_home, open_copy


@pytest.fixture(scope="module")
def staff_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test_annotations.DOCS ingested, with its USERS accounts: copied by each test."""
    return build_home(tmp_path_factory.mktemp("staff"))


@pytest.fixture
def staff(staff_template: Path, tmp_path: Path) -> Iterator[Staff]:
    """A copy of the staff template of the test's own, open."""
    opened = open_copy(staff_template, tmp_path / "home")
    yield opened
    opened.home.close()

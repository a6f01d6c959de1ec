"""In real headless Chromium (issue 12): a batch waiting for its turn shows so, and its page
turns into the summary by itself once the batch has run (static/app.js asks how far it got)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from indexer.tools.batch import jobs
from indexer.tools.uploads import uploads_dir
from tests.browser.conftest import copy_with_staff, serving

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def served(
    browser_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    home = copy_with_staff(
        browser_home, tmp_path_factory.mktemp("progress") / "home", "alice", PASSWORD
    )
    with serving(home) as url:
        yield url, home


def test_a_batch_page_follows_its_batch_until_the_summary(
    page: Any, page_errors: list[str], served: tuple[str, Path]
) -> None:
    url, home = served
    page.goto(f"{url}/sign-in?next=/batch")
    page.fill("#name", "alice")
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/batch$"))
    with ExitStack() as places:  # two long batches of other users hold both places
        for number in range(jobs.MAX_RUNNING_BATCHES):
            lock = uploads_dir(home) / f"running-{number}.lock"
            assert places.enter_context(jobs._locked(lock, wait=True))
        page.fill("#batch-text", "Finney\nagreement\n")
        page.click(".batch-form button[type=submit]")
        page.wait_for_url(re.compile(r"/batch/[A-Za-z0-9_-]{22}$"))
        assert "Waiting for its turn" in page.inner_text(".batch-progress-text")
        assert page.locator("a.batch-refresh").count() == 1
        page.wait_for_timeout(1500)  # the script asks, and the batch still waits
        assert page.locator(".batch-table").count() == 0
    page.wait_for_selector(".batch-table", timeout=60_000)  # reloaded by the script
    assert page.locator(".batch-table tbody tr").count() == 2
    assert page_errors == []

"""In real headless Chromium (issue 15): staff drop files on the ingest page, upload them, and
the upload's page follows the ingest (waiting for its turn, then files and pages done) until
it turns into the result by itself, with what was added and what failed and why.

The uploads hold the loose files of a release, and a ZIP archive of them, which the ingest
reads as its members (`release.zip!/inner/name.pdf`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.tools.background import locked
from indexer.tools.intake.jobs import jobs_dir
from tests.browser.conftest import copy_with_staff, serving
from tests.conftest import CORPUS_DIR

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
RELEASE = [
    "senate-expenditures.pdf",
    "scotus-transcript-p1.pdf",
    "nics-background-checks-2015-11.pdf",
    "pr-88-example.pdf",
    "ddrAnthonyJones.pdf",
]
DROP = """(names) => {
  const zone = document.querySelector('[data-drop-zone]');
  const dropped = new DataTransfer();
  for (const name of names) {
    dropped.items.add(new File(['dropped ' + name + '\\n'], name, {type: 'text/plain'}));
  }
  const options = {dataTransfer: dropped, bubbles: true, cancelable: true};
  zone.dispatchEvent(new DragEvent('drop', options));
  return document.querySelector('#intake-files').files.length;
}"""


@pytest.fixture(scope="module")
def served(
    browser_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path, Path]]:
    base = tmp_path_factory.mktemp("intake")
    home = copy_with_staff(browser_home, base / "home", "alice", PASSWORD)
    release = base / "release"
    release.mkdir()
    for name in RELEASE:
        (release / name).write_bytes((CORPUS_DIR / "pdf" / name).read_bytes())
    (release / "damaged.pdf").write_bytes(b"%PDF-1.5\n1 0 obj << /Broken")
    with serving(home) as url:
        yield url, home, release


def sign_in(page: Any, url: str) -> None:
    page.goto(f"{url}/sign-in?next=/ingest")
    page.fill("#name", "alice")
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ingest$"))


def test_files_dropped_on_the_zone_go_into_the_form(
    page: Any, page_errors: list[str], served: tuple[str, Path, Path]
) -> None:
    url, _, _ = served
    sign_in(page, url)
    assert page.evaluate(DROP, ["memo one.txt", "memo two.txt"]) == 2
    assert page.inner_text("[data-drop-list]").split("\n") == ["memo one.txt", "memo two.txt"]
    assert page_errors == []


def test_an_upload_is_followed_to_its_result(
    page: Any, page_errors: list[str], served: tuple[str, Path, Path]
) -> None:
    url, home, release = served
    sign_in(page, url)
    page.set_input_files("#intake-files", sorted(str(path) for path in release.iterdir()))
    assert page.locator("[data-drop-list] li").count() == len(RELEASE) + 1
    with locked(jobs_dir(home) / "running.lock", wait=True):  # another upload runs
        page.click(".intake-form button[type=submit]")
        page.wait_for_url(re.compile(r"/ingest/[A-Za-z0-9_-]{22}$"))
        assert "Waiting for its turn" in page.inner_text(".intake-progress-text")
        page.wait_for_timeout(1200)  # the script asks, and the upload still waits
        assert page.locator(".intake-added").count() == 0
    page.wait_for_selector(".intake-added", timeout=180_000)  # reloaded by the script
    added = page.locator(".intake-added li").all_inner_texts()
    assert sorted(line.split(" ")[0] for line in added) == sorted(RELEASE)
    failed = page.inner_text(".intake-failed")
    assert failed.startswith("damaged.pdf:") and len(failed) > len("damaged.pdf: ")
    assert f"{len(RELEASE)} added, 0 updated" in page.inner_text(".notice")
    # Each document is a link to its page, and search finds it at once.
    page.click(".intake-added li a >> nth=0")
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{16}$"))
    assert page_errors == []


def test_the_progress_line_shows_files_and_pages_while_it_runs(
    page: Any, page_errors: list[str], served: tuple[str, Path, Path]
) -> None:
    url, home, release = served
    sign_in(page, url)
    # New names, so that every file is ingested again (the same bytes are taken from cache).
    renamed = release.parent / "again"
    renamed.mkdir(exist_ok=True)
    for path in release.iterdir():
        (renamed / f"again-{path.name}").write_bytes(path.read_bytes())
    page.set_input_files("#intake-files", sorted(str(path) for path in renamed.iterdir()))
    with locked(jobs_dir(home) / "running.lock", wait=True):
        page.click(".intake-form button[type=submit]")
        page.wait_for_url(re.compile(r"/ingest/[A-Za-z0-9_-]{22}$"))
        page.evaluate(
            """() => {
              window.sessionStorage.setItem('seen', '[]');
              const text = document.querySelector('.intake-progress-text');
              new MutationObserver(() => {
                const seen = JSON.parse(window.sessionStorage.getItem('seen'));
                seen.push(text.textContent);
                window.sessionStorage.setItem('seen', JSON.stringify(seen));
              }).observe(text, {childList: true, characterData: true, subtree: true});
            }"""
        )
    page.wait_for_selector(".intake-added, .intake-updated", timeout=180_000)
    seen = page.evaluate("JSON.parse(window.sessionStorage.getItem('seen') || '[]')")
    total = len(RELEASE) + 1
    shown = [
        text
        for text in seen
        if re.fullmatch(rf"\d+ of {total} files, \d+ pages, \d+ read by OCR.*", text)
    ]
    assert shown, seen  # the running ingest's progress was shown
    done = [int(text.split(" ")[0]) for text in shown]
    assert done == sorted(done)  # it only goes forward
    assert page_errors == []


def test_a_zip_archive_uploaded_is_ingested_as_its_members(
    page: Any, page_errors: list[str], served: tuple[str, Path, Path]
) -> None:
    url, _, release = served
    sign_in(page, url)
    archive = release.parent / "interim-release-3.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(release.iterdir()):
            if path.name != "damaged.pdf":
                zipped.write(path, f"production/{path.name}")
        # Damaged in its own way: the release's damaged.pdf failed before, and a file that
        # failed is not read again until it changes.
        zipped.writestr("production/damaged.pdf", b"%PDF-1.7\n1 0 obj << /Broken in a zip")
    page.set_input_files("#intake-files", [str(archive)])
    page.click(".intake-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ingest/[A-Za-z0-9_-]{22}$"))
    page.wait_for_selector(".intake-added, .intake-failed", timeout=180_000)
    added = page.locator(".intake-added li").all_inner_texts()
    assert len(added) == len(RELEASE)
    assert all("interim-release-3.zip!/production/" in line for line in added)
    assert "damaged.pdf" in page.inner_text(".intake-failed")
    assert page_errors == []

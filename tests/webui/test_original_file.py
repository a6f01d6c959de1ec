"""/doc/<id>/file serves only the bytes that were ingested (issue 12, defect 1: a file changed
or swapped for a link after ingest was served under the old ETag), and any file name."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.reading import webdata
from tests.conftest import CORPUS_DIR, Home, write_docs

MEMO = "A memo about the hibiscus shipment.\n" * 50
NEWLINE_NAME = "two\nlines.txt"
QUOTED_NAME = 'a"b;c.txt'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A home with four files ingested: (records folder, home, doc_id by file name)."""
    base = tmp_path_factory.mktemp("originals")
    folder = write_docs(
        base / "records",
        {"memo.txt": MEMO, NEWLINE_NAME: "A file name with a newline.", QUOTED_NAME: "Quotes."},
    )
    shutil.copyfile(CORPUS_DIR / "pdf" / "ddrAnthonyJones.pdf", folder / "report.pdf")
    home = Home(base / "home")
    try:
        report = home.ingest(folder, workers=1)
        assert report.added == 4 and not report.failed, report.failed
        ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    finally:
        home.close()
    return folder, base / "home", ids


@pytest.fixture()
def corpus(built: tuple[Path, Path, dict[str, str]]) -> Iterator[Path]:
    """The records folder; memo.txt is put back as it was ingested after each test."""
    folder = built[0]
    yield folder
    memo = folder / "memo.txt"
    memo.unlink(missing_ok=True)
    memo.write_text(MEMO, encoding="utf-8")


@pytest.fixture()
def ids(built: tuple[Path, Path, dict[str, str]]) -> dict[str, str]:
    return built[2]


@pytest.fixture()
def client(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path, make_app: Callable[..., Flask]
) -> Iterator[FlaskClient]:
    app = make_app(built[1], PAGE_CACHE_DIR=str(tmp_path / "cache"))
    with app.test_client() as test_client:
        yield test_client


def test_an_unchanged_file_is_served_with_its_etag_and_ranges(
    client: FlaskClient, ids: dict[str, str], corpus: Path
) -> None:
    url = f"/doc/{ids['report.pdf']}/file"
    response = client.get(url)
    original = (corpus / "report.pdf").read_bytes()
    assert response.status_code == 200 and response.data == original
    assert response.content_length == len(original)
    assert response.headers["Content-Disposition"] == "attachment; filename=report.pdf"
    etag = response.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    part = client.get(url, headers={"Range": "bytes=0-4"})
    assert (part.status_code, part.data) == (206, b"%PDF-")


def test_a_changed_file_is_refused_as_changed_since_ingest(
    client: FlaskClient, ids: dict[str, str], corpus: Path
) -> None:
    url = f"/doc/{ids['memo.txt']}/file"
    assert client.get(url).data == MEMO.encode()
    memo = corpus / "memo.txt"
    before = memo.stat()
    # Same size, same modification time: only the content (and the inode's ctime) differs.
    memo.write_text(MEMO.replace("hibiscus", "mandrake"), encoding="utf-8")
    os.utime(memo, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = client.get(url)
    assert changed.status_code == 409
    assert "changed since ingest" in changed.get_data(as_text=True)
    assert b"mandrake" not in changed.data
    memo.write_text(MEMO, encoding="utf-8")
    assert client.get(url).data == MEMO.encode()


def test_a_file_swapped_for_a_link_is_never_served(
    client: FlaskClient, ids: dict[str, str], corpus: Path
) -> None:
    url = f"/doc/{ids['memo.txt']}/file"
    (corpus / "memo.txt").unlink()
    (corpus / "memo.txt").symlink_to("/etc/passwd")
    response = client.get(url)
    assert response.status_code == 409
    assert b"root:" not in response.data and b"/etc/passwd" not in response.data


@pytest.mark.timeout(60)
def test_a_missing_file_or_a_pipe_in_its_place_is_404(
    client: FlaskClient, ids: dict[str, str], corpus: Path
) -> None:
    url = f"/doc/{ids['memo.txt']}/file"
    (corpus / "memo.txt").unlink()
    assert client.get(url).status_code == 404
    os.mkfifo(corpus / "memo.txt")
    assert client.get(url).status_code == 404


def test_a_big_file_is_hashed_once_while_it_is_unchanged(
    client: FlaskClient, ids: dict[str, str], corpus: Path
) -> None:
    url = f"/doc/{ids['report.pdf']}/file"
    path = str((corpus / "report.pdf").resolve())
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert [key for key in webdata._hashes if key[0] == path] != []
    assert len([key for key in webdata._hashes if key[0] == path]) == 1


def test_file_names_with_a_newline_or_quotes_are_sent_safely(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    response = client.get(f"/doc/{ids[NEWLINE_NAME]}/file")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=two_lines.txt"
    assert response.data == b"A file name with a newline."
    quoted = client.get(f"/doc/{ids[QUOTED_NAME]}/file")
    assert quoted.status_code == 200
    assert quoted.headers["Content-Disposition"] == 'attachment; filename="a\\"b;c.txt"'
    page = client.get(f"/doc/{ids[NEWLINE_NAME]}")
    assert page.status_code == 200

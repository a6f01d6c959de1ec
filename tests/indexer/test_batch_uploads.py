"""Uploaded terms files: kept as sent, handed back only to their sender, pruned after a while."""

from __future__ import annotations

import os
import time
from pathlib import Path

from indexer.tools.uploads import (
    KEEP_SECONDS,
    load_upload,
    prune_uploads,
    save_upload,
    uploads_dir,
)


def test_an_upload_comes_back_as_sent_to_its_sender_only(tmp_path: Path) -> None:
    data = b"label\tdetention\n\xe9t\xe9\n"  # not UTF-8: kept as bytes
    upload = save_upload(tmp_path, "Alice", "C:\\Users\\a\\terms\x07.txt", data)
    assert upload.file_name == "terms.txt"
    found = load_upload(tmp_path, upload.batch_id, "alice")
    assert found is not None and found.data == data and found.user_name == "Alice"
    assert load_upload(tmp_path, upload.batch_id, "bob") is None
    other = save_upload(tmp_path, "alice", "", b"x")
    assert other.batch_id != upload.batch_id


def test_ids_that_are_not_ours_are_refused(tmp_path: Path) -> None:
    upload = save_upload(tmp_path, "alice", "t.txt", b"detention")
    for batch_id in ("../../secret_key", "", upload.batch_id + "x", "a" * 22):
        assert load_upload(tmp_path, batch_id, "alice") is None
    (uploads_dir(tmp_path) / f"{upload.batch_id}.json").write_text("{not json")
    assert load_upload(tmp_path, upload.batch_id, "alice") is None


def test_old_uploads_are_pruned(tmp_path: Path) -> None:
    old = save_upload(tmp_path, "alice", "old.txt", b"detention")
    new = save_upload(tmp_path, "alice", "new.txt", b"custody")
    long_ago = time.time() - KEEP_SECONDS - 60
    for suffix in (".terms", ".json"):
        os.utime(uploads_dir(tmp_path) / f"{old.batch_id}{suffix}", (long_ago, long_ago))
    assert prune_uploads(tmp_path) == 1
    assert load_upload(tmp_path, old.batch_id, "alice") is None
    assert load_upload(tmp_path, new.batch_id, "alice") is not None
    assert prune_uploads(tmp_path / "nowhere") == 0

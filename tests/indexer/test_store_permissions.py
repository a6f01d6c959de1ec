"""The database holds password hashes, feed tokens and notes: only its owner may read it
(issue 12, defect 10a: foia.sqlite3 was created readable by every local user)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from indexer.store.database import DATABASE_NAME, Store
from indexer.store.users import add_user


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_home_and_its_database_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual umask, which made the file 0644
    try:
        home = tmp_path / "parent" / "home"
        store = Store(home)
        try:
            add_user(store, "alice", "staff", "correct horse battery")
            database = home / DATABASE_NAME
            assert mode_of(home) == 0o700
            assert mode_of(database) == 0o600
            # SQLite gives its write-ahead log and shared-memory files the database's mode.
            for suffix in ("-wal", "-shm"):
                side = database.with_name(DATABASE_NAME + suffix)
                assert side.exists() and mode_of(side) == 0o600, suffix
        finally:
            store.close()
    finally:
        os.umask(old_umask)


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    home = tmp_path / "shared-home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    Store(home).close()
    assert mode_of(home) == 0o755
    assert mode_of(home / DATABASE_NAME) == 0o600


def test_a_readable_database_from_an_earlier_version_is_made_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).close()
    database = home / DATABASE_NAME
    database.chmod(0o644)
    store = Store(home)
    try:
        assert mode_of(database) == 0o600
        add_user(store, "bob", "staff", "correct horse battery")
        assert mode_of(database.with_name(DATABASE_NAME + "-wal")) == 0o600
    finally:
        store.close()

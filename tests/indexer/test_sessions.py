"""Sessions kept in the database (issue 12, defect 3): signing out ends one session, "sign
out everywhere" all of an account's, disuse and age end them, and the database holds no
token that would open one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from indexer.store.database import Store
from indexer.store.sessions import (
    SESSION_IDLE_LIMIT,
    SESSION_MAX_AGE,
    TOUCH_INTERVAL,
    count_sessions,
    end_session,
    end_sessions,
    open_session,
    user_for_session,
)
from indexer.store.users import User, UserNotFound, add_user, set_password

PASSWORD = "correct horse battery"
NOON = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "home")
    yield opened
    opened.close()


@pytest.fixture
def sam(store: Store) -> User:
    add_user(store, "ada", "admin", PASSWORD)
    return add_user(store, "sam", "staff", PASSWORD)


def name_of(store: Store, token: str, now: datetime | None = None) -> str | None:
    user = user_for_session(store, token, now)
    return user.name if user else None


def test_signing_out_ends_that_session_only(store: Store, sam: User) -> None:
    laptop, phone = open_session(store, sam), open_session(store, sam)
    assert laptop != phone
    assert name_of(store, laptop) == name_of(store, phone) == "sam"
    end_session(store, laptop)
    assert name_of(store, laptop) is None
    assert name_of(store, phone) == "sam"
    end_session(store, laptop)  # twice: nothing more happens
    assert count_sessions(store) == {"sam": 1}


def test_signing_out_everywhere_ends_every_session_of_the_account(store: Store, sam: User) -> None:
    tokens = [open_session(store, sam) for _ in range(3)]
    admins = open_session(store, User("ada", "admin", True, ""))
    assert count_sessions(store) == {"ada": 1, "sam": 3}
    assert end_sessions(store, "SAM") == 3
    assert [name_of(store, token) for token in tokens] == [None, None, None]
    assert name_of(store, admins) == "ada"
    assert end_sessions(store, "sam") == 0
    with pytest.raises(UserNotFound):
        end_sessions(store, "ghost")
    # A new sign-in opens a new session.
    assert name_of(store, open_session(store, sam)) == "sam"


def test_sessions_end_after_disuse_or_age(store: Store, sam: User) -> None:
    idle = open_session(store, sam, now=NOON)
    assert name_of(store, idle, NOON + SESSION_IDLE_LIMIT - timedelta(seconds=1)) == "sam"
    # That use was recorded: the week of disuse counts again from there.
    later = NOON + SESSION_IDLE_LIMIT * 2 - timedelta(seconds=2)
    assert name_of(store, idle, later) == "sam"
    assert name_of(store, idle, later + SESSION_IDLE_LIMIT + timedelta(seconds=1)) is None
    assert name_of(store, idle, later) is None  # ended for good, whatever the clock says
    # Used every day, a session still ends at its maximum age.
    daily = open_session(store, sam, now=NOON)
    day = NOON
    while day + timedelta(days=1) < NOON + SESSION_MAX_AGE:
        day += timedelta(days=1)
        assert name_of(store, daily, day) == "sam", day
    assert name_of(store, daily, NOON + SESSION_MAX_AGE + timedelta(seconds=1)) is None


def test_a_session_in_use_is_recorded_at_most_every_few_minutes(store: Store, sam: User) -> None:
    token = open_session(store, sam, now=NOON)

    def last_seen() -> str:
        return str(store.query("SELECT last_seen_at FROM sessions")[0][0])

    opened_at = last_seen()
    assert name_of(store, token, NOON + TOUCH_INTERVAL - timedelta(seconds=1)) == "sam"
    assert last_seen() == opened_at
    assert name_of(store, token, NOON + TOUCH_INTERVAL + timedelta(seconds=1)) == "sam"
    assert last_seen() > opened_at


def test_a_password_change_ends_sessions_opened_before_it(store: Store, sam: User) -> None:
    before = open_session(store, sam)
    set_password(store, "sam", "a new password")
    # `sam` was read before the change: the session opened now still belongs to the new
    # password, never to the old one.
    after = open_session(store, sam)
    assert name_of(store, before) is None
    assert name_of(store, after) == "sam"
    assert store.query("SELECT count(*) FROM sessions")[0][0] == 1  # the dead one was deleted


def test_the_database_holds_no_token_and_forged_tokens_open_nothing(
    store: Store, sam: User
) -> None:
    token = open_session(store, sam)
    stored = [value for row in store.query("SELECT * FROM sessions") for value in tuple(row)]
    assert not any(token in str(value) for value in stored)
    (session_key,) = (row[0] for row in store.query("SELECT session_key FROM sessions"))
    for forged in (session_key, "1:sam", "", "x" * 10_000, token[:-1], token + "x"):
        assert name_of(store, forged) is None, forged
    assert name_of(store, token) == "sam"

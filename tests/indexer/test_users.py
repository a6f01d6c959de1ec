"""Accounts: scrypt hashes, roles, enabling, the last admin, sessions, throttled sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from indexer.store.database import Store
from indexer.store.sessions import open_session, user_for_session
from indexer.store.throttle import (
    FAILURES_BEFORE_LOCK,
    LOCK_SECONDS,
    MAX_LOCK_SECONDS,
    throttle_remaining,
)
from indexer.store.users import (
    PermissionDenied,
    SignInError,
    SignInThrottled,
    UserError,
    add_user,
    get_user,
    list_users,
    require_editor,
    set_enabled,
    set_password,
    set_role,
    sign_in,
    verify_password,
)

PASSWORD = "correct horse battery"
NOON = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "home")
    yield opened
    opened.close()


def test_passwords_are_stored_as_scrypt_hashes_only(store: Store) -> None:
    user = add_user(store, "alice", "staff", PASSWORD)
    assert (user.name, user.role, user.is_enabled) == ("alice", "staff", True)
    (row,) = store.query("SELECT password_hash FROM users")
    assert row[0].startswith("scrypt:") and PASSWORD not in row[0]
    assert verify_password(store, "alice", PASSWORD) == get_user(store, "alice")
    assert verify_password(store, "alice", PASSWORD + "x") is None
    assert verify_password(store, "nobody", PASSWORD) is None


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("alice", "owner", PASSWORD, "role 'owner'"),
        ("al ice", "staff", PASSWORD, "user name"),
        ("", "staff", PASSWORD, "user name"),
        ("-alice", "staff", PASSWORD, "user name"),
        ("a" * 65, "staff", PASSWORD, "user name"),
        ("alice", "staff", "short", "8 to 1024"),
        ("alice", "staff", "x" * 1025, "8 to 1024"),
    ],
)
def test_bad_accounts_are_refused(
    store: Store, name: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        add_user(store, name, role, password)
    assert list_users(store) == []


def test_names_are_unique_whatever_their_case(store: Store) -> None:
    add_user(store, "Alice", "staff", PASSWORD)
    with pytest.raises(UserError, match="already exists"):
        add_user(store, "alice", "admin", PASSWORD)
    assert get_user(store, "ALICE") is not None
    assert [u.name for u in list_users(store)] == ["Alice"]


def test_roles_decide_what_a_user_may_do(store: Store) -> None:
    viewer = add_user(store, "vic", "viewer", PASSWORD)
    staff = add_user(store, "sam", "staff", PASSWORD)
    admin = add_user(store, "ada", "admin", PASSWORD)
    assert [(u.can_edit, u.can_read_notes, u.can_manage_users) for u in (viewer, staff, admin)] == [
        (False, False, False),
        (True, True, False),
        (True, True, True),
    ]
    assert require_editor(staff) is staff
    for refused in (viewer, None):
        with pytest.raises(PermissionDenied):
            require_editor(refused)
    disabled = set_enabled(store, "sam", False)
    assert not disabled.can_edit
    with pytest.raises(PermissionDenied):
        require_editor(disabled)


def test_disabled_accounts_cannot_sign_in_until_enabled(store: Store) -> None:
    add_user(store, "ada", "admin", PASSWORD)
    add_user(store, "sam", "staff", PASSWORD)
    set_enabled(store, "sam", False)
    assert verify_password(store, "sam", PASSWORD) is None
    with pytest.raises(SignInError):
        sign_in(store, "sam", PASSWORD, now=NOON)
    set_enabled(store, "sam", True)
    assert sign_in(store, "sam", PASSWORD, now=NOON).name == "sam"


def test_the_last_enabled_admin_is_kept(store: Store) -> None:
    add_user(store, "ada", "admin", PASSWORD)
    with pytest.raises(UserError, match="last enabled admin"):
        set_enabled(store, "ada", False)
    with pytest.raises(UserError, match="last enabled admin"):
        set_role(store, "ada", "staff")
    add_user(store, "bea", "admin", PASSWORD)
    assert set_role(store, "ada", "staff").role == "staff"
    with pytest.raises(UserError, match="last enabled admin"):
        set_enabled(store, "bea", False)


def test_sessions_end_when_the_password_changes_or_the_account_is_disabled(store: Store) -> None:
    add_user(store, "ada", "admin", PASSWORD)
    sam = add_user(store, "sam", "staff", PASSWORD)
    token = open_session(store, sam)
    assert user_for_session(store, token) == get_user(store, "sam")
    set_password(store, "sam", "a new password")
    assert user_for_session(store, token) is None
    assert verify_password(store, "sam", PASSWORD) is None
    renewed = verify_password(store, "sam", "a new password")
    assert renewed is not None
    token = open_session(store, renewed)
    assert user_for_session(store, token) == renewed
    set_enabled(store, "sam", False)
    assert user_for_session(store, token) is None
    set_enabled(store, "sam", True)
    assert user_for_session(store, token) is None  # a new sign-in is needed
    assert user_for_session(store, "garbage") is None


def test_unknown_accounts_cannot_be_changed(store: Store) -> None:
    for change in (
        lambda: set_enabled(store, "ghost", True),
        lambda: set_role(store, "ghost", "staff"),
        lambda: set_password(store, "ghost", PASSWORD),
    ):
        with pytest.raises(UserError, match="no user 'ghost'"):
            change()


def test_failed_sign_ins_lock_the_name_for_a_while(store: Store) -> None:
    add_user(store, "sam", "staff", PASSWORD)
    for attempt in range(FAILURES_BEFORE_LOCK):
        with pytest.raises(SignInError) as caught:
            sign_in(store, "sam", "wrong password", now=NOON + timedelta(seconds=attempt))
        assert not isinstance(caught.value, SignInThrottled)
    locked_at = NOON + timedelta(seconds=FAILURES_BEFORE_LOCK - 1)
    # Locked: even the right password is refused, and says for how long.
    with pytest.raises(SignInThrottled) as throttled:
        sign_in(store, "sam", PASSWORD, now=locked_at + timedelta(seconds=1))
    assert throttled.value.retry_after == LOCK_SECONDS - 1
    assert throttle_remaining(store, "SAM", locked_at) == LOCK_SECONDS
    # One more failure after the lock doubles it.
    later = locked_at + timedelta(seconds=LOCK_SECONDS + 1)
    with pytest.raises(SignInError):
        sign_in(store, "sam", "wrong again", now=later)
    assert throttle_remaining(store, "sam", later) == 2 * LOCK_SECONDS
    # Once the lock is over, the right password works and clears the count.
    after = later + timedelta(seconds=2 * LOCK_SECONDS)
    assert sign_in(store, "sam", PASSWORD, now=after).name == "sam"
    assert throttle_remaining(store, "sam", after) == 0
    with pytest.raises(SignInError) as fresh:
        sign_in(store, "sam", "wrong", now=after)
    assert not isinstance(fresh.value, SignInThrottled)


def test_unknown_names_are_throttled_like_known_ones(store: Store) -> None:
    for attempt in range(FAILURES_BEFORE_LOCK):
        with pytest.raises(SignInError):
            sign_in(store, "ghost", "whatever1", now=NOON + timedelta(seconds=attempt))
    with pytest.raises(SignInThrottled):
        sign_in(store, "ghost", "whatever1", now=NOON + timedelta(seconds=10))


def test_locks_never_exceed_the_maximum_and_old_failures_are_forgotten(store: Store) -> None:
    now = NOON
    for _ in range(FAILURES_BEFORE_LOCK + 6):
        now += timedelta(seconds=throttle_remaining(store, "sam", now))
        with pytest.raises(SignInError):
            sign_in(store, "sam", "wrong password", now=now)
    assert throttle_remaining(store, "sam", now) == MAX_LOCK_SECONDS
    much_later = now + timedelta(days=1)
    with pytest.raises(SignInError) as caught:
        sign_in(store, "sam", "wrong password", now=much_later)
    assert not isinstance(caught.value, SignInThrottled)
    assert throttle_remaining(store, "sam", much_later) == 0

"""Sign-in throttling per account and per client address (issue 12, defect 9): parallel
attempts check no more passwords than the limit, and a stranger's failures never lock the
real user out from a client that has not failed."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from indexer.store.database import Store
from indexer.store.throttle import (
    CLIENT_FAILURES_BEFORE_LOCK,
    FAILURES_BEFORE_LOCK,
    LOCK_SECONDS,
    client_key,
    throttle_remaining,
)
from indexer.store.users import SignInError, SignInThrottled, add_user, sign_in

PASSWORD = "correct horse battery"
NOON = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    store = Store(tmp_path / "home")
    try:
        add_user(store, "ada", "admin", PASSWORD)
        add_user(store, "sam", "staff", PASSWORD)
    finally:
        store.close()
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store(home)
    yield opened
    opened.close()


def outcome(
    store: Store, name: str, password: str, now: datetime | None = None, client: str = OFFICE
) -> str:
    """ "signed in", "refused" (the password was checked) or "throttled" (it was not)."""
    try:
        sign_in(store, name, password, now, client=client)
    except SignInThrottled:
        return "throttled"
    except SignInError:
        return "refused"
    return "signed in"


def in_parallel(home: Path, attempts: list[tuple[str, str, str]]) -> Counter[str]:
    """Each (name, password, client) from its own thread and its own database connection,
    all released at once: the outcomes counted."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []

    def attempt(name: str, password: str, client: str) -> None:
        store = Store(home)
        try:
            barrier.wait()
            outcomes.append(outcome(store, name, password, client=client))
        finally:
            store.close()

    threads = [threading.Thread(target=attempt, args=args) for args in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == len(attempts)
    return Counter(outcomes)


def test_forty_parallel_attempts_check_at_most_five_passwords(home: Path, store: Store) -> None:
    attempts = [("ada", f"guess number {n}", ATTACKER) for n in range(40)]
    outcomes = in_parallel(home, attempts)
    assert outcomes == {"refused": FAILURES_BEFORE_LOCK, "throttled": 40 - FAILURES_BEFORE_LOCK}
    # The attacker cannot try even the right password now ...
    assert outcome(store, "ada", PASSWORD, client=ATTACKER) == "throttled"
    assert throttle_remaining(store, "ada", client=ATTACKER) > 0
    # ... and the admin signs in from the office, which has not failed.
    assert throttle_remaining(store, "ada", client=OFFICE) == 0
    assert sign_in(store, "ada", PASSWORD, client=OFFICE).name == "ada"
    # Which leaves the attacker locked.
    assert outcome(store, "ada", PASSWORD, client=ATTACKER) == "throttled"


def test_forty_parallel_attempts_on_forty_names_stop_at_the_client_limit(home: Path) -> None:
    attempts = [(f"user{n}", "a wrong password", ATTACKER) for n in range(40)]
    outcomes = in_parallel(home, attempts)
    assert outcomes == {
        "refused": CLIENT_FAILURES_BEFORE_LOCK,
        "throttled": 40 - CLIENT_FAILURES_BEFORE_LOCK,
    }


def test_a_client_over_its_own_limit_cannot_try_any_name(store: Store) -> None:
    # Spraying one password over many names: each name is far from its own limit.
    for n in range(CLIENT_FAILURES_BEFORE_LOCK):
        when = NOON + timedelta(seconds=n)
        assert outcome(store, f"n{n}", "password1", when, client=ATTACKER) == ("refused")
    later = NOON + timedelta(seconds=CLIENT_FAILURES_BEFORE_LOCK)
    for name, password in (("sam", PASSWORD), ("never-tried", "password1")):
        attempt = outcome(store, name, password, later, client=ATTACKER)
        assert attempt == "throttled", name
    assert sign_in(store, "sam", PASSWORD, later, client=OFFICE).name == "sam"
    # The lock ends: one more failure locks again, for twice as long.
    after = later + timedelta(seconds=LOCK_SECONDS)
    assert outcome(store, "x", "password1", after, client=ATTACKER) == "refused"
    assert throttle_remaining(store, "sam", after, client=ATTACKER) == 2 * LOCK_SECONDS


def test_a_locked_account_gives_each_new_client_one_guess(store: Store) -> None:
    for n in range(FAILURES_BEFORE_LOCK):
        when = NOON + timedelta(seconds=n)
        assert outcome(store, "sam", "wrong one", when, client=ATTACKER) == ("refused")
    now = NOON + timedelta(seconds=10)
    # A second address of the attacker's guesses once, then is locked like the first.
    second = "192.0.2.99"
    assert outcome(store, "sam", "wrong two", now, client=second) == "refused"
    assert outcome(store, "sam", PASSWORD, now, client=second) == "throttled"
    # The real user's client has not failed: the right password works, and counts nothing.
    assert sign_in(store, "sam", PASSWORD, now, client=OFFICE).name == "sam"
    assert throttle_remaining(store, "sam", now, client=OFFICE) == 0
    # Other accounts are not locked for the attacker's clients (below the client limit).
    assert sign_in(store, "ada", PASSWORD, now, client=ATTACKER).name == "ada"


def test_a_success_takes_back_only_that_clients_failures(store: Store) -> None:
    for n in range(FAILURES_BEFORE_LOCK - 1):
        when = NOON + timedelta(seconds=n)
        outcome(store, "sam", "typo typo", when, client=OFFICE)
    now = NOON + timedelta(seconds=10)
    assert sign_in(store, "sam", PASSWORD, now, client=OFFICE).name == "sam"
    # The office's typos are forgotten: four failures from elsewhere do not lock sam.
    for n in range(FAILURES_BEFORE_LOCK - 1):
        when = now + timedelta(seconds=n)
        assert outcome(store, "sam", "wrong", when, client=ATTACKER) == "refused"
    last = now + timedelta(seconds=FAILURES_BEFORE_LOCK)
    assert outcome(store, "sam", "wrong", last, client=ATTACKER) == "refused"
    assert outcome(store, "sam", PASSWORD, last, client=ATTACKER) == "throttled"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        (None, "local"),
        ("", "local"),
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # the same /64: one client
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 written as IPv6
        ("unix-socket", "unix-socket"),
    ],
)
def test_clients_are_counted_by_address(address: str | None, key: str) -> None:
    assert client_key(address) == key


def test_an_ipv6_client_cannot_escape_by_changing_its_host_part(store: Store) -> None:
    for n in range(FAILURES_BEFORE_LOCK):
        address = f"2001:db8:5:6::{n + 1:x}"
        when = NOON + timedelta(seconds=n)
        assert outcome(store, "sam", "wrong", when, client=address) == "refused"
    later = NOON + timedelta(seconds=10)
    fresh_host = "2001:db8:5:6::abcd"
    assert outcome(store, "sam", PASSWORD, later, client=fresh_host) == ("throttled")

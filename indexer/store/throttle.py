"""Sign-in throttling: failures counted per account and per client address, checked atomically.

Every attempt is counted as a failure *before* its password is checked, in one write
transaction (BEGIN IMMEDIATE) that also decides whether it may run at all, so that parallel
attempts cannot check more passwords than the limit; a success then takes that client's
failures on that account back.

- A client address with CLIENT_FAILURES_BEFORE_LOCK failures, whatever the names, cannot try
  at all for a while.
- An account with FAILURES_BEFORE_LOCK failures, from any clients, is locked for the clients
  that failed on it. A client that has not failed on it still gets its attempt, so that a
  stranger's wrong guesses never lock the real user (an admin included) out; a failure then
  locks that client too, so each new address gets one guess per lock.

A lock lasts LOCK_SECONDS after the latest failure, twice as long for each further failure,
up to MAX_LOCK_SECONDS; failures older than FAILURE_MEMORY are forgotten. Names are counted
whether or not an account has them, so that the answer never tells whether one exists.
"""

from __future__ import annotations

import ipaddress
import sqlite3
from datetime import UTC, datetime, timedelta

from indexer.store.database import Store

FAILURES_BEFORE_LOCK = 5
# Higher than the per-account limit: colleagues behind one office address share it.
CLIENT_FAILURES_BEFORE_LOCK = 20
LOCK_SECONDS = 60
MAX_LOCK_SECONDS = 15 * 60
FAILURE_MEMORY = timedelta(hours=1)
# The client of a sign-in that names none (the library called directly).
LOCAL_CLIENT = "local"
# An IPv6 client is counted by its /64 network: one host is usually given a whole /64.
IPV6_PREFIX = 64


def name_key(name: str) -> str:
    """What a sign-in name is counted under: case and surrounding spaces do not count."""
    return name.strip().casefold()[:128]


def client_key(address: str | None) -> str:
    """What a client address is counted under: the address, an IPv6 one by its network."""
    if not address:
        return LOCAL_CLIENT
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:128]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)


def _stamp(moment: datetime) -> str:
    # One fixed format, so that stamps compare as text in SQL.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _lock_left(failures: int, last: str | None, limit: int, now: datetime) -> int:
    """Seconds left of the lock that `failures` (the latest at `last`) put on, 0 if none."""
    if failures < limit or last is None:
        return 0
    seconds = min(LOCK_SECONDS * 2 ** min(failures - limit, 16), MAX_LOCK_SECONDS)
    left = (datetime.fromisoformat(last) + timedelta(seconds=seconds) - now).total_seconds()
    return max(0, int(left + 0.999))


def _wait(db: sqlite3.Connection, name: str, client: str, now: datetime) -> int:
    """Seconds before `client` may try `name` (0: now), read inside the caller's transaction."""
    since = _stamp(now - FAILURE_MEMORY)
    failures, last = db.execute(
        "SELECT coalesce(sum(failures), 0), max(last_failure_at) FROM failed_sign_ins"
        " WHERE client_key = ? AND last_failure_at >= ?",
        (client, since),
    ).fetchone()
    client_wait = _lock_left(int(failures), last, CLIENT_FAILURES_BEFORE_LOCK, now)
    if client_wait:
        return client_wait
    has_failed = db.execute(
        "SELECT 1 FROM failed_sign_ins WHERE name_key = ? AND client_key = ?"
        " AND last_failure_at >= ?",
        (name, client, since),
    ).fetchone()
    if has_failed is None:
        return 0
    failures, last = db.execute(
        "SELECT coalesce(sum(failures), 0), max(last_failure_at) FROM failed_sign_ins"
        " WHERE name_key = ? AND last_failure_at >= ?",
        (name, since),
    ).fetchone()
    return _lock_left(int(failures), last, FAILURES_BEFORE_LOCK, now)


def throttle_remaining(
    store: Store, name: str, now: datetime | None = None, *, client: str | None = None
) -> int:
    """Seconds before `client` (an address; None: LOCAL_CLIENT) may try to sign in as `name`
    again (0: now)."""
    now = now or datetime.now(UTC)
    with store.transaction() as db:  # the store's lock: its connection is shared by threads
        return _wait(db, name_key(name), client_key(client), now)


def reserve_attempt(store: Store, name: str, client: str | None, now: datetime) -> int:
    """Count an attempt as a failure if it may run now, and return 0; otherwise return the
    seconds to wait, counting nothing. One write transaction: parallel callers queue."""
    key, address = name_key(name), client_key(client)
    with store.transaction() as db:
        db.execute(
            "DELETE FROM failed_sign_ins WHERE last_failure_at < ?",
            (_stamp(now - FAILURE_MEMORY),),
        )
        wait = _wait(db, key, address, now)
        if wait:
            return wait
        db.execute(
            "INSERT INTO failed_sign_ins (name_key, client_key, failures, last_failure_at)"
            " VALUES (?, ?, 1, ?) ON CONFLICT (name_key, client_key) DO UPDATE SET"
            " failures = failures + 1, last_failure_at = excluded.last_failure_at",
            (key, address, _stamp(now)),
        )
    return 0


def clear_failures(store: Store, name: str, client: str | None) -> None:
    """Forget `client`'s failures on `name` (after it signed in), the reserved attempt too."""
    with store.transaction() as db:
        db.execute(
            "DELETE FROM failed_sign_ins WHERE name_key = ? AND client_key = ?",
            (name_key(name), client_key(client)),
        )

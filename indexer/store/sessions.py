"""Web sessions kept in the database: opened at sign-in, ended by signing out, by an admin's
"sign out everywhere", by a password change, by disabling the account, or by disuse.

The signed session cookie holds only a random token. The database keeps the token's SHA-256
(so a copy of the database opens no session), whose session it is, and the account's
`session_version` when it opened. A session that ended here is over for every copy of its
cookie: signing out ends this browser's session only, "sign out everywhere" every one.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta

from indexer.store.database import Store
from indexer.store.users import User, UserNotFound, get_user

# A session unused this long ends; so does any session this old, used or not.
SESSION_IDLE_LIMIT = timedelta(days=7)
SESSION_MAX_AGE = timedelta(days=30)
# How often a session in use records that it was seen (not on every request: that would
# be a write per page view).
TOUCH_INTERVAL = timedelta(minutes=5)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _stamp(moment: datetime) -> str:
    # One fixed format, so that stamps compare as text in SQL.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _forget_ended(db: sqlite3.Connection, now: datetime) -> None:
    """Delete the sessions that have ended: too old, unused too long, or opened before the
    account's password changed or it was disabled."""
    db.execute(
        "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ? OR session_version !="
        " coalesce((SELECT session_version FROM users WHERE users.name = sessions.user_name),"
        " -1)",
        (_stamp(now - SESSION_IDLE_LIMIT), _stamp(now - SESSION_MAX_AGE)),
    )


def open_session(store: Store, user: User, now: datetime | None = None) -> str:
    """A new session for `user` (just signed in): the token its cookie is to hold."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with store.transaction() as db:
        _forget_ended(db, now)
        # The version stored now, not the one `user` was read with: a password changed in
        # between ends this session too.
        db.execute(
            "INSERT INTO sessions (session_key, user_name, session_version, created_at,"
            " last_seen_at) SELECT ?, name, session_version, ?, ? FROM users WHERE name = ?",
            (_key(token), _stamp(now), _stamp(now), user.name),
        )
    return token


def user_for_session(store: Store, token: str, now: datetime | None = None) -> User | None:
    """The enabled account whose session `token` opened, or None when there is no such
    session or it has ended."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    now = now or datetime.now(UTC)
    rows = store.query("SELECT * FROM sessions WHERE session_key = ?", (_key(token),))
    if not rows:
        return None
    session = rows[0]
    user = get_user(store, session["user_name"])
    is_live = (
        user is not None
        and user.is_enabled
        and user.session_version == session["session_version"]
        and session["created_at"] >= _stamp(now - SESSION_MAX_AGE)
        and session["last_seen_at"] >= _stamp(now - SESSION_IDLE_LIMIT)
    )
    if not is_live:
        end_session(store, token)
        return None
    if session["last_seen_at"] < _stamp(now - TOUCH_INTERVAL):
        with store.transaction() as db:
            db.execute(
                "UPDATE sessions SET last_seen_at = ? WHERE session_key = ?",
                (_stamp(now), session["session_key"]),
            )
    return user


def end_session(store: Store, token: str) -> None:
    """End the session `token` opened (signing out); nothing happens if it has ended."""
    with store.transaction() as db:
        db.execute("DELETE FROM sessions WHERE session_key = ?", (_key(token),))


def end_sessions(store: Store, name: str) -> int:
    """End every session of the account `name` ("sign out everywhere"): how many were open.
    UserNotFound when there is no such account."""
    user = get_user(store, name)
    if user is None:
        raise UserNotFound(f"no user {name!r}")
    with store.transaction() as db:
        _forget_ended(db, datetime.now(UTC))
        return db.execute("DELETE FROM sessions WHERE user_name = ?", (user.name,)).rowcount


def count_sessions(store: Store, now: datetime | None = None) -> dict[str, int]:
    """How many sessions each account has open (accounts without any are left out)."""
    now = now or datetime.now(UTC)
    rows = store.query(
        "SELECT users.name, count(*) FROM sessions JOIN users ON users.name = sessions.user_name"
        " WHERE users.is_enabled = 1 AND users.session_version = sessions.session_version"
        " AND sessions.last_seen_at >= ? AND sessions.created_at >= ? GROUP BY users.name",
        (_stamp(now - SESSION_IDLE_LIMIT), _stamp(now - SESSION_MAX_AGE)),
    )
    return {row[0]: int(row[1]) for row in rows}

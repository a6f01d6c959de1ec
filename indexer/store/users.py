"""Staff accounts: roles, scrypt password hashes, enabling, and throttled sign-in.

Roles grow in power: a viewer searches and reads, staff also tag, write notes and export
citations, an admin also manages accounts. Anonymous visitors have the viewer's rights.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from werkzeug.security import check_password_hash, generate_password_hash

from indexer.errors import FoiaError, ForbiddenError, InvalidInputError, NotFoundError
from indexer.store.database import Store, utc_now
from indexer.store.throttle import clear_failures, reserve_attempt

ROLES = ("viewer", "staff", "admin")
EDITOR_ROLES = frozenset({"staff", "admin"})
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
PASSWORD_METHOD = "scrypt"


class UserError(FoiaError):
    """An account refused: one of the kinds below."""


class InvalidUser(UserError, InvalidInputError):
    """A bad name, role or password, a taken name, or a change that would leave no admin."""


class UserNotFound(UserError, NotFoundError):
    """No account has this name."""


class PermissionDenied(UserError, ForbiddenError):
    """The acting user's role does not allow the change."""


class SignInError(UserError, ForbiddenError):
    """Wrong name or password, or a disabled account (the message never says which)."""


class SignInThrottled(SignInError):
    """Too many failed sign-ins from this client (on this name, or on any): wait
    `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after} seconds")
        self.retry_after = retry_after


@dataclass(frozen=True)
class User:
    """An account as the rest of the program sees it (never with its password hash)."""

    name: str
    role: str
    is_enabled: bool
    created_at: str
    # Goes up when the password changes or the account is disabled: every session opened
    # before then ends (indexer.store.sessions).
    session_version: int = 1

    @property
    def can_edit(self) -> bool:
        """Whether this user may tag, write notes, undo and export."""
        return self.is_enabled and self.role in EDITOR_ROLES

    @property
    def can_read_notes(self) -> bool:
        return self.can_edit

    @property
    def can_manage_users(self) -> bool:
        return self.is_enabled and self.role == "admin"

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role,
            "is_enabled": self.is_enabled,
            "created_at": self.created_at,
        }


def can_read_notes(user: User | None) -> bool:
    """Whether `user` (None: an anonymous visitor) may see and search notes."""
    return user is not None and user.can_read_notes


def require_editor(user: User | None) -> User:
    """`user` when it may change annotations; PermissionDenied otherwise."""
    if user is None or not user.can_edit:
        who = "anonymous visitors" if user is None else f"{user.role} {user.name!r}"
        raise PermissionDenied(f"{who} may not change tags or notes (staff or admin only)")
    return user


def _check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidUser(
            f"user name {name!r}: 1-64 letters, digits, '.', '_', '@' or '-', starting with a"
            " letter or digit"
        )
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidUser(f"role {role!r}: expected one of {', '.join(ROLES)}")
    return role


def _check_password(password: str) -> str:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidUser(
            f"a password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters"
        )
    return password


def _user(row: sqlite3.Row) -> User:
    return User(
        name=row["name"],
        role=row["role"],
        is_enabled=bool(row["is_enabled"]),
        created_at=row["created_at"],
        session_version=int(row["session_version"]),
    )


def add_user(store: Store, name: str, role: str, password: str) -> User:
    """Create an account; UserError for a bad name, role or password, or a taken name."""
    _check_name(name)
    _check_role(role)
    password_hash = generate_password_hash(_check_password(password), method=PASSWORD_METHOD)
    now = utc_now()
    try:
        with store.transaction() as db:
            db.execute(
                "INSERT INTO users (name, role, password_hash, is_enabled, session_version,"
                " created_at, updated_at) VALUES (?, ?, ?, 1, 1, ?, ?)",
                (name, role, password_hash, now, now),
            )
    except sqlite3.IntegrityError:
        raise InvalidUser(f"user {name!r} already exists") from None
    return User(name, role, True, now)


def get_user(store: Store, name: str) -> User | None:
    """The account called `name` (case does not matter), or None."""
    rows = store.query("SELECT * FROM users WHERE name = ?", (name,))
    return _user(rows[0]) if rows else None


def list_users(store: Store) -> list[User]:
    """Every account, by name."""
    return [_user(row) for row in store.query("SELECT * FROM users ORDER BY name")]


def _existing(store: Store, name: str) -> User:
    user = get_user(store, name)
    if user is None:
        raise UserNotFound(f"no user {name!r}")
    return user


def _refuse_last_admin(store: Store, user: User) -> None:
    if user.role != "admin" or not user.is_enabled:
        return
    rows = store.query("SELECT count(*) FROM users WHERE role = 'admin' AND is_enabled = 1")
    if int(rows[0][0]) <= 1:
        raise InvalidUser(f"{user.name!r} is the last enabled admin: make another admin first")


def set_enabled(store: Store, name: str, is_enabled: bool) -> User:
    """Enable or disable an account; disabling ends its sessions. UserError for an unknown
    name or for disabling the last enabled admin."""
    user = _existing(store, name)
    if not is_enabled:
        _refuse_last_admin(store, user)
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET is_enabled = ?, session_version = session_version + ?,"
            " updated_at = ? WHERE name = ?",
            (int(is_enabled), int(not is_enabled), utc_now(), name),
        )
    return _existing(store, name)


def set_role(store: Store, name: str, role: str) -> User:
    """Change an account's role. UserError for an unknown name or role, or for demoting the
    last enabled admin."""
    _check_role(role)
    user = _existing(store, name)
    if role != "admin":
        _refuse_last_admin(store, user)
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET role = ?, updated_at = ? WHERE name = ?", (role, utc_now(), name)
        )
    return _existing(store, name)


def set_password(store: Store, name: str, password: str) -> None:
    """Replace an account's password; ends all its sessions. UserError as for add_user."""
    _existing(store, name)
    password_hash = generate_password_hash(_check_password(password), method=PASSWORD_METHOD)
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET password_hash = ?, session_version = session_version + 1,"
            " updated_at = ? WHERE name = ?",
            (password_hash, utc_now(), name),
        )


_dummy_hash: list[str] = []
_dummy_lock = threading.Lock()


def _verify_hash(stored: str | None, password: str) -> bool:
    """Check against a throwaway hash when there is no account, so that an unknown name
    takes as long to refuse as a wrong password."""
    if stored is None:
        with _dummy_lock:
            if not _dummy_hash:
                _dummy_hash.append(generate_password_hash("no such user", PASSWORD_METHOD))
        check_password_hash(_dummy_hash[0], password)
        return False
    return check_password_hash(stored, password)


def verify_password(store: Store, name: str, password: str) -> User | None:
    """The enabled account when `password` is its password, else None (no throttling: use
    `sign_in` for anything a stranger can reach)."""
    rows = store.query("SELECT * FROM users WHERE name = ?", (name,))
    stored = rows[0]["password_hash"] if rows else None
    if not _verify_hash(stored, password[:MAX_PASSWORD_LENGTH]) or not rows:
        return None
    user = _user(rows[0])
    return user if user.is_enabled else None


def sign_in(
    store: Store,
    name: str,
    password: str,
    now: datetime | None = None,
    *,
    client: str | None = None,
) -> User:
    """The account, when the name and password match an enabled one.

    `client` is the address the attempt comes from (None: the local machine). Raises
    SignInThrottled while this client may not try this name (the password is not even
    checked: see indexer.store.throttle), and SignInError otherwise; each failure counts
    towards the locks, a success takes this client's failures on this name back.
    """
    now = now or datetime.now(UTC)
    wait = reserve_attempt(store, name, client, now)
    if wait:
        raise SignInThrottled(wait)
    user = verify_password(store, name, password)
    if user is None:
        raise SignInError("wrong user name or password, or the account is disabled")
    clear_failures(store, name, client)
    return user

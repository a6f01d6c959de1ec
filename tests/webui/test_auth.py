"""Sign-in and sign-out, cookie flags, CSRF, throttled failures, safe redirects, sessions that
end, and the admin page for accounts (role checks on every route)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from indexer.store.database import Store
from indexer.store.throttle import FAILURES_BEFORE_LOCK
from indexer.store.users import add_user, get_user, set_enabled, set_password
from webui import create_app

PASSWORD = "correct horse battery"
USERS = {"alice": "staff", "vic": "viewer", "ada": "admin"}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def build_staff_home(web_home: Path, target: Path) -> Path:
    """A copy of the web tests' home with the USERS accounts (password PASSWORD)."""
    shutil.copytree(web_home, target)
    store = Store(target)
    try:
        for name, role in USERS.items():
            add_user(store, name, role, PASSWORD)
    finally:
        store.close()
    return target


def token_from(client: FlaskClient, url: str = "/sign-in") -> str:
    """The CSRF token of a form on `url` (this client's session); the sign-in page sends a
    signed-in user on, and the home page's sign-out form then has one."""
    response = client.get(url)
    if response.status_code == 302 and url == "/sign-in":
        response = client.get("/")
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, (url, response.status_code)
    return match[1]


def sign_in(client: FlaskClient, name: str, password: str = PASSWORD, next_: str = "/") -> int:
    data = {"csrf_token": token_from(client), "name": name, "password": password, "next": next_}
    return client.post("/sign-in", data=data).status_code


def signed_in_as(client: FlaskClient) -> str | None:
    user = client.get("/api/me").get_json()["user"]
    return user["name"] if user else None


def test_sign_in_and_out(browser_client: FlaskClient) -> None:
    assert signed_in_as(browser_client) is None
    page = browser_client.get("/").get_data(as_text=True)
    assert "Sign in" in page
    data = {
        "csrf_token": token_from(browser_client),
        "name": "alice",
        "password": PASSWORD,
        "next": "/search?q=ICE",
    }
    response = browser_client.post("/sign-in", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/search?q=ICE"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert signed_in_as(browser_client) == "alice"
    home = browser_client.get("/").get_data(as_text=True)
    assert "alice" in home and "Sign out" in home and "History" in home and "Users" not in home
    out = browser_client.post("/sign-out", data={"csrf_token": token_from(browser_client, "/")})
    assert out.status_code == 303
    assert signed_in_as(browser_client) is None


def test_the_session_cookie_is_secure_outside_tests(staff_home: Path) -> None:
    app = create_app({"FOIA_HOME": str(staff_home)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with app.test_client() as client:
        response = client.get("/sign-in", base_url="https://localhost")
        assert "Secure" in response.headers["Set-Cookie"]
    testing = create_app({"TESTING": True, "FOIA_HOME": str(staff_home)})
    assert testing.config["SESSION_COOKIE_SECURE"] is False
    assert (staff_home / "secret_key").stat().st_mode & 0o077 == 0


def test_wrong_passwords_are_refused_then_throttled(browser_client: FlaskClient) -> None:
    for _ in range(FAILURES_BEFORE_LOCK):
        assert sign_in(browser_client, "alice", "not the password") == 401
    response = browser_client.post(
        "/sign-in",
        data={"csrf_token": token_from(browser_client), "name": "alice", "password": PASSWORD},
    )
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "too many failed sign-ins" in response.get_data(as_text=True)
    assert signed_in_as(browser_client) is None
    assert sign_in(browser_client, "ghost", PASSWORD) == 401


@pytest.mark.parametrize(
    ("next_", "expected"),
    [
        ("/doc/0123456789abcdef/p/2?q=x", "/doc/0123456789abcdef/p/2?q=x"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_sign_in_only_redirects_within_the_site(
    browser_client: FlaskClient, next_: str, expected: str
) -> None:
    data = {
        "csrf_token": token_from(browser_client),
        "name": "alice",
        "password": PASSWORD,
        "next": next_,
    }
    response = browser_client.post("/sign-in", data=data)
    assert response.status_code == 303 and response.headers["Location"] == expected


def test_forms_without_a_csrf_token_are_refused(browser_client: FlaskClient) -> None:
    form = {"name": "alice", "password": PASSWORD}
    assert browser_client.post("/sign-in", data=form).status_code == 400
    assert browser_client.post("/sign-in", data={**form, "csrf_token": "forged"}).status_code == 400
    assert signed_in_as(browser_client) is None
    assert sign_in(browser_client, "alice") == 303
    assert browser_client.post("/sign-out").status_code == 400
    assert signed_in_as(browser_client) == "alice"


def test_sessions_end_when_the_account_is_disabled_or_its_password_changes(
    browser_client: FlaskClient, staff_home: Path
) -> None:
    store = Store(staff_home)
    try:
        assert sign_in(browser_client, "alice") == 303
        set_password(store, "alice", "another password")
        assert signed_in_as(browser_client) is None
        assert sign_in(browser_client, "alice", "another password") == 303
        set_enabled(store, "alice", False)
        assert signed_in_as(browser_client) is None
        assert sign_in(browser_client, "alice", "another password") == 401
    finally:
        store.close()


ADMIN_ROUTES = [
    ("GET", "/admin/users", {}),
    ("POST", "/admin/users", {"name": "carol", "role": "staff", "password": PASSWORD}),
    ("POST", "/admin/users/vic/enabled", {"enabled": "0"}),
    ("POST", "/admin/users/vic/role", {"role": "staff"}),
    ("POST", "/admin/users/vic/password", {"password": "a new password"}),
]


@pytest.mark.parametrize(("method", "url", "form"), ADMIN_ROUTES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, {"GET": 302, "POST": 401}), ("vic", 403), ("alice", 403), ("ada", (200, 303))],
)
def test_only_admins_manage_users(
    browser_client: FlaskClient,
    staff_home: Path,
    method: str,
    url: str,
    form: dict[str, str],
    who: str | None,
    expected: object,
) -> None:
    if who:
        assert sign_in(browser_client, who) == 303
    data = {**form, "csrf_token": token_from(browser_client)}
    response = browser_client.open(url, method=method, data=data if method == "POST" else None)
    wanted = expected[method] if isinstance(expected, dict) else expected
    assert response.status_code in (wanted if isinstance(wanted, tuple) else (wanted,))
    store = Store(staff_home)
    try:
        vic = get_user(store, "vic")
        assert vic is not None
        is_untouched = (vic.role, vic.is_enabled, vic.session_version) == ("viewer", True, 1)
        if who != "ada":
            assert is_untouched and get_user(store, "carol") is None
        elif method == "POST":
            assert not is_untouched or get_user(store, "carol") is not None
    finally:
        store.close()


def test_the_admin_page_adds_disables_and_refuses_bad_input(
    browser_client: FlaskClient, staff_home: Path
) -> None:
    assert sign_in(browser_client, "ada") == 303
    token = token_from(browser_client, "/admin/users")
    added = browser_client.post(
        "/admin/users",
        data={"csrf_token": token, "name": "carol", "role": "staff", "password": PASSWORD},
    )
    assert added.status_code == 303
    page = browser_client.get("/admin/users").get_data(as_text=True)
    assert "carol" in page and "Disable" in page
    bad = browser_client.post(
        "/admin/users",
        data={"csrf_token": token, "name": "<script>", "role": "staff", "password": PASSWORD},
    )
    assert bad.status_code == 400 and "user name" in bad.get_data(as_text=True)
    assert "<script>" not in bad.get_data(as_text=True)
    bad_role = browser_client.post(
        "/admin/users",
        data={"csrf_token": token, "name": "dan", "role": "root", "password": PASSWORD},
    )
    assert bad_role.status_code == 400
    last_admin = browser_client.post(
        "/admin/users/ada/enabled", data={"csrf_token": token, "enabled": "0"}
    )
    assert last_admin.status_code == 400 and "last enabled admin" in last_admin.get_data(
        as_text=True
    )
    assert (
        browser_client.post(
            "/admin/users/carol/enabled", data={"csrf_token": token, "enabled": "0"}
        ).status_code
        == 303
    )
    store = Store(staff_home)
    try:
        carol = get_user(store, "carol")
        assert carol is not None and not carol.is_enabled
        assert get_user(store, "dan") is None
    finally:
        store.close()


def test_staff_change_their_own_password(browser_client: FlaskClient) -> None:
    assert sign_in(browser_client, "alice") == 303
    token = token_from(browser_client, "/account/password")
    wrong = browser_client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current": "nope",
            "new": "brand new pw",
            "again": "brand new pw",
        },
    )
    assert wrong.status_code == 400 and "current password is wrong" in wrong.get_data(as_text=True)
    changed = browser_client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current": PASSWORD,
            "new": "brand new pw",
            "again": "brand new pw",
        },
    )
    assert changed.status_code == 303 and signed_in_as(browser_client) is None
    assert sign_in(browser_client, "alice", "brand new pw") == 303

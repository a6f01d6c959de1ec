"""Issue 12 on the web: a copied cookie is void after sign-out, an admin signs an account out
everywhere, parallel sign-ins check at most five passwords, a stranger's failures never lock
the real user out, forwarded addresses are believed only from trusted proxies, plain HTTP is
announced on the sign-in page, and only a note's author or an admin changes it."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.store.annotations import add_note, get_note
from indexer.store.database import Store
from indexer.store.throttle import FAILURES_BEFORE_LOCK
from indexer.store.users import add_user, get_user
from tests.webui.conftest import new_app
from tests.webui.test_auth import PASSWORD, build_staff_home, signed_in_as, token_from
from webui import create_app

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"
PROXY = "127.0.0.1"
INSECURE_WARNING = "This server uses plain HTTP"


@pytest.fixture(scope="module")
def staff_template(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = build_staff_home(web_home, tmp_path_factory.mktemp("auth-sessions") / "home")
    store = Store(home)
    try:
        add_user(store, "bob", "staff", PASSWORD)
    finally:
        store.close()
    return home


@pytest.fixture()
def staff_home(staff_template: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(staff_template, home)
    return home


@pytest.fixture()
def app(staff_home: Path) -> Flask:
    return new_app(staff_home)


def client_from(app: Flask, address: str = "127.0.0.1", **headers: str) -> FlaskClient:
    """A browser of its own (own cookies) at `address`, sending `headers` with each request."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    for name, value in headers.items():
        client.environ_base[f"HTTP_{name.upper().replace('-', '_')}"] = value
    return client


def post_sign_in(client: FlaskClient, name: str, password: str = PASSWORD) -> int:
    data = {"csrf_token": token_from(client), "name": name, "password": password}
    return client.post("/sign-in", data=data).status_code


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_copied_cookie_is_void_after_sign_out(app: Flask) -> None:
    browser = client_from(app)
    assert post_sign_in(browser, "alice") == 303
    stolen = session_cookie(browser)
    thief = client_from(app)
    thief.set_cookie("session", stolen)
    assert signed_in_as(thief) == "alice"
    out = browser.post("/sign-out", data={"csrf_token": token_from(browser, "/")})
    assert out.status_code == 303 and signed_in_as(browser) is None
    # The copy replayed after sign-out: anonymous, and refused where staff are needed.
    replay = client_from(app)
    replay.set_cookie("session", stolen)
    assert signed_in_as(replay) is None
    assert replay.get("/history").status_code == 302
    assert signed_in_as(thief) is None


def test_signing_out_ends_only_this_browsers_session(app: Flask) -> None:
    laptop, phone = client_from(app), client_from(app)
    assert post_sign_in(laptop, "alice") == 303 and post_sign_in(phone, "alice") == 303
    laptop.post("/sign-out", data={"csrf_token": token_from(laptop, "/")})
    assert signed_in_as(laptop) is None
    assert signed_in_as(phone) == "alice"


def test_an_admin_signs_an_account_out_everywhere(app: Flask) -> None:
    laptop, phone, admin = client_from(app), client_from(app), client_from(app)
    for client, name in ((laptop, "alice"), (phone, "alice"), (admin, "ada")):
        assert post_sign_in(client, name) == 303
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "2 open" in page and "Sign out everywhere" in page
    # Staff cannot do it, not even to themselves through the admin route.
    refused = phone.post("/admin/users/alice/sign-out", data={"csrf_token": token_from(phone, "/")})
    assert refused.status_code == 403 and signed_in_as(laptop) == "alice"
    token = token_from(admin, "/admin/users")
    done = admin.post("/admin/users/alice/sign-out", data={"csrf_token": token})
    assert done.status_code == 303
    assert signed_in_as(laptop) is None and signed_in_as(phone) is None
    assert signed_in_as(admin) == "ada"
    assert admin.post("/admin/users/ghost/sign-out", data={"csrf_token": token}).status_code == 404


def test_forty_parallel_sign_ins_check_at_most_five_passwords(app: Flask) -> None:
    clients = [client_from(app, ATTACKER) for _ in range(40)]
    tokens = [token_from(client) for client in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def attempt(client: FlaskClient, token: str, number: int) -> None:
        data = {"csrf_token": token, "name": "ada", "password": f"guess {number}"}
        barrier.wait()
        statuses.append(client.post("/sign-in", data=data).status_code)

    threads = [
        threading.Thread(target=attempt, args=(client, token, number))
        for number, (client, token) in enumerate(zip(clients, tokens, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # 401: the password was checked and was wrong; 429: it was not checked at all.
    assert Counter(statuses) == {401: FAILURES_BEFORE_LOCK, 429: 40 - FAILURES_BEFORE_LOCK}
    assert post_sign_in(client_from(app, ATTACKER), "ada") == 429
    office = client_from(app, OFFICE)
    assert post_sign_in(office, "ada") == 303 and signed_in_as(office) == "ada"


def failures_then_office(
    attacker: list[FlaskClient], office: FlaskClient, name: str = "alice"
) -> int:
    """Five wrong passwords for `name` from the attacker's clients, then the status of `name`
    signing in from the office with the right one."""
    for number in range(FAILURES_BEFORE_LOCK):
        client = attacker[number % len(attacker)]
        assert post_sign_in(client, name, f"wrong {number}") == 401
    return post_sign_in(office, name)


def test_forwarded_addresses_are_believed_from_trusted_proxies_only(staff_home: Path) -> None:
    trusting = new_app(staff_home, TRUSTED_PROXIES=f"{PROXY}, 10.0.0.0/8")
    via_proxy = client_from(trusting, PROXY, X_Forwarded_For=f"192.0.2.1, {ATTACKER}")
    office = client_from(trusting, "10.1.2.3", X_Forwarded_For=OFFICE)
    assert failures_then_office([via_proxy], office) == 303
    assert post_sign_in(via_proxy, "alice") == 429
    # A client that forges the header itself stays one address, whatever it claims: its
    # sixth claimed address is locked like the first five.
    forger = [
        client_from(trusting, "192.0.2.50", X_Forwarded_For=f"198.51.100.{n}") for n in range(6)
    ]
    assert failures_then_office(forger[:5], client_from(trusting, OFFICE), "bob") == 303
    assert post_sign_in(forger[5], "bob") == 429


def test_forwarded_addresses_are_ignored_unless_configured(staff_home: Path) -> None:
    app = new_app(staff_home)
    attacker = client_from(app, PROXY, X_Forwarded_For=ATTACKER)
    office = client_from(app, PROXY, X_Forwarded_For=OFFICE)
    # Everyone behind an unconfigured proxy is one client: the office is locked too.
    assert failures_then_office([attacker], office) == 429


def test_plain_http_is_announced_on_the_sign_in_page(staff_home: Path) -> None:
    insecure = create_app({"FOIA_HOME": str(staff_home), "INSECURE_HTTP": True})
    assert insecure.config["SESSION_COOKIE_SECURE"] is False
    with insecure.test_client() as client:
        page = client.get("/sign-in")
        assert INSECURE_WARNING in page.get_data(as_text=True)
        assert "Secure" not in page.headers["Set-Cookie"]
        assert post_sign_in(client, "alice") == 303 and signed_in_as(client) == "alice"
    secure = create_app({"FOIA_HOME": str(staff_home)})
    with secure.test_client() as client:
        page = client.get("/sign-in", base_url="https://localhost")
        assert INSECURE_WARNING not in page.get_data(as_text=True)
        assert "Secure" in page.headers["Set-Cookie"]


def note_by(home: Path, author: str) -> int:
    store = Store(home)
    try:
        user = get_user(store, author)
        assert user is not None
        doc_id = store.list_documents()[0]["doc_id"]
        return add_note(store, user, doc_id, 1, f"{author}'s reading").note_id
    finally:
        store.close()


def note_text(home: Path, note_id: int) -> tuple[str, Any]:
    store = Store(home)
    try:
        note = get_note(store, note_id)
        assert note is not None
        return note.text, note.removed_at
    finally:
        store.close()


@pytest.mark.parametrize(("action", "form"), [("edit", {"text": "overwritten"}), ("remove", {})])
def test_only_its_author_or_an_admin_changes_a_note(
    app: Flask, staff_home: Path, action: str, form: dict[str, str]
) -> None:
    note_id = note_by(staff_home, "alice")
    before = note_text(staff_home, note_id)
    for name, status in (("bob", 403), ("alice", 303), ("ada", 303)):
        client = client_from(app)
        assert post_sign_in(client, name) == 303
        data = {**form, "csrf_token": token_from(client, "/")}
        response = client.post(f"/notes/{note_id}/{action}", data=data)
        assert response.status_code == status, name
        if status == 403:
            assert "only its author or an admin" in response.get_data(as_text=True)
            assert note_text(staff_home, note_id) == before
        if action == "remove":  # back for the next one
            note_id = note_by(staff_home, "alice")

"""Blueprint "auth": sign-in and sign-out (flask-login, sessions kept in the database),
CSRF on every form (flask-wtf), secure session cookies, role checks, and the admin page for
accounts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from indexer import (
    MAX_PASSWORD_LENGTH,
    ROLES,
    SignInError,
    SignInThrottled,
    User,
    UserError,
    add_user,
    count_sessions,
    end_session,
    end_sessions,
    list_users,
    open_session,
    set_enabled,
    set_password,
    set_role,
    sign_in,
    user_for_session,
    verify_password,
)
from webui.resources import get_store

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
login_manager = LoginManager()
View = TypeVar("View", bound=Callable[..., Any])
MAX_NAME_CHARS = 64


class Account:
    """A signed-in user as flask-login wants it: `user` is the indexer's account, `token`
    the session's (what the signed cookie holds; signing out ends it in the database)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User, token: str) -> None:
        self.user = user
        self.token = token

    @property
    def is_active(self) -> bool:
        return self.user.is_enabled

    def get_id(self) -> str:
        return self.token


@bp.record_once
def _init_app(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    # The session cookie: never readable by scripts, not sent on cross-site requests (with
    # the CSRF token, a second guard for forms), and only over HTTPS unless testing or
    # serving plain HTTP on purpose (`foia serve --insecure-http` sets INSECURE_HTTP).
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    is_plain_http = app.config.get("INSECURE_HTTP") or app.config.get("ALLOW_INSECURE_COOKIES")
    if not (app.testing or app.debug or is_plain_http):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    # A form stays usable while its session lasts; staff keep pages open for hours.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    app.context_processor(lambda: {"current_account": current_account()})


@login_manager.user_loader
def _load_account(token: str) -> Account | None:
    user = user_for_session(get_store(), token)
    return Account(user, token) if user is not None else None


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    if request.path.startswith("/api/") or request.method != "GET":
        abort(401, description="Sign in first (staff only).")
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


def current_account() -> User | None:
    """The signed-in, enabled account of this request, or None for anonymous visitors."""
    if current_user.is_authenticated:
        return cast(Account, current_user).user
    return None


def current_role() -> str | None:
    user = current_account()
    return user.role if user is not None else None


def _requires(check: Callable[[User], bool], what: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_account()
            if user is None:
                return login_manager.unauthorized()
            if not check(user):
                abort(403, description=f"This needs {what}; you are signed in as {user.role}.")
            return view(*args, **kwargs)

        return cast(View, wrapped)

    return decorator


staff_required = _requires(lambda user: user.can_edit, "a staff or admin account")
admin_required = _requires(lambda user: user.can_manage_users, "an admin account")


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site (never another host), else `default`."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(character) < 32 for character in target):
        return default
    return target


def _form_text(name: str, limit: int) -> str:
    value = request.form.get(name, "")
    if len(value) > limit or "\x00" in value:
        abort(400, description=f"The field {name!r} is too long or holds a NUL character.")
    return value


@bp.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page() -> Any:
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_account() is not None:
            return redirect(target)
        return _sign_in_page(next=target, name="", error=None)
    name = _form_text("name", MAX_NAME_CHARS).strip()
    password = _form_text("password", MAX_PASSWORD_LENGTH)
    try:
        user = sign_in(get_store(), name, password, client=request.remote_addr)
    except SignInThrottled as error:
        page = _sign_in_page(next=target, name=name, error=str(error))
        return page, 429, {"Retry-After": str(error.retry_after)}
    except SignInError:
        error_text = "Wrong user name or password, or the account is disabled."
        return _sign_in_page(next=target, name=name, error=error_text), 401
    session.clear()  # a new session for the signed-in user: no fixation
    login_user(Account(user, open_session(get_store(), user)))
    return redirect(target, code=303)


login_manager.login_view = "auth.sign_in"


def _sign_in_page(**values: Any) -> str:
    """The sign-in form; while no account exists it says how the first one is made."""
    return render_template(
        "auth/sign_in.html", has_accounts=bool(list_users(get_store())), **values
    )


def _end_this_session() -> None:
    """Sign out: the session ends in the database too, so a copy of its cookie is void."""
    if current_user.is_authenticated:
        end_session(get_store(), cast(Account, current_user).token)
    logout_user()
    session.clear()


@bp.post("/sign-out")
def sign_out() -> Any:
    _end_this_session()
    return redirect(url_for("search.home"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@staff_required
def own_password() -> Any:
    """Any signed-in account with editing rights changes its own password here."""
    user = current_account()
    assert user is not None
    if request.method == "GET":
        return render_template("auth/password.html", error=None)
    current = _form_text("current", MAX_PASSWORD_LENGTH)
    new, again = _form_text("new", MAX_PASSWORD_LENGTH), _form_text("again", MAX_PASSWORD_LENGTH)
    error = None
    if verify_password(get_store(), user.name, current) is None:
        error = "The current password is wrong."
    elif new != again:
        error = "The two new passwords differ."
    else:
        try:
            set_password(get_store(), user.name, new)
        except UserError as problem:
            error = str(problem)
    if error:
        return render_template("auth/password.html", error=error), 400
    _end_this_session()
    return redirect(url_for("auth.sign_in", next=url_for("search.home")), code=303)


@bp.get("/admin/users")
@admin_required
def users() -> Any:
    store = get_store()
    return render_template(
        "auth/users.html", users=list_users(store), roles=ROLES, sessions=count_sessions(store)
    )


def _admin_change(change: Callable[[], object]) -> Any:
    """Run a change, then back to the accounts (the library's refusals: webui.errors)."""
    change()
    return redirect(url_for("auth.users"), code=303)


@bp.post("/admin/users")
@admin_required
def create_user() -> Any:
    name = _form_text("name", MAX_NAME_CHARS).strip()
    role = _form_text("role", 20)
    password = _form_text("password", MAX_PASSWORD_LENGTH)
    return _admin_change(lambda: add_user(get_store(), name, role, password))


@bp.post("/admin/users/<name>/enabled")
@admin_required
def change_enabled(name: str) -> Any:
    is_enabled = _form_text("enabled", 5) == "1"
    return _admin_change(lambda: set_enabled(get_store(), name, is_enabled))


@bp.post("/admin/users/<name>/role")
@admin_required
def change_role(name: str) -> Any:
    role = _form_text("role", 20)
    return _admin_change(lambda: set_role(get_store(), name, role))


@bp.post("/admin/users/<name>/password")
@admin_required
def change_password(name: str) -> Any:
    password = _form_text("password", MAX_PASSWORD_LENGTH)
    return _admin_change(lambda: set_password(get_store(), name, password))


@bp.post("/admin/users/<name>/sign-out")
@admin_required
def sign_out_everywhere(name: str) -> Any:
    """End every session of an account (a lost laptop, a shared computer)."""
    return _admin_change(lambda: end_sessions(get_store(), name))


@bp.get("/api/me")
def api_me() -> Any:
    """Who this session is signed in as (null when anonymous)."""
    user = current_account()
    return jsonify({"user": user.to_json() if user else None})

"""`foia user`: accounts and their roles, and the --user account that staff commands act as.

Accounts are managed by whoever runs the command line on the machine (that is how the first
admin is made). Commands that change tags or notes act as `--user NAME`, which must be an
enabled staff or admin account.
"""

from __future__ import annotations

import sys

import click

from indexer import (
    ROLES,
    User,
    UserNotFound,
    add_user,
    end_sessions,
    get_user,
    list_users,
    set_enabled,
    set_password,
    set_role,
)
from indexer.cli.context import JSON_OPTION, Context, emit, pass_context

USER_OPTION = click.option(
    "--user",
    "user_name",
    required=True,
    metavar="NAME",
    help="Act as this enabled staff or admin account.",
)
PASSWORD_STDIN_OPTION = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)


def acting_user(obj: Context, name: str) -> User:
    """The account named by --user: it must exist, be enabled, and be staff or admin."""
    user = get_user(obj.store, name)
    if user is None:
        raise click.ClickException(f"no user {name!r}: an admin adds one with `foia user add`")
    if not user.is_enabled:
        raise click.ClickException(f"user {name!r} is disabled")
    if not user.can_edit:
        raise click.ClickException(
            f"user {name!r} is a {user.role}: only staff and admins change tags and notes"
        )
    return user


def read_password(from_stdin: bool) -> str:
    """One line of standard input, or a hidden prompt asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@click.group()
def user() -> None:
    """Accounts: viewer (search, read), staff (also tag, note, cite), admin (also users)."""


@user.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@PASSWORD_STDIN_OPTION
@pass_context
def user_add(obj: Context, name: str, role: str, password_stdin: bool) -> None:
    """Create an account."""
    account = add_user(obj.store, name, role, read_password(password_stdin))
    click.echo(f"added {account.role} {account.name}")


@user.command(name="list")
@JSON_OPTION
@pass_context
def user_list(obj: Context, as_json: bool) -> None:
    """Every account, with its role and whether it is enabled."""
    accounts = list_users(obj.store)
    text = "\n".join(
        f"{a.name:<24} {a.role:<7} {'enabled' if a.is_enabled else 'disabled'}  since "
        f"{a.created_at}"
        for a in accounts
    )
    emit([a.to_json() for a in accounts], as_json, text or "no users: add one with `foia user add`")


@user.command(name="disable")
@click.argument("name")
@pass_context
def user_disable(obj: Context, name: str) -> None:
    """Disable an account: it can no longer sign in, and its sessions end."""
    set_enabled(obj.store, name, False)
    click.echo(f"disabled {name}")


@user.command(name="enable")
@click.argument("name")
@pass_context
def user_enable(obj: Context, name: str) -> None:
    """Enable a disabled account again."""
    set_enabled(obj.store, name, True)
    click.echo(f"enabled {name}")


@user.command(name="passwd")
@click.argument("name")
@PASSWORD_STDIN_OPTION
@pass_context
def user_passwd(obj: Context, name: str, password_stdin: bool) -> None:
    """Set an account's password (its open sessions end)."""
    if get_user(obj.store, name) is None:
        raise UserNotFound(f"no user {name!r}")
    set_password(obj.store, name, read_password(password_stdin))
    click.echo(f"password changed for {name}")


@user.command(name="sign-out")
@click.argument("name")
@pass_context
def user_sign_out(obj: Context, name: str) -> None:
    """End every web session of an account (sign it out everywhere)."""
    ended = end_sessions(obj.store, name)
    click.echo(f"ended {ended} session{'s' if ended != 1 else ''} of {name}")


@user.command(name="role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@pass_context
def user_role(obj: Context, name: str, role: str) -> None:
    """Change an account's role."""
    account = set_role(obj.store, name, role)
    click.echo(f"{account.name} is now {account.role}")

"""``consent-studio users …``: studio accounts (operator: everything; creator: Generate and Verify)."""

from __future__ import annotations

import sys

import click

from creator.auth import Role
from creator.cli._common import CliState, emit, json_option, ok, pass_state

__all__ = ["users"]


@click.group("users")
def users() -> None:
    """Studio accounts (operator: everything; creator: Generate and Verify)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="operator or creator.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.option("--grantee", "grantees", multiple=True,
              help="A grantee (as grants name it, e.g. 'Bright Agency') this creator may also generate for (repeatable).")
@pass_state
def users_add(state: CliState, name: str, role: str, password_stdin: bool, grantees: tuple[str, ...]) -> None:
    """Add user NAME with ROLE (asks for the password unless --password-stdin).

    A creator generates under their own name, and under each --grantee: an agency's creators use
    the agency's grants (the audit log names the account and the grantee of each request)."""
    from creator.auth import UserStore, check_grantees

    store = UserStore.from_settings(state.settings)
    check_grantees(tuple(grantees))  # refused before the password is asked for
    password = _read_password(password_stdin, "Password")
    user = store.add(name, role, password, grantees)
    _record(state, "account_added", user, grantees=list(user.grantees))
    also = f"; may generate for {', '.join(repr(g) for g in user.grantees)}" if user.grantees else ""
    ok(f"user {user.name} ({user.role.value}) added to {store.path}{also}")
    _warn_other_accounts(store, user)
    if not any(u.is_operator for u in store.list()):
        click.echo("Warning: there is no operator account yet (the studio makes 'admin' only for an empty "
                   "users file); add one with `consent-studio users add NAME --role operator`", err=True)


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
@pass_state
def users_password(state: CliState, name: str, password_stdin: bool) -> None:
    """Set a new password for the existing user NAME (asks twice unless --password-stdin).

    The role and creation time stay: the role cannot be changed here (remove the user and add
    them again for that). A running studio ends every session NAME signed in before the change
    at its next request, and jobs it queued before the change that have not started never start;
    the new password signs in, the old one no more."""
    from creator.auth import UserStore

    store = UserStore.from_settings(state.settings)
    store.require(name)  # an unknown name is refused before the password is asked for
    password = _read_password(password_stdin, "New password")
    user = store.set_password(name, password)
    _record(state, "account_password_changed", user)
    ok(f"password of user {user.name} ({user.role.value}) changed in {store.path}; "
       "sessions signed in before it end at their next request")


@users.command("grantees")
@click.argument("name")
@click.argument("grantees", nargs=-1)
@pass_state
def users_grantees(state: CliState, name: str, grantees: tuple[str, ...]) -> None:
    """Set the grantees user NAME may generate for besides their own name (none given: only their own name).

    E.g. `consent-studio users grantees mia "Bright Agency"`: creator mia can then use grants made
    out to Bright Agency. A running studio applies it at the account's next request."""
    from creator.auth import UserStore

    store = UserStore.from_settings(state.settings)
    user = store.set_grantees(name, grantees)
    _record(state, "account_grantees_changed", user, grantees=list(user.grantees))
    ok(f"user {user.name} may generate as " + ", ".join(repr(g) for g in (user.name, *user.grantees))
       + (" (an operator: as anyone)" if user.is_operator else ""))
    _warn_other_accounts(store, user)


def _record(state: CliState, kind: str, user, **extra) -> None:
    """The account change in the audit log (the change itself is made: a failure to record it is
    said, with what to do, and the command fails)."""
    try:
        state.registry.record_security_event(kind, {"user": user.name, "role": user.role.value, **extra})
    except Exception as e:  # noqa: BLE001
        raise click.ClickException(f"the change to account {user.name} is made, but it could not be recorded in the "
                                   f"audit log: {e}") from e


def _warn_other_accounts(store, user) -> None:
    """(red team s64 G) a grantee that is another account's name gives ``user`` that person's own
    grants: allowed (an operator's decision), but said, since it is rarely meant."""
    accounts = {u.name for u in store.list() if u.name != user.name}
    for g in user.grantees:
        if g in accounts:  # (a grant's grantee is matched as written)
            click.echo(f"Warning: grantee {g!r} is also an account's name: {user.name} can now use every grant "
                       f"made out to {g} personally. If that is not meant, set the grantees again without it "
                       f"(`consent-studio users grantees {user.name} ...`)", err=True)


def _read_password(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:  # (a strict stdin; the usual one hands undecodable bytes on, refused below)
            raise click.UsageError("--password-stdin: the password is not valid UTF-8 text (undecodable bytes); "
                                   "expected the password as UTF-8 on the first line") from None
        if not line:
            raise click.UsageError("--password-stdin: stdin is empty; expected the password on the first line")
        return line.rstrip("\r\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


@users.command("remove")
@click.argument("name")
@pass_state
def users_remove(state: CliState, name: str) -> None:
    """Remove user NAME. A running studio refuses them at their next request, also in a session
    already signed in, and their queued or running jobs are asked to cancel; their outputs and
    audit entries stay. The last operator cannot be removed."""
    from creator.auth import UserStore
    from creator.cli.jobs import _actor
    from creator.jobs.model import AccountOwner, cancel_account_jobs

    store = UserStore.from_settings(state.settings)
    user = store.remove(name)
    ok(f"user {user.name} ({user.role.value}) removed from {store.path}")
    _record(state, "account_removed", user)
    try:
        asked = cancel_account_jobs(state.registry, AccountOwner(f"ui:{user.name}", user.created_at), _actor())
    except Exception as e:  # noqa: BLE001 - the account is gone; say what may still run, and fail
        raise click.ClickException(
            f"the account is removed, but its queued or running jobs could not be asked to cancel: {e}; "
            f"list them with `consent-studio jobs list` (owner ui:{user.name}) and cancel each with "
            "`consent-studio jobs cancel JOB_ID`") from e
    if asked:
        ok(f"{len(asked)} queued or running job(s) of {user.name} asked to cancel: {', '.join(asked)}")


@users.command("list")
@json_option
@pass_state
def users_list(state: CliState, as_json: bool) -> None:
    """List users and their roles (never passwords or hashes)."""
    from creator.auth import UserStore

    store = UserStore.from_settings(state.settings)
    rows = [u.public() for u in store.list()]
    human = "\n".join(f"{r['name']:<24} {r['role']:<9} since {r['created_at']}"
                      + (f"  also for: {', '.join(r['grantees'])}" if r["grantees"] else "") for r in rows) \
        or f"no users yet ({store.path})"
    emit(rows, as_json, human)

"""``consent-studio serve``: the web studio (login required; roles operator and creator)."""

from __future__ import annotations

import os

import click

from creator.cli._common import CliState, pass_state

__all__ = ["serve"]


def _check_password_place(store: "object") -> None:
    """Refuse to start (nothing made) when the first start's password could not be written: its
    place is taken by something that is not a file (red team s67b: a folder there made ``serve``
    fail after the admin account was saved, its password known to nobody)."""
    import sys

    from creator.auth import FIRST_PASSWORD_FILE

    if store.path.exists() or sys.stdout.isatty():
        return
    path = store.path.parent / FIRST_PASSWORD_FILE
    if path.exists() and not path.is_symlink() and not path.is_file():
        raise click.ClickException(f"{path} is not a file (a folder?): the first start writes the admin password "
                                   "there. Remove it and start again; nothing was created")


def _tell_first_password(store: "object", password: str) -> None:
    """The first start's admin password: printed on a terminal; otherwise (a service, whose output
    goes to a journal or log files others read, for good) written to
    :data:`creator.auth.FIRST_PASSWORD_FILE` beside the users file, readable by the studio's
    account only, and only its place is printed (a self-hosting admin's walkthrough, session 66).
    ``users password admin`` removes that file."""
    import sys

    from creator.auth import FIRST_PASSWORD_FILE

    more = f"  (add more with `consent-studio users add NAME --role operator|creator`)\n  users file: {store.path}"
    if sys.stdout.isatty():
        click.echo(f"Created operator account 'admin' with password: {password}\n  (shown once)\n{more}")
        return
    path = store.path.parent / FIRST_PASSWORD_FILE
    path.unlink(missing_ok=True)  # a file (or a link) left there is not written through
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    click.echo(f"Created operator account 'admin'; its password is in {path} (not printed: this output is not a "
               "terminal). Sign in, change it with `consent-studio users password admin` (which deletes that file)"
               f"\n{more}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. Anything other than 127.0.0.1 exposes the studio to the network.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@pass_state
def serve(state: CliState, host: str, port: int) -> None:
    """Start the web studio (login required; roles operator and creator)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from creator.auth import UserStore
    from creator.ui import launch
    from creator.ui.handlers import ui_cache_root

    ui_cache_root(state.settings)  # refused before anything is made (a GRADIO_TEMP_DIR over the keys)
    store = UserStore.from_settings(state.settings)
    _check_password_place(store)  # before the account is made: a password nobody can read is never made
    password = store.ensure_admin()
    if password is not None:
        _tell_first_password(store, password)  # first: the account exists, whatever happens next (red team s66)
        admin = store.require("admin")
        state.registry.record_security_event("account_added", {"user": admin.name, "role": admin.role.value,
                                                               "grantees": [], "first_start": True})
    elif not any(u.is_operator for u in store.list()):
        # e.g. `users add NAME --role creator` was the first command on a new data dir: then no
        # admin is made, and nobody could manage people, grants or users from the browser
        click.echo(f"Warning: no operator account in {store.path}; add one with "
                   "`consent-studio users add NAME --role operator`", err=True)
    # a loopback address by name: signers' passkeys refuse an IP address as the site, and the
    # signing links are made from the address the operator opened
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    from consent.integrity import IntegrityFailure

    try:
        state.registry.require_intact()  # before anything is served
    except IntegrityFailure as e:
        raise click.ClickException(f"the studio does not start: its records do not check ({e}). Nothing was served; "
                                   "`consent-studio audit verify` says the same") from None
    click.echo(f"Consent Studio on http://{shown}:{port}  (data dir {state.settings.data_dir})")
    launch(state.settings, host=host, port=port, store=store)

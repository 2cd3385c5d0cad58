"""``consent-studio serve`` and ``consent-studio users …``: the web studio and its accounts."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import click

from consent.cli import emit, ok, pass_state
from creator.auth import AuthError, Role, UserStore

__all__ = ["serve", "users"]


def _load_app_module() -> ModuleType:
    """Import the Gradio front end (``app.py`` at the repository root)."""
    try:
        return importlib.import_module("app")
    except ModuleNotFoundError as e:
        if e.name != "app":
            raise
    path = Path(__file__).resolve().parents[2] / "app.py"
    if not path.is_file():
        raise click.ClickException(f"the web front end app.py was not found (looked for {path}); reinstall the studio")
    spec = importlib.util.spec_from_file_location("app", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["app"] = module
    spec.loader.exec_module(module)
    return module


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. Anything other than 127.0.0.1 exposes the studio to the network.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@pass_state
def serve(state, host: str, port: int) -> None:
    """Start the web studio (login required; roles operator and creator)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    store = UserStore.from_settings(state.settings)
    password = store.ensure_admin()
    if password is not None:
        click.echo(
            f"Created operator account 'admin' with password: {password}\n"
            f"  (shown once; add more with `consent-studio users add NAME --role operator|creator`)\n"
            f"  users file: {store.path}"
        )
    app = _load_app_module()
    click.echo(f"Consent Studio on http://{host}:{port}  (data dir {state.settings.data_dir})")
    app.launch(state.settings, host=host, port=port, store=store)


@click.group("users")
def users() -> None:
    """Studio accounts (operator: everything; creator: Generate and Verify)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="operator or creator.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@pass_state
def users_add(state, name: str, role: str, password_stdin: bool) -> None:
    """Add user NAME with ROLE (asks for the password unless --password-stdin)."""
    if password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise click.UsageError("--password-stdin: stdin is empty; expected the password on the first line")
        password = line.rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = UserStore.from_settings(state.settings)
    try:
        user = store.add(name, role, password)
    except AuthError as e:
        raise click.UsageError(str(e)) from None
    ok(f"user {user.name} ({user.role.value}) added to {store.path}")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def users_list(state, as_json: bool) -> None:
    """List users and their roles (never passwords or hashes)."""
    store = UserStore.from_settings(state.settings)
    rows = [u.public() for u in store.list()]
    human = "\n".join(f"{r['name']:<24} {r['role']:<9} since {r['created_at']}" for r in rows) or f"no users yet ({store.path})"
    emit(rows, as_json, human)

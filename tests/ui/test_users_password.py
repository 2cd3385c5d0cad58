"""``consent-studio users password NAME`` and ``UserStore.set_password``: a password reset that
keeps the account (role, creation time) and ends every session signed in before it.

The session tests run one real server (``consent-studio serve`` in a subprocess,
:func:`ui_support.start_live_server`) and meet it over plain HTTP, as
tests/security/test_adversary26_fixes.py does for a name removed and added again.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from ui_support import ROOT, api_call, api_complete, api_session, start_live_server

from creator.auth import AuthError, Role, UserStore
from creator.cli import cli

OLD, NEW = "carl-creator-pw1", "carl-creator-pw2-new"


@pytest.fixture()
def store(tmp_path: Path) -> UserStore:
    s = UserStore(tmp_path / "data" / "users.json")
    s.add("olive", Role.OPERATOR, "olive-operator-pw")
    s.add("carl", Role.CREATOR, OLD)
    return s


# --------------------------------------------------------------------------- the store
def test_set_password_keeps_role_and_creation_time_and_only_the_new_password_signs_in(store: UserStore) -> None:
    before = store.get("carl")
    ino = store.path.stat().st_ino
    after = store.set_password("carl", NEW)
    assert (after.name, after.role, after.created_at) == (before.name, before.role, before.created_at)
    assert after.password_hash != before.password_hash and store.get("carl") == after
    assert store.authenticate("carl", NEW) and not store.authenticate("carl", OLD)
    assert store.authenticate("olive", "olive-operator-pw")  # the other rows are untouched
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.path.stat().st_ino != ino  # written as _save writes: a new file put in place
    assert NEW not in store.path.read_text()
    # no temporary file left (the writers' lock file stays, empty)
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["users.json", "users.json.lock"]


def test_the_same_password_again_is_a_new_hash(store: UserStore) -> None:
    before = store.get("carl").password_hash
    store.set_password("carl", OLD)
    assert store.get("carl").password_hash != before and store.authenticate("carl", OLD)


def test_set_password_refuses_an_unknown_name_and_a_short_password(store: UserStore) -> None:
    text = store.path.read_text()
    with pytest.raises(AuthError, match=r"user 'nobody' is not in .*users\.json; expected one of `consent-studio users list`"):
        store.set_password("nobody", NEW)
    with pytest.raises(AuthError, match="password has 5 characters; expected at least 10"):
        store.set_password("carl", "short")
    with pytest.raises(AuthError, match="starts or ends with whitespace"):
        store.set_password("carl", NEW + " ")
    assert store.path.read_text() == text


# --------------------------------------------------------------------------- the CLI
def _cli(store: UserStore, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--data-dir", str(store.path.parent), "users", *args], input=input)


def test_cli_users_password_from_stdin(store: UserStore) -> None:
    created = store.get("carl").created_at
    r = _cli(store, "password", "carl", "--password-stdin", input=NEW + "\n")
    assert r.exit_code == 0, r.output
    assert "OK: password of user carl (creator) changed in" in r.output
    assert store.authenticate("carl", NEW) and not store.authenticate("carl", OLD)
    assert store.role_of("carl") is Role.CREATOR and store.get("carl").created_at == created
    rows = json.loads(_cli(store, "list", "--json").output)
    assert [(u["name"], u["role"]) for u in rows] == [("carl", "creator"), ("olive", "operator")]


def test_cli_users_password_asks_twice(store: UserStore) -> None:
    r = _cli(store, "password", "carl", input=f"{NEW}\n{NEW}\n")
    assert r.exit_code == 0, r.output
    assert r.output.count("password") >= 2 and "Repeat for confirmation" in r.output
    assert store.authenticate("carl", NEW)


def test_cli_users_password_refuses_an_unknown_name_before_asking(store: UserStore) -> None:
    text = store.path.read_text()
    r = _cli(store, "password", "nobody")
    assert r.exit_code == 2, r.output
    assert "FAIL: user 'nobody' is not in" in r.output and "users list" in r.output
    assert "New password" not in r.output  # refused before the prompt
    r = _cli(store, "password", "nobody", "--password-stdin", input=NEW + "\n")
    assert r.exit_code == 2 and "is not in" in r.output
    assert store.path.read_text() == text


def test_cli_users_password_refuses_a_short_password_and_empty_stdin(store: UserStore) -> None:
    r = _cli(store, "password", "carl", "--password-stdin", input="abc\n")
    assert r.exit_code == 2 and "password has 3 characters; expected at least 10" in r.output
    r = _cli(store, "password", "carl", "--password-stdin", input="")
    assert r.exit_code == 2 and "stdin is empty" in r.output
    assert store.authenticate("carl", OLD)


def test_cli_users_password_does_not_change_the_role(store: UserStore) -> None:
    r = _cli(store, "password", "--help")
    assert r.exit_code == 0
    assert "role cannot be changed here" in " ".join(r.output.split())
    r = _cli(store, "password", "carl", "--role", "operator", "--password-stdin", input=NEW + "\n")
    assert r.exit_code == 2 and "No such option" in r.output and "--role" in r.output
    assert store.role_of("carl") is Role.CREATOR and store.authenticate("carl", OLD)


# --------------------------------------------------------------------------- a running studio
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("users_password")) as s:
        yield s


def _signed_in(session: httpx.Client) -> bool:
    """Whether ``session``'s cookie is still a signed-in session (a named call answers)."""
    r = session.post("/gradio_api/call/my_outputs", json={"data": []})
    if r.status_code in (401, 403):
        return False
    assert r.status_code == 200, r.text[:300]
    api_complete(session.get(f"/gradio_api/call/my_outputs/{r.json()['event_id']}").text)
    return True


def _reset_by_cli(server, name: str, password: str) -> None:
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(server.data_dir),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    r = subprocess.run(
        [sys.executable, "-c", "import sys; from creator.cli import main; main(sys.argv[1:])",
         "users", "password", name, "--password-stdin"],
        input=password + "\n", capture_output=True, text=True, env=env, timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("how", ["cli", "store"])
def test_a_password_change_ends_every_session_signed_in_before_it(server, how) -> None:
    name, old, new = f"hana-{how}", "hana-creator-pw12", "hana-new-secret-pw77"
    UserStore.from_settings(server.settings).add(name, Role.CREATOR, old)
    hana = api_session(server, name, old)
    thief = httpx.Client(base_url=server.url, timeout=90, cookies=dict(hana.cookies))  # a copy of the cookie
    other = api_session(server, "carl", "carl-creator-pw1")  # another account: not touched
    assert _signed_in(hana) and _signed_in(thief) and _signed_in(other)

    if how == "cli":
        _reset_by_cli(server, name, new)
    else:
        UserStore.from_settings(server.settings).set_password(name, new)

    assert not _signed_in(hana)  # the old cookie's next request is signed out
    assert not _signed_in(thief)
    assert _signed_in(other)
    assert "not in the users file" not in api_call(other, "my_outputs", [])
    refused = httpx.Client(base_url=server.url, timeout=90).post("/login", data={"username": name, "password": old})
    assert refused.status_code != 200  # the old password is refused
    fresh = api_session(server, name, new)  # the new one signs in, with the same account
    assert _signed_in(fresh)
    assert UserStore.from_settings(server.settings).role_of(name) is Role.CREATOR
    assert not _signed_in(hana)  # and the old cookie stays out
    for c in (hana, thief, other, fresh):
        c.close()

"""Red team 29, in-process: the account identity a queued job is checked against
(``creator.auth.User.key`` with ``creator.ui.jobs_view.owner_refused``) and the users file's lock
as the CLI reports it (``creator.auth._flock``). No server.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from creator import auth
from creator.auth import Role, UserStore
from creator.ui.jobs_view import owner_refused

PW = "a-long-enough-password-29"


@pytest.fixture
def store(tmp_path):
    s = UserStore(tmp_path / "users.json")
    s.add("carl", Role.CREATOR, PW)
    s.add("olive", Role.OPERATOR, PW)
    return s


def _job(name: str = "carl"):
    return SimpleNamespace(id="job-1", owner=f"ui:{name}",
                           submitted_at=datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"))


def _rewrite_created_at(store: UserStore, name: str, spell) -> None:
    """Another tool (an editor, a backup restore, a migration script) writes the users file back
    with ``name``'s creation time spelled otherwise: the same instant."""
    doc = json.loads(store.path.read_text())
    for row in doc["users"]:
        if row["name"] == name:
            when = datetime.fromisoformat(row["created_at"])
            row["created_at"] = spell(when)
            assert datetime.fromisoformat(row["created_at"]) == when  # the same instant
    tmp = store.path.with_name("users.json.tmp")
    tmp.write_text(json.dumps(doc))
    tmp.chmod(0o600)
    os.replace(tmp, store.path)


def test_a_password_change_stops_the_jobs_queued_before_it(store):
    """A password reset after a stolen password: what the thief queued must not run as the
    account afterwards (the studio passes the account's standing, name, creation time and
    password, when a job is submitted)."""
    key = store.get("carl").standing()
    assert owner_refused(store)(_job(), key) is None
    store.set_password("carl", "another-long-password-29")
    reason = owner_refused(store)(_job(), key)
    assert reason is not None and "password was changed after it was queued" in reason, reason
    assert owner_refused(store)(_job(), store.get("carl").standing()) is None  # queued after the change: runs


def test_the_same_password_set_again_still_stops_earlier_jobs(store):
    """`users password` with the same password is a reset too (a fresh salt): sessions end, and
    so do the jobs they queued."""
    key = store.get("carl").standing()
    store.set_password("carl", PW)
    assert owner_refused(store)(_job(), key) is not None


def test_the_standing_does_not_carry_the_password_hash(store):
    u = store.get("carl")
    assert u.password_hash not in u.standing() and u.password_hash.split("$")[-1] not in u.standing()


def test_a_bare_identity_key_checks_the_account_only(store):
    key = store.get("carl").key()
    store.set_password("carl", "another-long-password-29")
    assert owner_refused(store)(_job(), key) is None


@pytest.mark.parametrize("spell", [
    pytest.param(lambda t: t.isoformat().replace("+00:00", "Z"), id="Z"),
    pytest.param(lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"), id="six-digit-fraction-always"),
    pytest.param(lambda t: t.astimezone(timezone(timedelta(hours=2))).isoformat(), id="other-offset"),
])
def test_the_same_account_spelled_otherwise_in_the_file_keeps_its_queued_jobs(store, spell):
    key = store.get("carl").standing()
    _rewrite_created_at(store, "carl", spell)
    assert store.get("carl") is not None
    assert owner_refused(store)(_job(), key) is None


def test_a_name_removed_and_added_again_within_the_same_second_is_another_account(store):
    key = store.get("carl").standing()
    store.remove("carl")
    store.add("carl", Role.CREATOR, PW)
    assert owner_refused(store)(_job(), key) is not None


def test_a_users_command_behind_a_held_lock_says_so_and_fails(store, monkeypatch):
    """The CLI's answer when another process holds the users file's lock: an error sentence and a
    failing exit status, no traceback and no change."""
    from creator.cli import cli

    monkeypatch.setattr(auth, "LOCK_WAIT_S", 0.3)
    lock = store.path.with_name(store.path.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        before = store.path.read_bytes()
        r = CliRunner().invoke(cli, ["--data-dir", str(store.path.parent), "users", "add", "erin", "--role", "creator",
                                     "--password-stdin"], input=PW + "\n")
    finally:
        os.close(fd)
    assert r.exit_code not in (0, None), r.output
    assert "locked" in r.output and "Traceback" not in r.output, r.output
    assert store.path.read_bytes() == before

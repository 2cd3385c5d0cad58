"""Studio accounts: the users file, password hashes, and `consent-studio users …`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from creator.auth import AuthError, Role, UserStore, hash_password, verify_password
from creator.cli import cli



@pytest.fixture()
def store(tmp_path: Path) -> UserStore:
    return UserStore(tmp_path / "data" / "users.json")


def test_added_user_signs_in_with_their_password_only(store: UserStore) -> None:
    store.add("carl", "creator", "carl-creator-pw1")
    assert store.authenticate("carl", "carl-creator-pw1")
    assert not store.authenticate("carl", "carl-creator-pw2")
    assert not store.authenticate("nobody", "carl-creator-pw1")
    assert store.role_of("carl") is Role.CREATOR
    assert store.role_of("nobody") is None


def test_users_file_is_private_and_holds_no_plain_password(store: UserStore) -> None:
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    text = store.path.read_text()
    assert "olive-operator-pw" not in text
    assert json.loads(text)["users"][0]["password_hash"].startswith("scrypt$16384$8$1$")


def test_readable_users_file_is_refused_and_lets_nobody_in(store: UserStore) -> None:
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    os.chmod(store.path, 0o644)
    with pytest.raises(AuthError, match=r"mode 0644; expected 0600 \(run: chmod 600 "):
        store.list()
    assert not store.authenticate("olive", "olive-operator-pw")


def test_duplicate_user_is_refused(store: UserStore) -> None:
    store.add("carl", "creator", "carl-creator-pw1")
    with pytest.raises(AuthError, match="user 'carl' already exists"):
        store.add("carl", "operator", "another-password")
    assert store.role_of("carl") is Role.CREATOR


def test_unknown_role_is_refused(store: UserStore) -> None:
    with pytest.raises(AuthError, match=r"role 'admin' is not valid; expected one of \['operator', 'creator'\]"):
        store.add("carl", "admin", "carl-creator-pw1")


def test_short_password_is_refused(store: UserStore) -> None:
    with pytest.raises(AuthError, match="password has 5 characters; expected at least 10"):
        store.add("carl", "creator", "short")


def test_bad_user_name_is_refused(store: UserStore) -> None:
    with pytest.raises(AuthError, match="user name 'carl smith' is not valid"):
        store.add("carl smith", "creator", "carl-creator-pw1")


def test_corrupt_users_file_lets_nobody_in(store: UserStore) -> None:
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    store.path.write_text("{not json")
    with pytest.raises(AuthError, match="is not readable JSON"):
        store.list()
    assert not store.authenticate("olive", "olive-operator-pw")


def test_weak_hash_parameters_are_refused() -> None:
    weak = hash_password("some-password").replace("scrypt$16384$", "scrypt$1024$")
    with pytest.raises(AuthError, match="weak or invalid scrypt parameters"):
        verify_password("some-password", weak)


def test_first_run_creates_one_admin_operator(store: UserStore) -> None:
    password = store.ensure_admin()
    assert password and len(password) >= 16
    assert store.authenticate("admin", password)
    assert store.role_of("admin") is Role.OPERATOR
    assert store.ensure_admin() is None  # never again, never a second password


def test_cli_users_add_and_list(tmp_path: Path) -> None:
    runner = CliRunner()
    data = str(tmp_path / "data")
    r = runner.invoke(cli, ["--data-dir", data, "users", "add", "carl", "--role", "creator", "--password-stdin"],
                      input="carl-creator-pw1\n")
    assert r.exit_code == 0, r.output
    assert "OK: user carl (creator) added" in r.output
    r = runner.invoke(cli, ["--data-dir", data, "users", "list", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(u["name"], u["role"]) for u in rows] == [("carl", "creator")]
    assert "password_hash" not in rows[0]
    assert UserStore(Path(data) / "users.json").authenticate("carl", "carl-creator-pw1")


def test_cli_users_add_refuses_short_password_with_usage_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "users", "add", "carl", "--role", "creator", "--password-stdin"], input="abc\n"
    )
    assert r.exit_code == 2
    assert "password has 3 characters; expected at least 10" in r.output


def test_cli_users_add_refuses_unknown_role(tmp_path: Path) -> None:
    r = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "users", "add", "carl", "--role", "admin", "--password-stdin"], input="x" * 12
    )
    assert r.exit_code == 2
    assert "'admin' is not one of 'operator', 'creator'" in r.output


def test_users_remove_takes_the_account_away_but_never_the_last_operator(tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    store = UserStore(data / "users.json")
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    store.add("carl", Role.CREATOR, "carl-creator-pw1")

    def run(*args: str):
        return runner.invoke(cli, ["--data-dir", str(data), "users", *args])

    r = run("remove", "carl")
    assert r.exit_code == 0, r.output
    assert "user carl (creator) removed" in r.output
    assert store.role_of("carl") is None and not store.authenticate("carl", "carl-creator-pw1")
    r = run("remove", "carl")
    assert r.exit_code != 0 and "is not in" in r.output
    r = run("remove", "olive")  # the last operator: nobody could manage the studio
    assert r.exit_code != 0 and "last operator" in r.output
    assert store.role_of("olive") is Role.OPERATOR
    store.add("otto", Role.OPERATOR, "otto-operator-pw")
    assert run("remove", "olive").exit_code == 0
    assert [u.name for u in store.list()] == ["otto"]
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_cli_users_add_warns_while_no_operator_exists(tmp_path: Path) -> None:
    """A creator added first on a new data dir: the studio then makes no 'admin' (the users file
    exists), so nobody could manage the studio from the browser; the command says so until an
    operator is added."""
    runner = CliRunner()
    data = str(tmp_path / "data")
    r = runner.invoke(cli, ["--data-dir", data, "users", "add", "carl", "--role", "creator", "--password-stdin"],
                      input="carl-creator-pw1\n")
    assert r.exit_code == 0 and "Warning: there is no operator account yet" in r.stderr
    r = runner.invoke(cli, ["--data-dir", data, "users", "add", "olive", "--role", "operator", "--password-stdin"],
                      input="olive-operator-pw\n")
    assert r.exit_code == 0 and "Warning" not in r.output


def test_a_link_in_place_of_the_lock_file_is_refused_and_never_followed(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "data" / "users.json")
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    lock = store.path.with_name("users.json.lock")
    lock.unlink()
    target = tmp_path / "elsewhere"
    lock.symlink_to(target)
    with pytest.raises(AuthError, match="expected a plain file there"):
        store.add("carl", Role.CREATOR, "carl-creator-pw1")
    assert not target.exists() and store.get("carl") is None


def test_removing_an_account_cancels_its_queued_and_running_jobs_only(tmp_path: Path) -> None:
    """``users remove`` stops the account's work: its queued and running jobs are asked to cancel
    (every job service reads that request from the log); another account's jobs, and those an
    earlier account of the same name left, are not touched (leftover of session 60: a removed
    account's job still ran to its end and was recorded as hers)."""
    from datetime import datetime, timedelta, timezone

    from consent.records import format_time
    from consent.registry import JobRecord, Registry
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from jobs_support import request_fields

    data = tmp_path / "data"
    store = UserStore(data / "users.json")
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    carl = store.add("carl", Role.CREATOR, "carl-creator-pw1")
    store.add("dina", Role.CREATOR, "dina-creator-pw1")
    req = GenerationRequest.build(**request_fields())
    at = {"old": format_time(carl.created_at - timedelta(hours=1)), "new": format_time(datetime.now(timezone.utc))}
    with Registry.from_settings(StudioSettings(data_dir=data)) as registry:
        for jid, owner, when in (("job_q", "ui:carl", "new"), ("job_r", "ui:carl", "new"), ("job_old", "ui:carl", "old"),
                                 ("job_dina", "ui:dina", "new")):
            registry.add_job(JobRecord(id=jid, owner=owner, state="queued", submitted_at=at[when],
                                       request_digest=req.digest(), settings=req.describe()))
        registry.mark_job_running("job_r", worker="test")
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "users", "remove", "carl"])
    assert r.exit_code == 0, r.output
    assert "2 queued or running job(s) of carl asked to cancel" in r.output
    with Registry.from_settings(StudioSettings(data_dir=data)) as registry:
        asked = {j.id: j.cancel_requested_by for j in registry.list_jobs(limit=None)}
    assert asked["job_q"] and asked["job_r"]
    assert asked["job_old"] is None and asked["job_dina"] is None

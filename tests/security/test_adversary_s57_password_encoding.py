"""Session 57 red team: a password on stdin that is not UTF-8.

``users add NAME --password-stdin`` (and ``users password NAME --password-stdin``) fed a password
in another encoding (a Latin-1 terminal, a file) ended in "the studio hit an internal error" and a
UnicodeEncodeError traceback, exit 1: the undecodable bytes came in as lone surrogates and the
hash could not encode them. The CLI's arguments already said "`subject` is not valid UTF-8 text
(undecodable bytes)"; the password check says so too now: one ``FAIL:`` line, exit 2, no user
added and no password changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATIN1 = b"\xe9t\xe9 correct horse battery\n"


def _cli(data_dir, *args, stdin: bytes):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "LC_ALL": "C.UTF-8", "GRADIO_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    r = subprocess.run([sys.executable, "-c", "from creator.cli import main; main()", "--data-dir", str(data_dir), *args],
                       input=stdin, capture_output=True, env=env, timeout=120, cwd=ROOT)
    return r.returncode, r.stderr.decode("utf-8", "replace")


def _users(data_dir):
    from creator.auth import UserStore
    from creator.settings import StudioSettings

    return {u.name: u.password_hash for u in UserStore.from_settings(StudioSettings(data_dir=data_dir)).list()}


@pytest.mark.parametrize("command", ["add", "password"])
def test_a_password_that_is_not_utf8_is_one_clear_line_and_changes_nothing(tmp_path, command):
    data = tmp_path / "data"
    rc, err = _cli(data, "users", "add", "olive", "--role", "operator", "--password-stdin", stdin=b"correct horse battery\n")
    assert rc == 0, err
    before = _users(data)
    if command == "add":
        rc, err = _cli(data, "users", "add", "pete", "--role", "creator", "--password-stdin", stdin=LATIN1)
    else:
        rc, err = _cli(data, "users", "password", "olive", "--password-stdin", stdin=LATIN1)
    assert rc == 2, err[-1500:]
    assert "Traceback" not in err and "internal error" not in err, err[-1500:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("FAIL: ") and "not valid UTF-8" in last, last
    assert _users(data) == before


def test_the_password_check_refuses_lone_surrogates():
    from creator.auth import AuthError, _check_password

    with pytest.raises(AuthError, match="not valid UTF-8"):
        _check_password(LATIN1.strip().decode("utf-8", "surrogateescape"))
    assert _check_password("été correct horse battery") == "été correct horse battery"

"""The users file's cached parse (``UserStore._read``): a running store sees every change at once.

A signed-in request reads the account each time (``creator.ui.server.Sessions.check``), so the
store keeps the last parse and re-reads the file when its stat key (device, inode, size,
mtime_ns, ctime_ns) changes, or while the file is "racy" (changed under ``_RACY_NS`` before it
was read, when a later change could fall in the same timestamp granule). Most tests here switch
the racy rule off (``strict_key``) so that only the stat key protects the cache: a change a test
makes right after a read would otherwise always be re-read and prove nothing about the key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import creator.auth as auth
from creator.auth import AuthError, Role, UserStore

ROOT = Path(__file__).resolve().parents[2]
CARL_PW, CARL_NEW = "carl-creator-pw1", "carl-creator-pw2-new"


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    p = tmp_path / "data" / "users.json"
    UserStore(p).add("olive", Role.OPERATOR, "olive-operator-pw")
    UserStore(p).add("carl", Role.CREATOR, CARL_PW)
    return p


@pytest.fixture()
def strict_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read counts as settled: the cache is trusted whenever the stat key is unchanged."""
    monkeypatch.setattr(auth, "_RACY_NS", -(10**18))


def _cached(store: UserStore) -> dict:
    assert store._cache is not None
    return store._cache[2]


def test_reads_reuse_the_parse_while_the_file_is_unchanged(path: Path, strict_key) -> None:
    store = UserStore(path)
    first = store.get("carl")
    parsed = _cached(store)
    assert store.get("carl") is first and _cached(store) is parsed  # no second parse
    users = store._load()  # what writers change: a copy, never the cache
    users.pop("carl")
    assert store.get("carl") is first


def test_a_password_set_by_another_store_on_the_same_path_is_seen_at_once(path: Path, strict_key) -> None:
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    before = running.get("carl")
    size = path.stat().st_size
    UserStore(path).set_password("carl", CARL_NEW)
    assert path.stat().st_size == size  # a new hash is as long as the old one: the size tells nothing
    after = running.get("carl")
    assert after.password_hash != before.password_hash
    assert (after.role, after.created_at) == (before.role, before.created_at)
    assert running.authenticate("carl", CARL_NEW) and not running.authenticate("carl", CARL_PW)


def test_users_added_and_removed_by_another_store_are_seen_at_once(path: Path, strict_key) -> None:
    running = UserStore(path)
    assert running.get("dora") is None
    UserStore(path).add("dora", Role.CREATOR, "dora-creator-pw1")
    assert running.role_of("dora") is Role.CREATOR
    UserStore(path).remove("dora")
    assert running.get("dora") is None and not running.authenticate("dora", "dora-creator-pw1")


def test_a_password_set_by_the_cli_in_another_process_is_seen_at_once(path: Path, strict_key) -> None:
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    r = subprocess.run(
        [sys.executable, "-c", "import sys; from creator.cli import main; main(sys.argv[1:])",
         "--data-dir", str(path.parent), "users", "password", "carl", "--password-stdin"],
        input=CARL_NEW + "\n", capture_output=True, text=True, env=env, timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert running.authenticate("carl", CARL_NEW) and not running.authenticate("carl", CARL_PW)


def _same_size_edit(path: Path) -> bytes:
    """The users file with carl's hash replaced by one of the same length (olive's)."""
    doc = json.loads(path.read_text())
    rows = {u["name"]: u for u in doc["users"]}
    rows["carl"]["password_hash"] = rows["olive"]["password_hash"]
    new = json.dumps(doc, indent=2).encode()
    assert len(new) == path.stat().st_size
    return new


def test_a_same_size_replacement_in_the_same_mtime_granule_is_seen_by_its_inode(
    path: Path, strict_key, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an atomic replace (``_save``, the CLI) does, with the mtime held to the old file's
    nanosecond and ctime left out of the key: the new inode alone tells the store. (A real
    replace also gets a new ctime, unless it falls in the same granule: the racy rule's case.)"""
    monkeypatch.setattr(auth, "_stat_key", lambda st: (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    old = path.stat()
    tmp = path.with_name(".users-test")
    tmp.write_bytes(_same_size_edit(path))
    tmp.chmod(0o600)
    os.utime(tmp, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(tmp, path)
    new = path.stat()
    assert (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns) and new.st_ino != old.st_ino
    assert running.authenticate("carl", "olive-operator-pw") and not running.authenticate("carl", CARL_PW)


def test_a_same_size_in_place_edit_with_a_forged_mtime_is_seen_by_its_ctime(path: Path, strict_key) -> None:
    """Same inode, same size, mtime set back to the old nanosecond (``touch -d``): ctime, which
    no write can set back, differs."""
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    old = path.stat()
    path.write_bytes(_same_size_edit(path))
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    new = path.stat()
    assert (new.st_ino, new.st_size, new.st_mtime_ns) == (old.st_ino, old.st_size, old.st_mtime_ns)
    assert running.authenticate("carl", "olive-operator-pw") and not running.authenticate("carl", CARL_PW)


def test_a_racy_read_is_checked_again_by_its_bytes_even_when_the_stat_key_is_unchanged(path: Path) -> None:
    """A change in the same granule as the read (same size, and ctime/mtime equal to the
    nanosecond: not producible on demand, so the cache is made to hold the new stat key): the
    file was changed under ``_RACY_NS`` before it was read, so its bytes are read again."""
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    key, raw, users, settled = running._cache
    assert not settled  # just written
    path.write_bytes(_same_size_edit(path))
    running._cache = (auth._stat_key(path.stat()), raw, users, settled)  # as if the stat had not moved
    assert running.authenticate("carl", "olive-operator-pw") and not running.authenticate("carl", CARL_PW)


def test_a_settled_read_is_trusted_while_its_stat_key_holds(path: Path) -> None:
    """The other side of the rule above, and what it does not cover: once a read is settled the
    bytes are not read again while the key holds. A change that keeps device, inode, size, mtime
    and ctime to the nanosecond after a settled read needs the clock stepped back by more than
    ``_RACY_NS`` (or a file system that does not keep mtime/ctime); this is what the store then
    does (the cache is made to hold the new key, as such a change would leave it)."""
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    key, raw, users, _ = running._cache
    path.write_bytes(_same_size_edit(path))
    running._cache = (auth._stat_key(path.stat()), raw, users, True)
    assert running.authenticate("carl", CARL_PW)  # not seen: documented, not covered


def test_the_mode_is_checked_on_every_read_and_a_broken_file_lets_nobody_in(path: Path, strict_key) -> None:
    running = UserStore(path)
    assert running.authenticate("carl", CARL_PW)
    os.chmod(path, 0o644)
    with pytest.raises(AuthError, match="mode 0644; expected 0600"):
        running.list()
    assert not running.authenticate("carl", CARL_PW)
    os.chmod(path, 0o600)
    assert running.authenticate("carl", CARL_PW)
    path.write_text(path.read_text()[:-5])  # cut short in place
    assert not running.authenticate("carl", CARL_PW)
    with pytest.raises(AuthError, match="not readable JSON"):
        running.get("carl")
    path.unlink()
    assert running.get("carl") is None and not running.authenticate("carl", CARL_PW)


# --------------------------------------------------------------------------- writers in two processes
_ADD_MANY = """
import sys
from creator.auth import Role, UserStore
store = UserStore(sys.argv[1])
sys.stdin.readline()  # both start together
for i in range(6):
    store.add(f"{sys.argv[2]}{i}", Role.CREATOR, "a-long-enough-pw-1")
"""


def test_two_processes_adding_users_at_once_lose_no_account(path: Path) -> None:
    """Two `users add` runs side by side (each read-modify-write holds a ~50 ms hash): every
    account of both is in the file afterwards, none written over by the other's copy."""
    UserStore(path).add("admin", Role.OPERATOR, "admin-pw-long-1")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", _ADD_MANY, str(path), who], stdin=subprocess.PIPE, env=env)
             for who in ("ann", "bob")]
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    assert all(p.wait(timeout=120) == 0 for p in procs)
    names = {u.name for u in UserStore(path).list()}
    assert names == {"olive", "carl", "admin"} | {f"{w}{i}" for w in ("ann", "bob") for i in range(6)}, sorted(names)

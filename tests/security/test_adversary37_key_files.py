"""Red team 37: ``consent.signing.secret_key_file`` after red team 36's fix (folder mode, S_ISREG,
non-blocking open).

1. (low-medium, legit user) First use from two processes at once (the UI and the job service
   started together on a fresh install): the loser of the O_EXCL race reads the file the winner has
   created but not yet written and fails with "holds 0 bytes; expected 32" -- the docstring
   promises "a process that loses the race to create it reads the winner's". (Pre-existing; the
   fix did not close it.) Measured: 5 of 30 trials of 8 processes.
2. (medium) The folder and file modes are checked, their owner is not: a keys folder 0700 and a
   key file 0600 owned by another account (which can swap the talent session key or the watermark
   key for one it knows) are accepted by a studio running as root.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import stat
import threading
import time

import pytest

from consent.signing import secret_key_file

_RT = "red team 37: "


class KeyError37(Exception):
    pass


def _read(path: str, start: float = 0.0) -> str:
    while time.time() < start:  # every process begins at the same moment
        pass
    try:
        return secret_key_file(path, "test key", KeyError37).hex()
    except KeyError37 as e:
        return "ERR " + str(e)


def test_first_use_from_many_processes_at_once_gives_everyone_the_same_key(tmp_path):
    ctx = mp.get_context("fork")
    with ctx.Pool(8) as pool:
        for trial in range(100):
            path = str(tmp_path / f"t{trial}" / "keys" / "k.bin")
            got = pool.starmap(_read, [(path, time.time() + 0.05)] * 8)
            assert len(set(got)) == 1 and not got[0].startswith("ERR"), (trial, sorted(set(got)))


def test_a_key_in_a_folder_owned_by_another_account_is_refused(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the folder to another account")
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o700)
    key = folder / "k.bin"
    key.write_bytes(os.urandom(32))
    key.chmod(0o600)
    os.chown(key, 65534, 65534)
    os.chown(folder, 65534, 65534)  # 'nobody' may now replace the key with one it knows
    with pytest.raises(KeyError37):
        secret_key_file(key, "test key", KeyError37)


# --- held ---------------------------------------------------------------------------------------

def test_held_a_symlinked_folder_to_a_world_writable_one_is_refused(tmp_path):
    real = tmp_path / "shared"
    real.mkdir()
    real.chmod(0o777)
    (tmp_path / "keys").symlink_to(real)
    with pytest.raises(KeyError37, match="others may replace"):
        secret_key_file(tmp_path / "keys" / "k.bin", "test key", KeyError37)


def test_held_a_fifo_swapped_in_is_refused_without_hanging(tmp_path):
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / "k.bin", 0o600)
    out: list[object] = []
    t = threading.Thread(target=lambda: out.append(_read(str(folder / "k.bin"))), daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive() and str(out[0]).startswith("ERR") and "regular file" in str(out[0])


def test_held_a_key_path_that_is_a_folder_gives_the_keys_error(tmp_path):
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o700)
    (folder / "k.bin").mkdir(mode=0o700)
    with pytest.raises(KeyError37):
        secret_key_file(folder / "k.bin", "test key", KeyError37)


def test_held_a_keys_path_that_is_a_file_gives_the_keys_error(tmp_path):
    (tmp_path / "keys").write_bytes(b"x")
    with pytest.raises(KeyError37):
        secret_key_file(tmp_path / "keys" / "k.bin", "test key", KeyError37)


def test_held_one_process_makes_a_0600_key(tmp_path):
    k = secret_key_file(tmp_path / "keys" / "k.bin", "test key", KeyError37)
    assert len(k) == 32 and stat.S_IMODE(os.stat(tmp_path / "keys" / "k.bin").st_mode) == 0o600
    assert secret_key_file(tmp_path / "keys" / "k.bin", "test key", KeyError37) == k

"""Red team 36: ``consent.signing.secret_key_file`` (talent session key, watermark key).

The one function that creates and checks a 32-byte secret key file (528a219) checks the *file's*
mode and size, but:

1. the folder's mode is not checked (``mkdir(mode=0o700, exist_ok=True)`` leaves an existing
   folder as it is): in a world-writable keys folder any local user can delete the key file and
   put their own 0600 32-byte file in its place (they own it; the studio reads it), and then
   knows the talent page's session key (forges a talent's session) or the watermark key. The
   studio starts on it without a word.
2. a FIFO in the key file's place (mode 0600) passes the mode check and ``read_bytes()`` blocks
   for ever: the studio (or the talent page) hangs at its first output instead of refusing.
3. a dangling symlink or a 0700 directory in the key file's place escapes as a bare
   FileNotFoundError / IsADirectoryError traceback, not the key's own error (RegistryError /
   DisclosureError) with what to do.

Suggested fix: ``os.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)``, ``fstat`` the descriptor
(``S_ISREG``, owner is us, mode 0600), refuse a folder writable by group/others, and turn any
OSError into ``error``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consent.errors import RegistryError
from consent.talent_state import SESSION_KEY_FILE, session_key

_RT = "red team 36: "


def test_a_world_writable_keys_folder_is_refused(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    session_key(keys)
    os.chmod(keys, 0o777)
    # another local user: delete the studio's key, put one they know in its place (0600, 32 bytes)
    (keys / SESSION_KEY_FILE).unlink()
    fd = os.open(keys / SESSION_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, b"\x01" * 32)
    os.close(fd)
    with pytest.raises(RegistryError):
        session_key(keys)


def test_a_world_writable_watermark_key_folder_is_refused(stub_world):
    from creator.errors import DisclosureError

    path = stub_world.settings.watermark_key_file
    stub_world.settings.watermark_key()
    os.chmod(path.parent, 0o777)
    with pytest.raises(DisclosureError):
        stub_world.settings.watermark_key()


def test_a_fifo_in_place_of_the_key_is_refused_not_a_hang(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    os.mkfifo(keys / SESSION_KEY_FILE, 0o600)
    code = ("import sys; from consent.talent_state import session_key; from consent.errors import RegistryError\n"
            "try:\n    session_key(sys.argv[1])\nexcept RegistryError as e:\n    print('refused:', e); sys.exit(3)\n")
    try:
        run = subprocess.run([sys.executable, "-c", code, str(keys)], capture_output=True, text=True, timeout=8,
                             cwd=Path(__file__).resolve().parents[2], env={**os.environ, "PYTHONPATH": "."})
    except subprocess.TimeoutExpired:
        pytest.fail("session_key blocked on a FIFO for 8 s")
    assert run.returncode == 3, run.stderr[-800:]


@pytest.mark.parametrize("kind", ["dangling symlink", "directory"])
def test_a_broken_key_file_is_refused_with_the_keys_error(tmp_path, kind):
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    if kind == "directory":
        (keys / SESSION_KEY_FILE).mkdir(mode=0o700)
    else:
        (keys / SESSION_KEY_FILE).symlink_to(tmp_path / "nowhere")
    with pytest.raises(RegistryError):
        session_key(keys)


# --- held ---------------------------------------------------------------------------------------

def test_held_a_readable_or_short_key_is_refused(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    path = keys / SESSION_KEY_FILE
    path.symlink_to("/dev/zero")  # 0666: refused by mode, never read
    with pytest.raises(RegistryError, match="mode"):
        session_key(keys)
    path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, b"\x01" * 7)
    os.close(fd)
    with pytest.raises(RegistryError, match="7 bytes"):
        session_key(keys)


def test_held_two_first_uses_read_the_same_key(tmp_path):
    keys = tmp_path / "keys"
    assert session_key(keys) == session_key(keys)
    assert (keys / SESSION_KEY_FILE).stat().st_mode & 0o777 == 0o600

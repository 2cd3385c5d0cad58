"""Session 57 red team: ``keys generate --name N`` and the files already there.

It refused to overwrite ``N.key.pem`` but wrote ``N.pub.pem`` over whatever was there (Bob's real
public key, kept in the keys folder for ``subjects add --key``, silently became the new key's);
and when ``N.pub.pem`` could not be written (a folder in its place, a full disk) the private key
stayed behind, so every retry said "key file ... already exists" and the pair could never be made
under that name without deleting a private key by hand. Now a name whose private or public key
file exists is refused before anything is written (exit 1, as an existing private key always was), and a public key that cannot be
written takes its private key with it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from creator.cli import cli

THEIRS = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGCqcxrSC8sd6E9mnm5ro1GnxxrC2qxkzyRg8VfgKreI=\n-----END PUBLIC KEY-----\n"


def _run(world, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), *map(str, args)])


def _keys(world):
    keys = world.settings.resolved_keys_dir
    keys.mkdir(parents=True, exist_ok=True)
    return keys


def test_an_existing_public_key_is_not_overwritten(stub_world):
    keys = _keys(stub_world)
    (keys / "bob.pub.pem").write_text(THEIRS)
    r = _run(stub_world, "keys", "generate", "--name", "bob")
    assert r.exit_code == 1, r.output
    assert "bob.pub.pem already exists" in r.output and r.output.startswith("FAIL: "), r.output
    assert (keys / "bob.pub.pem").read_text() == THEIRS
    assert not (keys / "bob.key.pem").exists()


def test_a_public_key_that_cannot_be_written_leaves_no_private_key(stub_world):
    keys = _keys(stub_world)
    (keys / "carl.pub.pem").mkdir()
    r = _run(stub_world, "keys", "generate", "--name", "carl")
    assert r.exit_code == 1, r.output
    (keys / "carl.pub.pem").rmdir()
    assert not (keys / "carl.key.pem").exists(), "a refused key pair left its private key behind"
    r = _run(stub_world, "keys", "generate", "--name", "carl")
    assert r.exit_code == 0, r.output
    assert (keys / "carl.key.pem").exists() and (keys / "carl.pub.pem").is_file()


def test_a_failed_public_key_write_removes_the_private_key(tmp_path, monkeypatch):
    from consent import signing
    from consent.errors import SignatureInvalid

    def full_disk(path, data):
        if path.name.endswith(".pub.pem"):
            raise OSError(28, "No space left on device")
        return real(path, data)

    real = signing._put_whole
    monkeypatch.setattr(signing, "_put_whole", full_disk)
    with pytest.raises(SignatureInvalid, match="cannot be written"):
        signing.generate_key_files(tmp_path, "dana")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(signing, "_put_whole", real)
    kf = signing.generate_key_files(tmp_path, "dana")
    assert kf.private_path.exists() and kf.public_path.read_text().startswith("-----BEGIN PUBLIC KEY-----")

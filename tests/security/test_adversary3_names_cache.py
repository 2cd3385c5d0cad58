"""The signed name-knowledge cache (<data dir>/cache/names-<fingerprint>.bin), attacked by
someone who can write the data dir but not the keys directory.

- a cache this installation signed for an *older* build (another fingerprint: name lists from
  before a celebrity was added) renamed to the current build's file name;
- a signature copied from the database's own signed state snapshots (same audit key, same
  signing function) onto a body of the attacker's choosing;
- a symlink planted at the cache path, pointing at a file outside the cache folder, that the next
  write would follow.
Each is rejected (rebuilt) or left untouched.
"""

from __future__ import annotations

import marshal

import pytest

from consent import _name_knowledge as nk
from consent.audit import AuditKeys


@pytest.fixture
def audit_keys(tmp_path):
    return AuditKeys.load_or_create(tmp_path / "keys")


class _OlderBuild(nk._SignedCache):
    @staticmethod
    def fingerprint() -> str:
        return "0" * 32


def _parts(raw: bytes) -> tuple[bytes, bytes]:
    head = len(nk._SignedCache.MAGIC) + 2
    sig_len = int.from_bytes(raw[len(nk._SignedCache.MAGIC):head], "big")
    return raw[head:head + sig_len], raw[head + sig_len:]


def test_an_older_builds_signed_cache_renamed_to_the_current_name_is_rejected(tmp_path, audit_keys):
    kb = nk.knowledge()
    old = _OlderBuild(tmp_path / "cache", audit_keys)
    old.write(kb)
    current = nk._SignedCache(tmp_path / "cache", audit_keys)
    old.path.rename(current.path)
    assert current.read() is None


def test_a_state_snapshot_signature_does_not_sign_a_cache(tmp_path, audit_keys):
    """The registry signs its state snapshots with the same key and function (sign_bytes); one of
    those signatures, over bytes the attacker picks as the cache body, is not a cache signature."""
    kb = nk.knowledge()
    cache = nk._SignedCache(tmp_path / "cache", audit_keys)
    cache.write(kb)
    _sig, body = _parts(cache.path.read_bytes())
    fields = marshal.loads(body)
    fields["people"] = {}
    forged_body = marshal.dumps(fields)
    snapshot_sig = audit_keys.sign_bytes(forged_body).encode("ascii")  # what a snapshot row would hold
    cache.path.write_bytes(nk._SignedCache.MAGIC + len(snapshot_sig).to_bytes(2, "big") + snapshot_sig + forged_body)
    assert cache.read() is None


def test_a_symlink_at_the_cache_path_is_replaced_not_written_through(tmp_path, audit_keys):
    kb = nk.knowledge()
    cache = nk._SignedCache(tmp_path / "cache", audit_keys)
    cache.directory.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache.path.symlink_to(victim)
    cache.write(kb)
    assert victim.read_text() == "keep me"
    assert not cache.path.is_symlink() and cache.read() is not None

"""Attacks on the cached person-name knowledge (<data dir>/cache/names-*.bin).

Someone who can write the data directory but not the keys directory edits the cache to drop a
celebrity (so a prompt naming them passes), plants a file signed by another installation, or
truncates it. Each is rejected and the knowledge rebuilt from the package lists."""

from __future__ import annotations

import logging
import marshal

import pytest

from consent import _name_knowledge as nk
from consent.audit import AuditKeys


@pytest.fixture
def audit_keys(tmp_path):
    return AuditKeys.load_or_create(tmp_path / "keys")


def test_an_edited_cache_is_rejected_and_rebuilt(tmp_path, audit_keys, caplog):
    """Dropping a celebrity from the file (to let a prompt through) breaks its signature."""
    kb = nk.knowledge()
    cache = nk._SignedCache(tmp_path / "cache", audit_keys)
    cache.write(kb)
    raw = cache.path.read_bytes()
    head = len(nk._SignedCache.MAGIC) + 2
    sig_len = int.from_bytes(raw[len(nk._SignedCache.MAGIC):head], "big")
    fields = marshal.loads(raw[head + sig_len:])
    fields["people"] = {k: v for k, v in fields["people"].items() if "obama" not in k}
    fields["people_single"] = frozenset(w for w in fields["people_single"] if w != "obama")
    cache.path.write_bytes(raw[:head + sig_len] + marshal.dumps(fields))
    with caplog.at_level(logging.WARNING, logger="consent._name_knowledge"):
        assert cache.read() is None
    assert "rejected" in caplog.text


def test_a_cache_signed_by_another_installation_is_rejected(tmp_path, audit_keys):
    kb = nk.knowledge()
    other = AuditKeys.load_or_create(tmp_path / "other-keys")
    nk._SignedCache(tmp_path / "cache", other).write(kb)
    assert nk._SignedCache(tmp_path / "cache", audit_keys).read() is None


def test_a_truncated_or_foreign_file_is_rejected(tmp_path, audit_keys):
    kb = nk.knowledge()
    cache = nk._SignedCache(tmp_path / "cache", audit_keys)
    cache.write(kb)
    raw = cache.path.read_bytes()
    cache.path.write_bytes(raw[: len(raw) // 2])
    assert cache.read() is None
    cache.path.write_bytes(b"\x80\x04not a cache at all")
    assert cache.read() is None

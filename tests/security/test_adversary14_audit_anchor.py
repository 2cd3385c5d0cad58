"""Adversary 14: the audit anchor against a hostile database host (both fixed: see
docs/ARCHITECTURE.md, *The audit log's anchor*, and tests/security/test_audit_anchor_fork.py).

The anchor (``keys/audit-anchor.json``, outside the database) is what makes a truncated or
rolled-back log evident: the registry refuses a log that ends before the anchor's entry or
whose entry at the anchor's position has another hash. Two ways round it:

1. **A rolled-back database re-anchors itself (HIGH).** The database host puts back a copy
   taken before a revocation. The next reads fail closed, as promised — and each failure is
   *recorded*: ``Registry.record_failure`` appends a signed ``failure`` entry to the
   rolled-back chain (``verify`` does so for every upload that needs the registry — a signed
   output, a watermarked copy — the public page included, so an anonymous visitor drives it;
   so do the Guard's audited refusals, tests/security/test_adversary14_anonymous_audit.py, and
   any job submission). ``AuditKeys.advance_anchor`` only checks that the new
   entry's position is past the anchor's, never that the chain it extends still holds the
   anchored entry: once the fork is one entry longer than the anchor, the anchor is
   rewritten to the fork's head. From then on the revocation never happened: ``audit
   verify`` says the chain is intact, verify says OK for an output made under the revoked
   grant, and the studio generates under it again.

2. **A tail of non-state entries can be cut off (MEDIUM).** Since the "gate at scale"
   change the anchor moves at once only for entries that change consent state;
   ``decision`` entries (a denied attempt to make someone's likeness), ``failure`` entries
   and job entries wait for the next write more than ``ANCHOR_LAG_S`` later. Until then the
   database host deletes them (and rewinds ``audit_head``) and nothing ever notices: the
   next entry takes the freed position and the chain stays intact and signed.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from starlette.testclient import TestClient

from consent.errors import ConsentError
from consent.registry import Registry
from creator.verify import verify
from public_support import public_app
from studio_world import StubEngine, noise


def _db(world):
    return world.settings.data_dir / "consent.db"


def _copy_db(world, to):
    src, dst = sqlite3.connect(_db(world)), sqlite3.connect(to)
    src.backup(dst)
    dst.close()
    src.close()


def _restore_db(world, backup):
    """The database host puts an older copy of the database file back (WAL files dropped)."""
    world.registry.close()
    for suffix in ("", "-wal", "-shm"):
        p = _db(world).with_name(_db(world).name + suffix)
        if p.exists():
            p.unlink()
    shutil.copy(backup, _db(world))


def _generate(world):
    return world.studio(StubEngine(images=[noise(256, seed=3)])).generate(
        world.request(prompt="a harbour at dawn", subjects=("jane",)))


def test_a_rolled_back_database_never_makes_a_revoked_grant_current_again(stub_world, tmp_path):
    # Before the fix a failure entry moved the anchor when the last move was 5 s ago (on a
    # server, visitors a few seconds apart); now every commit moves it, so every request counts.
    world = stub_world
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    out = _generate(world).outputs[0]
    backup = tmp_path / "older-copy.db"
    _copy_db(world, backup)  # the database host keeps a copy
    world.ops.revoke_grant("g-jane-1", "withdrawn", "legal")
    assert not verify(out.path, settings=world.settings, registry=world.registry).ok

    _restore_db(world, backup)  # ... and rolls the database back to it
    # anonymous visitors check the output on the public verify page: the rolled-back log fails
    # the integrity check (as it should), and each failure is recorded in that log
    reg = Registry.from_settings(world.settings)
    client = TestClient(public_app(world.__class__(settings=world.settings, registry=reg)))
    answers = [client.post("/public/api/verify", files={"file": ("x.png", out.path.read_bytes(), "image/png")}).json()
               for _ in range(3)]
    assert answers[0].get("verdict") != "credentials_ok", answers[0]  # the first answer fails closed
    reg.close()

    fresh = Registry.from_settings(world.settings)  # a restart, or the operator's CLI
    try:
        audit_ok = fresh.verify_audit().ok
        verify_ok = verify(out.path, settings=world.settings, registry=fresh).ok
        world.registry = fresh
        try:
            _generate(world)
            generated = True
        except ConsentError:
            generated = False
    finally:
        fresh.close()
    # each must stay False: the log is not intact, the output's consent is revoked, the grant is spent
    assert (audit_ok, verify_ok, generated) == (False, False, False), (
        f"after the rollback: audit verify ok={audit_ok}, verify of the output ok={verify_ok}, "
        f"generated under the revoked grant={generated}")


def test_a_deleted_tail_of_denied_attempts_is_evident(stub_world):
    # Before the fix the anchor waited up to 5 s for such entries, and then only for the next
    # write; now every commit moves it.
    world = stub_world
    world.add_person("jane", "Jane Doe")  # registered, no grant: every attempt is denied
    before = world.registry.verify_audit().entries
    for _ in range(2):
        with pytest.raises(ConsentError):
            _generate(world)
    kinds = [e.kind for e in world.registry.audit_entries()[before:]]
    assert "decision" in kinds, kinds  # the denied attempts are in the log
    world.registry.close()

    with sqlite3.connect(_db(world), isolation_level=None) as raw:  # the database host cuts them off
        raw.execute("DELETE FROM audit_mentions WHERE seq > ?", (before,))
        raw.execute("DELETE FROM audit_entries WHERE seq > ?", (before,))
        h = raw.execute("SELECT hash FROM audit_entries WHERE seq = ?", (before,)).fetchone()[0]
        raw.execute("UPDATE audit_head SET seq = ?, hash = ?", (before, h))
    fresh = Registry.from_settings(world.settings)
    try:
        report = fresh.verify_audit()
        assert not report.ok, f"the denied attempts vanished and audit verify says: {report.message}"
    finally:
        fresh.close()

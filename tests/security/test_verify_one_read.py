"""Verify reads an output's record, grants and person in one read transaction, its audit log
checked once (``Registry.reading``), and the registry keeps grant and person records parsed
from their rows' exact text. A verifier that has already vouched for copies of an output (its
records parsed, its audit state warm) must still catch a row edited in the database afterwards,
and see a consent change made since its last verify.
"""

from __future__ import annotations

import json
import sqlite3

from PIL import Image

from creator.verify import verify


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _copy(world, tmp_path):
    """Jane's output under grant g-1, and a copy of it saved without metadata."""
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-1")
    out = world.studio().generate(world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    with Image.open(out.path) as im:
        im.convert("RGB").save(tmp_path / "copy.png")
    return tmp_path / "copy.png"


def _recovered(world, path):
    report = verify(path, settings=world.settings, registry=world.registry)
    assert report.verdict == "FAIL" and report.recovered is not None, report.reasons
    return report.recovered


def test_an_edited_grant_row_is_caught_after_copies_were_verified(stub_world, tmp_path):
    copy = _copy(stub_world, tmp_path)
    for _ in range(2):  # the same registry object: the grant row parsed, the audit state read
        assert _recovered(stub_world, copy).ok
    with _raw(stub_world) as raw:
        grant = json.loads(raw.execute("SELECT grant_json FROM grants WHERE id = 'g-1'").fetchone()[0])
        grant["valid_until"] = "2099-12-31T00:00:00Z"  # a longer consent than the person signed
        raw.execute("UPDATE grants SET grant_json = ? WHERE id = 'g-1'", (json.dumps(grant),))
    recovered = _recovered(stub_world, copy)
    assert not recovered.ok
    assert [g.status for g in recovered.grants] == ["error"]
    assert "differs from the issued grant" in recovered.grants[0].message


def test_an_opt_out_then_a_cleared_opt_out_row_after_copies_were_verified(stub_world, tmp_path):
    copy = _copy(stub_world, tmp_path)
    assert _recovered(stub_world, copy).ok
    stub_world.ops.set_opt_out("jane", True)
    withdrawn = _recovered(stub_world, copy)
    assert not withdrawn.ok and [g.status for g in withdrawn.grants] == ["withdrawn"]
    with _raw(stub_world) as raw:
        raw.execute("UPDATE subjects SET opt_out = 0 WHERE id = 'jane'")
    edited = _recovered(stub_world, copy)
    assert not edited.ok and [g.status for g in edited.grants] == ["error"]
    assert "opt_out is False in the database but True in the signed audit log" in edited.grants[0].message


def test_a_revocation_between_two_verifies_is_seen_by_the_second(stub_world, tmp_path):
    copy = _copy(stub_world, tmp_path)
    assert _recovered(stub_world, copy).ok
    stub_world.ops.revoke_grant("g-1", "withdrawn", "legal")
    revoked = _recovered(stub_world, copy)
    assert not revoked.ok and [g.status for g in revoked.grants] == ["revoked"]


def test_reads_inside_one_reading_see_one_snapshot(stub_world, tmp_path):
    _copy(stub_world, tmp_path)
    reg = stub_world.registry
    with reg.reading():
        assert reg.get_grant("g-1").revocation is None
        stub_world.ops.revoke_grant("g-1", "withdrawn", "legal")  # committed by another connection
        assert reg.get_grant("g-1").revocation is None  # this transaction's snapshot, checked against its log
    assert reg.get_grant("g-1").revocation is not None


def test_a_person_row_deleted_after_copies_were_verified_is_no_person(stub_world, tmp_path):
    """The person's row is read with her grant in verify's one transaction: a row gone since the
    last verify is gone for the next one too (not the row read before), and says so."""
    copy = _copy(stub_world, tmp_path)
    for _ in range(2):
        assert _recovered(stub_world, copy).ok
    with _raw(stub_world) as raw:
        raw.execute("DELETE FROM subjects WHERE id = 'jane'")
    recovered = _recovered(stub_world, copy)
    assert not recovered.ok and [g.status for g in recovered.grants] == ["not_found"]
    assert "whose person is no longer in the registry" in recovered.grants[0].message

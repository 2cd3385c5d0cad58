"""A database rolled back or forked behind the studio's back is never written to again.

The anchor (``keys/audit-anchor.json``, outside the database) records the last entry this
installation wrote. A log that no longer holds that entry with that hash — an older copy of
the database put back, a truncated or rewritten tail — is refused for every write: a
revocation, a job, a recorded failure, a security event. What the studio would have appended
is kept beside the anchor (``keys/audit-incidents.jsonl``, signed), and ``audit verify`` names
it; the anchor never moves onto such a log. Every commit moves the anchor: a change of consent
state before the call returns, a denial or a failure right after it (and at close).
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from consent.audit import AuditKeys
from consent.errors import ConsentError
from consent.integrity import AnchorMismatch, IntegrityFailure
from consent.registry import Registry
from creator.verify import verify
from studio_world import StubEngine, noise


def _db(world):
    return world.settings.data_dir / "consent.db"


def _anchor(world) -> dict:
    return json.loads((world.settings.resolved_keys_dir / "audit-anchor.json").read_text())


def _entries_in_file(world) -> int:
    with sqlite3.connect(_db(world)) as raw:
        return raw.execute("SELECT count(*) FROM audit_entries").fetchone()[0]


def _put_back(world, copy) -> None:
    """The database host replaces the database file (its WAL files dropped)."""
    for suffix in ("", "-wal", "-shm"):
        p = _db(world).with_name(_db(world).name + suffix)
        if p.exists():
            p.unlink()
    shutil.copy(copy, _db(world))


def _generate(world):
    return world.studio(StubEngine(images=[noise(256, seed=5)])).generate(
        world.request(prompt="a harbour at dawn", subjects=("jane",)))


@pytest.fixture
def rolled_back(stub_world, tmp_path):
    """Jane's grant used once, then revoked; the database host puts back the copy from before."""
    world = stub_world
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    out = _generate(world).outputs[0]
    backup = tmp_path / "older.db"
    src, dst = sqlite3.connect(_db(world)), sqlite3.connect(backup)
    src.backup(dst)
    dst.close()
    src.close()
    world.ops.revoke_grant("g-jane-1", "withdrawn", "legal")
    anchored = _anchor(world)
    world.registry.close()
    _put_back(world, backup)
    world.registry = Registry.from_settings(world.settings)
    yield world, out, anchored
    world.registry.close()


def test_nothing_is_written_to_a_rolled_back_log_and_the_anchor_stays(rolled_back):
    world, out, anchored = rolled_back
    before = _entries_in_file(world)
    # the operator's CLI, the studio and visitors all try to write
    with pytest.raises(IntegrityFailure):
        world.ops.revoke_grant("g-jane-1", "withdrawn again", "legal")
    with pytest.raises(IntegrityFailure):
        _generate(world)  # refused, and its failure cannot go into this log either
    assert not verify(out.path, settings=world.settings, registry=world.registry).ok
    assert world.registry.record_security_event("login_failed", {"user": "mallory"}) is None
    assert world.registry.record_failure(None, "verify:integrity", "the log is behind its anchor") is None
    assert _entries_in_file(world) == before  # not one entry appended to the older copy
    assert _anchor(world) == anchored  # and the anchor did not move onto it
    report = world.registry.verify_audit()
    assert not report.ok and "truncated" in report.message, report.message


def test_refused_entries_are_kept_signed_beside_the_anchor_and_audit_verify_names_them(rolled_back):
    from creator.cli import cli

    world, out, _ = rolled_back
    verify(out.path, settings=world.settings, registry=world.registry)  # fails closed; its failure is refused
    world.registry.record_security_event("login_failed", {"user": "mallory"})
    incidents = world.registry.audit_incidents()
    kinds = [i["kind"] for i in incidents]
    assert "failure" in kinds and "login_failed" in kinds, kinds
    assert all(i["signed"] for i in incidents)
    assert all("anchor" in i["reason"] for i in incidents)
    world.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), "audit", "verify"])
    assert r.exit_code != 0, r.output
    assert f"{len(incidents)} audit entries were refused" in r.output and "audit-incidents.jsonl" in r.output, r.output


def test_an_edited_incident_line_shows_as_not_signed(rolled_back):
    world, _, _ = rolled_back
    world.registry.record_security_event("login_failed", {"user": "mallory"})
    path = world.settings.resolved_keys_dir / "audit-incidents.jsonl"
    line = json.loads(path.read_text().splitlines()[0])
    line["record"] = line["record"].replace("mallory", "alice")
    path.write_text(json.dumps(line) + "\n")
    assert [i["signed"] for i in world.registry.audit_incidents()] == [False]


def test_putting_the_right_database_back_lets_the_studio_write_again(stub_world, tmp_path):
    world = stub_world
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    current, older = tmp_path / "current.db", tmp_path / "older.db"
    for to in (current, older):
        src, dst = sqlite3.connect(_db(world)), sqlite3.connect(to)
        src.backup(dst)
        dst.close()
        src.close()
    world.registry.close()
    raw = sqlite3.connect(older, isolation_level=None)  # an older copy: the last entry cut off
    n = raw.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
    raw.execute("DELETE FROM audit_mentions WHERE seq = ?", (n,))
    raw.execute("DELETE FROM audit_grant_uses WHERE seq = ?", (n,))
    raw.execute("DELETE FROM audit_entries WHERE seq = ?", (n,))
    h = raw.execute("SELECT hash FROM audit_entries WHERE seq = ?", (n - 1,)).fetchone()[0]
    raw.execute("UPDATE audit_head SET seq = ?, hash = ?", (n - 1, h))
    raw.close()  # its WAL goes into the file
    _put_back(world, older)
    reg = Registry.from_settings(world.settings)
    assert reg.record_security_event("login_failed", {"user": "x"}) is None  # refused, kept beside the anchor
    with pytest.raises(IntegrityFailure):
        reg.revoke_grant("g-jane-1", "x", "legal")
    reg.close()
    _put_back(world, current)  # the operator restores the database the anchor records
    world.registry = Registry.from_settings(world.settings)
    world.ops.revoke_grant("g-jane-1", "withdrawn", "legal")
    assert world.registry.verify_audit().ok
    assert _anchor(world)["seq"] == n + 1


def test_every_commit_moves_the_anchor_a_denial_included(stub_world):
    world = stub_world
    world.add_person("jane", "Jane Doe")  # no grant: the attempt is denied
    with pytest.raises(ConsentError):
        _generate(world)
    last = world.registry.audit_entries()[-1]
    assert last.kind in ("decision", "failure"), last.kind
    world.registry.close()  # the anchor writer has written it by the time the registry is closed
    assert (_anchor(world)["seq"], _anchor(world)["hash"]) == (last.seq, last.hash)


def test_a_revocation_is_anchored_before_the_call_returns(stub_world):
    world = stub_world
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    world.ops.revoke_grant("g-jane-1", "withdrawn", "legal")
    last = world.registry.audit_entries()[-1]
    assert last.kind == "grant_revoked"
    assert (_anchor(world)["seq"], _anchor(world)["hash"]) == (last.seq, last.hash)


def test_the_anchor_never_moves_onto_a_log_without_the_anchored_entry(tmp_path):
    keys = AuditKeys.load_or_create(tmp_path / "keys")
    keys.advance_anchor(5, "a" * 64, lambda n: None)
    with pytest.raises(AnchorMismatch):
        keys.advance_anchor(7, "c" * 64, lambda n: "b" * 64)  # that log's entry 5 is another one
    with pytest.raises(AnchorMismatch):
        keys.advance_anchor(5, "d" * 64, lambda n: None)  # another entry at the anchored position
    assert (keys.read_anchor().seq, keys.read_anchor().hash) == (5, "a" * 64)
    keys.advance_anchor(7, "c" * 64, lambda n: {5: "a" * 64}.get(n))
    assert (keys.read_anchor().seq, keys.read_anchor().hash) == (7, "c" * 64)


def test_two_registries_writing_side_by_side_never_trip_the_anchor_check(stub_world):
    """Two processes' registries (here: two in one process) on one database: each one's commits
    are anchored by its own writer or before its call returns; neither sees the other's
    not-yet-anchored entries as a fork."""
    import threading

    world = stub_world
    world.add_person("jane", "Jane Doe")
    other = Registry.from_settings(world.settings)
    errors: list[BaseException] = []

    def write(reg, tag):
        try:
            for i in range(40):
                if i % 10 == 0:  # a change of state: anchored before the call returns
                    reg.add_name_exception(f"Harbour Keeper {tag.upper()}{i}", "a fictional name", "cli:test")
                elif i % 2:
                    reg.record_failure(None, "side", f"{tag} {i}")
                else:
                    reg.record_security_event("login_failed", {"user": f"{tag}{i}"})
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=write, args=(world.registry, "a")), threading.Thread(target=write, args=(other, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert not errors, errors
    assert world.registry.audit_incidents() == []  # nothing was refused
    world.registry.close()
    with Registry.from_settings(world.settings) as fresh:
        report = fresh.verify_audit()
        assert report.ok, report.message
        last = fresh.audit_entries()[-1]
    assert (_anchor(world)["seq"], _anchor(world)["hash"]) == (last.seq, last.hash)

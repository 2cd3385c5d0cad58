"""An attacker with the database file (but not the keys directory) edits the registry.

Every edit that would let a request through — or make ``verify`` vouch for a file — must
fail closed with "registry integrity failure: …": at generation (audited), at verify time,
and in ``audit verify``. The audit log itself is signed and anchored outside the database:
truncating it, wiping it, re-hashing edited rows and appending forged rows all fail.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from consent.audit import entry_hash
from consent.integrity import IntegrityFailure
from creator.verify import verify


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _fresh(world):
    """A new process's view: a registry opened from the settings (no cached state)."""
    from consent.registry import Registry

    return Registry.from_settings(world.settings)


@pytest.fixture
def jane(stub_world):
    stub_world.add_person("jane", "Jane Doe", aliases=("J. Doe",))
    return stub_world


def _generate(world, **kw):
    return world.studio().generate(world.request(prompt="a harbour at dawn", subjects=("jane",), **kw))


def _assert_fails_closed(world, match: str, fresh_too: bool = True):
    before = len([p for p in world.output_files() if p.suffix == ".png"])
    for reg in ([world.registry, _fresh(world)] if fresh_too else [world.registry]):
        studio = world.studio()
        studio.registry = reg
        with pytest.raises(IntegrityFailure, match=match):
            studio.generate(world.request(prompt="a harbour at dawn", subjects=("jane",)))
    assert len([p for p in world.output_files() if p.suffix == ".png"]) == before  # nothing published
    kinds = [(e.kind, e.payload.get("stage")) for e in world.registry.audit_entries(limit=3)]
    assert ("failure", "integrity") in kinds  # the failure is audited
    report = world.registry.verify_audit()
    assert not report.ok and "registry integrity failure" in report.message


# ----------------------------------------------------------------------------- registry rows
def test_deleting_a_revocation_row(jane):
    jane.issue_grant("jane", "g-1")
    out = _generate(jane).outputs[0]
    jane.ops.revoke_grant("g-1", "withdrawn", "legal")
    with _raw(jane) as raw:
        raw.execute("DELETE FROM revocations WHERE grant_id = 'g-1'")
    _assert_fails_closed(jane, "grant 'g-1': the revocation of .* is missing from the database")
    report = verify(out.path, settings=jane.settings, registry=_fresh(jane))
    assert not report.ok and "registry integrity failure" in report.summary


def test_resetting_a_usage_counter(jane):
    jane.issue_grant("jane", "g-1", usage_cap=1)
    _generate(jane)
    with _raw(jane) as raw:
        raw.execute("UPDATE usage_counters SET count = 0 WHERE grant_id = 'g-1'")
    _assert_fails_closed(jane, "grant 'g-1': usage is 0 in the database but 1 in the signed audit log")


def test_clearing_an_opt_out(jane):
    jane.issue_grant("jane", "g-1")
    jane.ops.set_opt_out("jane", True)
    with _raw(jane) as raw:
        raw.execute("UPDATE subjects SET opt_out = 0 WHERE id = 'jane'")
    _assert_fails_closed(jane, "subject 'jane': opt_out is False in the database but True in the signed audit log")


def test_clearing_the_minor_flag(stub_world):
    from consent.signing import generate_key

    kid, mum = generate_key(), generate_key()
    stub_world.ops.add_subject("jane", "Jane Doe", minor=True, keys=[kid.public_key()],
                               representative_name="Mary Doe", representative_role="guardian",
                               representative_key=mum.public_key())
    with _raw(stub_world) as raw:
        raw.execute("UPDATE subjects SET minor = 0 WHERE id = 'jane'")
    _assert_fails_closed(stub_world, "subject 'jane': minor is False in the database but True in the signed audit log")


def test_rewriting_a_guardian_named_by_an_edit(stub_world):
    """(session 58) A representative set after registration (a person marked a minor with her
    guardian) is held to its signed ``subject_updated`` entry like one given at registration."""
    from consent.signing import generate_key

    stub_world.ops.add_subject("jane", "Jane Doe", keys=[generate_key().public_key()])
    stub_world.ops.update_subject("jane", minor=True, representative_name="Mary Doe", representative_role="guardian",
                                  representative_key=generate_key().public_key())
    with _raw(stub_world) as raw:
        raw.execute("UPDATE subjects SET rep_name = 'Eve Mallory' WHERE id = 'jane'")
    _assert_fails_closed(stub_world, "subject 'jane': representative is .*Eve Mallory.* in the database but .*Mary Doe")


def test_adding_a_key_id_to_a_subject(jane):
    from consent.signing import generate_key, key_id

    attacker = generate_key()
    with _raw(jane) as raw:
        ids = json.loads(raw.execute("SELECT key_ids FROM subjects WHERE id = 'jane'").fetchone()[0])
        raw.execute("UPDATE subjects SET key_ids = ? WHERE id = 'jane'", (json.dumps(sorted(ids + [key_id(attacker)])),))
    _assert_fails_closed(jane, "subject 'jane': key_ids is .* in the database but .* in the signed audit log")


def test_adding_an_alias_to_hijack_a_celebrity_name(jane):
    jane.issue_grant("jane", "g-1")
    with _raw(jane) as raw:
        raw.execute("""UPDATE subjects SET aliases = '["J. Doe", "Tom Hanks"]' WHERE id = 'jane'""")
    with pytest.raises(IntegrityFailure, match="subject 'jane': aliases is"):
        jane.studio().generate(jane.request(prompt="Tom Hanks at the harbour"))


def test_moving_a_face_template_to_a_consenting_subject(jane, pictures):
    jane.add_person("bob", "Bob Roe", photo=pictures.astronaut())
    jane.issue_grant("jane", "g-1")
    with _raw(jane) as raw:
        raw.execute("UPDATE face_templates SET subject_id = 'jane' WHERE subject_id = 'bob'")
    source = jane.save(pictures.astronaut(256), "bob.png")
    with pytest.raises(IntegrityFailure, match="face template .* was altered"):
        jane.studio().generate(jane.request(mode="img2img", engine="diffusion", source=source, subjects=("jane",)))


def test_inserting_a_name_exception(jane):
    with _raw(jane) as raw:
        raw.execute("INSERT INTO name_exceptions VALUES ('tom hanks', 'Tom Hanks', 'style', 'mallory', '2026-01-01T00:00:00Z')")
    with pytest.raises(IntegrityFailure, match="name exception 'Tom Hanks' is in the database but was never recorded"):
        jane.studio().generate(jane.request(prompt="Tom Hanks at the harbour"))


def test_inserting_an_output_row_for_a_foreign_file(jane, signed_foreign):
    """A photo signed outside the recipe, plus an output row claiming it: still not made here."""
    path, sha = signed_foreign
    with _raw(jane) as raw:
        seq = raw.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
        raw.execute("INSERT INTO outputs (sha256, path, format, decision_id, grant_ids, created_at, audit_seq) "
                    "VALUES (?, ?, 'png', 'd-forged', '[]', '2026-01-01T00:00:00Z', ?)", (sha, str(path), seq))
    report = verify(path, settings=jane.settings, registry=_fresh(jane))
    assert not report.ok and "has no signed generation entry" in report.summary


@pytest.fixture
def signed_foreign(stub_world, pictures):
    """A real photo signed with the studio's own key by the internal pipeline (no decision)."""
    import hashlib

    from creator.disclosure import ConsentAssertion, DisclosureContext
    from creator.disclosure._pipeline import disclose

    ctx = DisclosureContext(
        digital_source_type="trainedAlgorithmicMedia", model_id="none", model_version="0", engine="gan",
        real_person_depicted=False,
        consent=ConsentAssertion(decision_id="d-forged", decided_at=dt.datetime.now(dt.timezone.utc), purpose="art", operation="likeness_generation", territories=("US",)),
    )
    out = disclose(pictures.astronaut(256), ctx, settings=stub_world.settings, out_dir=stub_world.settings.data_dir / "forged")
    return out.path, hashlib.sha256(out.path.read_bytes()).hexdigest()


# ----------------------------------------------------------------------------- the audit log
def _entries(world) -> int:
    return len(world.registry.audit_entries())


def test_truncating_the_tail_and_rewinding_the_head(jane):
    jane.issue_grant("jane", "g-1")
    jane.ops.revoke_grant("g-1", "withdrawn", "legal")
    n = _entries(jane)
    with _raw(jane) as raw:
        raw.execute("DELETE FROM audit_entries WHERE seq = ?", (n,))
        prev = raw.execute("SELECT seq, hash FROM audit_entries WHERE seq = ?", (n - 1,)).fetchone()
        raw.execute("UPDATE audit_head SET seq = ?, hash = ?", prev)
        raw.execute("DELETE FROM revocations")  # the revocation is gone from tables and log alike
    report = _fresh(jane).verify_audit()
    assert not report.ok and report.first_broken == n
    assert f"audit log truncated: the installation's anchor records entry {n}" in report.message
    with pytest.raises(IntegrityFailure, match="audit log truncated"):
        _fresh(jane).snapshot(["jane"], dt.datetime.now(dt.timezone.utc))


def test_wiping_the_log(jane):
    n = _entries(jane)
    with _raw(jane) as raw:
        raw.execute("DELETE FROM audit_entries")
        raw.execute("DELETE FROM audit_head")
    report = _fresh(jane).verify_audit()
    assert not report.ok and f"anchor records entry {n} (hash" in report.message and "the log ends at entry 0" in report.message


def test_rehashing_an_edited_row(jane):
    """Edit a row and recompute every hash after it (the chain is public): the signatures break."""
    jane.issue_grant("jane", "g-1")
    with _raw(jane) as raw:
        rows = raw.execute("SELECT seq, at, kind, payload, prev_hash, hash FROM audit_entries ORDER BY seq").fetchall()
        prev = rows[0][5]
        for seq, at, kind, payload, _p, _h in rows[1:]:
            if kind == "subject_added":
                payload = payload.replace('"minor":false', '"minor":false,"note":"harmless"')
            h = entry_hash(prev, seq, at, kind, payload)
            raw.execute("UPDATE audit_entries SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", (payload, prev, h, seq))
            prev = h
        raw.execute("UPDATE audit_head SET hash = ?", (prev,))
    report = _fresh(jane).verify_audit()
    assert not report.ok and report.first_broken == 2 and "is not signed by this installation's audit key" in report.message


def test_a_forged_append(jane):
    with _raw(jane) as raw:
        seq, prev = raw.execute("SELECT seq, hash FROM audit_head").fetchone()
        payload = json.dumps({"subject_id": "jane", "opt_out": False}, separators=(",", ":"), sort_keys=True)
        h = entry_hash(prev, seq + 1, "2026-01-01T00:00:00Z", "opt_out_set", payload)
        raw.execute("INSERT INTO audit_entries (seq, at, kind, payload, prev_hash, hash, sig) VALUES (?,?,?,?,?,?,?)",
                    (seq + 1, "2026-01-01T00:00:00Z", "opt_out_set", payload, prev, h, "AAAA"))
        raw.execute("UPDATE audit_head SET seq = ?, hash = ?", (seq + 1, h))
    report = _fresh(jane).verify_audit()
    assert not report.ok and report.first_broken == seq + 1 and "forged or re-hashed" in report.message


def test_a_forged_anchor_file(jane):
    anchor = jane.settings.resolved_keys_dir / "audit-anchor.json"
    data = json.loads(anchor.read_text())
    data["seq"] = 1
    anchor.write_text(json.dumps(data))
    report = _fresh(jane).verify_audit()
    assert not report.ok and "is not signed by this installation's audit key" in report.message


def test_an_exported_checkpoint_catches_a_rollback_the_anchor_file_lost(jane):
    """The attacker also owns the keys directory's anchor file (deleted it): the witness's copy still holds."""
    jane.issue_grant("jane", "g-1")
    checkpoint = jane.registry.checkpoint()
    n = checkpoint.seq
    (jane.settings.resolved_keys_dir / "audit-anchor.json").unlink()
    with _raw(jane) as raw:
        raw.execute("DELETE FROM audit_entries WHERE seq = ?", (n,))
        prev = raw.execute("SELECT seq, hash FROM audit_entries WHERE seq = ?", (n - 1,)).fetchone()
        raw.execute("UPDATE audit_head SET seq = ?, hash = ?", prev)
    assert not _fresh(jane).verify_audit(checkpoints=[checkpoint]).ok

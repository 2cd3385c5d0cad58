"""The registry facade: subjects, grants, revocations, one-transaction recording, adapters, templates, names."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from consent.integrity import IntegrityFailure
from consent.errors import ConsentDenied, NotFound, RecordInvalid, RegistryError, SignatureInvalid
from consent.policy import decide
from consent.records import Representative, Subject, canonical_json
from consent.registry import OutputRecord
from consent.signing import key_id
from consent.types import Likeness, LikenessSource

JANE = [Likeness(LikenessSource.DECLARED, "jane")]


#: Outputs are recorded at the registry's own clock (the real time), which re-checks the grant:
#: the grants recorded against must still be valid then, whatever the decision's test clock says.
RECORDED_BY = datetime(2100, 1, 1, tzinfo=timezone.utc)


def test_subject_round_trip_and_ref_lookup(with_jane, keys):
    s = with_jane.get_subject("jane")
    assert s.key_ids == (key_id(keys.subject),)
    assert with_jane.get_subject_by_ref(s.ref) == s
    with pytest.raises(NotFound, match="subject 'john' is not registered"):
        with_jane.get_subject("john")
    with pytest.raises(RegistryError, match="subject 'jane' already exists"):
        with_jane.add_subject(Subject(id="jane", display_name="Other"))


def test_grant_is_stored_exactly_as_signed(with_jane, make_grant, sign, keys, db_url):
    signed = sign(make_grant(), (keys.subject, "self"))
    with_jane.issue_grant(signed)
    got = with_jane.get_grant("g-123")
    assert got.signed == signed and got.revocation is None and got.usage == 0
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        stored = raw.execute("SELECT grant_json FROM grants").fetchone()[0]
    assert stored.encode() == canonical_json(signed.grant)


def test_issue_rejects_unregistered_signer(with_jane, make_grant, sign, keys):
    with pytest.raises(SignatureInvalid, match="is not from a registered key"):
        with_jane.issue_grant(sign(make_grant(), (keys.stranger, "self")))
    assert with_jane.list_grants() == []


def test_issue_rejects_a_grant_for_an_opted_out_subject(with_jane, make_grant, sign, keys):
    with_jane.set_opt_out("jane", True)
    with pytest.raises(RecordInvalid, match="has opted out"):
        with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    assert with_jane.list_grants() == []


def test_issue_rejects_minor_without_guardian(registry, minor, keys, make_grant, sign):
    registry.add_subject(minor.model_copy(update={"key_ids": (), "representative": Representative(name="Mary Doe", role="guardian")}),
                         keys=[keys.subject.public_key()], representative_key=keys.guardian.public_key())
    with pytest.raises(RecordInvalid, match="is a minor; guardian signatures found: none"):
        registry.issue_grant(sign(make_grant(), (keys.subject, "self")))
    registry.issue_grant(sign(make_grant(signer_role="guardian"), (keys.guardian, "guardian")))


def test_row_written_behind_our_back_still_denies(registry, minor, keys, make_grant, sign, db_url, context, now):
    """A minor's self-signed grant inserted with raw SQL is denied by the policy."""
    registry.add_subject(minor.model_copy(update={"key_ids": (), "representative": Representative(name="Mary Doe", role="guardian")}),
                         keys=[keys.subject.public_key()], representative_key=keys.guardian.public_key())
    signed = sign(make_grant(), (keys.subject, "self"))
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        raw.execute("INSERT INTO grants VALUES (?,?,?,?,?,?)", ("g-123", "jane", canonical_json(signed.grant).decode(),
                    canonical_json([s.model_dump(mode="json") for s in signed.signatures]).decode(), signed.grant.digest(), "2026-01-01T00:00:00Z"))
    # the registry refuses the row: no signed audit entry issued it ...
    with pytest.raises(IntegrityFailure, match="grant 'g-123' is in the database but no signed audit entry issued it"):
        registry.snapshot(["jane"], now)
    # ... and the policy alone would deny it too (the subject rules are re-checked at decision time)
    from consent.policy import Snapshot
    from consent.records import StoredGrant

    subject = registry.get_subject("jane")
    snap = Snapshot(subjects={"jane": subject}, grants={"jane": (StoredGrant(signed=signed),)}, verifier_key_ids=frozenset())
    d = decide(JANE, context, snap, now)
    assert not d.allowed and any(f.check == "subject:minor_guardian" for f in d.findings if not f.passed)


def test_revocation_is_stored_and_effective(with_jane, make_grant, sign, keys, context, now, monkeypatch):
    import consent.registry as registry_module

    monkeypatch.setattr(registry_module, "_now", lambda: now)  # the registry's clock reads the tests' now
    with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    with_jane.revoke_grant("g-123", "actor withdrew consent", "legal", at=now)
    assert with_jane.get_grant("g-123").revocation.reason == "actor withdrew consent"
    assert not decide(JANE, context, with_jane.snapshot(["jane"], now), now).allowed
    assert not decide(JANE, context, with_jane.snapshot(["jane"], now), now - timedelta(minutes=1)).allowed  # clock allowance
    assert decide(JANE, context, with_jane.snapshot(["jane"], now), now - timedelta(minutes=11)).allowed
    with pytest.raises(RegistryError, match="already revoked"):
        with_jane.revoke_grant("g-123", "again", "legal")


def test_a_withdrawal_at_once_is_dated_when_it_was_recorded_and_in_force_on_lagging_clocks(with_jane, make_grant, sign, keys):
    """Red team 34: the revocation's date is the moment it was recorded (row, signed entry and
    its own time agree), not 10 minutes before; a clock up to 10 minutes behind still reads it
    as in force (the allowance is applied when deciding, not stored)."""
    from consent.records import format_time

    with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    before = datetime.now(timezone.utc)
    rev = with_jane.revoke_grant("g-123", "I changed my mind", "talent:jane:self")
    after = datetime.now(timezone.utc)
    assert before <= rev.revoked_at <= after
    (entry,) = with_jane.audit_entries(kind="grant_revoked")
    assert entry.payload["revoked_at"] == format_time(rev.revoked_at) == entry.at and entry.payload["immediate"] is True
    stored = with_jane.get_grant("g-123")
    assert stored.revocation.revoked_at == rev.revoked_at
    assert stored.is_revoked(before - timedelta(minutes=9))  # a studio host whose clock runs 9 minutes behind
    assert not stored.is_revoked(before - timedelta(minutes=11))
    assert "in force from" in stored.status_message(before - timedelta(minutes=9))
    assert with_jane.check_integrity() == []


def test_a_revocation_cannot_be_dated_in_the_past_and_nothing_is_recorded(with_jane, make_grant, sign, keys):
    """Red team 34: `at` more than the clock allowance (10 minutes) before now is refused, first
    revocation or one superseding a scheduled revocation; within the allowance it is accepted, dated now."""
    from consent.records import format_time

    with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    real = datetime.now(timezone.utc)
    with pytest.raises(RecordInvalid, match="cannot be dated in the past; it counts from now"):
        with_jane.revoke_grant("g-123", "backdated", "legal", at=real - timedelta(minutes=11))
    assert with_jane.get_grant("g-123").revocation is None and with_jane.audit_entries(kind="grant_revoked") == []
    with_jane.revoke_grant("g-123", "project wraps", "legal", at=real + timedelta(days=7))
    with pytest.raises(RecordInvalid, match="cannot be dated in the past"):
        with_jane.revoke_grant("g-123", "backdated", "legal", at=real - timedelta(days=365))
    assert with_jane.get_grant("g-123").revocation.reason == "project wraps"
    late = with_jane.revoke_grant("g-123", "a minute ago", "legal", at=real - timedelta(minutes=1))  # clock allowance
    # red team 35: within the allowance it is dated when recorded (row and signed entry agree), never back
    assert with_jane.get_grant("g-123").revocation.revoked_at == late.revoked_at >= real
    entries = with_jane.audit_entries(kind="grant_revoked")
    assert len(entries) == 2 and with_jane.check_integrity() == []
    assert entries[-1].payload["revoked_at"] == format_time(late.revoked_at) == entries[-1].at
    assert entries[-1].payload["immediate"] is True
    assert entries[-1].payload["at_given"] == format_time(real - timedelta(minutes=1))


def test_record_generation_is_one_transaction(with_jane, make_grant, sign, keys, context, now):
    with_jane.issue_grant(sign(make_grant(usage_cap=2, valid_until=RECORDED_BY), (keys.subject, "self")))
    d = decide(JANE, context, with_jane.snapshot(["jane"], now), now).require()
    entry = with_jane.record_generation(d, [OutputRecord("c" * 64, "/out/c.png", "png", "urn:c2pa:1", "00ff00ff")])
    assert entry.kind == "generation" and entry.payload["decision"]["decision_id"] == d.decision_id
    assert with_jane.get_grant("g-123").usage == 1
    found = with_jane.find_output(watermark_payload="00ff00ff")
    assert found.sha256 == "c" * 64 and found.grant_ids == ("g-123",) and found.decision_id == d.decision_id
    assert with_jane.find_output(sha256="d" * 64) is None
    # cap re-checked under the write lock: 1 used + 2 outputs > cap 2 -> nothing is written
    with pytest.raises(ConsentDenied, match="usage 1 \\+ 2 outputs would exceed cap 2"):
        with_jane.record_generation(d, [OutputRecord("e" * 64, "/e.png", "png"), OutputRecord("f" * 64, "/f.png", "png")])
    assert with_jane.find_output(sha256="e" * 64) is None and with_jane.get_grant("g-123").usage == 1


def test_denied_decision_cannot_be_recorded_as_generation(with_jane, context, now):
    d = decide(JANE, context, with_jane.snapshot(["jane"], now), now)
    with pytest.raises(ConsentDenied, match="denied decision cannot be recorded"):
        with_jane.record_generation(d, [OutputRecord("c" * 64, "/c.png", "png")])
    assert with_jane.record_failure(d, "decide", "no grant").kind == "failure"


def test_adapters_templates_and_name_exceptions(with_jane):
    with_jane.register_adapter("A" * 64, "jane", "jane-v1.safetensors", "lora")
    assert with_jane.get_adapter("a" * 64).subject_id == "jane" and with_jane.get_adapter("b" * 64) is None
    with pytest.raises(RecordInvalid, match="adapter kind is 'ckpt'"):
        with_jane.register_adapter("b" * 64, "jane", "x", "ckpt")
    v = np.arange(4, dtype=np.float64)
    with_jane.add_face_template("jane", v, "1" * 64, 112, 0.9, "sface")
    with_jane.add_face_template("jane", v + 1, "2" * 64, 96, 0.8, "sface")
    ids, mat = with_jane.face_templates("sface")
    assert ids == ["jane", "jane"] and mat.dtype == np.float32 and mat.shape == (2, 4) and mat[1, 0] == 1.0
    assert with_jane.face_templates("other")[1].shape[0] == 0
    with pytest.raises(RecordInvalid, match="embedding has 3 dimensions; model 'sface' templates have 4"):
        with_jane.add_face_template("jane", np.ones(3), "3" * 64, 96, 0.8, "sface")
    with_jane.add_name_exception("Vincent  van Gogh", "painter named for a style", "legal")
    assert [n.name for n in with_jane.name_exceptions()] == ["Vincent van Gogh"]
    kinds = [e.kind for e in with_jane.audit_entries()]
    assert kinds.count("face_template_enrolled") == 2 and "adapter_bound" in kinds and "name_exception_added" in kinds
    assert with_jane.verify_audit().ok

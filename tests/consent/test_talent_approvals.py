"""Approve-each-use grants: a request waits for the person, an approval covers one request once.

Real registry (SQLite + signed audit log), grants signed by the person with a software passkey.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from webauthn_support import SoftAuthenticator, passkey_sign  # noqa: E402

from consent.approvals import Approvals  # noqa: E402
from consent.drafts import Drafts  # noqa: E402
from consent.errors import ConsentDenied, NotFound, RecordInvalid  # noqa: E402
from consent.integrity import IntegrityFailure  # noqa: E402
from consent.operations import Operations  # noqa: E402
from consent.policy import DecisionContext, decide  # noqa: E402
from consent.records import canonical_json  # noqa: E402
from consent.registry import OutputRecord  # noqa: E402
from consent.types import Likeness, LikenessSource  # noqa: E402

T0 = datetime.now(timezone.utc).replace(microsecond=0)
REQ_A, REQ_B = "aa" * 32, "bb" * 32


def fields(**over) -> dict:
    return {"subject_id": "jane", "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": T0 + timedelta(days=30),
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}], **over}


@pytest.fixture
def signed(registry):
    ops = Operations(registry)
    ops.add_subject("jane", "Jane Doe")
    d = Drafts(ops)
    view, links = d.create(fields(approve_each_use=True), created_by="cli:olive")
    passkey_sign(d, links[0].token, SoftAuthenticator())
    return registry, ops, view.id


def decision(registry, digest: str | None, *, purpose: str = "film_reshoot"):
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose=purpose, operation="likeness_generation",
                          media="still_image", territory="US", request_digest=digest)
    return decide([Likeness(LikenessSource.DECLARED, "jane")], ctx, registry.snapshot(["jane"], now), now)


def test_a_grant_without_the_new_terms_keeps_its_canonical_form():
    from consent.records import ConsentGrant

    g = ConsentGrant.from_dict({**fields(), "id": "g-1", "valid_from": T0, "signer_role": "self"})
    assert b"approve_each_use" not in canonical_json(g) and b"ledger_thumbnails" not in canonical_json(g)
    g2 = ConsentGrant.from_dict({**fields(approve_each_use=True), "id": "g-1", "valid_from": T0, "signer_role": "self"})
    assert b'"approve_each_use":true' in canonical_json(g2) and g2.digest() != g.digest()


def test_a_request_waits_for_the_person_then_one_approval_allows_that_request_once(signed):
    registry, ops, gid = signed
    d = decision(registry, REQ_A)
    assert not d.allowed
    assert any("waiting for Jane Doe's approval" in r for r in d.reasons())
    registry.record_decision(d)  # what Studio does with a denial: the person is asked
    registry.record_decision(decision(registry, REQ_A))  # asking again adds nothing
    ap = Approvals(registry)
    pending = ap.list(subject_id="jane", status="pending")
    assert len(pending) == 1 and pending[0].request_digest == REQ_A and pending[0].summary["grantee"] == "ACME Films"
    assert not decision(registry, REQ_A).allowed  # pending is not approved
    ap.decide(pending[0].id, approve=True, by="talent:jane:self", subject_id="jane")
    ok = decision(registry, REQ_A)
    assert ok.allowed, ok.reasons()
    # the approval is for exactly that request: another one (or none) still waits
    assert not decision(registry, REQ_B).allowed
    assert not decision(registry, None).allowed
    # recording the outputs uses the approval up: the same request must be approved again
    registry.record_generation(ok, [OutputRecord("cd" * 32, "/tmp/x.png", "png")])
    assert ap.get(pending[0].id).status == "used"
    assert not decision(registry, REQ_A).allowed
    kinds = [e.kind for e in registry.audit_entries()]
    for k in ("use_approval_requested", "use_approval_decided", "use_approval_used"):
        assert k in kinds
    assert registry.check_integrity() == []


def test_a_request_out_of_scope_never_bothers_the_person_and_a_decline_keeps_denying(signed):
    registry, ops, gid = signed
    registry.record_decision(decision(registry, REQ_A, purpose="advertising"))  # out of scope anyway
    ap = Approvals(registry)
    assert ap.list(status="pending") == []
    registry.record_decision(decision(registry, REQ_B))
    (p,) = ap.list(status="pending")
    ap.decide(p.id, approve=False, by="talent:jane:self", subject_id="jane")
    assert ap.get(p.id).status == "declined"
    assert not decision(registry, REQ_B).allowed
    with pytest.raises(RecordInvalid):
        ap.decide(p.id, approve=True, by="talent:jane:self", subject_id="jane")  # decided once


def test_an_approval_declined_between_decision_and_recording_refuses_the_outputs(signed):
    registry, ops, gid = signed
    registry.record_decision(decision(registry, REQ_A))
    ap = Approvals(registry)
    (p,) = ap.list(status="pending")
    ap.decide(p.id, approve=True, by="talent:jane:self")
    ok = decision(registry, REQ_A)
    assert ok.allowed
    registry.record_generation(ok, [OutputRecord("cd" * 32, "/tmp/x.png", "png")])
    # the same decision twice: its approval is used up (the decision is checked again when recorded)
    with pytest.raises(ConsentDenied, match="request has not been approved on their consent page yet"):
        registry.record_generation(ok, [OutputRecord("ce" * 32, "/tmp/y.png", "png")])


def test_someone_else_cannot_decide_and_a_row_flipped_behind_the_log_fails_closed(signed):
    registry, ops, gid = signed
    from sqlalchemy import text

    registry.record_decision(decision(registry, REQ_A))
    ap = Approvals(registry)
    (p,) = ap.list(status="pending")
    with pytest.raises(NotFound):
        ap.decide(p.id, approve=True, by="talent:nora:self", subject_id="nora")
    with registry._engine.begin() as conn:
        conn.execute(text("UPDATE use_approvals SET status='approved' WHERE id=:i"), {"i": p.id})
    with pytest.raises(IntegrityFailure):
        decision(registry, REQ_A)


def test_audit_verify_reports_an_approval_row_deleted_behind_the_log(signed):
    registry, ops, gid = signed
    from sqlalchemy import text

    registry.record_decision(decision(registry, REQ_A))
    assert registry.check_integrity() == []
    with registry._engine.begin() as conn:
        conn.execute(text("DELETE FROM use_approvals"))
    assert any("use approval" in p and "missing from the database" in p for p in registry.check_integrity())

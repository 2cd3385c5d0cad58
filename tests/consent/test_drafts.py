"""Grant drafts signed by the person with a passkey: links, signers, completion, the decision.

Real registry (SQLite + signed audit log), real WebAuthn data from a software authenticator
(P-256 keys, CBOR attestation, ES256 assertions) verified by py_webauthn.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from webauthn_support import SoftAuthenticator, passkey_sign  # noqa: E402

from consent.drafts import Drafts, LinkInvalid, required_signers  # noqa: E402
from consent.errors import NotFound, RecordInvalid  # noqa: E402
from consent.operations import Operations  # noqa: E402
from consent.policy import DecisionContext, decide  # noqa: E402
from consent.records import GrantStatus, SignerRole  # noqa: E402
from consent.types import Likeness, LikenessSource  # noqa: E402

T0 = datetime.now(timezone.utc).replace(microsecond=0)


class Clock:
    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> datetime:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ops(registry, clock) -> Operations:
    return Operations(registry, clock=clock)


@pytest.fixture
def drafts(ops, clock) -> Drafts:
    return Drafts(ops, clock=clock)


def fields(sid: str = "jane", **over) -> dict:
    return {"subject_id": sid, "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": T0 + timedelta(days=30), "usage_cap": 5,
            "compensation_ref": "contract-7781", "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}], **over}


def allowed(registry, sid: str, at: datetime) -> bool:
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                          media="still_image", territory="US")
    snap = registry.snapshot([sid], at)
    return decide([Likeness(LikenessSource.DECLARED, sid)], ctx, snap, at).allowed


def test_a_person_signs_with_a_passkey_and_the_decision_allows_then_revocation_denies(registry, ops, drafts, clock):
    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive")
    assert view.status == "pending" and [ln.role for ln in links] == ["self"]
    with pytest.raises(NotFound):
        registry.get_grant(view.id)  # a draft is not a grant
    assert not allowed(registry, "jane", clock.t + timedelta(seconds=1))
    done = passkey_sign(drafts, links[0].token, SoftAuthenticator())
    assert done.status == "complete"
    sg = registry.get_grant(view.id)
    assert sg.signatures[0].key_id.startswith("passkey:") and sg.signatures[0].webauthn is not None
    assert registry.get_subject("jane").key_ids == (sg.signatures[0].key_id,)  # bound at first signing
    assert allowed(registry, "jane", clock.t + timedelta(seconds=1))
    ops.revoke_grant(view.id, "changed my mind", "talent:jane")
    assert not allowed(registry, "jane", datetime.now(timezone.utc) + timedelta(seconds=1))
    assert registry.check_integrity() == []
    kinds = [e.kind for e in registry.audit_entries()]
    for k in ("draft_created", "passkey_bound", "draft_signed", "grant_issued", "draft_completed", "grant_revoked"):
        assert k in kinds


def test_a_minor_needs_the_guardian_and_the_minor_each_with_their_own_link(registry, ops, drafts, clock):
    ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mary Doe", representative_role="guardian")
    view, links = drafts.create(fields("tim"), created_by="cli:olive")
    assert [ln.role for ln in links] == ["guardian", "self"] and view.grant.signer_role is SignerRole.GUARDIAN
    by = {ln.role: ln.token for ln in links}
    half = passkey_sign(drafts, by["guardian"], SoftAuthenticator())
    assert half.status == "pending"
    with pytest.raises(NotFound):
        registry.get_grant(view.id)
    assert not allowed(registry, "tim", clock.t + timedelta(seconds=1))
    done = passkey_sign(drafts, by["self"], SoftAuthenticator())
    assert done.status == "complete"
    sg = registry.get_grant(view.id)
    assert sorted(s.role.value for s in sg.signatures) == ["guardian", "self"]
    assert registry.get_subject("tim").representative.key_id.startswith("passkey:")
    assert allowed(registry, "tim", clock.t + timedelta(seconds=1))


def test_required_signers_follow_the_subject(ops, registry):
    ops.add_subject("ada", "Ada Old", kind="deceased_person", representative_name="Old Estate", representative_role="estate")
    ops.add_subject("bo", "Bo Star", representative_name="Top Agency", representative_role="agent")
    assert required_signers(registry.get_subject("ada")) == ("estate",)
    assert required_signers(registry.get_subject("bo")) == ("self", "agent")


def test_the_second_grant_is_signed_with_the_same_passkey_and_a_link_never_binds_another(registry, ops, drafts):
    ops.add_subject("jane", "Jane Doe")
    phone = SoftAuthenticator()
    _, l1 = drafts.create(fields(), created_by="cli:olive")
    passkey_sign(drafts, l1[0].token, phone)
    _, l2 = drafts.create(fields(description="Second reshoot: scene 14 on the pier at dusk"), created_by="cli:olive")
    assert len(drafts.open(l2[0].token).passkeys) == 1
    assert passkey_sign(drafts, l2[0].token, phone).status == "complete"
    assert len(registry.get_subject("jane").key_ids) == 1


def test_decline_closes_the_draft_for_good(registry, ops, drafts):
    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive")
    out = drafts.decline(links[0].token, "not this project")
    assert out.status == "declined" and out.signers[0].reason == "not this project"
    with pytest.raises(LinkInvalid, match="already used"):
        drafts.open(links[0].token)
    with pytest.raises(NotFound):
        registry.get_grant(view.id)


def test_an_expired_link_can_be_reissued_and_the_old_one_stops_working(registry, ops, drafts, clock):
    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive", link_ttl=timedelta(hours=1))
    clock.t = T0 + timedelta(hours=2)
    with pytest.raises(LinkInvalid, match="expired"):
        drafts.open(links[0].token)
    assert drafts.get(view.id).signers[0].current(clock.t) == "expired"
    new = drafts.reissue_link(view.id, "self", by="cli:olive")
    with pytest.raises(LinkInvalid, match="not known"):
        drafts.open(links[0].token)
    assert drafts.open(new.token).role == "self"
    assert registry.check_integrity() == []


def test_a_draft_is_validated_like_a_grant_and_refuses_opted_out_people(ops, drafts):
    ops.add_subject("jane", "Jane Doe")
    with pytest.raises(RecordInvalid, match="description"):
        drafts.create(fields(description="any use"), created_by="cli:olive")
    ops.set_opt_out("jane", True)
    with pytest.raises(RecordInvalid, match="opted out"):
        drafts.create(fields(), created_by="cli:olive")


def test_the_ledger_lists_each_output_made_under_the_grant(registry, ops, drafts, clock):
    from consent.registry import OutputRecord

    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive")
    passkey_sign(drafts, links[0].token, SoftAuthenticator())
    at = datetime.now(timezone.utc)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                          media="still_image", territory="US")
    dec = decide([Likeness(LikenessSource.DECLARED, "jane")], ctx, registry.snapshot(["jane"], at), at)
    registry.record_generation(dec, [OutputRecord("cd" * 32, "/x/out.png", "png")])
    rows = drafts.ledger(view.id)
    assert [(r.purpose, r.territory, r.output) for r in rows] == [("film_reshoot", "US", "cd" * 8)]
    assert drafts.ledger("g-other") == []
    assert ops.grant_view(view.id).status is GrantStatus.ACTIVE and registry.get_grant(view.id).usage == 1

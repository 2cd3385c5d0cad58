"""An operator withdraws a pending grant draft (session 63: a fresh user's walkthrough found no way
to take back a link sent by mistake, or a draft whose terms no longer fit the person)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from webauthn_support import SoftAuthenticator, passkey_sign

from consent.drafts import Drafts, LinkInvalid
from consent.errors import NotFound, RecordInvalid
from consent.operations import Operations


@pytest.fixture
def ops(registry) -> Operations:
    return Operations(registry)


@pytest.fixture
def drafts(ops) -> Drafts:
    return Drafts(ops)


def fields(sid: str = "jane") -> dict:
    return {"subject_id": sid, "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": datetime.now(timezone.utc) + timedelta(days=30), "usage_cap": 5,
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}


WHY = "terms drafted for the wrong project"


def test_a_withdrawn_drafts_link_no_longer_opens_nor_signs(registry, ops, drafts):
    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive")
    out = drafts.withdraw(view.id, by="cli:olive", reason=WHY)
    assert out.status == "withdrawn"
    with pytest.raises(LinkInvalid, match="withdrawn"):
        drafts.open(links[0].token)
    with pytest.raises(LinkInvalid, match="withdrawn"):
        passkey_sign(drafts, links[0].token, SoftAuthenticator())
    with pytest.raises(NotFound):
        registry.get_grant(view.id)
    with pytest.raises(LinkInvalid):
        drafts.reissue_link(view.id, "self", by="cli:olive")
    entry = [e for e in registry.audit_entries() if e.kind == "draft_withdrawn"][-1]
    assert entry.payload["reason"] == WHY and entry.payload["by"] == "cli:olive" and entry.payload["subject_id"] == "jane"
    assert registry.check_integrity() == []


def test_only_a_pending_draft_is_withdrawn_and_a_reason_is_needed(registry, ops, drafts):
    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive")
    with pytest.raises(RecordInvalid, match="at least 10"):
        drafts.withdraw(view.id, by="cli:olive", reason="oops")
    passkey_sign(drafts, links[0].token, SoftAuthenticator())
    with pytest.raises(RecordInvalid, match="only a pending draft.*grant revoke"):
        drafts.withdraw(view.id, by="cli:olive", reason=WHY)


def test_a_withdrawal_undone_in_the_database_is_caught(registry, ops, drafts, db_url):
    ops.add_subject("jane", "Jane Doe")
    view, links = drafts.create(fields(), created_by="cli:olive")
    drafts.withdraw(view.id, by="cli:olive", reason=WHY)
    with sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None) as raw:
        raw.execute("UPDATE grant_drafts SET status = 'pending', finished_at = NULL")
    with pytest.raises(Exception, match="integrity"):
        drafts.open(links[0].token)


def test_a_withdrawn_drafts_unsigned_signer_is_shown_as_withdrawn_not_pending(registry, ops, drafts):
    ops.add_subject("jane", "Jane Doe")
    view, _links = drafts.create(fields(), created_by="cli:olive")
    out = drafts.withdraw(view.id, by="cli:olive", reason=WHY)
    assert [s["status"] for s in out.to_dict()["signers"]] == ["withdrawn"]

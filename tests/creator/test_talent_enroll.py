"""Operator-confirmed passkey enrollment: the person creates a passkey on /talent/enroll, reads
their code to the operator, who binds it to the subject; links then sign only with that passkey."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from webauthn_support import SoftAuthenticator

from consent.drafts import Drafts
from consent.errors import SignatureInvalid
from consent.operations import Operations
from creator.talent.app import TalentService, enrollments, talent_app

ORIGIN = "http://localhost"
T0 = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def world(tmp_path):
    from consent.audit import AuditKeys
    from consent.registry import Registry

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    ops = Operations(reg)
    ops.add_subject("jane", "Jane Doe")
    drafts = Drafts(ops)
    import fastapi

    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
    yield reg, ops, drafts, TestClient(root, base_url=ORIGIN + "/talent")
    reg.close()


def enroll(client, auth) -> str:
    assert "Create my passkey" in client.get("/enroll").text
    o = client.post("/api/enroll/options", json={}).json()
    r = client.post("/api/enroll", json=auth.create(o, ORIGIN))
    assert r.status_code == 200, r.text
    return r.json()["code"]


def link_sign(client, token, auth):
    begin = client.post(f"/s/{token}/begin", json={}).json()
    if begin["registration"]:
        client.post(f"/s/{token}/register", json=auth.create(begin["registration"], ORIGIN))
    return begin, client.post(f"/s/{token}/sign", json=auth.get(begin["signing"]["challenge"], ORIGIN))


def fields() -> dict:
    return {"subject_id": "jane", "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": T0 + timedelta(days=30),
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}


def test_a_confirmed_passkey_is_the_only_one_a_link_accepts(world):
    reg, ops, drafts, client = world
    jane = SoftAuthenticator()
    code = enroll(client, jane)
    assert len(code.replace("-", "")) == 16
    pk, rp_id = enrollments(reg).take(code)
    assert enrollments(reg).take(code) is None  # a code works once
    rec = drafts.enroll_passkey("jane", "self", pk, rp_id=rp_id, confirmed_by="ui:olive")
    assert reg.get_subject("jane").key_ids == (rec.key_id,)
    bound = [e for e in reg.audit_entries() if e.kind == "passkey_bound"]
    assert bound[-1].payload["confirmed_by"] == "ui:olive" and bound[-1].payload["draft_id"] is None
    # someone else holding Jane's link cannot create their own passkey on it
    _, l1 = drafts.create(fields(), created_by="cli:olive")
    begin, r = link_sign(client, l1[0].token, SoftAuthenticator())
    assert begin["registration"] is None and r.status_code == 400
    _, r = link_sign(client, l1[0].token, jane)
    assert r.status_code == 200 and r.json()["status"] == "complete"
    assert reg.check_integrity() == []


def test_a_second_passkey_cannot_be_confirmed_and_a_bound_one_not_enrolled_again(world):
    reg, ops, drafts, client = world
    jane = SoftAuthenticator()
    pk, rp_id = enrollments(reg).take(enroll(client, jane))
    drafts.enroll_passkey("jane", "self", pk, rp_id=rp_id, confirmed_by="ui:olive")
    other, rp2 = enrollments(reg).take(enroll(client, SoftAuthenticator()))
    with pytest.raises(SignatureInvalid, match="already has a passkey"):
        drafts.enroll_passkey("jane", "self", other, rp_id=rp2, confirmed_by="ui:olive")
    o = client.post("/api/enroll/options", json={}).json()
    assert client.post("/api/enroll", json=SoftAuthenticator().create(o, ORIGIN)).status_code == 200
    replay = client.post("/api/enroll", json=SoftAuthenticator().create(o, ORIGIN))  # the same challenge again
    assert replay.status_code == 400 and "already been used" in replay.json()["detail"]

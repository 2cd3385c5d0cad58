"""Approve-each-use, attacked from the talent page and from the creator's side.

- someone signed in on the talent page approves a request that is not theirs to approve:
  another person's, or (a minor) one their guardian must approve — a minor's grant needed the
  guardian's signature, so a use of it needs the guardian's approval, not the minor's alone;
- an approval is replayed after the grant was withdrawn;
- one approved request is run twice at once, to get two generations out of one approval.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from studio_world import StubEngine, noise
from webauthn_support import SoftAuthenticator

from consent.approvals import Approvals
from consent.drafts import Drafts
from consent.errors import ConsentDenied
from consent.operations import Operations
from consent.policy import DecisionContext, decide
from consent.types import Likeness, LikenessSource
from creator.talent.app import TalentService, talent_app

ORIGIN = "http://localhost"
T0 = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def world(tmp_path):
    from consent.audit import AuditKeys
    from consent.registry import Registry

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    ops = Operations(reg)
    ops.add_subject("jane", "Jane Doe")
    ops.add_subject("nora", "Nora North")
    ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mary Doe", representative_role="guardian")
    drafts = Drafts(ops)
    import fastapi

    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
    yield reg, ops, drafts, root
    reg.close()


def _fields(sid: str, **over) -> dict:
    return {"subject_id": sid, "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": T0 + timedelta(days=30),
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}], "approve_each_use": True, **over}


def _client(root) -> TestClient:
    return TestClient(root, base_url=ORIGIN + "/talent")


def _sign(client: TestClient, token: str, auth: SoftAuthenticator) -> None:
    begin = client.post(f"/s/{token}/begin", json={}).json()
    if begin["registration"]:
        assert client.post(f"/s/{token}/register", json=auth.create(begin["registration"], ORIGIN)).status_code == 200
    r = client.post(f"/s/{token}/sign", json=auth.get(begin["signing"]["challenge"], ORIGIN))
    assert r.status_code == 200, r.text


def _signed_in(root, auth: SoftAuthenticator) -> tuple[TestClient, str]:
    c = _client(root)
    o = c.post("/api/signin/options", json={}).json()
    assert c.post("/api/signin", json=auth.get(o["challenge"], ORIGIN)).status_code == 200
    page = c.get("/me").text
    return c, page.split('name="csrf" value="')[1].split('"')[0]


def _decision(reg, sid: str, digest: str):
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                          media="still_image", territory="US", request_digest=digest)
    return decide([Likeness(LikenessSource.DECLARED, sid)], ctx, reg.snapshot([sid], now), now)


def _pending(reg, sid: str, digest: str) -> str:
    reg.record_decision(_decision(reg, sid, digest))  # a denial files the request for the person
    (ap,) = Approvals(reg).list(subject_id=sid, status="pending")
    return ap.id


def test_a_person_cannot_decide_someone_elses_request(world):
    reg, ops, drafts, root = world
    jane_phone, nora_phone = SoftAuthenticator(origin=ORIGIN), SoftAuthenticator(origin=ORIGIN)
    _, jl = drafts.create(_fields("jane"), created_by="ui:olive")
    _sign(_client(root), jl[0].token, jane_phone)
    _, nl = drafts.create(_fields("nora"), created_by="ui:olive")
    _sign(_client(root), nl[0].token, nora_phone)
    aid = _pending(reg, "jane", "aa" * 32)
    nora, csrf = _signed_in(root, nora_phone)
    assert aid not in nora.get("/me").text
    for verdict in ("approve", "decline"):
        assert nora.post(f"/me/approvals/{aid}/{verdict}", data={"csrf": csrf}, follow_redirects=False).status_code == 400
    assert Approvals(reg).get(aid).status == "pending" and not _decision(reg, "jane", "aa" * 32).allowed


def test_a_minor_alone_cannot_approve_a_use_the_guardian_must_approve(world):
    reg, ops, drafts, root = world
    guardian_phone, tim_phone = SoftAuthenticator(origin=ORIGIN), SoftAuthenticator(origin=ORIGIN)
    view, links = drafts.create(_fields("tim"), created_by="ui:olive")
    by_role = {link.role: link for link in links}
    _sign(_client(root), by_role["guardian"].token, guardian_phone)
    _sign(_client(root), by_role["self"].token, tim_phone)
    assert reg.get_grant(view.id).grant.approve_each_use
    aid = _pending(reg, "tim", "cc" * 32)

    tim, csrf = _signed_in(root, tim_phone)
    r = tim.post(f"/me/approvals/{aid}/approve", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 403 and "approved by the guardian" in r.text
    assert Approvals(reg).get(aid).status == "pending", "the minor's own approval was recorded"
    assert not _decision(reg, "tim", "cc" * 32).allowed

    mary, csrf = _signed_in(root, guardian_phone)
    assert mary.post(f"/me/approvals/{aid}/approve", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert _decision(reg, "tim", "cc" * 32).allowed


def test_an_approval_given_before_a_withdrawal_allows_nothing(world):
    reg, ops, drafts, root = world
    phone = SoftAuthenticator(origin=ORIGIN)
    view, links = drafts.create(_fields("jane"), created_by="ui:olive")
    _sign(_client(root), links[0].token, phone)
    aid = _pending(reg, "jane", "dd" * 32)
    Approvals(reg).decide(aid, approve=True, by="talent:jane:self", subject_id="jane")
    assert _decision(reg, "jane", "dd" * 32).allowed
    ops.revoke_grant(view.id, "changed my mind", "talent:jane:self")
    d = _decision(reg, "jane", "dd" * 32)
    assert not d.allowed and any("revoked" in r for r in d.reasons())


class _Slow(StubEngine):
    """Holds each run in the engine a while, so the other run is decided meanwhile."""

    def generate(self, call, progress=None):
        time.sleep(1.0)
        return super().generate(call, progress)


def test_one_approval_run_twice_at_once_makes_one_generation(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    req = w.request(prompt="studio portrait, soft light", subjects=("jane",))
    studio = w.studio(_Slow(images=[noise(256, seed=11)]))
    with pytest.raises(ConsentDenied):
        studio.generate(req)
    (ap,) = Approvals(w.registry).list(subject_id="jane", status="pending")
    Approvals(w.registry).decide(ap.id, approve=True, by="talent:jane:self", subject_id="jane")

    results: list[object] = []

    def run():
        try:
            results.append(studio.generate(req))
        except Exception as e:  # noqa: BLE001 - what each run ends with is the point
            results.append(e)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    made = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ConsentDenied)]
    assert len(made) == 1 and len(refused) == 1, results
    assert len(w.output_files()) == 1  # the refused run published nothing
    assert Approvals(w.registry).get(ap.id).status == "used"
    assert w.registry.check_integrity() == []

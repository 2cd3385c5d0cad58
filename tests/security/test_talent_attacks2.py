"""Attacks on the talent page's presence check (camera + head-turn challenge).

Driven over HTTP (FastAPI's test client, origin http://localhost) with a software authenticator
(real P-256 passkeys); the registry is real (SQLite + signed audit log); the faces are synthetic
(DCGAN faces of nobody, head turns simulated by a warp, tests/presence_support.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from presence_support import face, png, sequence
from webauthn_support import SoftAuthenticator

from consent.drafts import Drafts, presence_evidence
from consent.operations import Operations
from consent.records import canonical_json
from creator.talent.app import TalentService, talent_app
from talent_me_support import ORIGIN, T0, fields



class Clock:
    t = T0

    def __call__(self):
        return self.t


class Mono:
    t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def world(tmp_path):
    from consent.audit import AuditKeys
    from consent.registry import Registry

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    clock = Clock()
    ops = Operations(reg, clock=clock)
    ops.add_subject("jane", "Jane Doe")
    ops.enroll("jane", [png(face("subject"))])
    ops.add_subject("nora", "Nora North")  # no face photos on record
    drafts = Drafts(ops, clock=clock)
    import fastapi

    mono = Mono()
    svc = TalentService(drafts, clock=mono, capture_dir=tmp_path / "presence")
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=svc))
    client = TestClient(root, base_url=ORIGIN + "/talent")
    yield reg, ops, drafts, client, mono, tmp_path
    reg.close()


def b64(frames: list[bytes]) -> list[str]:
    return [base64.b64encode(f).decode() for f in frames]


def poses_for(order: list[str]) -> list[str]:
    return ["centre", order[0], "centre", order[1], "centre"]


def camera(client, token, mono, who="subject", *, seed=0, frames=None, order_override=None, keep=False):
    """What the page does: start a challenge, send frames that do what it asks."""
    mono.t += 10
    st = client.post(f"/s/{token}/presence/start", json={})
    assert st.status_code == 200, st.text
    ch = st.json()
    order = order_override or ch["order"]
    fr = frames if frames is not None else sequence(face(who), poses_for(order), seed)
    r = client.post(f"/s/{token}/presence", json={"challenge_id": ch["challenge_id"], "frames": b64(fr), "keep": keep})
    return r, ch, fr


def web_sign(client, token, auth):
    begin = client.post(f"/s/{token}/begin", json={}).json()
    if begin["registration"]:
        assert client.post(f"/s/{token}/register", json=auth.create(begin["registration"], ORIGIN)).status_code == 200
    return client.post(f"/s/{token}/sign", json=auth.get(begin["signing"]["challenge"], ORIGIN))


# --------------------------------------------------------------------------- the policy
def test_signing_is_refused_until_the_camera_check_passes_and_then_the_grant_carries_its_record(world):
    reg, ops, drafts, client, mono, tmp = world
    d, links = drafts.create(fields("jane"), created_by="op")
    tok = links[0].token
    page = client.get(f"/s/{tok}").text
    assert "Start the camera check" in page and 'id="accept" class="primary" type="button" disabled' in page
    auth = SoftAuthenticator()
    r = web_sign(client, tok, auth)
    assert r.status_code == 400 and "camera presence check" in r.json()["detail"]
    r, ch, _ = camera(client, tok, mono)
    assert r.status_code == 200, r.text
    assert r.json()["passed"] is True
    assert "Camera check" in client.get(f"/s/{tok}").text
    r = web_sign(client, tok, auth)
    assert r.status_code == 200, r.text
    sg = reg.get_grant(d.id)
    ev = presence_evidence(sg.grant)
    rec = drafts.presence_record(d.id)
    assert ev is not None and ev.sha256 == hashlib.sha256(canonical_json(rec)).hexdigest()
    assert rec["passed"] is True and rec["order"] == ch["order"] and rec["challenge_met"] and rec["face_matched"]
    assert float(rec["min_similarity"]) >= float(rec["thresholds"]["frame_match"])
    assert "pixels" not in json.dumps(rec).replace("pixels_sha256", "")  # digests only, no images
    assert not (tmp / "presence").exists()  # nothing kept without the person's opt-in
    kinds = [e.kind for e in reg.audit_page(limit=50)]
    assert "draft_presence" in kinds
    assert reg.check_integrity() == []


def test_without_enrolled_photos_there_is_no_camera_check_and_the_page_says_so(world):
    reg, ops, drafts, client, mono, _ = world
    d, links = drafts.create(fields("nora"), created_by="op")
    page = client.get(f"/s/{links[0].token}").text
    assert "No face photos of Nora North are on record" in page and "Start the camera check" not in page
    assert client.post(f"/s/{links[0].token}/presence/start", json={}).status_code == 400
    assert web_sign(client, links[0].token, SoftAuthenticator()).status_code == 200
    assert presence_evidence(reg.get_grant(d.id).grant) is None
    assert drafts.presence_policy("nora") == "not_possible" and drafts.presence_policy("jane") == "required"


def test_opted_in_frames_are_kept_owner_only(world):
    reg, ops, drafts, client, mono, tmp = world
    d, links = drafts.create(fields("jane"), created_by="op")
    r, _, fr = camera(client, links[0].token, mono, keep=True)
    assert r.status_code == 200, r.text
    kept = sorted((tmp / "presence").rglob("*.jpg"))
    assert len(kept) == len(fr) and all((p.stat().st_mode & 0o077) == 0 for p in kept)
    assert drafts.presence_record(d.id)["capture_kept"] is True


# --------------------------------------------------------------------------- attacks
def test_the_wrong_person_on_camera_is_refused_with_a_plain_message(world):
    reg, ops, drafts, client, mono, _ = world
    d, links = drafts.create(fields("jane"), created_by="op")
    r, _, _ = camera(client, links[0].token, mono, who="stranger")
    assert r.status_code == 400
    assert "does not look like Jane Doe's photos on record" in r.json()["detail"]
    assert drafts.presence_record(d.id) is None
    assert web_sign(client, links[0].token, SoftAuthenticator()).status_code == 400
    assert any(e.kind == "draft_presence_failed" for e in reg.audit_page(limit=50))


def test_turns_in_the_wrong_order_or_none_fail(world):
    reg, ops, drafts, client, mono, _ = world
    d, links = drafts.create(fields("jane"), created_by="op")
    mono.t += 10
    ch = client.post(f"/s/{links[0].token}/presence/start", json={}).json()
    wrong = list(reversed(ch["order"]))
    fr = sequence(face("subject"), ["centre", wrong[0], wrong[0], "centre", "centre", "centre"], 7)
    r = client.post(f"/s/{links[0].token}/presence", json={"challenge_id": ch["challenge_id"], "frames": b64(fr)})
    assert r.status_code == 400 and "expected a turn to the" in r.json()["detail"]
    # a still picture (the same pose in every frame, e.g. a printed photo held up) never turns
    r, _, _ = camera(client, links[0].token, mono, frames=sequence(face("subject"), ["centre"] * 6, 8))
    assert r.status_code == 400 and "head turns seen were none" in r.json()["detail"]


def test_replayed_frames_of_a_passed_check_do_not_pass_again(world):
    reg, ops, drafts, client, mono, _ = world
    d1, l1 = drafts.create(fields("jane"), created_by="op")
    d2, l2 = drafts.create(fields("jane", project="Green (2027)"), created_by="op")
    r, ch, fr = camera(client, l1[0].token, mono, seed=1)
    assert r.status_code == 200, r.text
    # the same frames for the other draft (even when the new challenge happens to ask the same order)
    mono.t += 10
    ch2 = client.post(f"/s/{l2[0].token}/presence/start", json={}).json()
    r = client.post(f"/s/{l2[0].token}/presence", json={"challenge_id": ch2["challenge_id"], "frames": b64(fr)})
    assert r.status_code == 400 and "already sent in an earlier camera check" in r.json()["detail"]
    assert drafts.presence_record(d2.id) is None


def test_a_challenge_works_once_and_a_stale_or_foreign_one_is_refused(world):
    reg, ops, drafts, client, mono, _ = world
    d1, l1 = drafts.create(fields("jane"), created_by="op")
    d2, l2 = drafts.create(fields("jane", project="Green (2027)"), created_by="op")
    t1, t2 = l1[0].token, l2[0].token
    mono.t += 10
    ch1 = client.post(f"/s/{t1}/presence/start", json={}).json()
    fr = sequence(face("subject"), poses_for(ch1["order"]), 3)
    # a challenge issued for another draft's link
    r = client.post(f"/s/{t2}/presence", json={"challenge_id": ch1["challenge_id"], "frames": b64(fr)})
    assert r.status_code == 400 and "not issued for this link" in r.json()["detail"]
    # a newer challenge makes the older one stale
    mono.t += 10
    ch1b = client.post(f"/s/{t1}/presence/start", json={}).json()
    r = client.post(f"/s/{t1}/presence", json={"challenge_id": ch1["challenge_id"], "frames": b64(fr)})
    assert r.status_code == 400 and "not issued for this link or was already used" in r.json()["detail"]
    # an expired challenge (the clock moved past its two minutes)
    mono.t += 10
    ch1c = client.post(f"/s/{t1}/presence/start", json={}).json()
    assert ch1c["challenge_id"] != ch1b["challenge_id"]
    Clock.t = T0 + timedelta(minutes=5)
    try:
        r = client.post(f"/s/{t1}/presence", json={"challenge_id": ch1c["challenge_id"],
                                                   "frames": b64(sequence(face("subject"), poses_for(ch1c["order"]), 4))})
    finally:
        Clock.t = T0
    assert r.status_code == 400 and "expired" in r.json()["detail"]
    assert drafts.presence_record(d1.id) is None


def test_oversized_too_many_or_non_jpeg_frames_are_refused_before_any_face_work(world):
    reg, ops, drafts, client, mono, _ = world
    d, links = drafts.create(fields("jane"), created_by="op")
    tok = links[0].token

    def send(frames_b64):
        mono.t += 10
        ch = client.post(f"/s/{tok}/presence/start", json={}).json()
        return client.post(f"/s/{tok}/presence", json={"challenge_id": ch["challenge_id"], "frames": frames_b64})

    big = base64.b64encode(b"\xff\xd8\xff" + b"\0" * 300_000).decode()
    r = send([big] * 5)
    assert r.status_code == 400 and "frame 1" in r.json()["detail"] and "250000" in r.json()["detail"]
    r = send(b64([png(face("subject"))] * 5))
    assert r.status_code == 400 and "not a JPEG" in r.json()["detail"]
    r = send(b64(sequence(face("subject"), ["centre"] * 2)))
    assert r.status_code == 400 and "expected a list of 4 to 10" in r.json()["detail"]
    huge = client.post(f"/s/{tok}/presence", content=b"{" + b" " * (5 * 1024 * 1024) + b"}",
                       headers={"content-type": "application/json"})
    assert huge.status_code == 400 and "limit" in huge.json()["detail"]


def test_camera_checks_are_rate_limited_per_link(world):
    reg, ops, drafts, client, mono, _ = world
    d, links = drafts.create(fields("jane"), created_by="op")
    tok = links[0].token
    assert client.post(f"/s/{tok}/presence/start", json={}).status_code == 200
    r = client.post(f"/s/{tok}/presence/start", json={})
    assert r.status_code == 429 and "wait" in r.json()["detail"]
    for _ in range(7):
        mono.t += 5
        assert client.post(f"/s/{tok}/presence/start", json={}).status_code == 200
    mono.t += 5
    r = client.post(f"/s/{tok}/presence/start", json={})
    assert r.status_code == 429 and "camera checks were tried" in r.json()["detail"]


def test_presence_cannot_be_added_after_a_signature_or_swapped_in_the_database(world):
    reg, ops, drafts, client, mono, _ = world
    from sqlalchemy import text

    from consent.integrity import IntegrityFailure

    d, links = drafts.create(fields("jane"), created_by="op")
    r, _, _ = camera(client, links[0].token, mono, seed=5)
    assert r.status_code == 200, r.text
    rec = drafts.presence_record(d.id)
    forged = dict(rec, min_similarity="0.9999")
    with reg._engine.begin() as conn:
        conn.execute(text("UPDATE grant_drafts SET presence_json=:p WHERE id=:i"),
                     {"p": canonical_json(forged).decode(), "i": d.id})
    with pytest.raises(IntegrityFailure):
        drafts.get(d.id)


def test_a_presence_record_for_another_draft_or_a_failed_one_is_not_recorded(world):
    reg, ops, drafts, client, mono, _ = world
    from consent.errors import RecordInvalid

    d1, l1 = drafts.create(fields("jane"), created_by="op")
    d2, l2 = drafts.create(fields("jane", project="Green (2027)"), created_by="op")
    r, _, _ = camera(client, l1[0].token, mono, seed=9)
    assert r.status_code == 200, r.text
    rec = drafts.presence_record(d1.id)
    with pytest.raises(RecordInvalid, match="expected draft"):
        drafts.record_presence(l2[0].token, rec)  # d1's passed check offered for d2
    with pytest.raises(RecordInvalid, match="only a passed check is recorded"):
        drafts.record_presence(l2[0].token, {**rec, "draft_id": d2.id, "passed": False})
    with pytest.raises(RecordInvalid, match="already has a passed presence check"):
        drafts.record_presence(l1[0].token, rec)
    assert drafts.presence_record(d2.id) is None


def test_an_approval_covers_only_the_request_it_was_given_for(world):
    reg, ops, drafts, client, mono, _ = world
    from consent.approvals import Approvals
    from consent.policy import DecisionContext, decide
    from consent.types import Likeness, LikenessSource

    d, links = drafts.create(fields("nora", approve_each_use=True), created_by="op")
    assert web_sign(client, links[0].token, SoftAuthenticator()).status_code == 200

    def decision(digest):
        now = datetime.now(timezone.utc) + timedelta(seconds=1)
        ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                              media="still_image", territory="US", request_digest=digest)
        return decide([Likeness(LikenessSource.DECLARED, "nora")], ctx, reg.snapshot(["nora"], now), now)

    reg.record_decision(decision("11" * 32))
    (ap,) = Approvals(reg).list(status="pending")
    Approvals(reg).decide(ap.id, approve=True, by="talent:nora:self", subject_id="nora")
    assert decision("11" * 32).allowed
    bad = decision("22" * 32)  # the approval replayed for another request
    assert not bad.allowed and any("waiting for Nora North's approval" in m for m in bad.reasons())


def test_what_a_signing_link_writes_is_the_talent_side_s_not_the_server_account_s(world):
    """(an operator's walkthrough, session 67) a failed camera check on a signing link was recorded
    as done by ``cli:root``, the account running the server: the talent routes name their side."""
    reg, ops, drafts, client, mono, _ = world
    d, links = drafts.create(fields("jane"), created_by="op")
    r, _, _ = camera(client, links[0].token, mono, who="stranger")
    assert r.status_code == 400
    (failed,) = [e for e in reg.audit_page(limit=50) if e.kind == "draft_presence_failed"]
    assert failed.payload.get("actor") == "talent-link"

"""Attacks on the talent page's shared state (sessions, one-time challenges, the camera rate
limit, waiting passkeys) now that it lives in the registry database.

- Restarting the server (or reaching a second studio process behind the load balancer) must
  not reset the camera rate limit.
- Two processes racing for one challenge, ceremony or enrollment code: exactly one wins
  (SQLite and, when installed, PostgreSQL).
- Someone who reads the database learns no usable session, link or code.
"""

from __future__ import annotations

import base64
import threading

import pg_server
import pytest
from presence_support import face, png, sequence
from sqlalchemy import text
from talent_state_support import ORIGIN, Mono, fields, two  # noqa: F401 (two: fixture)
from webauthn_support import SoftAuthenticator

from consent.audit import AuditKeys
from consent.registry import Registry
from consent.talent_state import TalentStore
from creator.talent.app import PRESENCE_MAX_TRIES, SESSION_COOKIE, enrollments


@pytest.fixture(scope="module")
def pg():
    with pg_server.postgres_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request, tmp_path):
    """Two stores on one database, each with its own Registry (engine, connections): two processes."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 's.db'}"
    else:
        url = request.getfixturevalue("pg").create_database()
    keys = AuditKeys.load_or_create(tmp_path / "keys")
    regs = [Registry(url, audit_keys=keys, busy_timeout_s=10.0) for _ in range(2)]
    clock = Mono()
    yield [TalentStore(r, clock=clock) for r in regs]
    for r in regs:
        r.close()


def race(fns) -> list:
    """Run the callables at the same moment, one thread each; their results in order."""
    gate = threading.Barrier(len(fns))
    out: list = [None] * len(fns)
    errors: list = []

    def run(i, fn):
        try:
            gate.wait()
            out[i] = fn()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    ts = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert not errors, errors
    return out


# --------------------------------------------------------------------------- the rate limit
def test_restarting_the_server_does_not_reset_the_camera_rate_limit(two):
    a, b, clock, restart = two
    a.ops.enroll("jane", [png(face("subject"))])
    _, links = a.drafts.create(fields("jane"), created_by="op")
    tok = links[0].token
    for _ in range(PRESENCE_MAX_TRIES):
        clock.t += 5
        assert a.client().post(f"/s/{tok}/presence/start", json={}).status_code == 200
    clock.t += 5
    assert a.client().post(f"/s/{tok}/presence/start", json={}).status_code == 429
    a.close()
    for p in (restart(), b):  # the restarted server, and the other process behind the load balancer
        r = p.client().post(f"/s/{tok}/presence/start", json={})
        assert r.status_code == 429 and "camera checks were tried" in r.json()["detail"]


def test_a_camera_challenge_is_used_once_over_every_process_and_a_newer_one_elsewhere_makes_it_stale(two):
    a, b, clock, restart = two
    a.ops.enroll("jane", [png(face("subject"))])
    _, links = a.drafts.create(fields("jane"), created_by="op")
    tok = links[0].token
    clock.t += 5
    old = a.client().post(f"/s/{tok}/presence/start", json={}).json()
    clock.t += 5
    new = b.client().post(f"/s/{tok}/presence/start", json={}).json()
    fr = [base64.b64encode(f).decode() for f in sequence(face("subject"), ["centre", *new["order"], "centre"], 2)]
    r = a.client().post(f"/s/{tok}/presence", json={"challenge_id": old["challenge_id"], "frames": fr})
    assert r.status_code == 400 and "not issued for this link or was already used" in r.json()["detail"]
    # the stale submission used up the open challenge too (one-time, as before): start again
    r = b.client().post(f"/s/{tok}/presence", json={"challenge_id": new["challenge_id"], "frames": fr})
    assert r.status_code == 400 and "already used" in r.json()["detail"]


def test_racing_processes_get_no_more_camera_tries_than_the_limit(two_stores):
    s1, s2 = two_stores
    got = race([lambda s=s: [s.count_attempt("link", min_gap_s=0, max_tries=PRESENCE_MAX_TRIES).allowed
                             for _ in range(PRESENCE_MAX_TRIES)] for s in (s1, s2, s1, s2)])
    assert sum(sum(g) for g in got) == PRESENCE_MAX_TRIES


# --------------------------------------------------------------------------- one-time things
def test_two_processes_racing_for_one_challenge_ceremony_or_code_one_wins(two_stores):
    s1, s2 = two_stores
    for i in range(6):
        s1.put("signin", f"ch{i}", "1", 60)
        s1.put("presence", f"link{i}", f'{{"id": "{i}"}}', 60)
        s1.put("ceremony", f"link{i}", '{"challenge": "c"}', 60)
        s1.add_enrollment(f"abcd-abcd-abcd-000{i}", {"n": i}, 60, limit=100)
        got = race([lambda s=s: s.take("signin", f"ch{i}") for s in (s1, s2)])
        assert sorted(map(str, got)) == ["1", "None"], got
        got = race([lambda s=s: s.take("presence", f"link{i}") for s in (s2, s1)])
        assert sum(g is not None for g in got) == 1, got
        got = race([lambda s=s, n=n: s.swap("ceremony", f"link{i}", '{"challenge": "c"}', f'{{"passkey": {n}}}', 60)
                    for n, s in enumerate((s1, s2))])
        assert sorted(got) == [False, True], got
        got = race([lambda s=s: s.take_enrollment(f"ABCD-abcd-abcd-000{i}") for s in (s1, s2)])
        assert sorted(map(str, got)) == ["None", f"{{'n': {i}}}"], got


def test_one_signin_assertion_sent_to_two_processes_at_once_opens_one_session(two):
    a, b, clock, restart = two
    jane = SoftAuthenticator()
    ca = a.client()
    o = ca.post("/api/enroll/options", json={}).json()
    code = ca.post("/api/enroll", json=jane.create(o, ORIGIN)).json()["code"]
    pk, rp_id = enrollments(b.reg, clock=clock).take(code)
    b.drafts.enroll_passkey("jane", "self", pk, rp_id=rp_id, confirmed_by="ui:olive")
    for _ in range(3):
        o = ca.post("/api/signin/options", json={}).json()
        assertion = jane.get(o["challenge"], ORIGIN)
        rs = race([lambda p=p: p.client().post("/api/signin", json=assertion) for p in (a, b)])
        assert sorted(r.status_code for r in rs) == [200, 401], [r.text for r in rs]


# --------------------------------------------------------------------------- reading the database
def test_a_session_hash_read_from_the_database_is_not_a_session(two):
    a, b, clock, restart = two
    jane = SoftAuthenticator()
    _, links = a.drafts.create(fields("jane"), created_by="op")
    web = a.client()
    begin = web.post(f"/s/{links[0].token}/begin", json={}).json()
    web.post(f"/s/{links[0].token}/register", json=jane.create(begin["registration"], ORIGIN))
    assert web.post(f"/s/{links[0].token}/sign", json=jane.get(begin["signing"]["challenge"], ORIGIN)).status_code == 200
    o = web.post("/api/signin/options", json={}).json()
    assert web.post("/api/signin", json=jane.get(o["challenge"], ORIGIN)).status_code == 200
    assert "your grants" in web.get("/me").text
    with a.reg.engine.connect() as c:
        stored = c.execute(text("SELECT token_sha256 FROM talent_sessions")).scalar_one()
    page = b.client({SESSION_COOKIE: stored}).get("/me")
    assert "your grants" not in page.text and "Sign in" in page.text


def test_a_waiting_passkey_changed_in_the_database_is_not_confirmed(two):
    a, b, clock, restart = two
    store = a.svc.store
    store.add_enrollment("abcd-abcd-abcd-abcd", {"credential_id": "x"}, 60, limit=10)
    with a.reg.engine.begin() as c:
        sealed = c.execute(text("SELECT sealed FROM talent_enrollments")).scalar_one()
        raw = bytearray(base64.b64decode(sealed))
        raw[-1] ^= 1
        c.execute(text("UPDATE talent_enrollments SET sealed = :s"), {"s": base64.b64encode(bytes(raw)).decode()})
    assert b.svc.store.take_enrollment("abcd-abcd-abcd-abcd") is None

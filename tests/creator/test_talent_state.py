"""The talent page's state lives in the registry database: two studio processes on one database
file share sessions, one-time challenges, pending ceremonies, waiting passkeys and the camera
rate limit; a restart (a new process on the same file) keeps all of them."""

from __future__ import annotations

from talent_state_support import ORIGIN, TALENT_TABLES, count_rows, dump_talent_tables, fields, two  # noqa: F401 (two: fixture)
from webauthn_support import SoftAuthenticator

from consent.talent_state import TalentStore
from creator.talent.app import PRESENCE_MAX_TRIES, PRESENCE_WINDOW_S, SESSION_COOKIE, SESSION_TTL_S, enrollments


def enroll_on(a, b, auth) -> str:
    """Jane creates a passkey on process A's page; the operator confirms it on process B."""
    ca = a.client()
    o = ca.post("/api/enroll/options", json={}).json()
    r = ca.post("/api/enroll", json=auth.create(o, ORIGIN))
    assert r.status_code == 200, r.text
    code = r.json()["code"]
    found = enrollments(b.reg).take(code)
    assert found is not None, "the code A issued is unknown to B"
    b.drafts.enroll_passkey("jane", "self", found[0], rp_id=found[1], confirmed_by="ui:olive")
    return code


def test_a_session_started_on_one_process_works_on_the_other_and_after_a_restart(two):
    a, b, clock, restart = two
    jane = SoftAuthenticator()
    enroll_on(a, b, jane)
    ca, cb = a.client(), b.client()
    o = ca.post("/api/signin/options", json={}).json()  # the challenge comes from A ...
    r = cb.post("/api/signin", json=jane.get(o["challenge"], ORIGIN))  # ... the assertion reaches B
    assert r.status_code == 200, r.text
    tok = cb.cookies[SESSION_COOKIE]
    page = a.client({SESSION_COOKIE: tok}).get("/me").text
    assert "Jane Doe: your grants" in page and a.svc.store.csrf_of(tok) in page
    a.close()
    c = restart()
    assert "Jane Doe: your grants" in c.client({SESSION_COOKIE: tok}).get("/me").text
    # signing out on one process ends the session everywhere
    assert c.client({SESSION_COOKIE: tok}).post("/me/signout").status_code in (200, 303)
    assert "your grants" not in b.client({SESSION_COOKIE: tok}).get("/me").text
    # and a session ends after its lifetime on every process
    o = cb.post("/api/signin/options", json={}).json()
    assert cb.post("/api/signin", json=jane.get(o["challenge"], ORIGIN)).status_code == 200
    tok2 = cb.cookies[SESSION_COOKIE]
    clock.t += SESSION_TTL_S + 1
    assert "your grants" not in c.client({SESSION_COOKIE: tok2}).get("/me").text


def test_a_signin_challenge_and_an_enrollment_code_work_once_across_processes(two):
    a, b, clock, restart = two
    jane = SoftAuthenticator()
    code = enroll_on(a, b, jane)
    assert enrollments(a.reg).take(code) is None  # B took it: A finds nothing
    o = a.client().post("/api/signin/options", json={}).json()
    assertion = jane.get(o["challenge"], ORIGIN)
    assert b.client().post("/api/signin", json=assertion).status_code == 200
    again = a.client().post("/api/signin", json=assertion)
    assert again.status_code == 401 and "already been used" in again.json()["detail"]


def test_a_signing_ceremony_started_before_a_restart_finishes_after_it_on_another_process(two):
    a, b, clock, restart = two
    view, links = a.drafts.create(fields("jane"), created_by="cli:olive")
    tok = links[0].token
    phone = SoftAuthenticator()
    begin = a.client().post(f"/s/{tok}/begin", json={}).json()
    assert begin["registration"] is not None
    a.close()
    c = restart()
    r = c.client().post(f"/s/{tok}/register", json=phone.create(begin["registration"], ORIGIN))
    assert r.status_code == 200, r.text
    # the registration challenge was used on C: B cannot use it again
    again = b.client().post(f"/s/{tok}/register", json=SoftAuthenticator().create(begin["registration"], ORIGIN))
    assert again.status_code == 400 and "press Accept again" in again.json()["detail"]
    r = b.client().post(f"/s/{tok}/sign", json=phone.get(begin["signing"]["challenge"], ORIGIN))
    assert r.status_code == 200 and r.json()["status"] == "complete", r.text
    assert count_rows(b.reg, "talent_challenges") == 0  # the finished ceremony is gone


def test_the_camera_rate_limit_is_shared_and_kept_over_a_restart(two):
    a, b, clock, restart = two
    link = "link-token-of-jane"
    assert a.svc.presence_attempt(link) is None
    assert "wait 3 seconds" in b.svc.presence_attempt(link)  # the gap counts across processes
    for i in range(PRESENCE_MAX_TRIES - 1):
        clock.t += 5
        assert (a if i % 2 else b).svc.presence_attempt(link) is None
    clock.t += 5
    assert "8 camera checks were tried" in b.svc.presence_attempt(link)
    a.close()
    c = restart()
    assert "8 camera checks were tried" in c.svc.presence_attempt(link)
    clock.t += PRESENCE_WINDOW_S
    assert c.svc.presence_attempt(link) is None  # the window moved on


def test_frames_seen_by_one_process_are_a_replay_on_the_other(two):
    a, b, clock, restart = two
    assert a.svc.frames_seen(["aa" * 32, "bb" * 32]) is None
    assert b.svc.frames_seen(["cc" * 32, "bb" * 32]) == 1
    assert restart().svc.frames_seen(["aa" * 32]) == 0


def test_the_database_holds_no_session_token_link_token_code_or_passkey(two):
    a, b, clock, restart = two
    jane = SoftAuthenticator()
    ca = a.client()
    o = ca.post("/api/enroll/options", json={}).json()
    code = ca.post("/api/enroll", json=jane.create(o, ORIGIN)).json()["code"]  # waiting for the operator
    found = enrollments(b.reg).take(code)
    b.drafts.enroll_passkey("jane", "self", found[0], rp_id=found[1], confirmed_by="ui:olive")
    other = SoftAuthenticator()
    o = ca.post("/api/enroll/options", json={}).json()
    code2 = ca.post("/api/enroll", json=other.create(o, ORIGIN)).json()["code"]  # still waiting
    so = ca.post("/api/signin/options", json={}).json()
    pending = ca.post("/api/signin/options", json={}).json()["challenge"]  # an open sign-in challenge
    assert ca.post("/api/signin", json=jane.get(so["challenge"], ORIGIN)).status_code == 200
    session = ca.cookies[SESSION_COOKIE]
    _, links = a.drafts.create(fields("jane"), created_by="cli:olive")
    assert ca.post(f"/s/{links[0].token}/begin", json={}).status_code == 200
    a.svc.presence_attempt(links[0].token)
    rows = dump_talent_tables(a.reg)
    counts = {t: count_rows(a.reg, t) for t in TALENT_TABLES}
    assert counts["talent_sessions"] == 1 and counts["talent_enrollments"] == 1 and counts["talent_attempts"] == 1
    assert counts["talent_challenges"] >= 1
    from consent.passkeys import b64url

    secrets_ = [session, a.svc.store.csrf_of(session), links[0].token, pending, code2, code2.replace("-", ""),
                b64url(other.credential_id), b64url(other.cose_key)]
    for s in secrets_:
        assert s not in rows, f"{s!r} is stored in the clear"


def test_expired_rows_read_as_absent_and_are_swept(two):
    a, b, clock, restart = two
    store = TalentStore(a.reg, clock=clock)
    tok = store.open_session("jane", "self", "passkey:0123456789abcdef", 60)
    store.put("signin", "ch1", "1", 60)
    store.put("ceremony", "link", '{"challenge": "x"}', 60)
    store.add_enrollment("abcd-0123-abcd-0123", {"x": 1}, 60, limit=10)
    store.count_attempt("link", min_gap_s=0, max_tries=8)
    assert store.session(tok) is not None and store.peek("ceremony", "link") is not None
    clock.t += 61
    assert store.session(tok) is None
    assert store.peek("ceremony", "link") is None
    assert store.take("signin", "ch1") is None
    assert store.swap("ceremony", "link", '{"challenge": "x"}', "{}", 60) is False
    assert store.take_enrollment("abcd-0123-abcd-0123") is None
    clock.t += PRESENCE_WINDOW_S
    store.sweep()
    assert {t: count_rows(a.reg, t) for t in TALENT_TABLES if t != "talent_seen_frames"} == {
        "talent_sessions": 0, "talent_challenges": 0, "talent_attempts": 0, "talent_enrollments": 0}


def test_writes_sweep_expired_rows_on_their_own(two):
    a, b, clock, restart = two
    for i in range(5):
        b.svc.store.put("signin", f"c{i}", "1", 60)
    clock.t += 3600
    a.svc.store.put("signin", "new", "1", 60)  # any write of a process sweeps (at most once a minute)
    assert count_rows(a.reg, "talent_challenges") == 1


def test_asking_for_signin_challenges_stores_nothing_and_each_works_once_on_any_process(two):
    """A sign-in challenge is keyed with the session key, not stored when asked for (no pool for
    one client to fill: red teams s60, s60b); one spent on one process is spent on the other, one
    from another installation's key or run out is refused."""
    a, b, clock, restart = two
    for p in (a, b, a):
        assert p.client().post("/api/signin/options", json={}).status_code == 200
    assert count_rows(a.reg, "talent_challenges") == 0
    ch = a.svc.store.mint("signin", 60)
    assert b.svc.store.minted_until("signin", ch) is not None and not b.svc.store.spent("signin", ch)
    assert b.svc.store.spend("signin", ch) and a.svc.store.spent("signin", ch)
    assert not a.svc.store.spend("signin", ch)  # once, over every process
    assert a.svc.store.minted_until("enroll", ch) is None  # minted for sign-in only
    other = TalentStore(a.reg, clock=clock, key=b"\x01" * 32)
    assert a.svc.store.minted_until("signin", other.mint("signin", 60)) is None  # not ours
    late = a.svc.store.mint("signin", 60)
    clock.t += 61
    assert a.svc.store.minted_until("signin", late) is None and not a.svc.store.spend("signin", late)

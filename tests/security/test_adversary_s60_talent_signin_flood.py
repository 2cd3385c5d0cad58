"""Red team s60: one anonymous client keeps every person off their consent page.

``/talent/api/signin/options`` (no account, no passkey needed, no body) stores a one-time challenge
in the registry database for ``CHALLENGE_TTL_S`` (5 minutes). At most ``MAX_OPEN_CHALLENGES``
(10,000) may be open at once *over every client* (``creator/talent/app.py``, ``signin_options``;
``consent.talent_state.TalentStore.put(limit=)``); past that every caller gets 429 "too many
sign-ins in progress". Nothing counts per client address — the talent routes pass the studio's
guard untouched (``creator.ui.server`` ``_dispatch``: "the talent page: no studio account"), and,
unlike the public verify routes, have no token bucket. So one script sending 34 tiny POSTs a
second (10,000 per 5 minutes) from one address holds the pool full for as long as it runs: no
person can sign in on ``/talent/me`` to see her ledger, answer an approve-each-use request or
**withdraw** her consent, which README presents as the person's own, immediate control
("Withdraw (effective for the next request, audited)"). ``/talent/api/enroll/options`` shares the
same design (and ``ENROLL_LIMIT`` 1,000 waiting passkeys, also global).

Expected: the pool cannot be emptied by one client, so a person at another address still gets a
challenge and signs in while the flood runs. (A per-address limit, the first fix, fell to red team
s60b: an IPv6 /56 holds 256 addresses, and everyone behind the studio's TLS proxy shares one. Now
nothing is stored when a challenge is asked for: it is keyed with the session key and stored only
once a sign-in with it has verified, to refuse a replay: ``TalentStore.mint``/``spend``.)
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from talent_me_support import ORIGIN, fields
from webauthn_support import SoftAuthenticator, passkey_sign

ATTACKER = ("203.0.113.7", 40000)
PERSON = ("198.51.100.23", 51000)


def test_one_clients_flood_of_signin_options_does_not_lock_the_person_out(tmp_path):
    """Attack: an anonymous client at one address POSTs /talent/api/signin/options 2,000 times.
    Expected: nothing is stored for them, and Jane, at another address, gets a challenge and signs in
    with her passkey; her assertion sent again is refused (one-time, as before)."""
    import fastapi
    from sqlalchemy import text

    from consent.audit import AuditKeys
    from consent.drafts import Drafts
    from consent.operations import Operations
    from consent.registry import Registry
    from creator.talent.app import TalentService, talent_app

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    try:
        ops = Operations(reg)
        ops.add_subject("jane", "Jane Doe")
        drafts = Drafts(ops)
        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        auth = SoftAuthenticator()
        _view, links = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, auth)  # Jane's grant, signed with her passkey

        def stored() -> int:
            with reg._read() as conn:
                return conn.execute(text("SELECT count(*) FROM talent_challenges WHERE kind LIKE 'signin%'")).scalar()

        attacker = TestClient(root, base_url=ORIGIN + "/talent", client=ATTACKER)
        assert all(attacker.post("/api/signin/options", json={}).status_code == 200 for _ in range(2000))
        assert stored() == 0  # asking stores nothing: there is no pool to fill

        jane = TestClient(root, base_url=ORIGIN + "/talent", client=PERSON)
        r = jane.post("/api/signin/options", json={})
        assert r.status_code == 200, (f"one client's flood of sign-in options locked Jane out of her consent page "
                                      f"(she cannot withdraw): {r.status_code} {r.text[:200]}")
        assertion = auth.get(r.json()["challenge"], ORIGIN)
        assert jane.post("/api/signin", json=assertion).status_code == 200
        again = TestClient(root, base_url=ORIGIN + "/talent", client=ATTACKER).post("/api/signin", json=assertion)
        assert again.status_code == 401  # a replay is refused (its sign count, and the challenge spent)
        forged = dict(r.json())
        assert attacker.post("/api/signin", json=auth.get(forged["challenge"][:-2] + "AA", ORIGIN)).status_code == 401
    finally:
        reg.close()

"""Red team s60b: the talent page's per-address token bucket (commit fdcd361).

Commit fdcd361 limits sign-in and passkey ceremonies per client address
(``creator/_ratelimit.py`` ``client_address``: an IPv4 address, or the /64 of an IPv6 address) to
``CEREMONIES_BURST`` (10) at once, refilled at ``CEREMONIES_PER_MINUTE`` (10), so that "one
address cannot fill the pool of MAX_OPEN_CHALLENGES" (10,000 open sign-in challenges over the
whole studio, each open for ``CHALLENGE_TTL_S`` = 5 minutes). But an ISP delegates a /56 (256
/64s) to an ordinary home subscriber, and hosting providers a /48 (65,536 /64s). Within one 5
minute window each /64 opens 10 + 4 x 10 = 50 challenges, so a single /56 opens 12,800 — more than
the pool — and keeps it full for as long as the script runs: no person anywhere can sign in on
``/talent/me`` to **withdraw** her consent (the attack the commit was meant to stop). A /48 fills
the pool at once from its burst alone.

Expected: one subscriber's network (a /56, here) cannot fill the studio-wide pool; a person at
another address still gets a sign-in challenge while it floods (e.g. a second, coarser bucket per
/56 or /48, or a per-prefix share of the pool).

The constants are the real ones; only the bucket's clock is advanced (4 minutes, less than a
challenge's 5-minute life, so every challenge the script opened is still open). That test sends
about 10,000 requests (≈ 100 s here).

Both were fixed by storing nothing when a challenge is asked for (``TalentStore.mint``: keyed
with the session key, stored only once a sign-in with it verified, to refuse a replay): there is no
pool left to fill, and no per-address limit to share behind a proxy. The tests send the same floods.

Second weakness: behind the TLS proxy the docs ask for, with ``CONSENT_STUDIO_TRUSTED_PROXIES``
at its default (blank), every person shares the proxy's one bucket, and a client sending two
requests a second keeps everybody out (see the second test).
"""

from __future__ import annotations

import ipaddress

from fastapi.testclient import TestClient
from talent_me_support import ORIGIN

PERSON = ("198.51.100.23", 51000)
SUBSCRIBER_56 = ipaddress.IPv6Network("2001:db8:7:ab00::/56")  # one home connection's delegated prefix


def _app(tmp_path):
    import fastapi

    from consent.audit import AuditKeys
    from consent.drafts import Drafts
    from consent.operations import Operations
    from consent.registry import Registry
    from creator.talent.app import TalentService, talent_app

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    ops = Operations(reg)
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(Drafts(ops))))
    return reg, root


def test_one_subscribers_ipv6_prefix_cannot_fill_the_signin_pool(tmp_path):
    """Attack: from the 256 /64s of one /56, POST /talent/api/signin/options (here 20 from each,
    5,120 in all). Expected: every request is answered and Jane, at another address, gets a challenge."""
    reg, root = _app(tmp_path)
    try:
        nets = list(SUBSCRIBER_56.subnets(new_prefix=64))
        assert len(nets) == 256
        codes = set()
        for n in nets:
            c = TestClient(root, base_url=ORIGIN + "/talent", client=(str(n[1]), 40000))
            codes |= {c.post("/api/signin/options", json={}).status_code for _ in range(20)}
        jane = TestClient(root, base_url=ORIGIN + "/talent", client=PERSON)
        r = jane.post("/api/signin/options", json={})
        assert codes == {200} and r.status_code == 200, (
            f"one /56 (one home IPv6 connection) kept Jane from signing in to withdraw: {r.status_code} {r.text[:200]}")
    finally:
        reg.close()


PROXY = ("127.0.0.1", 45000)  # the TLS proxy in front (docs/UI.md: "put TLS in front"), as every client reaches us


def test_behind_the_tls_proxy_one_client_cannot_lock_everyone_out_with_two_requests_a_second(tmp_path):
    """Attack: everyone reaches the talent page from the TLS proxy's address; a script POSTs
    /talent/api/signin/options as fast as it can (240 times) while Jane, through the same proxy,
    tries. Expected: Jane gets a challenge every time."""
    reg, root = _app(tmp_path)
    try:
        script = TestClient(root, base_url=ORIGIN + "/talent", client=PROXY)
        jane = TestClient(root, base_url=ORIGIN + "/talent", client=PROXY)  # another person, through the same proxy
        tries = []
        for tick in range(240):
            script.post("/api/signin/options", json={})
            if tick % 12 == 5:
                tries.append(jane.post("/api/signin/options", json={}).status_code)
        assert set(tries) == {200}, (
            f"a client flooding sign-in requests through the studio's TLS proxy kept Jane from signing in: {tries}")
    finally:
        reg.close()

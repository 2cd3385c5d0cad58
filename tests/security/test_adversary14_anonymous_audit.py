"""Adversary 14: anyone on the network writes to the signed audit log, as fast as they can send.

The Guard audits every refused file request (``file_refused``) and every refused or throttled
sign-in (``login_failed``, ``login_throttled``) with ``Registry.record_security_event``: one
signed entry, its mentions-index rows and a SQLite commit each. Nothing limits the refusals
themselves: ``GET /file=<any 64 hex digits>.png`` from a client that is not signed in is an
entry each time, and a throttled sign-in is refused with 429 *and* audited.

Measured on the server below (``consent-studio serve``'s :func:`creator.ui.layout.launch` on
127.0.0.1, one client, nice 5): 300 anonymous GETs of made-up output names took 2.1 s and
added 300 audit entries; 60 wrong sign-ins (5 answered 400, 55 throttled 429) added 60 more.
So an anonymous client grows the database without bound (the threat model's "fill the disk"),
holds the registry's one writer lock for each of them (every creator's generation, grant and
revocation waits behind it), buries the operator's Audit tab, and — together with a database
rolled back by its host — supplies the entries that move the anchor onto the rolled-back fork
(tests/security/test_adversary14_audit_anchor.py) without sending a single image.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import httpx
import pytest

from creator.auth import Role, UserStore
from creator.settings import StudioSettings
from server_support import launched

pytestmark = pytest.mark.slow


@contextmanager
def _serving(settings: StudioSettings):
    """The studio as ``consent-studio serve`` starts it, on 127.0.0.1, with an operator; yields its base URL."""
    UserStore.from_settings(settings).add("olive", Role.OPERATOR, "olive-operator-pw1")
    with launched(settings) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = StudioSettings(data_dir=tmp_path_factory.mktemp("adv14anon") / "data")
    with _serving(settings) as url:
        yield url, settings.data_dir / "consent.db"


def _entries(db) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM audit_entries").fetchone()[0]


def test_anonymous_file_requests_do_not_grow_the_audit_log_without_bound(server):
    url, db = server
    before = _entries(db)
    with httpx.Client(timeout=30) as c:
        codes = {c.get(f"{url}/file={i:064x}.png").status_code for i in range(200)}
    assert codes <= {404, 429}, codes  # each is refused, as it should be
    added = _entries(db) - before
    assert added <= 20, f"200 anonymous requests for made-up output names wrote {added} signed audit entries"


def test_throttled_sign_ins_do_not_each_write_an_audit_entry(server):
    url, db = server
    with httpx.Client(timeout=30) as c:
        for i in range(10):  # past the account's free attempts: the throttle holds
            c.post(f"{url}/login", data={"username": "olive", "password": f"warm-up-{i}"})
        before = _entries(db)
        codes = [c.post(f"{url}/login", data={"username": "olive", "password": f"guess-{i}"}).status_code
                 for i in range(100)]
    throttled, checked = codes.count(429), codes.count(400)  # refused unread / wrong password, each as it should be
    assert throttled >= 50 and throttled + checked == 100, codes
    added = _entries(db) - before - checked  # a checked wrong password is audited: fair
    assert added <= 10, f"{throttled} throttled sign-ins (refused with 429) wrote {added} signed audit entries"


# -- the fix: creator.ui.server.RepeatedEvents (counted per address and window, written as one entry)


def test_repeated_anonymous_refusals_are_one_entry_then_one_count_per_window():
    from creator.ui.server import RepeatedEvents

    now = [0.0]
    r = RepeatedEvents(window_s=60.0, clock=lambda: now[0])
    first = r.note("file_refused", "203.0.113.5", {"user": None, "output": "a" * 16})
    assert first == [("file_refused", {"user": None, "output": "a" * 16})]  # the first is written as it is
    assert all(r.note("file_refused", "203.0.113.5", {"user": None}) == [] for _ in range(299))
    assert r.note("login_throttled", "203.0.113.5", {"user": "olive"}) != []  # another kind: its own window
    assert r.note("file_refused", "203.0.113.6", {"user": None}) != []  # another address: its own window
    now[0] = 61.0
    out = r.note("file_refused", "203.0.113.5", {"user": None, "output": "b" * 16})
    counted = [p for k, p in out if "repeated" in p]
    assert counted == [{"user": "", "client": "203.0.113.5", "repeated": 299, "window_s": 60.0, "users": []}], out
    assert ("file_refused", {"user": None, "output": "b" * 16}) in out  # the new window's first


def test_an_ipv6_client_is_counted_per_64():
    from creator.ui.server import RepeatedEvents

    r = RepeatedEvents(clock=lambda: 0.0)
    assert r.note("file_refused", "2001:db8:1:2::1", {}) != []
    assert r.note("file_refused", "2001:db8:1:2:ffff::9", {}) == []  # same /64: counted
    assert r.note("file_refused", "2001:db8:1:3::1", {}) != []


def test_a_signed_in_users_refused_file_is_still_audited_each_time(tmp_path):
    """The Guard counts only refusals to a client that is not signed in."""
    import asyncio

    from creator.ui.server import Guard, LoginThrottle

    written: list[tuple[str, dict]] = []

    async def app(scope, receive, send):
        raise AssertionError("a refused file never reaches the app")

    def guard_for(user):
        return Guard(app, throttle=LoginThrottle(), user_of=lambda scope: user, may_read=lambda u, sha: False,
                     audit=lambda kind, payload: written.append((kind, payload)))

    async def get(guard, i):
        sent = []

        async def send(message):
            sent.append(message)

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        scope = {"type": "http", "method": "GET", "path": f"/file={i:064x}.png", "headers": [],
                 "client": ("198.51.100.7", 5000)}
        await guard(scope, receive, send)
        return sent[0]["status"]

    async def main():
        signed_in, anonymous = guard_for("dora"), guard_for(None)
        return ([await get(signed_in, i) for i in range(5)], [await get(anonymous, i) for i in range(5)])

    mine, theirs = asyncio.run(main())
    assert mine == theirs == [404] * 5
    users = [p.get("user") for k, p in written if k == "file_refused"]
    assert users == ["dora"] * 5 + [None], written  # dora's five, one for the anonymous client's five


def test_unreadable_sign_in_forms_past_the_address_allowance_are_counted_not_written(tmp_path):
    """A form the throttle cannot read (422) is refused unread and never waits: once the address
    is past its allowance, it is counted like a 429 instead of one entry each."""
    import asyncio

    from creator.ui.server import ADDRESS_FREE_ATTEMPTS, Guard, LoginThrottle

    written: list[str] = []

    async def app(scope, receive, send):
        raise AssertionError("an unreadable form never reaches the app")

    guard = Guard(app, throttle=LoginThrottle(), user_of=lambda scope: None, may_read=lambda u, sha: False,
                  audit=lambda kind, payload: written.append(kind))

    async def post():
        sent = []

        async def send(message):
            sent.append(message)

        async def receive():
            return {"type": "http.request", "body": b"--x\r\n", "more_body": False}

        scope = {"type": "http", "method": "POST", "path": "/login", "client": ("198.51.100.9", 5000),
                 "headers": [(b"content-type", b"multipart/form-data; boundary=y")]}
        await guard(scope, receive, send)
        return sent[0]["status"]

    async def main():
        return [await post() for _ in range(ADDRESS_FREE_ATTEMPTS + 100)]

    codes = asyncio.run(main())
    assert set(codes) == {422}, codes
    # written one by one until the throttle holds (the form's account '' after FREE_ATTEMPTS), then
    # counted: was one entry for each of the 120
    assert 1 <= written.count("login_failed") <= ADDRESS_FREE_ATTEMPTS + 2, len(written)

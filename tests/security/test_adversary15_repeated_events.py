"""Adversary 15: ``RepeatedEvents`` counts anonymous refusals per client and minute, and an IPv6
client is its /64 — but one host is routinely given a /56 or a /48 (256 or 65,536 /64s), and
each /64 it sends from opens a new window whose first refusal is written as a signed audit
entry of its own. So the fix for adversary 14 #4 (300 anonymous GETs: 300 entries) does not
hold against an IPv6 client that changes its /64 per request: the same 300 GETs, each from a
different /64 of one /48, still write 300 entries (measured below through the real Guard).
A bound per larger prefix (or a global budget of anonymous entries per window, beyond which
refusals are only counted) would hold it.
"""

from __future__ import annotations

import asyncio

import pytest

from creator.ui.server import Guard, LoginThrottle


def _guard(written: list):
    async def app(scope, receive, send):
        raise AssertionError("a refused file never reaches the app")

    return Guard(app, throttle=LoginThrottle(), user_of=lambda scope: None, may_read=lambda u, sha: False,
                 audit=lambda kind, payload: written.append((kind, payload)))


async def _get(guard, i: int, client: str) -> int:
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": f"/file={i:064x}.png", "headers": [], "client": (client, 5000)}
    await guard(scope, receive, send)
    return sent[0]["status"]


def test_premise_one_ipv6_64_is_counted_once():
    written: list = []
    guard = _guard(written)

    async def main():
        return [await _get(guard, i, f"2001:db8:77:1::{i + 1:x}") for i in range(300)]

    assert set(asyncio.run(main())) == {404}
    assert len([k for k, _ in written if k == "file_refused"]) == 1


def test_anonymous_refusals_from_one_48_do_not_each_write_an_entry():
    written: list = []
    guard = _guard(written)

    async def main():  # 300 GETs, each from another /64 of 2001:db8:77::/48
        return [await _get(guard, i, f"2001:db8:77:{i + 1:x}::1") for i in range(300)]

    assert set(asyncio.run(main())) == {404}
    entries = len([k for k, _ in written if k == "file_refused"])
    assert entries <= 20, f"300 anonymous refusals from one /48 wrote {entries} audit entries"

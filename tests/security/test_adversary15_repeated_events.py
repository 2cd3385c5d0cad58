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


# -- the fix: per network (IPv6 /48, IPv4 /24) and a budget of first entries per window


def test_refusals_from_one_48_are_counted_in_its_window_and_written_once_it_passes():
    from creator.ui.server import RepeatedEvents

    now = [0.0]
    r = RepeatedEvents(clock=lambda: now[0])
    written = [e for i in range(300) for e in r.note("file_refused", f"2001:db8:77:{i + 1:x}::1", {"user": None})]
    assert len(written) == r.per_network  # the first few /64s: their own first entries
    now[0] = 61.0
    counts = {p["client"]: p["repeated"] for _, p in r.flush() if "repeated" in p}
    assert counts == {"2001:db8:77::/48": 300 - r.per_network}  # nothing refused went uncounted


def test_refusals_from_one_ipv4_24_are_bounded_too():
    from creator.ui.server import RepeatedEvents

    r = RepeatedEvents(clock=lambda: 0.0)
    written = [e for i in range(1, 255) for e in r.note("login_throttled", f"198.51.100.{i}", {"user": "olive"})]
    assert len(written) == r.per_network


def test_first_entries_across_many_networks_stop_at_the_budget_and_the_rest_is_one_count():
    from creator.ui.server import RepeatedEvents

    now = [0.0]
    r = RepeatedEvents(clock=lambda: now[0])
    written = [e for i in range(5000) for e in r.note("file_refused", f"2001:db8:{i:x}::1", {"user": None})]
    assert len(written) == r.max_first
    assert len(r._open) <= 2 * r.max_first + 1  # what is held stays bounded (clients, their networks, one overflow)
    now[0] = 61.0
    counts = {p["client"]: p["repeated"] for _, p in r.flush() if "repeated" in p}
    assert counts == {"*": 5000 - r.max_first}
    assert not r._open  # passed windows are forgotten
    assert r.note("file_refused", "2001:db8:ffff::1", {"user": None}) != []  # a new window has a new budget


def test_counts_still_held_are_written_by_a_flush_without_a_later_event():
    from creator.ui.server import RepeatedEvents

    now = [0.0]
    r = RepeatedEvents(clock=lambda: now[0])
    for _ in range(50):
        r.note("file_refused", "203.0.113.5", {"user": None})
    assert r.flush() == []  # the window has not passed: nothing to write yet
    assert [p["repeated"] for _, p in r.flush(everything=True)] == [49]  # at shutdown: written
    assert r.flush(everything=True) == []
    for _ in range(3):
        r.note("file_refused", "203.0.113.5", {"user": None})
    now[0] = 120.0
    assert [p["repeated"] for _, p in r.flush()] == [2]  # a passed window: written by the periodic flush


def test_the_servers_flusher_writes_what_is_held_when_it_closes():
    from creator.ui.server import RepeatedEvents, _RepeatFlusher

    written: list = []
    r = RepeatedEvents(clock=lambda: 0.0)
    flusher = _RepeatFlusher(r, lambda k, p: written.append((k, p)), interval_s=3600)
    for _ in range(10):
        r.note("file_refused", "203.0.113.5", {"user": None})
    assert written == []
    flusher.close()
    assert [(k, p["repeated"]) for k, p in written] == [("file_refused", 9)]

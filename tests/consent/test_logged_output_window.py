"""``Registry.logged_output`` near a decision time: the signed log is scanned only around it.

Verify asks the signed log about a file with a trusted manifest whose output row is gone (red
team 34). Scanning every generation entry made each such verify cost the whole log (a file signed
by another holder of a trusted certificate too); with the manifest's decision time the scan reads
the entries within ``LOGGED_OUTPUT_WINDOW`` of it, found by bisecting the log on its times.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

import consent.registry as registry_module
from consent.audit import AuditKeys
from consent.policy import DecisionContext, decide
from consent.registry import LOGGED_OUTPUT_WINDOW, OutputRecord, Registry

#: after the registry's first entry (written at the real time), as a log's times run
T0 = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)


@pytest.fixture
def reg(tmp_path):
    r = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    yield r
    r.close()


def _record(reg, monkeypatch, when: datetime, n: int) -> str:
    """One generation entry of one output, written at ``when``; its digest."""
    monkeypatch.setattr(registry_module, "_now", lambda: when)
    ctx = DecisionContext(grantee="ACME", purpose="advertising", operation="likeness_generation",
                          media="still_image", territory="US", content_flags=frozenset(), project="p")
    dec = decide([], ctx, reg.snapshot([], when), when)
    digest = f"{n:064x}"
    reg.record_generation(dec, [OutputRecord(digest, f"/out/{n}.png", "png", manifest_id=f"urn:c2pa:{n}")])
    return digest


def _forget_rows(reg):
    """What the database editor of red team 34 does: output rows and the mentions index go."""
    with reg.engine.begin() as conn:
        conn.execute(text("DELETE FROM outputs"))
        conn.execute(text("DELETE FROM audit_mentions"))


def test_an_output_whose_row_was_deleted_is_found_near_its_decision_time(reg, monkeypatch):
    digests = [_record(reg, monkeypatch, T0 + timedelta(days=10 * i), i) for i in range(1, 6)]
    _forget_rows(reg)
    for i, d in enumerate(digests, start=1):
        when = T0 + timedelta(days=10 * i)
        for decided in (when, when - timedelta(minutes=5), when - LOGGED_OUTPUT_WINDOW + timedelta(hours=1),
                        when + timedelta(hours=6)):
            entry = reg.logged_output(sha256=d, decided_at=decided)
            assert entry is not None and entry.payload["outputs"][0]["sha256"] == d, (i, decided)
        assert reg.logged_output(sha256=d) is not None  # no decision time: the whole log, as before


def test_the_scan_reads_only_the_entries_near_the_decision_time(reg, monkeypatch):
    """An entry far from the time the manifest gives is not what that manifest's file was made
    under (the studio records the entry seconds after the decision): it is not read."""
    d = _record(reg, monkeypatch, T0, 1)
    _record(reg, monkeypatch, T0 + timedelta(days=30), 2)
    _forget_rows(reg)
    assert reg.logged_output(sha256=d, decided_at=T0 + timedelta(days=30)) is None
    assert reg.logged_output(sha256=d, decided_at=T0 - LOGGED_OUTPUT_WINDOW - timedelta(days=1)) is None
    assert reg.logged_output(sha256=d, decided_at=T0 + timedelta(days=1)) is not None


def test_bisection_agrees_with_reading_every_entry(reg, monkeypatch):
    rng = random.Random(7)
    times = sorted(T0 + timedelta(minutes=rng.randrange(0, 60 * 24 * 90)) for _ in range(120))
    for n, t in enumerate(times, start=1):
        _record(reg, monkeypatch, t, n)
    with reg.engine.connect() as conn:
        rows = [(int(s), datetime.fromisoformat(a.replace("Z", "+00:00")))
                for s, a in conn.execute(text("SELECT seq, at FROM audit_entries ORDER BY seq"))]
        last = rows[-1][0]
        for probe in [T0 - timedelta(days=1), T0 + timedelta(days=200)] + \
                     [T0 + timedelta(minutes=rng.randrange(0, 60 * 24 * 90)) for _ in range(40)] + times[:5]:
            want = next((s for s, a in rows if a >= probe), last + 1)
            assert Registry._first_seq_at(conn, probe) == want, probe


def test_entries_that_mention_a_digest_without_listing_it_do_not_push_its_entry_out(reg, monkeypatch):
    """Red team 36b: the scan read the newest 100 entries whose text holds the value; a creator
    whose project (free text, written into every generation entry) is an output's digest could
    push that output's own entry out with 100 generations after it (101 here). The scan pages on."""
    d = _record(reg, monkeypatch, T0, 1)
    ctx = DecisionContext(grantee="ACME", purpose="advertising", operation="likeness_generation",
                          media="still_image", territory="US", content_flags=frozenset(), project=d)
    for n in range(2, 2 + 101):
        when = T0 + timedelta(minutes=n)
        monkeypatch.setattr(registry_module, "_now", lambda when=when: when)
        dec = decide([], ctx, reg.snapshot([], when), when)
        reg.record_generation(dec, [OutputRecord(f"{n:064x}", f"/out/{n}.png", "png", manifest_id=f"urn:c2pa:{n}")])
    _forget_rows(reg)
    with reg.engine.connect() as conn:  # premise: the later entries hold the digest as a JSON string
        assert conn.execute(text("SELECT count(*) FROM audit_entries WHERE payload LIKE :l"),
                            {"l": f'%"{d}"%'}).scalar() == 1 + 101
    for decided in (None, T0):
        entry = reg.logged_output(sha256=d, decided_at=decided)
        assert entry is not None and entry.payload["outputs"][0]["sha256"] == d, decided

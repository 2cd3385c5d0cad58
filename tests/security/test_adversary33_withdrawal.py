"""Red team 33: the person's withdrawal on the talent page, when a revocation is already scheduled.

``consent-studio grant revoke GRANT --at WHEN`` (``Operations.revoke_grant(..., at=)``) records a
revocation that takes effect later — an operator ending a grant with its project, say. The grant
stays in force until then (``StoredGrant.status``: "active …; revocation scheduled for …").
``Registry.revoke_grant`` refuses any second revocation of a grant ("already revoked at … expected
an active grant"), whatever the first one's date. So once a future revocation is on record, the
person's own withdrawal (/talent/me → "Withdraw", ``drafts.ops.revoke_grant(gid, reason,
"talent:<id>:<role>")``) is refused with "Not withdrawn", and the studio keeps generating their
likeness under the grant until the scheduled date. The promise is that a person can withdraw at
any time and that decisions from then on deny.

A second way to the same end: the withdrawal is dated by the clock of the process that serves the
talent page (``Registry.revoke_grant``: ``revoked_at=at or _now()``), and every studio process
compares that date with its own clock. The talent page served from a host whose clock runs a few
minutes ahead (another machine on the same database, as docs/SCALING.md deploys them) records a
withdrawal that the studio reads as "revocation scheduled" and keeps generating under until its
own clock catches up — while the person has been told "the grant is withdrawn".
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from webauthn_support import SoftAuthenticator

from consent.policy import DecisionContext, decide
from consent.types import Likeness, LikenessSource
from talent_me_support import ORIGIN, fields, talent_world


@pytest.fixture
def world(tmp_path):
    with talent_world(tmp_path, ("jane", "Jane Doe")) as w:
        yield w


def _allowed(reg, sid: str) -> bool:
    at = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot",
                          operation="likeness_generation", media="still_image", territory="US")
    return decide([Likeness(LikenessSource.DECLARED, sid)], ctx, reg.snapshot([sid], at), at).allowed


def _signed_in(world):
    reg, ops, drafts, client = world
    phone = SoftAuthenticator(origin=ORIGIN)
    view, links = drafts.create(fields("jane"), created_by="ui:olive")
    b = client.post(f"/s/{links[0].token}/begin", json={}).json()
    if b["registration"]:
        assert client.post(f"/s/{links[0].token}/register", json=phone.create(b["registration"], ORIGIN)).status_code == 200
    assert client.post(f"/s/{links[0].token}/sign", json=phone.get(b["signing"]["challenge"], ORIGIN)).status_code == 200
    o = client.post("/api/signin/options", json={}).json()
    assert client.post("/api/signin", json=phone.get(o["challenge"], ORIGIN)).status_code == 200
    return view


def test_premise_without_a_scheduled_revocation_the_person_withdraws(world):
    reg, ops, drafts, client = world
    view = _signed_in(world)
    csrf = client.get("/me").text.split('name="csrf" value="')[1].split('"')[0]
    r = client.post(f"/me/grants/{view.id}/revoke", data={"csrf": csrf, "reason": "I changed my mind", "sure": "yes"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert not _allowed(reg, "jane")


def test_a_scheduled_revocation_does_not_stop_the_person_withdrawing_now(world):
    reg, ops, drafts, client = world
    view = _signed_in(world)
    # the operator ends the grant with the project, three weeks from now
    ops.revoke_grant(view.id, "project wraps", "cli:olive", at=datetime.now(timezone.utc) + timedelta(days=21))
    assert _allowed(reg, "jane")  # still in force until then, as scheduled
    csrf = client.get("/me").text.split('name="csrf" value="')[1].split('"')[0]
    r = client.post(f"/me/grants/{view.id}/revoke", data={"csrf": csrf, "reason": "I changed my mind", "sure": "yes"},
                    follow_redirects=False)
    # the person withdraws today: decisions from now on deny
    assert (r.status_code, _allowed(reg, "jane")) == (303, False)


def test_a_withdrawal_from_a_host_whose_clock_runs_ahead_takes_effect_at_once(world, monkeypatch):
    import consent.registry as registry_module

    reg, ops, drafts, client = world
    view = _signed_in(world)
    csrf = client.get("/me").text.split('name="csrf" value="')[1].split('"')[0]
    real_now = registry_module._now
    with monkeypatch.context() as m:  # the talent page's host: its clock five minutes ahead
        m.setattr(registry_module, "_now", lambda: real_now() + timedelta(minutes=5))
        r = client.post(f"/me/grants/{view.id}/revoke", data={"csrf": csrf, "reason": "I changed my mind", "sure": "yes"},
                        follow_redirects=False)
    assert r.status_code == 303  # the person is told it is withdrawn
    assert not _allowed(reg, "jane")  # so no studio may use the grant any more


def test_both_revocations_stay_on_record_signed_and_the_row_holds_the_earlier(world):
    reg, ops, drafts, client = world
    view = _signed_in(world)
    later = datetime.now(timezone.utc) + timedelta(days=21)
    ops.revoke_grant(view.id, "project wraps", "cli:olive", at=later)
    csrf = client.get("/me").text.split('name="csrf" value="')[1].split('"')[0]
    assert client.post(f"/me/grants/{view.id}/revoke", data={"csrf": csrf, "reason": "I changed my mind", "sure": "yes"},
                       follow_redirects=False).status_code == 303
    first, second = sorted(reg.audit_entries(kind="grant_revoked"), key=lambda e: e.seq)
    assert first.payload["revoked_by"] == "cli:olive" and "supersedes" not in first.payload
    assert second.payload["revoked_by"] == "talent:jane:self" and second.payload["immediate"] is True
    assert second.payload["supersedes"]["revoked_by"] == "cli:olive"
    sg = reg.get_grant(view.id)
    assert sg.revocation.revoked_by == "talent:jane:self" and sg.revocation.revoked_at < datetime.now(timezone.utc)
    assert reg.verify_audit().ok


def test_the_database_host_cannot_put_the_scheduled_date_back(world):
    from sqlalchemy import text

    from consent.errors import ConsentError

    reg, ops, drafts, client = world
    view = _signed_in(world)
    later = datetime.now(timezone.utc) + timedelta(days=21)
    ops.revoke_grant(view.id, "project wraps", "cli:olive", at=later)
    ops.revoke_grant(view.id, "I changed my mind", "talent:jane:self")
    with reg.engine.begin() as c:
        c.execute(text("UPDATE revocations SET revoked_at = :t"), {"t": later.isoformat().replace("+00:00", "Z")})
    try:
        allowed = _allowed(reg, "jane")
    except ConsentError:
        allowed = False
    assert not allowed


def test_a_revocation_later_than_the_one_on_record_changes_nothing(world):
    from consent.errors import RegistryError

    reg, ops, drafts, client = world
    view = _signed_in(world)
    now = datetime.now(timezone.utc)
    ops.revoke_grant(view.id, "project wraps", "cli:olive", at=now + timedelta(days=21))
    ops.revoke_grant(view.id, "moved up", "cli:olive", at=now + timedelta(days=7))  # earlier: supersedes
    with pytest.raises(RegistryError, match="already has a revocation scheduled for .* must take effect earlier"):
        ops.revoke_grant(view.id, "later again", "cli:olive", at=now + timedelta(days=14))
    assert reg.get_grant(view.id).revocation.reason == "moved up"
    ops.revoke_grant(view.id, "now", "talent:jane:self")
    with pytest.raises(RegistryError, match="already revoked at"):
        ops.revoke_grant(view.id, "again", "talent:jane:self")
    with pytest.raises(RegistryError, match="already revoked at"):  # once in force, not re-dated into the past
        ops.revoke_grant(view.id, "backdated", "cli:olive", at=now - timedelta(days=30))
    assert len(reg.audit_entries(kind="grant_revoked")) == 3
    assert not _allowed(reg, "jane")

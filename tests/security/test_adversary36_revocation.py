"""Red team 36: revocations dated at their true moment (``Registry.revoke_grant``, ``grant revoke --at``).

Found: an ``--at`` whose offset moves it past year 9999 in UTC ("9999-12-31T23:59:59-12:00")
escapes ``consent.operations.parse_time`` as a bare ``OverflowError: date value out of range``
(``astimezone`` outside ``ValueError``'s ``try``): a traceback instead of the clear error every
other bad ``--at`` gets. (Same function reads grant validity dates.)

Held (plain tests): an ``at`` more than 10 minutes back is refused and changes nothing; one within
10 minutes back is stored as the recording moment (verify never dates the withdrawal before an
output made before it); a later second revocation cannot postpone a scheduled one; an earlier one
supersedes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from consent.errors import ConsentError, RecordInvalid, RegistryError

_RT = "red team 36: "


def _jane(w):
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-12:00", "9999-12-31T20:00:00-05:00"])
def test_an_at_past_year_9999_is_refused_with_a_clear_error(stub_world, at):
    _jane(stub_world)
    with pytest.raises(RecordInvalid, match="at"):
        stub_world.ops.revoke_grant("g-jane-1", "withdrawn", "cli:olive", at=at)
    assert stub_world.registry.get_grant("g-jane-1").revocation is None


# --- held ---------------------------------------------------------------------------------------

def test_held_an_at_more_than_ten_minutes_back_is_refused_and_changes_nothing(stub_world):
    _jane(stub_world)
    with pytest.raises(RecordInvalid, match="cannot be dated in the past"):
        stub_world.ops.revoke_grant("g-jane-1", "x", "cli:olive", at=datetime.now(timezone.utc) - timedelta(minutes=11))
    assert stub_world.registry.get_grant("g-jane-1").revocation is None
    stub_world.studio().generate(stub_world.request(subjects=("jane",)))


def test_held_an_at_within_ten_minutes_back_is_dated_when_recorded_and_denies(stub_world):
    _jane(stub_world)
    before = datetime.now(timezone.utc)
    rev = stub_world.ops.revoke_grant("g-jane-1", "x", "cli:olive", at=before - timedelta(minutes=9, seconds=50))
    assert rev.revoked_at >= before
    with pytest.raises(ConsentError):
        stub_world.studio().generate(stub_world.request(subjects=("jane",)))


def test_held_a_scheduled_revocation_cannot_be_postponed_but_can_be_brought_forward(stub_world):
    _jane(stub_world)
    now = datetime.now(timezone.utc)
    stub_world.ops.revoke_grant("g-jane-1", "end", "talent:jane", at=now + timedelta(days=1))
    with pytest.raises(RegistryError, match="earlier than the scheduled one"):
        stub_world.ops.revoke_grant("g-jane-1", "later", "cli:olive", at=now + timedelta(days=365))
    assert stub_world.registry.get_grant("g-jane-1").revocation.revoked_at <= now + timedelta(days=1)
    stub_world.ops.revoke_grant("g-jane-1", "withdrawn", "talent:jane")
    with pytest.raises(ConsentError):
        stub_world.studio().generate(stub_world.request(subjects=("jane",)))


def test_held_a_revocation_five_minutes_ahead_is_in_force_now(stub_world):
    # the clock allowance counts a revocation from 10 minutes before its date
    _jane(stub_world)
    stub_world.ops.revoke_grant("g-jane-1", "soon", "cli:olive", at=datetime.now(timezone.utc) + timedelta(minutes=5))
    with pytest.raises(ConsentError):
        stub_world.studio().generate(stub_world.request(subjects=("jane",)))

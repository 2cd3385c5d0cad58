"""Red team 34: revocation dates after red team 33's fix (``Registry.revoke_grant``).

1. **An immediate withdrawal is recorded 10 minutes in the past** (``IMMEDIATE_REVOCATION_LEAD``),
   so that lagging studio clocks read it as in force. The date is also what every reader of the
   revocation is shown: ``verify`` of an output made *before* the person withdrew reports "made
   under grant g, revoked on <10 minutes before it was made>": the studio's own report says the
   output was generated after the person had withdrawn, which it was not. The moment the
   withdrawal was recorded (``recorded_at``, the entry's own time) is kept but not what is shown.

2. **A revocation dated in the past is accepted** — the first one of a grant, and one that
   supersedes a scheduled revocation (the fix's note says "no re-dating into the past", but that
   holds only once a revocation is in force). ``grant revoke g --at 2025-…`` a year back is
   recorded and signed; every decision the grant allowed in that year now stands in the signed log
   as made under a revoked grant, and ``audit verify`` still reads the log as intact.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from consent.errors import ConsentError
from creator.verify import verify

_RT = "red team 34: "


@pytest.mark.xfail(strict=True, reason=_RT + "verify dates an immediate withdrawal 10 minutes before it was made, "
                                            "i.e. before outputs made under the grant")
def test_verify_does_not_date_a_withdrawal_before_an_output_made_before_it(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    made = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    out = w.studio().generate(w.request(subjects=("jane",))).outputs[0]
    w.ops.revoke_grant("g-jane-1", "I changed my mind", "talent:jane:self")  # the talent page's Withdraw
    report = verify(out.path, settings=w.settings, registry=w.registry)
    (check,) = [g for g in report.grants if g.grant_id == "g-jane-1"]
    assert check.status == "revoked"  # premise
    import re

    stamps = re.findall(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", check.message)
    assert stamps, check.message  # the report dates the withdrawal
    shown = datetime.strptime(stamps[0].replace("T", " "), "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
    assert shown >= made, f"verify says {check.message!r} of an output made at {made:%H:%M}"


@pytest.mark.xfail(strict=True, reason=_RT + "a grant's first revocation can be dated a year in the past")
def test_a_revocation_cannot_be_backdated(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    with pytest.raises(ConsentError):
        w.ops.revoke_grant("g-jane-1", "backdated", "cli:olive", at=datetime.now(timezone.utc) - timedelta(days=365))


@pytest.mark.xfail(strict=True, reason=_RT + "a scheduled revocation can be superseded by one dated a year in the past")
def test_a_scheduled_revocation_cannot_be_redated_into_the_past(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    w.ops.revoke_grant("g-jane-1", "end of project", "cli:olive", at=datetime.now(timezone.utc) + timedelta(days=30))
    with pytest.raises(ConsentError):
        w.ops.revoke_grant("g-jane-1", "backdated", "cli:olive", at=datetime.now(timezone.utc) - timedelta(days=365))


def test_premise_a_revocation_in_force_is_not_redated(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    w.ops.revoke_grant("g-jane-1", "I changed my mind", "talent:jane:self")
    with pytest.raises(ConsentError, match="already revoked"):
        w.ops.revoke_grant("g-jane-1", "backdated", "cli:olive", at=datetime.now(timezone.utc) - timedelta(days=365))

"""Red team 35: a revocation dated up to 10 minutes in the past is still stored as given.

Red team 34 fixed two things: an immediate withdrawal is dated by its true moment (verify no
longer says an output made before the withdrawal was made after it), and ``revoke --at`` more than
``IMMEDIATE_REVOCATION_LEAD`` (10 min) in the past is refused. Inside that window ``at`` is
"accepted and stored as given" (ed8c40b), so the very symptom red team 34 #1 removed comes back
on demand: ``grant revoke g --at <9 minutes ago>`` (CLI, operator UI) after an output was made
5 minutes ago, and verify of that output reports "made under grant g, revoked on <9 minutes ago>"
— the studio's own signed record says it generated after the person withdrew, which it did not.
The same holds for a revocation superseding a scheduled one.

The allowance exists for clocks that *run behind*; it belongs in the in-force check
(``StoredGrant.is_revoked`` already has it), not in the stored date.
Suggested fix: store ``max(at, recorded)`` (an ``at`` within the allowance in the past is
"now"), or refuse any ``at`` before the recording moment.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from creator.verify import verify

_RT = "red team 35: "


def _shown(message: str) -> datetime:
    stamps = re.findall(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?", message)
    assert stamps, message
    s = stamps[0].replace("T", " ")
    return datetime.strptime(s, "%Y-%m-%d %H:%M:%S" if s.count(":") == 2 else "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("scheduled_first", [False, True])
def test_a_revocation_dated_minutes_back_does_not_predate_outputs_made_before_it(stub_world, scheduled_first):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    if scheduled_first:
        w.ops.revoke_grant("g-jane-1", "end of project", "cli:olive", at=datetime.now(timezone.utc) + timedelta(days=30))
    made = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(seconds=1)
    out = w.studio().generate(w.request(subjects=("jane",))).outputs[0]
    try:
        w.ops.revoke_grant("g-jane-1", "withdrawn", "cli:olive", at=datetime.now(timezone.utc) - timedelta(minutes=9))
    except Exception:  # noqa: BLE001 - refused: what a user needs
        return
    stored = w.registry.get_grant("g-jane-1").revocation.revoked_at
    report = verify(out.path, settings=w.settings, registry=w.registry)
    (check,) = [g for g in report.grants if g.grant_id == "g-jane-1"]
    assert check.status == "revoked"
    assert stored >= made and _shown(check.message) >= made.replace(second=0), (
        f"verify says {check.message!r} of an output made at {made:%H:%M:%S}")


def test_control_a_withdrawal_at_once_is_not_dated_before_the_output(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    made = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(seconds=1)
    w.studio().generate(w.request(subjects=("jane",)))
    w.ops.revoke_grant("g-jane-1", "withdrawn", "cli:olive")
    assert w.registry.get_grant("g-jane-1").revocation.revoked_at >= made

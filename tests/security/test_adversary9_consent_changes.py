"""Adversary 9: consent that ends while the model runs, and verify after an opt-out.

``Registry.record_generation`` re-checked, under the write lock, only that no grant used was
revoked and that no usage cap was exceeded (tests/security/test_bypass_decisions.py). Found by
adversary 9, fixed since (``consent.policy.still_holds``: the decision is checked again, at the
registry's clock, when its outputs are recorded), these other ways for consent to end between
the decision and the record went unchecked:

- the person opts out of all generation (``Operations.set_opt_out``) — the policy's strongest
  "never" — or is marked a minor (whose self-signed grant the policy then refuses) while the
  model runs: the output is published, and verify then says OK for it;
- the grant's validity ends (``valid_until``) while the model runs: the output is published
  under an expired grant (verify says FAIL/expired, honestly).

And verify said OK ("consent in force now") for any output of a person who has since opted
out or been marked a minor, though the policy then denies every use of their likeness under
that grant: verify read ``StoredGrant.status`` only. It now applies the subject's rules too.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from consent.errors import ConsentDenied
from creator.verify import verify
from studio_world import StubEngine




#: what changes about the person while the model runs, and what the policy says of it afterwards
_CHANGES = {
    "opt_out": (lambda ops: ops.set_opt_out("jane", True), "opted out"),
    # her self-signed grant no longer suffices: a minor's grant needs a guardian's signature
    "minor": (lambda ops: ops.update_subject("jane", minor=True), "is a minor"),
}


@pytest.mark.parametrize("change", sorted(_CHANGES))
def test_a_subject_change_while_generating_stops_publication(stub_world, change):
    act, denial = _CHANGES[change]
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.generate_denied_while_running(lambda: act(stub_world.ops), denial)


@pytest.mark.parametrize("change", sorted(_CHANGES))
def test_verify_is_not_ok_for_an_output_the_policy_now_refuses(stub_world, change):
    act, denial = _CHANGES[change]
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    studio = stub_world.studio()
    result = studio.generate(stub_world.request(subjects=("jane",)))
    assert verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry).verdict == "OK"
    act(stub_world.ops)
    # the policy now denies any use of her likeness under this grant ...
    with pytest.raises(ConsentDenied, match=denial):
        studio.generate(stub_world.request(subjects=("jane",)))
    # ... and verify must not vouch that her consent is in force
    assert verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry).verdict != "OK"


def test_a_grant_that_expires_while_generating_stops_publication(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.studio().generate(stub_world.request(prompt=""))  # the local CA, once
    until = datetime.now(timezone.utc) + timedelta(seconds=2)
    stub_world.issue_grant("jane", "g-jane-1", valid_until=until)

    def wait_past_expiry():
        while datetime.now(timezone.utc) <= until:
            time.sleep(0.05)

    studio = stub_world.studio(StubEngine(during=wait_past_expiry))
    before = {p.name for p in stub_world.output_files()}
    with pytest.raises(ConsentDenied, match="g-jane-1"):
        studio.generate(stub_world.request(subjects=("jane",)))
    assert {p.name for p in stub_world.output_files()} == before
    assert stub_world.registry.get_grant("g-jane-1").usage == 0


def test_a_studio_clock_in_the_past_cannot_use_an_expired_grant(stub_world):
    from creator.studio import Studio

    stub_world.add_person("jane", "Jane Doe")
    until = datetime.now(timezone.utc) + timedelta(seconds=1)
    stub_world.issue_grant("jane", "g-jane-1", valid_until=until)
    while datetime.now(timezone.utc) <= until:
        time.sleep(0.05)
    assert stub_world.registry.get_grant("g-jane-1").status(datetime.now(timezone.utc)).value == "expired"
    engine = StubEngine(during=lambda: None)
    past = Studio(stub_world.settings, registry=stub_world.registry, engines={"gan": lambda r: engine},
                  clock=lambda: until - timedelta(minutes=5))
    with pytest.raises(ConsentDenied, match="g-jane-1"):
        past.generate(stub_world.request(subjects=("jane",)))
    assert stub_world.output_files() == []


"""Adversary 11: a consent change made by another studio process on the same SQLite file.

Adversary 9's changes while the model runs went through the studio's own ``Registry`` object.
A second process has its own ``Registry`` (engine, connections, cached integrity state and
signed snapshot): its opt-out, "minor" flag or revocation lands while this studio's model
runs, and this studio's registry has already read the log up to the decision. HELD: the
record step's ``still_holds`` re-reads the person and the grant under the write lock (its
integrity state replays the other process's signed entries first), so nothing is published
and no use is counted.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied
from consent.registry import Registry
from creator.personas import operations_for
from studio_world import StubEngine

_CHANGES = {
    "opt_out": (lambda ops: ops.set_opt_out("jane", True), "opted out"),
    "minor": (lambda ops: ops.update_subject("jane", minor=True), "is a minor"),
    "revoked": (lambda ops: ops.revoke_grant("g-jane-1", "withdrawn", "legal desk"), "revoked"),
}


@pytest.mark.parametrize("change", sorted(_CHANGES))
def test_a_change_by_another_process_while_generating_stops_publication(stub_world, change):
    act, denial = _CHANGES[change]
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.studio().generate(stub_world.request(prompt="a lighthouse"))  # both registries have read the log
    other = Registry.from_settings(stub_world.settings)  # the other process
    try:
        other.list_grants("jane")
        studio = stub_world.studio(StubEngine(during=lambda: act(operations_for(stub_world.settings, other))))
        before = {p.name for p in stub_world.output_files()}
        with pytest.raises(ConsentDenied, match=denial):
            studio.generate(stub_world.request(subjects=("jane",)))
        assert {p.name for p in stub_world.output_files()} == before
        assert stub_world.registry.get_grant("g-jane-1").usage == 0
    finally:
        other.close()

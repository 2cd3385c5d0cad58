"""What a person approving a use sees is bound to the signed log: the database host cannot show
them a harmless prompt for a request that would make something else."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from studio_world import StubEngine, noise

from consent.approvals import Approvals
from consent.integrity import IntegrityFailure


def test_a_prompt_changed_in_the_database_fails_closed_and_audit_verify_names_it(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    req = w.request(prompt="jane in a lingerie advert", subjects=("jane",))
    assert not studio.check(req).allowed
    (p,) = Approvals(w.registry).list(subject_id="jane", status="pending")
    summary = dict(p.summary)
    summary["request"] = {**summary["request"], "prompt": "jane in a charity poster"}
    with w.registry._engine.begin() as conn:
        conn.execute(text("UPDATE use_approvals SET summary_json=:s WHERE id=:i"),
                     {"s": json.dumps(summary, sort_keys=True), "i": p.id})
    with pytest.raises(IntegrityFailure, match="what it shows the person"):
        Approvals(w.registry).list(subject_id="jane")
    with pytest.raises(IntegrityFailure):
        Approvals(w.registry).decide(p.id, approve=True, by="talent:jane:self", subject_id="jane")
    assert any("what it shows the person" in x for x in w.registry.check_integrity())

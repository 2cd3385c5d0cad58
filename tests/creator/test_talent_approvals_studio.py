"""Approve-each-use through the governed recipe: Studio.check files the request, the person
approves it, the same request generates once; a changed request waits again."""

from __future__ import annotations

import pytest
from studio_world import StubEngine, noise

from consent.approvals import Approvals
from consent.errors import ConsentDenied


def test_each_use_waits_for_the_person_and_an_approval_covers_one_generation(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    req = w.request(prompt="studio portrait, soft light", subjects=("jane",))
    d = studio.check(req)
    assert not d.allowed and any("waiting for Jane Doe's approval" in r for r in d.reasons())
    with pytest.raises(ConsentDenied, match="waiting for Jane Doe's approval"):
        studio.generate(req)
    ap = Approvals(w.registry)
    (p,) = ap.list(subject_id="jane", status="pending")  # asked once, however often the creator tries
    assert p.request_digest == req.digest() and p.summary["grantee"] == req.grantee
    ap.decide(p.id, approve=True, by="talent:jane:self", subject_id="jane")
    other = w.request(prompt="studio portrait, hard light", subjects=("jane",))
    assert not studio.check(other).allowed  # the approval covers exactly the approved request
    result = studio.generate(req)
    assert result.decision.allowed and len(result.outputs) == 1
    assert ap.get(p.id).status == "used"
    with pytest.raises(ConsentDenied, match="waiting for Jane Doe's approval"):
        studio.generate(req)  # used once; a second run needs a new approval
    assert {a.request_digest for a in ap.list(status="pending")} == {req.digest(), other.digest()}
    assert w.registry.check_integrity() == []

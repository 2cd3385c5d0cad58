"""A creator cannot fill a person's consent page with approve-each-use requests.

Every denied request under an approve-each-use grant filed a new pending approval on the
person's page: a creator who varied the seed could put hundreds of requests there, burying the
one the person meant to answer. At most ``MAX_PENDING_APPROVALS`` of one creator's requests wait
under one grant at once; past that a request is denied *without* asking, and the creator is told
so (not "waiting for their approval", which would be untrue)."""

from __future__ import annotations

import pytest
from studio_world import StubEngine, noise

from consent.approvals import Approvals
from consent.audit import acting_as
from consent.errors import ConsentDenied
from consent.policy import MAX_PENDING_APPROVALS


def test_a_creator_cannot_queue_more_than_the_cap_and_is_told_the_request_was_not_sent(stub_world):
    from creator.ui.render import problems

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    ap = Approvals(w.registry)
    with acting_as("ui:mallory"):
        for seed in range(MAX_PENDING_APPROVALS):
            d = studio.check(w.request(prompt="studio portrait", subjects=("jane",), seed=seed))
            assert any("waiting for Jane Doe's approval" in r for r in d.reasons())
        extra = w.request(prompt="studio portrait", subjects=("jane",), seed=99)
        d = studio.check(extra)
        assert not d.allowed
        assert any("not asked: 5 of your requests are already waiting for Jane Doe's approval" in r for r in d.reasons())
        with pytest.raises(ConsentDenied, match="not asked"):
            studio.generate(extra)
        shown = " ".join(p.what + " " + p.next_step for p in problems(d))
        assert "was not sent to them" in shown and "this request is waiting for" not in shown
        # asking again for a request already waiting still says it waits (it is on the page)
        again = studio.check(w.request(prompt="studio portrait", subjects=("jane",), seed=0))
        assert any("waiting for Jane Doe's approval" in r for r in again.reasons())
    pending = ap.list(subject_id="jane", status="pending")
    assert len(pending) == MAX_PENDING_APPROVALS and extra.digest() not in {p.request_digest for p in pending}
    # another creator's request is still asked: the cap is per creator
    with acting_as("ui:olive"):
        studio.check(w.request(prompt="studio portrait", subjects=("jane",), seed=99))
    assert len(ap.list(subject_id="jane", status="pending")) == MAX_PENDING_APPROVALS + 1
    # once the person answers one, the creator may ask again
    first = next(p for p in pending if p.requested_by == "ui:mallory")
    ap.decide(first.id, approve=False, by="talent:jane:self", subject_id="jane")
    with acting_as("ui:mallory"):
        d = studio.check(extra)
    assert any("waiting for Jane Doe's approval" in r for r in d.reasons())
    assert extra.digest() in {p.request_digest for p in ap.list(subject_id="jane", status="pending")}
    assert w.registry.check_integrity() == []


def test_a_creator_cannot_bury_the_operators_queue(stub_world):
    """Requests to operators (a name exception, a grant) are capped per creator while they wait:
    the one past the cap is refused with a clear message and nothing is filed; other creators
    and the creator's earlier requests are untouched, and an answer frees a place."""
    from consent.errors import RecordInvalid

    reg, ops = stub_world.registry, stub_world.ops
    cap = reg.MAX_PENDING_REQUESTS
    for i in range(cap):
        ops.file_request("exception", "ui:mallory", f"Name {i}", "named for a style, not a person")
    with pytest.raises(RecordInvalid, match=f"already have {cap} requests waiting for an operator.*nothing was filed"):
        ops.file_request("grant", "ui:mallory", "jane", "I need Jane for the harbour poster")
    assert len(reg.requests(status="pending", requested_by="ui:mallory")) == cap
    ops.file_request("grant", "ui:olive", "jane", "I need Jane for the harbour poster")  # another creator
    first = reg.requests(status="pending", requested_by="ui:mallory")[-1]
    ops.answer_request(first.id, approve=False, answer="no", by="cli:root")
    ops.file_request("grant", "ui:mallory", "jane", "I need Jane for the harbour poster")
    assert len(reg.requests(status="pending", requested_by="ui:mallory")) == cap
    assert reg.check_integrity() == []

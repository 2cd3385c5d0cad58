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


def test_the_person_is_shown_what_the_request_would_make_before_approving(stub_world):
    """An approval of a use is informed: the person sees the prompt, what it must not show and
    the settings of the very request their approval covers (a creator cannot get a blind yes)."""
    from creator.talent.operator import approvals_html as operator_html
    from creator.talent.pages import approvals_html

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    req = w.request(prompt="Jane on a <b>red</b> carpet, evening gown", negative_prompt="smoking",
                    subjects=("jane",), num_images=2, seed=7)
    assert not studio.check(req).allowed
    (p,) = Approvals(w.registry).list(subject_id="jane", status="pending")
    shown = p.summary["request"]
    assert shown["prompt"] == req.prompt and shown["negative_prompt"] == "smoking"
    assert (shown["num_images"], shown["seed"], shown["mode"]) == (2, 7, "text2img")
    page = approvals_html([p], "tok")
    assert "Jane on a &lt;b&gt;red&lt;/b&gt; carpet, evening gown" in page and "<b>red</b>" not in page
    assert "Must not show" in page and "smoking" in page and "2 × " in page
    assert "Jane on a &lt;b&gt;red&lt;/b&gt; carpet" in operator_html(w.registry)
    assert w.registry.check_integrity() == []

"""Red team 73 against the cap on waiting approve-each-use requests (842e5da).

- A person recognised only by a face in an uploaded photo had a pending approval filed in the
  creator's name, and since the cap the creator could read the count back ("not asked: 5 of
  your requests ..."): whose face a photo holds. Only people the request names are asked now.
- A request the person declined went straight back onto their page when the creator ran it
  again; it is not asked again, and the creator is told it was declined.
"""

from __future__ import annotations

from studio_world import StubEngine, astronaut, grace_hopper, noise, png_bytes

from consent.approvals import Approvals
from consent.audit import acting_as
from consent.policy import MAX_PENDING_APPROVALS


def _read_back(w, photo) -> str:
    w.add_person("jane", "Jane Doe", photo=astronaut())
    w.add_person("eve", "Eve Roe", photo=grace_hopper())
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio()
    with acting_as("ui:mallory"):
        for s in range(MAX_PENDING_APPROVALS - 1):
            studio.check(w.request(prompt="studio portrait", subjects=("jane",), seed=s))
        d = studio.check(w.request(engine="diffusion", mode="img2img", source=png_bytes(photo),
                                   prompt="a portrait in a garden", seed=500))  # names nobody
        assert not d.allowed and not any("jane" in r.lower() for r in d.creator_reasons())
        read = studio.check(w.request(prompt="studio portrait", subjects=("jane",), seed=999))
    return next(r for r in read.creator_reasons() if "approval" in r)


def test_a_face_alone_files_no_approval_so_the_count_tells_nothing(stub_world):
    said = _read_back(stub_world, astronaut(256))  # the photo is jane's face
    assert "waiting for Jane Doe's approval" in said and "not asked" not in said
    assert len(Approvals(stub_world.registry).list(subject_id="jane", status="pending")) == MAX_PENDING_APPROVALS


def test_a_declined_request_is_not_asked_again(stub_world):
    from creator.ui.render import problems

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    ap = Approvals(w.registry)
    req = w.request(prompt="studio portrait", subjects=("jane",), seed=1)
    with acting_as("ui:mallory"):
        studio.check(req)
    (p,) = ap.list(subject_id="jane", status="pending")
    ap.decide(p.id, approve=False, by="talent:jane:self", subject_id="jane")
    with acting_as("ui:mallory"):
        d = studio.check(req)  # the very request she declined
    assert not d.allowed and any("not asked: Jane Doe declined this exact request" in r for r in d.reasons())
    assert ap.list(subject_id="jane", status="pending") == []
    shown = " ".join(x.what + " " + x.next_step for x in problems(d))
    assert "declined this exact request" in shown and "Change the request" in shown
    with acting_as("ui:mallory"):  # a changed request is a new one, asked
        studio.check(w.request(prompt="studio portrait, soft light", subjects=("jane",), seed=1))
    assert len(ap.list(subject_id="jane", status="pending")) == 1
    assert w.registry.check_integrity() == []

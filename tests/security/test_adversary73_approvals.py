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


def test_the_creator_is_told_what_was_filed_when_requests_race(stub_world):
    """The snapshot a decision is made on may be behind the write lock where the filing is
    decided: of 12 simultaneous requests, 7 were told "waiting for Jane Doe's approval" and never
    filed. Each is now told what was done: every "waiting" one is on her page, no "not asked" one."""
    import threading

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    n = 12
    barrier = threading.Barrier(n)
    told: dict[str, str] = {}

    def ask(seed: int) -> None:
        with acting_as("ui:mallory"):
            req = w.request(prompt="studio portrait", subjects=("jane",), seed=seed)
            barrier.wait()
            d = studio.check(req)
            told[req.digest()] = next(r for r in d.reasons() if "approval" in r)

    threads = [threading.Thread(target=ask, args=(s,)) for s in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    filed = {a.request_digest for a in Approvals(w.registry).list(subject_id="jane", status="pending")}
    assert len(filed) == MAX_PENDING_APPROVALS and len(told) == n
    assert {dg for dg, m in told.items() if "not asked" not in m} == filed


def test_an_answer_between_the_snapshot_and_the_record_is_told_as_filed(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    studio = w.studio(StubEngine(images=[noise(256, seed=3)]))
    ap = Approvals(w.registry)
    with acting_as("ui:mallory"):
        for s in range(MAX_PENDING_APPROVALS):
            studio.check(w.request(prompt="studio portrait", subjects=("jane",), seed=s))
    reg = w.registry
    record = reg.record_denial

    def answer_first(decision, *a, **k):  # the person answers one as the next request is recorded
        p = ap.list(subject_id="jane", status="pending")[0]
        ap.decide(p.id, approve=False, by="talent:jane:self", subject_id="jane")
        return record(decision, *a, **k)

    reg.record_denial = answer_first
    try:
        with acting_as("ui:mallory"):
            req = w.request(prompt="studio portrait", subjects=("jane",), seed=777)
            d = studio.check(req)
    finally:
        reg.record_denial = record
    said = next(r for r in d.reasons() if "approval" in r)
    assert "waiting for Jane Doe's approval" in said and "not asked" not in said
    assert req.digest() in {a.request_digest for a in ap.list(subject_id="jane", status="pending")}
    assert reg.check_integrity() == []

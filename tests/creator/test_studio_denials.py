"""Studio.generate refuses: every reason is given, no model runs, no file is written, the
decision is in the audit log. And outputs showing an enrolled person the decision does
not cover (or who opted out) are blocked after generation."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import StubEngine, astronaut, grace_hopper


def _blank(side: int = 512) -> Image.Image:
    """A smooth gradient without a face."""
    yy, xx = np.mgrid[0:side, 0:side]
    arr = np.stack([xx * 255 / side, yy * 255 / side, np.full_like(xx, 128.0)], axis=-1)
    return Image.fromarray(arr.astype(np.uint8))


def _stub_studio(engine_world, *images: Image.Image):
    stub = StubEngine(list(images))
    return engine_world.studio(gan=lambda req: stub, diffusion=lambda req: stub), stub


def _deny(engine_world, request, *images: Image.Image) -> list[str]:
    """Run a request that must be denied before generation; return the decision's reasons."""
    studio, stub = _stub_studio(engine_world, *images)
    with pytest.raises(ConsentDenied, match="consent denied") as denied:
        studio.generate(request)
    assert stub.calls == 0, "a denied request must not run the model"
    assert engine_world.output_files() == []
    entry = engine_world.last_audit()
    assert entry.kind == "decision" and entry.payload["decision"]["allowed"] is False
    assert entry.payload["request_digest"] == request.digest()
    reasons = denied.value.decision.reasons()
    audited = [f["message"] for f in entry.payload["decision"]["findings"] if not f["passed"]]
    assert audited == reasons
    return reasons


@pytest.fixture
def jane(engine_world):
    """Jane is enrolled from her photo and has a grant for film reshoots in the US."""
    subject = engine_world.add_person("jane", "Jane Doe", photo=astronaut())
    engine_world.issue_grant("jane", "g-0412")
    return subject


def _inpaint(engine_world, photo: Image.Image, **kw):
    frame = engine_world.save(photo.resize((256, 256), Image.Resampling.LANCZOS), "frame.png")
    mask = Image.new("L", (256, 256), 0)
    mask.paste(255, (0, 160, 256, 256))
    return engine_world.request(engine="diffusion", model="unused-by-the-stub", mode="inpaint", source=frame,
                         mask=engine_world.save(mask, "mask.png"), **kw)


def test_unknown_face_in_the_source_frame_is_denied(engine_world, jane):
    hopper = grace_hopper().crop((0, 0, 512, 512))  # not enrolled: a stranger to the studio

    reasons = _deny(engine_world, _inpaint(engine_world, hopper, prompt="same scene, evening light"))

    assert len(reasons) == 1
    assert reasons[0].startswith("unknown likeness at source face at (")
    assert "matches no registered subject" in reasons[0]


def test_enrolled_face_in_the_source_frame_needs_no_declaration(engine_world, jane):
    """The same edit of Jane's own frame is allowed: her face resolves to her grant."""
    studio, stub = _stub_studio(engine_world, _blank(256))

    result = studio.generate(_inpaint(engine_world, astronaut(), prompt="same scene, evening light"))

    assert stub.calls == 1 and [g.grant_id for g in result.decision.grants_used] == ["g-0412"]
    assert result.decision.context.operation == "footage_edit"


def test_prompt_naming_an_unregistered_person_is_denied(engine_world):
    request = engine_world.request(engine="gan", purpose="art", prompt="portrait of Tom Hanks on a beach")

    reasons = _deny(engine_world, request)

    assert reasons == ['unknown likeness at prompt chars 12-21 "Tom Hanks": it matches no registered subject; '
                       'expected a registered subject with a grant']


def test_adapter_bound_to_a_subject_without_a_grant_is_denied(engine_world, tiny_models):
    engine_world.add_person("bob", "Bob Stone")
    engine_world.register_adapter(tiny_models.lora, "bob", "lora")
    request = engine_world.request(engine="diffusion", model=engine_world.register_model("tiny-sd", tiny_models.sd), prompt="a man on a boat",
                            adapters=(str(tiny_models.lora),))

    reasons = _deny(engine_world, request)

    assert reasons == ["subject 'bob' has no consent grant; expected a signed grant for grantee 'ACME Films', "
                       "purpose 'film_reshoot'"]


def test_unregistered_adapter_file_is_an_unknown_likeness(engine_world, tiny_models):
    request = engine_world.request(engine="diffusion", model=engine_world.register_model("tiny-sd", tiny_models.sd), prompt="a man on a boat",
                            adapters=(str(tiny_models.embedding),))

    (reason,) = _deny(engine_world, request)

    assert reason.startswith("unknown likeness at adapter sha256 ")


def test_grant_for_another_purpose_is_denied(engine_world, jane):
    request = engine_world.request(engine="gan", purpose="advertising", subjects=("jane",))

    reasons = _deny(engine_world, request)

    assert reasons == ["grant g-0412: purpose 'advertising' not in ['film_reshoot']"]


def test_every_reason_is_listed_not_just_the_first(engine_world, jane):
    hopper = grace_hopper().crop((0, 0, 512, 512))
    request = _inpaint(engine_world, hopper, prompt="Tom Hanks at the harbour", purpose="advertising", subjects=("jane",))

    reasons = _deny(engine_world, request)

    assert any("purpose 'advertising' not in" in r for r in reasons)
    assert any('"Tom Hanks"' in r for r in reasons)
    assert any(r.startswith("unknown likeness at source face") for r in reasons)


def test_declared_subject_who_opted_out_is_denied(engine_world):
    engine_world.add_person("eileen", "Eileen Collins", opt_out=True)

    reasons = _deny(engine_world, engine_world.request(engine="gan", subjects=("eileen",)))

    assert reasons == ["subject 'eileen' has opted out of all generation; expected no use of their likeness"]


# ----------------------------------------------------------------------------- output scan
@pytest.mark.parametrize(
    ("opt_out", "why"),
    [(True, "face matches opted-out subject eileen"),
     (False, "face matches enrolled subject eileen not covered by this decision")],
    ids=["opted_out", "not_covered"],
)
def test_output_showing_an_enrolled_person_is_blocked(engine_world, opt_out, why):
    engine_world.add_person("eileen", "Eileen Collins", photo=astronaut(), opt_out=opt_out)
    studio, stub = _stub_studio(engine_world, astronaut())  # the "model" reproduces her face
    request = engine_world.request(engine="gan", purpose="art", width=512, height=512)

    with pytest.raises(ConsentDenied, match=f"every output was blocked by the output face scan: output 0: {why}") as denied:
        studio.generate(request)

    # what the maker reads (the job's error): the face, not who she is nor that she opted out
    shown = denied.value.creator_message
    assert shown.startswith("every output was blocked by the output face scan: output 0: the face at (")
    assert "is a registered person who has not consented to this use" in shown
    assert "eileen" not in shown and "opted" not in shown
    assert stub.calls == 1 and engine_world.output_files() == []
    entry = engine_world.last_audit()
    assert entry.kind == "failure" and entry.payload["stage"] == "scan" and why in entry.payload["error"]


def test_only_the_output_showing_an_opted_out_person_is_blocked(engine_world):
    engine_world.add_person("eileen", "Eileen Collins", photo=astronaut(), opt_out=True)
    studio, _ = _stub_studio(engine_world, astronaut(), _blank())
    request = engine_world.request(engine="gan", purpose="art", width=512, height=512, num_images=2)

    result = studio.generate(request)

    (blocked,) = result.blocked
    assert blocked.index == 0 and "opted-out subject eileen" in blocked.reasons[0]
    (shown,) = blocked.shown_reasons  # the job's record, read by its maker
    assert shown.startswith("output 0: the face at (") and "eileen" not in shown and "opted" not in shown
    (kept,) = result.outputs
    assert [p.name for p in engine_world.output_files()] == [kept.path.name]
    entry = engine_world.last_audit()
    assert entry.kind == "generation" and [o["sha256"] for o in entry.payload["outputs"]] == [kept.sha256]
    assert entry.payload["blocked_outputs"] == [{"index": 0, "reasons": list(blocked.reasons)}]

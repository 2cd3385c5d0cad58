"""Studio.generate end to end: consent in, disclosed and recorded files out, revocation after.

Real registry (SQLite), real keys, real face templates (YuNet/SFace on real photos), real
c2pa signing and verification; the diffusion model is a tiny random-weight pipeline saved
to disk and loaded as a user's local model.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from consent.errors import ConsentDenied
from creator.disclosure.label import apply_label
from creator.disclosure.watermark import Watermarker
from creator.engines.base import EngineCall
from creator.verify import verify
from studio_world import astronaut


def _file_names(engine_world) -> list[str]:
    return [p.name for p in engine_world.output_files()]


def test_consented_likeness_end_to_end_then_revoked(engine_world, tiny_models):
    # Enroll Jane from a photo, take her signed grant, bind her LoRA to her.
    jane = engine_world.add_person("jane", "Jane Doe", photo=astronaut())
    grant = engine_world.issue_grant("jane", "g-0412")
    engine_world.register_adapter(tiny_models.lora, "jane", "lora")
    studio = engine_world.studio()  # default engines: diffusers loads the folder like a user's model

    text2img = engine_world.request(engine="diffusion", model=engine_world.register_model("tiny-sd", tiny_models.sd), prompt="a portrait at the harbour, daylight",
                             adapters=(str(tiny_models.lora),), steps=2)
    frame = engine_world.save(astronaut(256), "frame-0412.png")
    mask = Image.new("L", (256, 256), 0)
    mask.paste(255, (64, 64, 192, 192))
    inpaint = engine_world.request(engine="diffusion", model=engine_world.register_model("tiny-sd", tiny_models.sd), mode="inpaint", source=frame,
                            mask=engine_world.save(mask, "mask.png"), prompt="same scene, evening light", steps=2, strength=0.9)

    made = [studio.generate(text2img), studio.generate(inpaint)]

    expected = (("adapter", "likeness_generation"), ("source_face", "footage_edit"))
    for result, (source, operation) in zip(made, expected):
        assert result.decision.allowed and [g.grant_id for g in result.decision.grants_used] == ["g-0412"]
        (out,) = result.outputs
        assert out.path.parent == engine_world.settings.outputs_dir and out.path.read_bytes() == out.data
        report = verify(out.path, settings=engine_world.settings, registry=engine_world.registry)
        assert report.ok and report.c2pa_state == "Trusted", report.reasons
        (entry,) = report.consent["likenesses"]
        assert entry["grant_id"] == "g-0412" and entry["grant_sha256"] == grant.sha256
        assert entry["source"] == source and report.consent["operation"] == operation
        assert entry["subject_ref"] == jane.ref  # pseudonymous: neither the id nor the name is in the file
        assert "jane" not in str(report.consent).lower()
        assert [g.status for g in report.grants] == ["current"]
    edit = verify(made[1].outputs[0].path, settings=engine_world.settings, registry=engine_world.registry)
    assert edit.digital_source_type_manifest.endswith("compositeWithTrainedAlgorithmicMedia")

    engine_world.registry.revoke_grant("g-0412", "actor withdrew consent", "legal@acme")
    before = _file_names(engine_world)
    for request in (text2img, inpaint):
        with pytest.raises(ConsentDenied, match="revoked") as denied:
            studio.generate(request)
        reasons = denied.value.decision.reasons()
        assert any("g-0412: revoked at" in r and "actor withdrew consent" in r for r in reasons), reasons
    assert _file_names(engine_world) == before

    for result in made:
        report = verify(result.outputs[0].path, settings=engine_world.settings, registry=engine_world.registry)
        assert report.c2pa_state == "Trusted" and not report.ok
        assert [g.status for g in report.grants] == ["revoked"]
        assert any(r.startswith("made under grant g-0412, revoked on ") and "actor withdrew consent" in r
                   for r in report.reasons), report.reasons
    assert engine_world.registry.verify_audit().ok


def test_embedding_adapter_of_a_consenting_subject_is_disclosed(engine_world, tiny_models, diffusion_engine):
    engine_world.add_person("jane", "Jane Doe")
    engine_world.issue_grant("jane", "g-jane-1", operations=["likeness_generation"])
    engine_world.register_adapter(tiny_models.embedding, "jane", "embedding")
    request = engine_world.request(engine="diffusion", model=engine_world.register_model("tiny-sd", tiny_models.sd), prompt="<sks> reading a newspaper",
                            adapters=(str(tiny_models.embedding),), steps=1)

    (out,) = engine_world.studio(diffusion=lambda req: diffusion_engine).generate(request).outputs

    report = verify(out.path, settings=engine_world.settings, registry=engine_world.registry)
    assert report.ok, report.reasons
    assert report.consent["likenesses"][0]["source"] == "adapter"


def test_gan_without_likeness_is_allowed_labelled_and_watermarked(engine_world, gan_engine):
    studio = engine_world.studio(gan=lambda req: gan_engine)
    request = engine_world.request(engine="gan", purpose="art", width=512, height=512, seed=11)

    result = studio.generate(request)

    assert result.decision.allowed and not result.decision.real_person_depicted
    assert result.decision.grants_used == () and result.decision.label_suffix is None
    (out,) = result.outputs
    report = verify(out.path, settings=engine_world.settings, registry=engine_world.registry)
    assert report.ok and report.c2pa_state == "Trusted", report.reasons
    assert report.consent["likenesses"] == []
    assert report.ai_system == f"{gan_engine.name}:{gan_engine.model_id}"
    # The watermark payload is signed into the manifest and readable from the pixels alone.
    assert report.watermark_payload == out.watermark_payload
    pixels = Image.open(out.path).convert("RGB")
    assert Watermarker(engine_world.settings.watermark_key()).read(pixels).payload == out.watermark_payload
    assert engine_world.registry.find_output(watermark_payload=out.watermark_payload).sha256 == out.sha256
    # The visible label "AI-generated" is drawn where the label goes, and only there.
    bare = gan_engine.generate(EngineCall(width=512, height=512, seed=11))[0]
    _, placement = apply_label(bare, text=engine_world.settings.label_text, profile=engine_world.settings.label_profile,
                               position=engine_world.settings.label_position, real_person_depicted=False)
    assert placement.lines == ("AI-generated",)
    diff = np.abs(np.asarray(pixels, dtype=np.int16) - np.asarray(bare, dtype=np.int16)).max(axis=2)
    x0, y0, x1, y1 = placement.box
    inside = np.zeros(diff.shape, bool)
    inside[y0:y1, x0:x1] = True
    assert diff[inside].mean() > 40  # the label covers the picture there
    assert diff[~inside].mean() < 6  # elsewhere only the invisible watermark changed pixels


def test_each_output_is_recorded_with_usage_and_audit_in_one_step(engine_world, gan_engine):
    engine_world.add_person("jane", "Jane Doe")
    engine_world.issue_grant("jane", "g-jane-1", usage_cap=3)
    studio = engine_world.studio(gan=lambda req: gan_engine)
    request = engine_world.request(engine="gan", subjects=("jane",), num_images=2)

    result = studio.generate(request)

    assert engine_world.registry.get_grant("g-jane-1").usage == 2
    entry = engine_world.last_audit()
    assert entry.kind == "generation"
    assert entry.payload["decision"]["decision_id"] == result.decision.decision_id
    assert entry.payload["decision"]["grants_used"][0]["grant_id"] == "g-jane-1"
    assert sorted(o["sha256"] for o in entry.payload["outputs"]) == sorted(o.sha256 for o in result.outputs)
    assert entry.payload["request_digest"] == request.digest()
    for out in result.outputs:
        record = engine_world.registry.find_output(sha256=out.sha256)
        assert record.decision_id == result.decision.decision_id and record.grant_ids == ("g-jane-1",)
        assert record.watermark_payload == out.watermark_payload
    assert sorted(p.name for p in engine_world.output_files()) == sorted(o.path.name for o in result.outputs)

    with pytest.raises(ConsentDenied, match="usage 2 of cap 3 reached; this request needs 2 more"):
        studio.generate(request)
    assert engine_world.registry.get_grant("g-jane-1").usage == 2 and len(engine_world.output_files()) == 2

    studio.generate(engine_world.request(engine="gan", subjects=("jane",), num_images=1))
    assert engine_world.registry.get_grant("g-jane-1").usage == 3
    with pytest.raises(ConsentDenied, match="usage 3 of cap 3 reached"):
        studio.generate(engine_world.request(engine="gan", subjects=("jane",), num_images=1))
    assert engine_world.registry.verify_audit().ok


def test_cap_used_up_by_another_studio_meanwhile_publishes_nothing(engine_world, gan_engine):
    """Two operators, one slot left: the second to record is refused and writes no file."""
    engine_world.add_person("jane", "Jane Doe")
    engine_world.issue_grant("jane", "g-jane-1", usage_cap=1)
    ours, theirs = engine_world.studio(gan=lambda req: gan_engine), engine_world.studio(gan=lambda req: gan_engine)
    request = engine_world.request(engine="gan", subjects=("jane",))
    raced = []

    def progress(stage, done, total):
        if stage == "disclose" and not raced:  # after our decision, before our record
            raced.append(theirs.generate(request))

    with pytest.raises(ConsentDenied, match="usage 1 \\+ 1 outputs would exceed cap 1"):
        ours.generate(request, progress)

    (theirs_out,) = raced[0].outputs
    assert [p.name for p in engine_world.output_files()] == [theirs_out.path.name]
    assert engine_world.registry.get_grant("g-jane-1").usage == 1
    failure = engine_world.last_audit()
    assert failure.kind == "failure" and failure.payload["stage"] == "record"

"""A fictional persona needs no grant, so it must be provably synthetic: a real photo cannot be
enrolled as a persona, nor can a synthetic image that shows an enrolled real person."""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid
from studio_world import StubEngine


def _persona(world, sid="nova"):
    return world.ops.add_subject(sid, "Nova Vale", kind="fictional_persona")


def test_a_real_photo_cannot_be_enrolled_as_a_persona(stub_world, pictures):
    _persona(stub_world)
    photo = stub_world.save(pictures.astronaut(), "eileen.png")
    with pytest.raises(RecordInvalid, match="eileen.png: it carries no trusted C2PA manifest \\(NoManifest\\)"):
        stub_world.ops.enroll("nova", [photo])
    assert stub_world.registry.template_counts() == {}


def test_an_output_of_this_studio_can_be_enrolled_as_a_persona(engine_world, gan_engine):
    out = engine_world.studio(gan=lambda req: gan_engine).generate(
        engine_world.request(purpose="art", seed=3, width=512, height=512)).outputs[0]
    _persona(engine_world)
    (row,) = engine_world.ops.enroll("nova", [out.path])
    assert row.face_size > 0 and engine_world.registry.template_counts() == {"nova": 1}


def test_an_edit_of_a_real_photo_is_not_synthetic(stub_world, pictures):
    stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())
    stub_world.issue_grant("eileen", "g-1")
    frame = stub_world.save(pictures.astronaut(256), "frame.png")
    edit = stub_world.studio(StubEngine(images=[pictures.astronaut(256)])).generate(
        stub_world.request(mode="img2img", engine="diffusion", source=frame, subjects=("eileen",))).outputs[0]
    _persona(stub_world)
    with pytest.raises(RecordInvalid, match="compositeWithTrainedAlgorithmicMedia, not trainedAlgorithmicMedia"):
        stub_world.ops.enroll("nova", [edit.path])


def test_a_synthetic_image_of_an_enrolled_real_person_is_not_a_persona(stub_world, pictures, monkeypatch):
    """Made here, with nobody declared, before Eileen was enrolled (so nothing blocked it): a
    manifest-proven synthetic image with no grant in its record — but the face is Eileen's,
    so it cannot become a grant-free persona. Key 2 with the default payload makes her collar
    a roughened bar for the bare scan; enrollment checks that patch against a copy with the
    studio's own mark taken off, sees one face and refuses it for the right reason (not
    "2 faces found")."""
    stub_world.pin_watermark(monkeypatch, 2)
    made = stub_world.studio(StubEngine(images=[pictures.astronaut()])).generate(
        stub_world.request(width=512, height=512)).outputs[0]
    stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())
    _persona(stub_world, "not-eileen")
    with pytest.raises(RecordInvalid, match="this persona's face matches enrolled real person 'eileen'"):
        stub_world.ops.enroll("not-eileen", [made.path])


def test_an_image_made_under_a_real_persons_grant_is_not_a_persona(stub_world, pictures, monkeypatch):
    """Made here under Eileen's grant (her face, text to image): the signed consent record says
    it is her likeness, whether or not her face is enrolled (adversary 11)."""
    stub_world.pin_watermark(monkeypatch, 0)
    stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())
    stub_world.issue_grant("eileen", "g-1", operations=["likeness_generation"])
    made = stub_world.studio(StubEngine(images=[pictures.astronaut()])).generate(
        stub_world.request(subjects=("eileen",), width=512, height=512)).outputs[0]
    _persona(stub_world, "not-eileen")
    with pytest.raises(RecordInvalid, match="names a real person's grant"):
        stub_world.ops.enroll("not-eileen", [made.path])


def test_a_file_signed_outside_the_recipe_is_not_a_persona(stub_world, pictures):
    from datetime import datetime, timezone

    from creator.disclosure import ConsentAssertion, DisclosureContext
    from creator.disclosure._pipeline import disclose

    ctx = DisclosureContext(digital_source_type="trainedAlgorithmicMedia", model_id="x", model_version="0", engine="gan",
                            real_person_depicted=False,
                            consent=ConsentAssertion(decision_id="d-forged", decided_at=datetime.now(timezone.utc),
                                                     purpose="art", operation="likeness_generation", territories=("US",)))
    forged = disclose(pictures.astronaut(), ctx, settings=stub_world.settings, out_dir=stub_world.settings.data_dir / "forged")
    _persona(stub_world)
    with pytest.raises(RecordInvalid, match="signed with this studio's key but not made here under a recorded decision"):
        stub_world.ops.enroll("nova", [forged.path])


def test_without_a_checker_no_persona_photo_is_accepted(stub_world, pictures):
    from consent.operations import Operations

    _persona(stub_world)
    with pytest.raises(RecordInvalid, match="no checker is configured here"):
        Operations(stub_world.registry).enroll("nova", [stub_world.save(pictures.astronaut(), "x.png")])

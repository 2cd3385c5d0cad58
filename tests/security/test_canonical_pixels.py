"""The likeness scan and the model see exactly the same pixels, and labels tell the truth.

An input is decoded once (EXIF orientation applied, transparency composited over white);
the engine receives a copy of those canonical pixels. A subject who is only declared or
named is not "depicted": the label says "likeness used with consent" only when the output
carries a consented likeness (an adapter, an edited source with their face, their face in
the output).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from creator.verify import verify


class _Recorder:
    """A stub engine that remembers the source pixels it was handed and returns them."""

    name, model_id, model_version, description = "stub", "recorder", "0.0.1", "returns its source"
    modes = frozenset({"text2img", "img2img", "inpaint"})

    def __init__(self):
        self.sources: list[np.ndarray] = []

    def generate(self, call, progress=None):
        src = call.source if call.source is not None else Image.new("RGB", (call.width, call.height), (120, 110, 100))
        self.sources.append(np.asarray(src.convert("RGB")))
        return [src.convert("RGB").resize((call.width, call.height)) for _ in range(call.num_images)]


def _exif_rotated(picture: Image.Image, orientation: int) -> bytes:
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    picture.save(buf, "JPEG", quality=95, exif=exif)
    return buf.getvalue()


def test_the_engine_receives_the_orientation_the_scan_saw(stub_world, pictures):
    """EXIF orientation 6: the scan and the model both get the upright picture (here: no face)."""
    from consent.imaging import decode

    sideways = pictures.noise(320).rotate(90, expand=True).resize((256, 320))
    data = _exif_rotated(sideways, 6)
    engine = _Recorder()
    stub_world.studio(engine).generate(stub_world.request(mode="img2img", engine="diffusion", source=data,
                                                          width=320, height=256))
    canonical = decode(data, field="source").pixels
    assert canonical.shape == (256, 320, 3)  # orientation applied: the stored 256×320 is shown turned
    assert np.array_equal(engine.sources[0], canonical)


def test_pixels_hidden_under_zero_alpha_never_reach_a_model(stub_world, pictures):
    face = np.asarray(pictures.astronaut(256).convert("RGB"))
    rgba = np.dstack([face, np.zeros(face.shape[:2], np.uint8)])  # the photo, fully transparent
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    engine = _Recorder()
    stub_world.studio(engine).generate(stub_world.request(mode="img2img", engine="diffusion", source=buf.getvalue()))
    assert (engine.sources[0] == 255).all()  # what the scan saw (white) is what the model got


@pytest.fixture
def label_lines(monkeypatch):
    """The lines the visible label draws on each output (recorded from the real label step)."""
    import creator.disclosure._pipeline as pipeline
    from creator.disclosure import label

    drawn: list[tuple[str, ...]] = []
    real = pipeline._label.label_from_settings

    def spy(image, settings, *, real_person_depicted):
        drawn.append(label.label_lines("AI-generated", real_person_depicted=real_person_depicted))
        return real(image, settings, real_person_depicted=real_person_depicted)

    monkeypatch.setattr(pipeline._label, "label_from_settings", spy)
    return drawn


def test_a_declared_subject_without_a_carried_likeness_is_labelled_ai_generated_only(stub_world, label_lines):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-1")
    result = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",)))
    out = result.outputs[0]
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    (entry,) = report.consent["likenesses"]
    assert entry["grant_id"] == "g-1" and entry["depicted"] is False  # the grant was used, no likeness carried
    assert label_lines == [("AI-generated",)]


def test_an_edit_of_the_subjects_photo_is_labelled_likeness_used_with_consent(stub_world, pictures, label_lines):
    stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())
    stub_world.issue_grant("eileen", "g-1")
    frame = stub_world.save(pictures.astronaut(256), "frame.png")
    result = stub_world.studio(_Recorder()).generate(
        stub_world.request(mode="img2img", engine="diffusion", source=frame, subjects=("eileen",)))
    report = verify(result.outputs[0].path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    (entry,) = report.consent["likenesses"]
    assert entry["depicted"] is True and entry["source"] in ("source_face", "declared")
    assert label_lines == [("AI-generated", "likeness used with consent")]


@pytest.mark.parametrize("kind", ["not a regular file"])
def test_a_device_as_source_is_refused_before_reading(stub_world, kind):
    from creator.errors import InputError

    with pytest.raises(InputError, match="`source`: 'zero' is not a regular file"):
        stub_world.request(mode="img2img", engine="diffusion", source="/dev/zero")

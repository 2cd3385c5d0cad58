"""A real person is enrolled from photos of them, not from a picture the studio (or any generator) made.

Session 63's walkthrough enrolled a studio output as a real person's photo and it was taken: the
face a model drew (perhaps someone else's likeness, made under another grant) then stood for the
person, and her grants covered it. The reverse of the persona rule (a persona's photos must prove
they are generated) now holds: ``creator.personas.real_photo_checker`` refuses a real person's
photo that declares a generator's digital source type, is an output of this studio or a copy of
one, or carries this installation's watermark; nothing is stored.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from consent.errors import RecordInvalid


@pytest.fixture
def made_here(engine_world, gan_engine):
    """A 512² GAN face made and disclosed by the studio (purpose art: nobody's likeness)."""
    out = engine_world.studio(gan=lambda req: gan_engine).generate(
        engine_world.request(purpose="art", seed=3, width=512, height=512)).outputs[0]
    return out.path


def test_a_studio_output_is_refused_as_a_real_persons_photo(engine_world, made_here):
    w = engine_world
    w.ops.add_subject("ann", "Ann Example")
    with pytest.raises(RecordInvalid, match=r"nothing enrolled: .*declares itself generated \(trainedAlgorithmicMedia\)"):
        w.ops.enroll("ann", [made_here])
    assert w.registry.template_photos("ann") == {}


def test_a_stripped_copy_of_a_studio_output_is_refused_too(engine_world, made_here):
    """No manifest, no XMP: the pixels re-saved. The copy is still the studio's output."""
    w = engine_world
    buf = io.BytesIO()
    Image.open(made_here).convert("RGB").save(buf, format="PNG")  # metadata gone
    w.ops.add_subject("ann", "Ann Example")
    with pytest.raises(RecordInvalid, match=r"output of this studio|watermark reads"):
        w.ops.enroll("ann", [buf.getvalue()])
    assert w.registry.template_photos("ann") == {}


def test_a_photo_that_says_nothing_still_enrolls_as_a_file_and_as_pixels(engine_world, tmp_path):
    """The check reads the disclosure, not the face: a camera photo (scikit-image's astronaut
    portrait, no manifest, no mark) is enrolled as before, from a file or from pixels."""
    from tests.studio_world import astronaut

    w = engine_world
    w.ops.add_subject("ann", "Ann Example")
    photo = tmp_path / "ann.png"
    astronaut().save(photo)
    assert len(w.ops.enroll("ann", [photo])) == 1
    w.ops.add_subject("bea", "Bea Example")
    assert len(w.ops.enroll("bea", [astronaut().rotate(3)], same_face_ok=True)) == 1  # (the same face: session 67)

"""Issue 10, round 5: the size floor ``likeness.MIN_REGION_PX`` (off by default; measured at 26 px).
With it set, face-like regions shorter than the floor are no likeness: three puppies' faces of
23 px in a face-free photo denied every request made with it (an unknown face). What the floor
must not open: an edit that takes such a small face and paints it large. The studio keeps the
small regions' embeddings and blocks an output face that carries one over, as it does for any
input face the decision does not cover (docs/LIKENESS.md, "Round 5"). Off (the default), the
small face denies as before."""

from __future__ import annotations

import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import StubEngine, astronaut, png_bytes


@pytest.fixture
def floor(monkeypatch):
    from consent import likeness

    monkeypatch.setattr(likeness, "MIN_REGION_PX", 26)


def _wide_shot() -> Image.Image:
    """A 512² frame holding a stranger's face (scikit-image's astronaut) of about 23 px."""
    source = Image.new("RGB", (512, 512), (128, 128, 128))
    source.paste(astronaut(120), (200, 150))
    return source


def test_without_the_floor_the_small_face_still_denies(stub_world):
    w = stub_world
    source = _wide_shot()
    studio = w.studio(engine=StubEngine(images=[source]))
    with pytest.raises(ConsentDenied, match="unknown likeness at source face"):
        studio.generate(w.request(engine="diffusion", mode="img2img", source=png_bytes(source),
                                  width=512, height=512, prompt="a grey wall, watercolour"))


def test_the_small_face_is_below_the_floor_and_kept_for_carry_over(floor):
    from consent import likeness
    from consent.imaging import from_pil

    fs = likeness.find_faces(from_pil(_wide_shot()))
    assert fs.faces == ()  # no likeness: it denies nothing
    (small,) = fs.small
    assert small.size < likeness.MIN_REGION_PX and small.embedding is not None
    assert "smaller than 26 px" in small.reason


def test_an_edit_of_a_wide_shot_with_a_tiny_face_is_allowed(stub_world, floor):
    """With the floor, the 23 px face is no likeness and the request goes ahead."""
    w = stub_world
    source = _wide_shot()
    studio = w.studio(engine=StubEngine(images=[source]))
    result = studio.generate(w.request(engine="diffusion", mode="img2img", source=png_bytes(source),
                                       width=512, height=512, prompt="a grey wall, watercolour"))
    assert len(result.outputs) == 1 and not result.blocked


@pytest.mark.parametrize("enrolled_other", [False, True])
def test_the_tiny_face_painted_large_is_blocked_as_carried_over(stub_world, floor, enrolled_other):
    """The model returns the stranger's face at 512² (a close-up grown from the 23 px face): the
    output scan runs although nobody (or only someone else) is enrolled, and blocks it."""
    from studio_world import grace_hopper

    w = stub_world
    if enrolled_other:
        w.add_person("grace", "Grace Hopper", photo=grace_hopper())
    source = _wide_shot()
    studio = w.studio(engine=StubEngine(images=[astronaut(512)]))
    try:
        result = studio.generate(w.request(engine="diffusion", mode="img2img", source=png_bytes(source),
                                           width=512, height=512, prompt="a close-up portrait"))
    except ConsentDenied as e:
        assert "carries over a face of the request's inputs" in str(e)
        return
    assert not result.outputs, "the stranger's tiny face, painted large, was published"

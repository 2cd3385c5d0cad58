"""Adversary 12: the footage-edit rule (``creator.studio._repaints``) against the mask the engine gets.

A source face counts as *edited* (her ``footage_edit`` grant suffices) unless the inpaint mask
repaints ≥ 90 % of her face box. ``_repaints`` reads the mask's canonical **red channel** at the
**source's size**; the engine is given ``req.mask.open("L")`` (luma: 0.299 R + 0.587 G + 0.114 B)
**resized with NEAREST to the requested width × height**, and inpainting pipelines repaint every
mask pixel ≥ half white. Two masks therefore repaint her whole face while the rule sees an edit:

- a **green** mask (0, 255, 0): red 0 → the rule counts 0 % of her face as repainted; luma 150
  → the engine repaints every pixel of it;
- a mask painted on **every other row** of a 512² source, generated at 256²: the rule counts
  50 %; NEAREST keeps exactly the painted rows, so the engine's mask is white everywhere and
  nothing of her face reaches the model.

Either way a ``footage_edit`` grant makes a new face of her by name. Fail closed: the rule must
judge the mask the engine is given (luma, at the output size), so both are denied like the plain
white mask in tests/security/test_adversary11_operations.py.

HELD: a mask with transparency (alpha painted area) is the same for the rule and the engine.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import astronaut, png_bytes


def _eileen(world):
    world.add_person("eileen", "Eileen Collins", photo=astronaut())
    world.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])


def _engine_mask(request) -> np.ndarray:
    """The mask the diffusion engine is handed (creator/engines/diffusion.py _arguments)."""
    return np.asarray(request.mask.open("L").resize((request.width, request.height), Image.Resampling.NEAREST))


def test_a_green_mask_over_her_whole_picture_is_not_an_edit_of_her(stub_world):
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=png_bytes(Image.new("RGB", (256, 256), (0, 255, 0))),
                                 prompt="Eileen Collins on a beach at sunset")
    assert _engine_mask(request).min() >= 128  # the engine repaints every pixel: nothing of her source is kept
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)
    assert stub_world.output_files() == []


def test_a_striped_mask_that_the_engine_resizes_to_white_is_not_an_edit_of_her(stub_world):
    _eileen(stub_world)
    m = np.zeros((512, 512), np.uint8)
    m[1::2, :] = 255  # half of every face box
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(512)),
                                 mask=png_bytes(Image.fromarray(m)), width=256, height=256,
                                 prompt="Eileen Collins on a beach at sunset")
    assert _engine_mask(request).min() == 255  # the engine gets a fully white mask
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)
    assert stub_world.output_files() == []


def test_a_transparent_layer_mask_is_judged_as_the_engine_gets_it(stub_world):
    """HELD: an RGBA mask painted (α > 0) in any colour over her face is 'repainted entirely'."""
    _eileen(stub_world)
    layer = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    layer.paste((0, 0, 255, 40), (80, 20, 144, 100))  # faint blue paint over the face box (89,31,45,56)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=png_bytes(layer), prompt="Eileen Collins, smiling")
    assert _engine_mask(request)[31:87, 89:134].min() == 255
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)


def _face(side: int = 256):
    from consent.imaging import from_pil
    from consent.likeness import find_faces

    (face,) = find_faces(from_pil(astronaut(side))).faces
    return face


def test_a_mask_over_all_her_features_is_not_an_edit_of_her(stub_world):
    """The rule measures the share of the detector's box (which reaches past the face's own
    features); a mask over the inner face, every landmark ≥ 4 px inside it, repaints her eyes,
    nose and mouth — a new face of her in her outline — at ~60 % of the box."""
    _eileen(stub_world)
    face = _face()
    xs, ys = [p[0] for p in face.landmarks], [p[1] for p in face.landmarks]
    b = face.box
    x0, y0 = int(min(xs)) - 4, int(min(ys)) - 8
    x1, y1 = int(max(xs)) + 5, int(max(ys)) + 8
    share = (x1 - x0) * (y1 - y0) / (b.w * b.h)
    assert b.x < x0 and x1 < b.x + b.w and b.y < y0 and y1 < b.y + b.h and share < 0.9, share  # the set-up
    m = Image.new("L", (256, 256), 0)
    m.paste(255, (x0, y0, x1, y1))
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=png_bytes(m), prompt="Eileen Collins, smiling")
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)


def test_img2img_at_strength_099_is_not_an_edit_of_her(stub_world):
    """``_repaints`` treats only strength ≥ 1.0 as keeping nothing; at 0.99 and the default 20
    steps the pipeline skips one step and starts from sqrt(ᾱ)·source + sqrt(1-ᾱ)·noise at the
    second timestep, where (Stable Diffusion's scaled-linear schedule) the source's weight is
    about 0.12 against the noise's 0.99: a new picture of her, checked as an edit."""
    from diffusers import PNDMScheduler

    sched = PNDMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", skip_prk_steps=True,
                          steps_offset=1)
    sched.set_timesteps(20)
    t = int(sched.timesteps[20 - int(20 * 0.99)])
    a = float(sched.alphas_cumprod[t])
    assert a ** 0.5 < 0.15 and (1 - a) ** 0.5 > 0.99  # the set-up: source ~0.12, noise ~0.99 of the start
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)), strength=0.99,
                                 steps=20, prompt="Eileen Collins on a beach at sunset")
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)


def test_a_kept_second_copy_of_her_face_does_not_make_a_repainted_face_an_edit(stub_world):
    """``policy._subject_context`` checks her for likeness_generation only when *all* her source
    faces are repainted. The creator pastes a second copy of her picture beside the first, masks
    the first face entirely (a new face of her, by name) and keeps the copy: footage_edit."""
    from consent.imaging import from_pil
    from consent.likeness import find_faces

    _eileen(stub_world)
    src = Image.new("RGB", (512, 256), (128, 128, 128))
    src.paste(astronaut(256), (0, 0))
    src.paste(astronaut(256), (256, 0))
    faces = sorted(find_faces(from_pil(src)).faces, key=lambda f: f.box.x)
    assert len(faces) == 2  # the set-up: both copies are found
    b = faces[0].box
    m = Image.new("L", (512, 256), 0)
    m.paste(255, (b.x - 6, b.y - 6, b.x + b.w + 6, b.y + b.h + 6))
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(src), mask=png_bytes(m),
                                 width=512, height=256, prompt="Eileen Collins, smiling")
    studio = stub_world.studio()
    found, _exempt, _faces = studio._find_likenesses(request)
    assert sorted((lk.subject_id, lk.repainted) for lk in found if lk.box is not None and lk.subject_id) == \
        [("eileen", False), ("eileen", True)]  # the set-up: one face of her repainted, one kept
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        studio.generate(request)

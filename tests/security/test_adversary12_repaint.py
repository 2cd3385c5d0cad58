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


@pytest.mark.xfail(strict=True, reason="adversary 12: a green inpaint mask repaints her whole face (luma 150) but _repaints reads the red channel (0) -> footage_edit")
def test_a_green_mask_over_her_whole_picture_is_not_an_edit_of_her(stub_world):
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=png_bytes(Image.new("RGB", (256, 256), (0, 255, 0))),
                                 prompt="Eileen Collins on a beach at sunset")
    assert _engine_mask(request).min() >= 128  # the engine repaints every pixel: nothing of her source is kept
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)
    assert stub_world.output_files() == []


@pytest.mark.xfail(strict=True, reason="adversary 12: a mask painted on every other row (50 %) becomes all-white after the engine's NEAREST resize to the output size -> footage_edit")
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

"""Adversary 13: the footage-edit rule reads the inpaint mask in pixels; the model reads it in latents.

``creator.studio._repaints`` judges the mask the engine is handed (grey, at the output size,
``>= 128``): a source face is repainted when that mask covers >= 90 % of its box or all five of
its landmarks. But a latent-diffusion inpainting pipeline does not repaint pixels: diffusers'
``StableDiffusionInpaintPipeline.prepare_mask_latents`` shrinks the binarised mask to the latent
grid with ``torch.nn.functional.interpolate(mode="nearest")``, which keeps exactly one pixel of
every ``vae_scale_factor`` x ``vae_scale_factor`` block (the top-left one), and with a 4-channel
UNet (every SD 1.x/2.x/XL base model the engine derives an inpaint pipeline from) blends
``latents = (1 - mask) * source + mask * generated`` on that grid; nothing is pasted back.

A mask that is white only on the pixels ``(8 i, 8 j)`` over her face is therefore 1/64 = 1.6 %
of her face box for the rule (no landmark neighbourhood half covered) and a fully white mask for
the model: her whole face is generated anew, and her ``footage_edit`` grant is accepted for it.

Fail closed: judge the mask on the latent grid the pipeline uses (nearest-downsample by the
VAE's scale factor, as the pipeline does), or hand the engine a mask max-pooled to that grid.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import astronaut, png_bytes


def _dotted(size: tuple[int, int], stride: int) -> Image.Image:
    """White only on every ``stride``-th pixel of every ``stride``-th row: the pixels a nearest
    downsample by ``stride`` keeps."""
    w, h = size
    m = np.zeros((h, w), np.uint8)
    m[::stride, ::stride] = 255
    return Image.fromarray(m)


def test_the_engine_repaints_a_dotted_mask_like_a_white_one(diffusion_engine):
    """The premise (held as a plain fact of the pipeline): with the tiny 4-channel pipeline
    (vae_scale_factor 2) a mask white on one pixel of every 2 x 2 block gives the very same
    output as a white mask, where an empty mask gives another picture."""
    from creator.engines.base import EngineCall

    stride = diffusion_engine._pipes["inpaint"].vae_scale_factor
    assert stride == 2
    rng = np.random.default_rng(0)
    source = Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))

    def run(mask: Image.Image) -> np.ndarray:
        (im,) = diffusion_engine.generate(EngineCall(mode="inpaint", prompt="a photo", source=source, mask=mask,
                                                      width=64, height=64, steps=3, strength=1.0, seed=5))
        return np.asarray(im).astype(int)

    dotted = _dotted((64, 64), stride)
    assert (np.asarray(dotted) >= 128).mean() == 1 / stride ** 2  # a quarter of the pixels for the rule
    white, empty = run(Image.new("L", (64, 64), 255)), run(Image.new("L", (64, 64), 0))
    assert np.array_equal(run(dotted), white)
    assert np.abs(white - empty).max() > 50


def test_a_mask_dotted_on_the_latent_grid_is_not_an_edit_of_her(stub_world):
    stub_world.add_person("eileen", "Eileen Collins", photo=astronaut())
    stub_world.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])
    # Stable Diffusion 1.x / 2.x / XL: vae_scale_factor 8
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=png_bytes(_dotted((256, 256), 8)), prompt="Eileen Collins on a beach at sunset")
    studio = stub_world.studio()
    found, _exempt, _faces = studio._find_likenesses(request)
    (her,) = [lk for lk in found if lk.subject_id == "eileen" and lk.box is not None]
    # 1/64 of her face box's pixels, but every latent cell: the rule reads the mask cell by cell,
    # as the model does (creator.engines.base.inpaint_mask; it read 1/64 before)
    assert her.repainted
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        studio.generate(request)
    assert stub_world.output_files() == []

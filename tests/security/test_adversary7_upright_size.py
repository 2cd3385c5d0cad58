"""Adversary 7: the upright output scan of the packaged GAN at large sizes.

The upright profile was measured on 512² outputs only. The request's size is the creator's:
the packaged GAN draws its 64 px face up to 2048², where the face fills about half the
frame (900-1100 px). The face detector does not find faces that large on a full-size upright
pass (0 of 8 outputs at 1536² and 2048², 3 of 8 at 1024²), so a look-alike of an enrolled
person that the 512² upright scan blocks was written when asked for at 2048² with the same
seed. The packaged GAN's pixels hold nothing finer than its 64 px drawing, so its upright
pass runs at 512 px at most (8 of 8 found at every size from 768² to 2048²); since issue 17's last
round it runs at 160 px from 512² on (tests/security/test_upright_output_pass_size.py).
"""

from __future__ import annotations

import pytest
from PIL import ImageFilter

from consent import imaging, likeness
from consent.errors import ConsentDenied
from creator.engines.base import EngineCall
from creator.engines.gan import GanEngine


def _gan(seed: int, size: int):
    (im,) = GanEngine.builtin().generate(EngineCall(prompt="", negative_prompt="", width=size, height=size, steps=1,
                                                    guidance=7.0, seed=seed, num_images=1))
    return im


@pytest.mark.parametrize("size", [1024, 2048])
def test_the_upright_scan_finds_the_packaged_gans_face_at_every_size(size):
    """The same seeds at 512² and at ``size``: the upright scan finds a face in each."""
    for seed in (1, 2, 3):
        found = likeness.find_faces(imaging.from_pil(_gan(seed, size), field="o"), label="o",
                                    options=likeness.UPRIGHT_OUTPUT_SCAN)
        assert len(found.embeddings) == 1, (seed, size, found.faces)


def test_a_look_alike_blocked_at_512_is_blocked_at_2048(engine_world):
    """A face the packaged GAN draws, enrolled as a real person (sharpened, as enrollment asks):
    the same seed at 2048² is refused too, and nothing is written."""
    engine_world.add_person("lookalike", "Dana Reyes", photo=_gan(5, 512).filter(ImageFilter.UnsharpMask(radius=4, percent=200)))
    with pytest.raises(ConsentDenied, match="output 0: face matches enrolled subject lookalike not covered"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", seed=5, width=2048, height=2048))
    assert [p for p in engine_world.output_files() if p.is_file()] == []

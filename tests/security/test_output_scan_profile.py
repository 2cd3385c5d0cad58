"""The output scan is proportionate to the generator: only the packaged DCGAN (weights pinned by
digest; latents drawn from a seed, no image input) gets the upright scan; any other generator
(an operator-registered one above all) keeps the scan that finds turned faces. Either way an
output showing an enrolled person who is not covered is never written."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from consent.errors import ConsentDenied
from creator.engines.gan import BUILTIN_WEIGHTS, DCGANGenerator, GanEngine
from model_support import photo_gan_file


def _outputs(world):
    return [p for p in world.output_files() if p.is_file() and p.suffix in (".png", ".jpg")]


def test_only_the_packaged_weights_get_the_upright_scan(tmp_path):
    assert GanEngine.builtin().upright_faces_only is True
    copy = tmp_path / "copy.safetensors"
    shutil.copyfile(BUILTIN_WEIGHTS, copy)  # the same bytes are the same model
    assert GanEngine.from_path(copy, arch="dcgan64").upright_faces_only is True
    torch.manual_seed(0)
    other = tmp_path / "other.safetensors"
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(other))
    assert GanEngine.from_path(other, arch="dcgan64").upright_faces_only is False


def _hopper_square():
    from studio_world import grace_hopper

    return np.asarray(grace_hopper().convert("RGB").crop((0, 0, 512, 512)))


@pytest.mark.parametrize("quarters", [1, 3], ids=["turned 90", "turned 270"])
def test_a_registered_generator_drawing_an_enrolled_face_the_upright_scan_misses_is_blocked(engine_world, pictures,
                                                                                             tmp_path, quarters):
    """Grace Hopper turned by 90° or 270°: the upright scan finds no face in either (tested
    below), the scan for other generators does and matches her. (Dithered to 1 bit she was such
    a case too, until the coarse pass: on a 160 px copy the dither is smoothed away.)"""
    from PIL import Image

    from consent import imaging, likeness

    engine_world.add_person("grace", "Grace Hopper", photo=pictures.grace_hopper())
    px = _hopper_square()
    px = np.rot90(px, quarters).copy()
    upright = likeness.find_faces(imaging.from_pil(Image.fromarray(px), field="o"), label="o",
                                  options=likeness.UPRIGHT_OUTPUT_SCAN)
    assert len(upright.faces) == 0  # what the packaged GAN's scan would miss
    path = photo_gan_file(px, tmp_path / "hostile.pt")
    engine_world.register_model("hostile", path, kind="gan", allow_pickle=True)
    with pytest.raises(ConsentDenied, match="output 0: face matches enrolled subject grace not covered"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", model="hostile",
                                                            width=512, height=512))
    assert _outputs(engine_world) == []


def test_the_packaged_gan_drawing_an_enrolled_person_is_still_blocked(engine_world):
    """A face the packaged GAN draws, enrolled as a real person (a chance look-alike; sharpened,
    since enrollment refuses the 64 px generator's blur): the upright scan still finds and
    matches it, so the same seed is refused."""
    from PIL import ImageFilter

    from creator.engines.base import EngineCall

    (face,) = GanEngine.builtin().generate(EngineCall(prompt="x", negative_prompt="", width=512, height=512, steps=1,
                                                      guidance=7.0, seed=5, num_images=1))
    engine_world.add_person("lookalike", "Dana Reyes", photo=face.filter(ImageFilter.UnsharpMask(radius=4, percent=200)))
    with pytest.raises(ConsentDenied, match="output 0: face matches enrolled subject lookalike not covered"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", seed=5, width=512, height=512))
    assert _outputs(engine_world) == []

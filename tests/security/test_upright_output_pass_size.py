"""The packaged GAN's output scan: which upright pass size each output gets (issue 17).

From 512 px on, the upright pass runs at 160 px (``UPRIGHT_OUTPUT_SCAN``): the generator draws
64 px faces that fill most of the frame, and there they are the size the detector finds best.
Measured on 750 outputs of 512² to 2048² (bench/upright_lowside.py) it verified every face the
512 px pass verified but a second detection of one face it found, and 3 more; one of them is
seed 210 at 512², a face the 512 px pass and ``OUTPUT_SCAN`` leave without a verified region
(so a look-alike drawn there went unchecked). Under 512 px the 160 px pass left faces the
512 px profile verifies unverified (unverifiable or dismissed: a region of an output that is
not a verified face is matched against no one), so those outputs keep that profile
(``UPRIGHT_OUTPUT_SCAN_SMALL``)."""

from __future__ import annotations

import pytest

from consent import imaging, likeness
from creator.engines.base import EngineCall
from creator.engines.gan import GanEngine


def _verified(seed: int, size: int, options) -> int:
    (im,) = GanEngine.builtin().generate(EngineCall(prompt="", negative_prompt="", width=size, height=size, steps=1,
                                                    guidance=0.0, seed=seed, num_images=1))
    return sum(f.verified for f in likeness.find_faces(imaging.from_pil(im, field="o"), label="o", options=options).faces)


def test_the_upright_scan_of_a_512_output_verifies_the_face_the_512_px_pass_missed():
    assert _verified(210, 512, likeness.UPRIGHT_OUTPUT_SCAN) == 1


@pytest.mark.parametrize("seed,size", [(798, 256), (810, 256), (896, 384), (907, 384)])
def test_an_output_under_512_px_gets_the_profile_that_verifies_its_face(seed, size):
    assert likeness.upright_output_scan(size, size) is likeness.UPRIGHT_OUTPUT_SCAN_SMALL
    assert _verified(seed, size, likeness.upright_output_scan(size, size)) == 1
    assert _verified(seed, size, likeness.OUTPUT_SCAN) == 1  # what every other generator's outputs get


@pytest.mark.parametrize("size", [512, 768, 2048])
def test_outputs_from_512_px_get_the_160_px_pass(size):
    assert likeness.upright_output_scan(size, size) is likeness.UPRIGHT_OUTPUT_SCAN
    assert likeness.UPRIGHT_OUTPUT_SCAN.max_side == 160

"""Adversary 7: a seed search on the packaged GAN at 512², upright output scan vs ``OUTPUT_SCAN``.

Measured on seeds 0-299 (bench/upright_side.py, bench/results/upright_side.json): the two profiles
do not embed the same faces. ``OUTPUT_SCAN`` embeds a face the upright scan misses in 10 of the
300 outputs, and the upright scan one ``OUTPUT_SCAN`` misses in 7 (each misses large faces the
other's pass size finds). A look-alike of an enrolled person drawn on one of those 10 seeds would
be blocked by the scan every other generator gets and written under the upright one. With 11
people enrolled from sharpened outputs (bench/upright_seed_search.py) neither profile blocked any
of the 300 outputs (best cosine 0.61 and 0.60 against the 0.65 threshold), so no such seed was
found, but nothing rules one out. Kept as a known gap (not fixed here: closing it needs a second
pass size, a cost the lead decides on)."""

from __future__ import annotations

import pytest

from consent import imaging, likeness
from creator.engines.base import EngineCall
from creator.engines.gan import GanEngine


def _embedded(seed: int, options) -> int:
    (im,) = GanEngine.builtin().generate(EngineCall(prompt="", negative_prompt="", width=512, height=512, steps=1,
                                                    guidance=0.0, seed=seed, num_images=1))
    return len(likeness.find_faces(imaging.from_pil(im, field="o"), label="o", options=options).embeddings)


@pytest.mark.parametrize("seed", [165])
def test_output_scan_embeds_the_face_of_seed(seed):
    assert _embedded(seed, likeness.OUTPUT_SCAN) == 1


@pytest.mark.xfail(strict=True, reason="known gap: the upright scan misses a face OUTPUT_SCAN embeds in 10 of 300 outputs")
@pytest.mark.parametrize("seed", [165])
def test_known_gap_the_upright_scan_embeds_every_face_output_scan_embeds(seed):
    assert _embedded(seed, likeness.UPRIGHT_OUTPUT_SCAN) >= 1

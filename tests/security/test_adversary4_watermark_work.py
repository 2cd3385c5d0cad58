"""Red team: a creator's model outputs pictures made to be hard to mark, to make the server
spend minutes per output in the embedder's simulated reads.

Saturated random pixels (each channel 0 or 255) are the hardest picture measured: no plain
40 dB mark reads back, so informed marks are each read back from simulated copies, and a
failed read searches every scale and angle (about 2 s at 2048² on one loaded core). The
embedder stops starting simulated reads after ``_MAX_SIMULATED_READS`` (a mark started is
read to the end), which bounds the work per output; measured on a loaded 2-core machine:
256² 6 s (16 reads), 384² 11 s (27), 512² 6 s (20), 2048² 32 s (17). The count is what this
test holds (no timing): a later change that drops the budget or reads more copies fails it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from creator.disclosure import watermark as wm_mod
from creator.disclosure.watermark import Watermarker


def test_saturated_noise_is_marked_within_the_read_budget(monkeypatch):
    wm = Watermarker.for_tests()
    real_read = Watermarker.read
    reads = []
    monkeypatch.setattr(Watermarker, "read", lambda self, image: reads.append(image.size) or real_read(self, image))
    rng = np.random.default_rng(384)
    hard = Image.fromarray((rng.integers(0, 2, (384, 384, 3)) * 255).astype(np.uint8))
    marked = wm.embed(hard, "0123456789ab")
    assert reads, "the picture was meant to need simulated reads; it no longer does (choose a harder one)"
    assert len(reads) <= wm_mod._MAX_SIMULATED_READS + wm_mod._N_SIMULATED - 1
    # bounded, and still fully disclosed: the mark reads back from what is returned
    assert real_read(wm, marked).payload == "0123456789ab"


def test_the_cheap_crop_checks_are_bounded_by_the_candidates(monkeypatch):
    """Candidates are screened first by a cheap unscaled read of their simulated crop, which the
    read budget does not count. Each candidate is screened once, so the screens stay bounded by
    the candidates the embedder can make: a weak plain mark and the informed marks at each tile
    offset tried at 40 dB, and again at each level of the PSNR ladder."""
    wm = Watermarker.for_tests()
    real = Watermarker._crop_reads
    screens = []
    monkeypatch.setattr(Watermarker, "_crop_reads", lambda self, m, p: screens.append(1) or real(self, m, p))
    rng = np.random.default_rng(384)
    hard = Image.fromarray((rng.integers(0, 2, (384, 384, 3)) * 255).astype(np.uint8))
    marked = wm.embed(hard, "0123456789ab")
    per_offset = 1 + len(wm_mod._INFORMED)
    bound = per_offset * (1 + wm_mod._N_SHIFTS) + per_offset * len(wm_mod._TEXTURE_PSNR_DB)
    assert screens, "the picture was meant to need candidates; it no longer does (choose a harder one)"
    assert len(screens) <= bound
    assert Watermarker.read(wm, marked).payload == "0123456789ab"

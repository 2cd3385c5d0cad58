"""The pattern test (a face behind a wire mesh, scan lines, a dot screen) answers as it always did.

``consent.likeness._patterned`` sums the 40 strongest entries of a picture's fine-detail
spectrum; it now finds them among a few candidates (``_top_sum``) instead of partitioning the
whole spectrum. A wrong candidate set would drop one of the strongest entries and let a
patterned picture through without its blurred pass.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from skimage import data as skdata

from consent import likeness


def _reference_share(grey: np.ndarray) -> float:
    """The share exactly as the test took it before (whole-spectrum partition, float32 sum)."""
    f = grey.astype(np.float32)
    spec = cv2.dft(cv2.subtract(f, cv2.blur(f, (7, 7))))
    power = cv2.multiply(spec, spec)
    return float(np.partition(power.ravel(), -40)[-40:].sum()) / float(cv2.sumElems(power)[0])


def _spectra() -> list[np.ndarray]:
    rng = np.random.default_rng(11)
    one_row = np.zeros((64, 256), np.float32)
    one_row[17, :] = rng.random(256, dtype=np.float32) + 1.0  # every strong entry in one row
    ties = np.ones((70, 70), np.float32)  # every entry the same
    stairs = np.repeat(np.arange(64, dtype=np.float32)[:, None], 64, axis=1)  # row maxima all tied within rows
    spiky = rng.random((128, 96), dtype=np.float32)
    spiky[rng.integers(0, 128, 30), rng.integers(0, 96, 30)] = 1e6
    return [one_row, ties, stairs, spiky, rng.random((512, 512), dtype=np.float32) ** 8]


@pytest.mark.parametrize("power", _spectra(), ids=["one row", "ties", "stairs", "spiky", "random"])
def test_the_strongest_entries_are_all_found(power):
    assert likeness._top_sum(power, 40) == math.fsum(np.sort(power, axis=None)[-40:].astype(np.float64).tolist())


def _pictures() -> dict[str, np.ndarray]:
    grey = cv2.cvtColor(skdata.astronaut(), cv2.COLOR_RGB2GRAY)
    meshed = grey.copy()
    meshed[::4, :] = 0
    meshed[:, ::4] = 0
    yy, xx = np.mgrid[:512, :512]
    dots = np.clip(grey + 60 * np.sin(xx * np.pi / 3) * np.sin(yy * np.pi / 3), 0, 255).astype(np.uint8)
    lines = grey.copy()
    lines[::3, :] //= 4
    return {"photo": grey, "coins": skdata.coins(), "camera": skdata.camera(), "mesh": meshed, "dot screen": dots,
            "scan lines": lines}


@pytest.mark.parametrize("name", list(_pictures()))
def test_patterned_pictures_are_told_as_before(name):
    grey = _pictures()[name]
    assert likeness._patterned(cv2, grey) == (_reference_share(grey) >= likeness.PATTERN_SHARE)


def test_the_meshed_photo_is_patterned_and_the_photo_is_not():
    pics = _pictures()
    assert likeness._patterned(cv2, pics["mesh"])
    assert not likeness._patterned(cv2, pics["photo"])

"""Red team 32: ordinary copies of a consented output that ``creator.verify._local_change`` (red team
31's fix) calls locally changed — "a face or object put in or painted over" — though nothing was put in.

The fix takes one global tone curve out of a copy and calls any 16x16-tile region that departs more
than 0.6 a local edit. Two edits every phone and photo app makes with one slider are not one global
curve, and change no content at all:

- **a vignette** (corners darkened; Instagram, Lightroom's "post-crop vignette"): corners at 30 %,
  edge midpoints at 65 % — departs 0.93-0.95 (astronaut), 0.76 (Grace Hopper's portrait);
- **local contrast / "auto enhance" / HDR** (CLAHE on the lightness, clip 3, 8x8 tiles): departs
  0.81-0.84 (astronaut; 0.57 Grace Hopper's portrait; at clip 2 already 0.62-0.64 for the astronaut).

What a demanding user expects: a reposted copy of her consented portrait that someone ran through a
filter is still recognised as her output (the same person, the same picture; verify accepts gamma,
equalisation, posterisation and JPEG q10 copies for the same reason). Being told that "a face or
object was put in" is a false accusation of manipulation on a provenance page.

(Left alone, as arguably right to refuse: a caption bar painted over the picture (2.4), a reposter's
logo in a corner (1.2-1.3): objects put in.)

Asserted: verify recovers the output's credentials for each copy (``recovered`` OK).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from studio_world import StubEngine, astronaut

from creator.verify import verify


def vignette(im: Image.Image, strength: float = 0.7) -> Image.Image:
    a = np.asarray(im).astype(np.float32)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    r2 = (((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2) / 2
    return Image.fromarray(np.clip(a * (1 - strength * r2)[..., None], 0, 255).astype(np.uint8))


def local_contrast(im: Image.Image, clip: float = 3.0) -> Image.Image:
    import cv2

    lab = cv2.cvtColor(np.asarray(im), cv2.COLOR_RGB2LAB)
    lab[..., 0] = cv2.createCLAHE(clip, (8, 8)).apply(lab[..., 0])
    return Image.fromarray(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB))


@pytest.mark.parametrize("edit", [vignette, local_contrast], ids=["vignette", "local-contrast"])
def test_a_filtered_copy_of_a_consented_output_is_still_recognised(stub_world, tmp_path, monkeypatch, edit):
    stub_world.pin_watermark(monkeypatch, 5)
    stub_world.add_person("jane", "Jane Doe", photo=astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio(StubEngine(images=[astronaut()])).generate(
        stub_world.request(prompt="a portrait", subjects=("jane",), width=512, height=512))
    original = Image.open(result.paths[0]).convert("RGB")
    path = tmp_path / "copy.png"
    edit(original).save(path)
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.recovered is not None and report.recovered.ok, "; ".join(report.reasons)[-400:]

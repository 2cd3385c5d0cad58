"""Red team 36b: a stranger's face in a copy of a consented output, vouched for by verify.

Red team 34's fixes look for faces a copy adds in three ways: ``_faces_put_in`` (the detector on
the copy's coarse picture), ``_faces_in_copy`` (the detector on the copy at the original's
resolution, each face confirmed by the studio's scan, faces under ``MIN_IDENTIFIABLE_PX`` of the
*original's* pixels ignored) and ``_faces_swapped`` (an identity compare where both show a face,
only for faces of ``_SAME_FACE_MIN_SIDE`` = 36 coarse px, 72 px of a 512 output, or more).

Two gaps found (each a plain PNG, no manifest, as an editor saves it; the studio's own scan reads
Grace Hopper in the copy at or above ``MATCH_THRESHOLD``; verify says "this is a copy of output …
made under decision …, g-jane-1 (current); original Trusted"):

1. A consented output whose person's face is *small* (64×82 px in 512: jane at 0.7× on a blurred
   backdrop; under the 72 px identity-compare size): Grace Hopper's face laid over hers at 60-80 %
   opacity, 1.2× her face. The coarse detector sees a face where the output has one (not new), the
   full-resolution check skips a face the original holds there, the identity compare never runs
   for a face this small, and the region rules stay under their limits.
2. A copy *upscaled* 1.5-2× (an ordinary "enhance"/resize) with a 40-46 px stranger's face pasted
   into the sky: in the original's pixels that face is 20-31 px, and ``_faces_in_copy`` brings the
   copy down to the original's resolution before detecting (and drops faces under 24 px there),
   while the copy as published shows a face the studio's own scan identifies (0.79-0.89).

Attacks that held (plain tests below): a 60 % stranger's layer over jane's 90 px face (identity
compare runs: refused), a 40 px face pasted into a JPEG copy (q85), a face in the border a 5°
turned copy adds, and a mirrored copy (its watermark is not recovered: not vouched).
"""

from __future__ import annotations

import numpy as np
import pytest
from adversary31_support import embedding
from PIL import Image
from studio_world import StubEngine, astronaut, grace_hopper, source_faces

from consent.likeness import MATCH_THRESHOLD
from creator.verify import verify


def _her_face(side: int) -> np.ndarray:
    import cv2

    (g,) = source_faces(grace_hopper())
    her = np.asarray(grace_hopper())
    b = g.box
    cx, cy, w, h = b.x + b.w / 2, b.y + b.h / 2, b.w * 1.4, b.h * 1.4
    crop = her[max(0, int(cy - h / 2)):int(cy + h / 2), max(0, int(cx - w / 2)):int(cx + w / 2)]
    return cv2.resize(crop, (side, int(side * crop.shape[0] / crop.shape[1])), interpolation=cv2.INTER_AREA)


def _laid_over(picture: Image.Image, centre: tuple[int, int], side: int, opacity: float) -> Image.Image:
    """Grace Hopper's face (``side`` px wide) as a feathered oval layer at ``opacity``, centred at ``centre``."""
    import cv2

    src = _her_face(side)
    mask = np.zeros(src.shape[:2], np.uint8)
    cv2.ellipse(mask, (src.shape[1] // 2, src.shape[0] // 2), (src.shape[1] // 2 - 2, src.shape[0] // 2 - 2),
                0, 0, 360, 255, -1)
    m = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), max(1.0, side / 20))[..., None] * opacity
    pic = np.asarray(picture).copy()
    hh, ww = src.shape[:2]
    x0, y0 = centre[0] - ww // 2, centre[1] - hh // 2
    region = pic[y0:y0 + hh, x0:x0 + ww].astype(np.float32)
    pic[y0:y0 + hh, x0:x0 + ww] = (region * (1 - m) + src.astype(np.float32) * m).astype(np.uint8)
    return Image.fromarray(pic)


def _her(picture: Image.Image) -> float:
    stranger = embedding(grace_hopper())
    return max((float(np.dot(f.embedding, stranger)) for f in source_faces(picture) if f.embedding is not None),
               default=0.0)


def _vouched(world, picture: Image.Image, path, **save) -> tuple[bool, str]:
    picture.save(path, **save)
    report = verify(path, settings=world.settings, registry=world.registry)
    return report.recovered is not None and report.recovered.ok, " | ".join(report.reasons)


@pytest.fixture
def small_face_output(stub_world, monkeypatch):
    """A consented 512² output (jane, grant g-jane-1) where her face is 64×82 px: the astronaut
    photo at 0.7× in the top right corner of a blurred copy of itself."""
    import cv2

    stub_world.pin_watermark(monkeypatch, 5)
    stub_world.add_person("jane", "Jane Doe", photo=astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    backdrop = Image.fromarray(cv2.GaussianBlur(np.asarray(astronaut()).astype(np.float32), (0, 0), 12).astype(np.uint8))
    small = astronaut().resize((358, 358), Image.Resampling.LANCZOS)
    backdrop.paste(small, (512 - 358, 0))
    result = stub_world.studio(StubEngine(images=[backdrop])).generate(
        stub_world.request(prompt="a portrait", subjects=("jane",), width=512, height=512))
    assert verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry).ok
    return Image.open(result.paths[0]).convert("RGB")


@pytest.mark.parametrize("opacity", [0.6, 0.8], ids=["60pct", "80pct"])
def test_a_stranger_laid_over_a_small_consented_face_is_not_vouched_for(stub_world, small_face_output, tmp_path,
                                                                         opacity):
    (jane,) = source_faces(small_face_output)
    b = jane.box
    assert min(b.w, b.h) < 72  # premise: under the identity compare's size (36 coarse px a side)
    copy = _laid_over(small_face_output, (int(b.x + b.w / 2), int(b.y + b.h / 2)), int(b.w * 1.2), opacity)
    her = _her(copy)
    assert her >= MATCH_THRESHOLD  # premise: the studio's own scan reads Grace Hopper in the copy
    vouched, said = _vouched(stub_world, copy, tmp_path / "swapped.png")
    assert not vouched, f"verify vouches for a copy showing a stranger ({her:.2f}): {said[-300:]}"


@pytest.mark.parametrize("up, side", [(1.5, 46), (2.0, 40)], ids=["1.5x-46px", "2x-40px"])
def test_a_small_stranger_in_an_upscaled_copy_is_not_vouched_for(stub_world, jane_output, tmp_path, up, side):
    big = jane_output.resize((int(512 * up), int(512 * up)), Image.Resampling.LANCZOS)
    plain, _ = _vouched(stub_world, big, tmp_path / "big.png")
    assert plain  # premise: the upscaled copy alone is vouched for (as it should be)
    copy = _laid_over(big, (int(420 * up), int(90 * up)), side, 1.0)  # in the sky, beside the shuttle
    her = _her(copy)
    assert her >= MATCH_THRESHOLD  # premise: the studio's own scan reads Grace Hopper in the copy as published
    vouched, said = _vouched(stub_world, copy, tmp_path / "upscaled.png")
    assert not vouched, f"verify vouches for a copy showing a stranger ({her:.2f}): {said[-300:]}"


# --------------------------------------------------------------------------- attacks that held
def test_held_a_60pct_stranger_over_her_90px_face_is_refused(stub_world, jane_output, tmp_path):
    (jane,) = source_faces(jane_output)
    b = jane.box
    copy = _laid_over(jane_output, (int(b.x + b.w / 2), int(b.y + b.h / 2)), int(b.w * 1.1), 0.6)
    assert _her(copy) >= MATCH_THRESHOLD
    vouched, said = _vouched(stub_world, copy, tmp_path / "over.png")
    assert not vouched and "different person's" in said


def test_held_a_40px_stranger_in_a_jpeg_copy_is_refused(stub_world, jane_output, tmp_path):
    copy = _laid_over(jane_output, (420, 90), 40, 1.0)
    path = tmp_path / "c.jpg"
    vouched, said = _vouched(stub_world, copy, path, quality=85)
    assert _her(Image.open(path).convert("RGB")) >= MATCH_THRESHOLD
    assert not vouched and "holds a face the output does not show" in said


def test_held_a_stranger_in_a_turned_copys_border_is_refused(stub_world, jane_output, tmp_path):
    turned = jane_output.rotate(5, expand=True, fillcolor=(128, 128, 128))
    copy = _laid_over(turned, (22, 34), 36, 1.0)  # the grey corner the turn added
    assert _her(copy) >= MATCH_THRESHOLD
    vouched, said = _vouched(stub_world, copy, tmp_path / "turned.png")
    assert not vouched, said[-300:]


def test_held_a_mirrored_copy_is_not_vouched_for(stub_world, jane_output, tmp_path):
    vouched, _ = _vouched(stub_world, jane_output.transpose(Image.Transpose.FLIP_LEFT_RIGHT), tmp_path / "m.png")
    assert not vouched

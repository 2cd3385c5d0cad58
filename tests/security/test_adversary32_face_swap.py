"""Red team 32: a face swap that ``creator.verify._local_change`` (red team 31's fix) does not see.

The fix measures, after the copy's global tone curve is taken out, the RMS departure of each 16x16
tile of the two pictures' *coarse luma* (256 px a side, blurred σ 1.5 coarse px: about 3 px of a
512 px output), over the copy's contrast, and refuses to vouch past 0.6. Everything finer than
that blur, and everything that is colour rather than brightness, is invisible to it.

A face swap keeps the target's coarse shading and lighting — which is what swap tools' blending
(Poisson / "seamless clone", colour transfer) does anyway — and takes the stranger's detail: here
Grace Hopper's face, aligned on the 5 landmarks and colour-matched to jane's face, whose part above
a 4 px Gaussian (eyes, brows, mouth, lines of the skin) replaces jane's under the usual feathered
oval 1.3x her face box. The studio's own face scan reads the result as Grace Hopper (0.76 with her
photo, over the 0.65 match threshold; 0.19 with jane's), yet the copy departs 0.31 from jane's
output (0.6 allowed) and resembles it 0.99: verify vouches for a deepfake of Grace Hopper as a copy
of jane's consented output, made under jane's grant.

A plain swap (red team 31's, full strength) goes unseen too when the face is near the picture's
edge and the copy is turned: for a copy the watermark reads as turned (up to its 6° search), the
tiles within ceil(sin(angle) x 256) + 1 coarse px of the border are not counted — at 6°, the outer
32 coarse px (64 px of a 512 output, 12.5 % of each side). jane at the left edge of a scene (her face
43 px, at x 0-43), Grace Hopper swapped in, the copy turned 6°: her face reads 0.75-0.87 as Grace
Hopper, departs 0.22 (1.48 unturned) and is vouched for.

Secure behaviour asserted (as red team 31's test): verify does not vouch for a picture showing
another person's face as a copy of jane's output (``recovered`` absent or not OK).
"""

from __future__ import annotations

import numpy as np
import pytest
from adversary31_support import embedding
from PIL import Image
from studio_world import StubEngine, astronaut, grace_hopper, noise, source_faces

from consent.likeness import MATCH_THRESHOLD
from creator.verify import verify


def detail_swap(picture: Image.Image, grow: float = 1.3, sigma: float = 4.0) -> Image.Image:
    """Grace Hopper's face aligned onto the one face of ``picture``, colour-matched to it, and its
    detail (the picture minus a Gaussian of ``sigma`` px) put over the picture's own smooth shading
    under a feathered oval ``grow`` times that face's box."""
    import cv2

    her = max(source_faces(picture), key=lambda f: f.box.w * f.box.h)
    (g,) = source_faces(grace_hopper())
    m, _ = cv2.estimateAffinePartial2D(np.array(g.landmarks, np.float32), np.array(her.landmarks, np.float32))
    warped = cv2.warpAffine(np.asarray(grace_hopper()), m, picture.size, flags=cv2.INTER_LANCZOS4).astype(np.float32)
    b = her.box
    oval = np.zeros((picture.height, picture.width), np.float32)
    cv2.ellipse(oval, (int(b.x + b.w / 2), int(b.y + b.h * 0.55)), (int(b.w * 0.5 * grow), int(b.h * 0.6 * grow)),
                0, 0, 360, 1.0, -1)
    src = np.asarray(picture).astype(np.float32)
    inside = oval > 0.5
    for c in range(3):  # colour transfer onto her face (mean and spread of each channel)
        w, s = warped[..., c][inside], src[..., c][inside]
        warped[..., c] = (warped[..., c] - w.mean()) / (w.std() + 1e-6) * s.std() + s.mean()
    face = cv2.GaussianBlur(src, (0, 0), sigma) + (warped - cv2.GaussianBlur(warped, (0, 0), sigma))
    oval = cv2.GaussianBlur(oval, (0, 0), b.w * 0.05)[..., None]
    out = src * (1 - oval) + face * oval
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def plain_swap(picture: Image.Image, grow: float = 1.3) -> Image.Image:
    """Red team 31's swap: Grace Hopper's face aligned on the 5 landmarks, blended in at full
    strength under a feathered oval ``grow`` times the face's box."""
    import cv2

    her = max(source_faces(picture), key=lambda f: f.box.w * f.box.h)
    (g,) = source_faces(grace_hopper())
    m, _ = cv2.estimateAffinePartial2D(np.array(g.landmarks, np.float32), np.array(her.landmarks, np.float32))
    warped = cv2.warpAffine(np.asarray(grace_hopper()), m, picture.size, flags=cv2.INTER_LANCZOS4)
    b = her.box
    oval = np.zeros((picture.height, picture.width), np.float32)
    cv2.ellipse(oval, (int(b.x + b.w / 2), int(b.y + b.h * 0.55)), (int(b.w * 0.5 * grow), int(b.h * 0.6 * grow)),
                0, 0, 360, 1.0, -1)
    oval = cv2.GaussianBlur(oval, (0, 0), b.w * 0.05)[..., None]
    out = np.asarray(picture).astype(np.float32) * (1 - oval) + warped.astype(np.float32) * oval
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def jane_at_the_edge() -> Image.Image:
    """A 512² scene (a textured backdrop) with jane at its left edge, her face about 43 px wide."""
    scene = noise(64, seed=5).resize((512, 512), Image.Resampling.BICUBIC)
    scene.paste(astronaut(256), (-92, 128))
    return scene


def _consented_output(world, monkeypatch, picture: Image.Image) -> Image.Image:
    world.pin_watermark(monkeypatch, 5)  # one key and payload every run (the swap is not key-specific)
    world.add_person("jane", "Jane Doe", photo=astronaut())
    world.issue_grant("jane", "g-jane-1")
    result = world.studio(StubEngine(images=[picture])).generate(
        world.request(prompt="a portrait", subjects=("jane",), width=512, height=512))
    assert verify(result.paths[0], settings=world.settings, registry=world.registry).ok
    return Image.open(result.paths[0]).convert("RGB")


def _assert_not_vouched(world, copy: Image.Image, path) -> None:
    stranger, jane = embedding(grace_hopper()), embedding(astronaut())
    face = max((f for f in source_faces(copy) if f.embedding is not None), key=lambda f: f.box.w * f.box.h)
    # the studio's own scan: Grace Hopper's face now, not jane's
    assert float(np.dot(face.embedding, stranger)) >= MATCH_THRESHOLD > float(np.dot(face.embedding, jane))
    copy.save(path)  # plain PNG: no manifest, no XMP, as any editor saves it
    report = verify(path, settings=world.settings, registry=world.registry)
    assert not report.ok
    vouched = report.recovered is not None and report.recovered.ok
    assert not vouched, f"verify vouches for a face swap: {report.reasons[-1][:300]}"


def test_a_face_swapped_near_the_edge_of_a_turned_copy_is_not_vouched_for(stub_world, tmp_path, monkeypatch):
    original = _consented_output(stub_world, monkeypatch, jane_at_the_edge())
    turned = plain_swap(original).rotate(-6.0, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(128, 128, 128))
    _assert_not_vouched(stub_world, turned, tmp_path / "turned.png")


def test_a_detail_swapped_face_on_a_consented_output_is_not_vouched_for(stub_world, tmp_path, monkeypatch):
    original = _consented_output(stub_world, monkeypatch, astronaut())
    _assert_not_vouched(stub_world, detail_swap(original), tmp_path / "swapped.png")

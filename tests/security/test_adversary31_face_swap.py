"""Red team 31: a face-swapped copy of a consented output is vouched for as that output.

When a file has no manifest, verify reads the keyed watermark, finds the output it came from, and
— if the picture "shows that output" — reports the original's credentials (``recovered``): "this is
a copy of output … made under decision …, g-jane-1 (current); original Trusted". Whether the picture
shows the output is one number: the correlation of the two pictures' coarse luma over the *whole*
frame (``COPY_MIN_RESEMBLANCE`` = 0.8). A face is a small part of the frame.

Attack: jane (the astronaut) consents; the studio publishes her portrait. Anyone with the file
swaps Grace Hopper's face in over hers (aligned on the 5 landmarks, a feathered oval 1.3x her face
box: the usual face swap) and strips the metadata. The picture now shows Grace Hopper (0.92-0.95
with her own photo, 0.17 with the astronaut's), yet its resemblance with jane's output is 0.92,
the tiled watermark still reads, and verify vouches: a copy of jane's output, made under her
grant, original Trusted. The swapped picture is a non-consensual deepfake of Grace Hopper that
carries the studio's consent credentials (the verdict is FAIL for the missing manifest, as for
every copy, but ``recovered`` is OK and names jane's grant). The swap of the face only (an oval of
her box's size) resembles 0.95 and is vouched for too.

Secure behaviour asserted: verify does not vouch for the swapped picture as a copy of jane's
output (``recovered`` is absent or not OK), as it does not for a mark lifted onto another picture.
"""

from __future__ import annotations

import numpy as np
import pytest
from adversary31_support import embedding
from PIL import Image
from studio_world import StubEngine, astronaut, grace_hopper, source_faces

from creator.verify import verify


def _swap(picture: Image.Image, grow: float = 1.3) -> Image.Image:
    """Grace Hopper's face aligned onto the one face of ``picture`` and blended in under a feathered
    oval ``grow`` times that face's box."""
    import cv2

    her = max(source_faces(picture), key=lambda f: f.box.w * f.box.h)  # her face (not a stray region)
    (g,) = source_faces(grace_hopper())
    side = picture.width
    m, _ = cv2.estimateAffinePartial2D(np.array(g.landmarks, np.float32), np.array(her.landmarks, np.float32))
    warped = cv2.warpAffine(np.asarray(grace_hopper()), m, picture.size, flags=cv2.INTER_LANCZOS4)
    b = her.box
    oval = np.zeros((picture.height, side), np.float32)
    cv2.ellipse(oval, (int(b.x + b.w / 2), int(b.y + b.h * 0.55)), (int(b.w * 0.5 * grow), int(b.h * 0.6 * grow)),
                0, 0, 360, 1.0, -1)
    oval = cv2.GaussianBlur(oval, (0, 0), b.w * 0.05)[..., None]
    out = np.asarray(picture).astype(np.float32) * (1 - oval) + warped.astype(np.float32) * oval
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def test_a_face_swapped_copy_of_a_consented_output_is_not_vouched_for(stub_world, tmp_path, monkeypatch):
    stub_world.pin_watermark(monkeypatch, 5)  # one key and payload every run (the swap is not key-specific)
    stub_world.add_person("jane", "Jane Doe", photo=astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio(StubEngine(images=[astronaut()])).generate(
        stub_world.request(prompt="a portrait", subjects=("jane",), width=512, height=512))
    original = Image.open(result.paths[0]).convert("RGB")
    assert verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry).ok

    swapped = _swap(original)
    path = tmp_path / "swapped.png"
    swapped.save(path)  # plain PNG: no manifest, no XMP, as any editor saves it
    stranger, jane = embedding(grace_hopper()), embedding(astronaut())
    face = max((f for f in source_faces(swapped) if f.embedding is not None), key=lambda f: f.box.w * f.box.h)
    assert float(np.dot(face.embedding, stranger)) >= 0.65 > float(np.dot(face.embedding, jane))  # her face now

    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok
    vouched = report.recovered is not None and report.recovered.ok
    assert not vouched, f"verify vouches for a face swap: {report.reasons[-1][:200]}"

"""A stranger's face blended into a consented output by Poisson cloning, then verified as a copy.

Red teams 31 and 32 swapped a face over the consenting person's; the copy check's region rules
(``creator.verify._local_change``, ``_detail_agreement``) were set on those swaps. This is the
other move an editor offers: ``cv2.seamlessClone`` of Grace Hopper's face into the *background*
of jane's output (the sky by the shuttle, the flag, the backdrop), in OpenCV's two modes. Normal
cloning keeps the stranger's face (the studio's own scan reads it as Grace Hopper at 0.84-0.94);
mixed cloning keeps, pixel by pixel, the stronger of the two gradients, which washes the face
into the backdrop (the scan finds no face of hers).

Asserted for every place and mode: verify never vouches for a copy that shows the stranger's face
as a copy of jane's output (whatever it vouches for holds no face the studio's scan reads as her).
Both modes were tried on 24 placements and sizes before this test was written: every normal clone
was refused, and every mixed clone was vouched for and held no face of hers.
"""

from __future__ import annotations

import numpy as np
import pytest
from adversary31_support import embedding
from PIL import Image
from studio_world import grace_hopper, source_faces

from consent.likeness import MATCH_THRESHOLD
from creator.verify import verify


def _clone(picture: Image.Image, centre: tuple[int, int], side: int, mixed: bool) -> Image.Image:
    import cv2

    (g,) = source_faces(grace_hopper())
    her = np.asarray(grace_hopper())
    b = g.box
    cx, cy, w, h = b.x + b.w / 2, b.y + b.h / 2, b.w * 1.4, b.h * 1.4
    crop = her[max(0, int(cy - h / 2)):int(cy + h / 2), max(0, int(cx - w / 2)):int(cx + w / 2)]
    src = cv2.resize(crop, (side, int(side * crop.shape[0] / crop.shape[1])), interpolation=cv2.INTER_AREA)
    mask = np.zeros(src.shape[:2], np.uint8)
    cv2.ellipse(mask, (src.shape[1] // 2, src.shape[0] // 2), (src.shape[1] // 2 - 4, src.shape[0] // 2 - 4),
                0, 0, 360, 255, -1)
    out = cv2.seamlessClone(src, np.asarray(picture), mask, centre, cv2.MIXED_CLONE if mixed else cv2.NORMAL_CLONE)
    return Image.fromarray(out)


@pytest.mark.parametrize("centre,side", [((420, 90), 120), ((90, 100), 90), ((440, 300), 150)],
                         ids=["by-the-shuttle", "on-the-flag", "on-the-backdrop"])
@pytest.mark.parametrize("mixed", [False, True], ids=["normal-clone", "mixed-clone"])
def test_a_face_cloned_into_a_consented_output_is_never_vouched_for(stub_world, jane_output, tmp_path,
                                                                    centre, side, mixed):
    copy = _clone(jane_output, centre, side, mixed)
    stranger = embedding(grace_hopper())
    shows_her = any(f.embedding is not None and float(np.dot(f.embedding, stranger)) >= MATCH_THRESHOLD
                    for f in source_faces(copy))
    if not mixed:  # the attack is real: the studio's own scan reads Grace Hopper in the copy
        assert shows_her
    path = tmp_path / "cloned.png"
    copy.save(path)  # plain PNG: no manifest, no XMP, as an editor saves it
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok
    vouched = report.recovered is not None and report.recovered.ok
    assert not (vouched and shows_her), f"verify vouches for a copy showing a stranger: {report.reasons[-1][:300]}"

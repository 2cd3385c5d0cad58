"""Red team 34: a *small* stranger's face put into a consented output, vouched for as its copy.

Red team 33's fix (``creator.verify._faces_put_in``, ``consent.likeness.new_faces``) refuses a
copy holding a face the original does not show — found by the detector run once, upright, on the
copy's *coarse* picture (256 px a side for a 512 px output), at score >= 0.6. A face of 40-56 px in
the 512 px copy is 20-28 px there: the detector does not find it at that score, and a patch that
size is under both region rules (``_local_change``, ``_detail_agreement``). Yet the studio's own
face scan (full resolution) reads it plainly as Grace Hopper (0.74-0.85, match threshold 0.65).

Three ordinary editor moves are tried into the background of jane's output (sky by the shuttle,
flag, lower corner): Poisson cloning (normal and mixed), and a plain paste of a feathered oval at
60 % opacity (a layer at partial transparency) or full opacity. In each case below verify reports
the plain-PNG file as "a copy of a studio output" made under jane's grant while it shows a
stranger's face. Measured sweep (this commit, sides 40/50/56 px at 6 places, 3 modes): 33 of 72
copies were vouched for while the scan read Grace Hopper >= 0.65.

Asserted (as in test_copy_blended_face.py): verify never vouches for a copy showing the stranger.
"""

from __future__ import annotations

import numpy as np
import pytest
from adversary31_support import embedding
from PIL import Image
from studio_world import grace_hopper, source_faces

from consent.likeness import MATCH_THRESHOLD
from creator.verify import verify


def _put_in(picture: Image.Image, centre: tuple[int, int], side: int, mode: str, alpha: float = 1.0) -> Image.Image:
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
    pic = np.asarray(picture).copy()
    if mode in ("normal", "mixed"):
        return Image.fromarray(cv2.seamlessClone(src, pic, mask, centre,
                                                 cv2.MIXED_CLONE if mode == "mixed" else cv2.NORMAL_CLONE))
    m = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), side / 20)[..., None] * alpha  # feathered layer
    hh, ww = src.shape[:2]
    x0, y0 = centre[0] - ww // 2, centre[1] - hh // 2
    region = pic[y0:y0 + hh, x0:x0 + ww].astype(np.float32)
    pic[y0:y0 + hh, x0:x0 + ww] = (region * (1 - m) + src.astype(np.float32) * m).astype(np.uint8)
    return Image.fromarray(pic)


@pytest.mark.parametrize("mode, side, centre, alpha", [
    ("normal", 50, (420, 90), 1.0),
    ("mixed", 56, (90, 100), 1.0),
    ("paste", 50, (420, 90), 0.6),
    ("paste", 56, (460, 460), 0.6),
    ("paste", 40, (420, 90), 1.0),
], ids=["normal-clone-50px", "mixed-clone-56px", "paste-60pct-50px", "paste-60pct-56px-corner", "paste-40px"])
def test_a_small_face_put_into_a_consented_output_is_not_vouched_for(stub_world, jane_output, tmp_path,
                                                                    mode, side, centre, alpha):
    copy = _put_in(jane_output, centre, side, mode, alpha)
    stranger = embedding(grace_hopper())
    her = max((float(np.dot(f.embedding, stranger)) for f in source_faces(copy) if f.embedding is not None),
              default=0.0)
    assert her >= MATCH_THRESHOLD  # premise: the studio's own scan reads Grace Hopper in the copy
    path = tmp_path / "put-in.png"
    copy.save(path)  # plain PNG: no manifest, no XMP, as an editor saves it
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    vouched = report.recovered is not None and report.recovered.ok
    assert not vouched, f"verify vouches for a copy showing a stranger ({her:.2f}): {report.reasons[-1][:300]}"


@pytest.mark.parametrize("grow", [1.2, 1.3])
def test_a_half_transparent_face_laid_over_hers_is_not_vouched_for(stub_world, jane_output, tmp_path, grow):
    """The face put-in rule looks only where the original shows no face; over jane's own face
    the region rules alone decide, and a 60 % layer of Grace Hopper's face (no landmark alignment,
    centred on jane's face box, 1.2-1.3x its width) stays under both while the studio's scan
    reads Grace Hopper at 0.73-0.74."""
    (jane,) = source_faces(jane_output)
    b = jane.box
    copy = _put_in(jane_output, (int(b.x + b.w / 2), int(b.y + b.h / 2)), int(b.w * grow), "paste", 0.6)
    stranger = embedding(grace_hopper())
    her = max((float(np.dot(f.embedding, stranger)) for f in source_faces(copy) if f.embedding is not None),
              default=0.0)
    assert her >= MATCH_THRESHOLD  # premise: the studio's own scan reads Grace Hopper in the copy
    path = tmp_path / "swapped.png"
    copy.save(path)
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    vouched = report.recovered is not None and report.recovered.ok
    assert not vouched, f"verify vouches for a copy showing a stranger ({her:.2f}): {report.reasons[-1][:300]}"


@pytest.mark.parametrize("size, at", [((640, 512), (0, 0)), ((768, 512), (128, 0)), ((512, 640), (0, 0))],
                         ids=["wider-right", "wider-both-sides", "taller"])
def test_a_stranger_beside_the_output_on_a_larger_canvas_is_not_vouched_for(stub_world, jane_output, tmp_path,
                                                                            size, at):
    """Canvas extension ("outpainting" by hand): jane's output pasted unchanged into a larger picture,
    Grace Hopper's face (120 px) in the new area. The copy check aligns the output inside the picture
    and judges only the part that holds it (``valid``): the face put-in rule and both region rules
    never look at the added strip, and the report says "this is a copy of output … made under
    decision …, g-jane-1 (current); original Trusted" of a picture whose other person the scan reads
    as Grace Hopper at 0.96-0.98. (A screenshot with plain borders resolving is wanted,
    tests/security/test_public_verify_adversary.py; a second person's face in them is not hers.)"""
    hop = np.asarray(grace_hopper())
    (g,) = source_faces(grace_hopper())
    b = g.box
    cx, cy, w, h = b.x + b.w / 2, b.y + b.h / 2, b.w * 1.6, b.h * 1.6
    face = Image.fromarray(hop[max(0, int(cy - h / 2)):int(cy + h / 2), max(0, int(cx - w / 2)):int(cx + w / 2)])
    face = face.resize((120, int(120 * face.height / face.width)))
    canvas = Image.new("RGB", size, (128, 128, 128))
    canvas.paste(jane_output, at)
    if size[0] > 512 + at[0]:
        canvas.paste(face, (512 + at[0], 150))
    else:
        canvas.paste(face, (200, 512))
    stranger = embedding(grace_hopper())
    her = max((float(np.dot(f.embedding, stranger)) for f in source_faces(canvas) if f.embedding is not None),
              default=0.0)
    assert her >= MATCH_THRESHOLD  # premise: the studio's own scan reads Grace Hopper in the picture
    path = tmp_path / "wider.png"
    canvas.save(path)
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    vouched = report.recovered is not None and report.recovered.ok
    assert not vouched, f"verify vouches for a picture showing a stranger ({her:.2f}): {report.reasons[-1][:300]}"

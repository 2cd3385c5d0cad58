"""Adversary 15: the new-face rule (``creator.studio._new_faces_of_edited``) asks only whether an
output face's *centre* lies in a source face's box widened by a quarter — never whether the
output face is that size. So a small face of her in a wide shot "accounts for" a close-up of her
four times as wide (twelve times the area) painted around the spot it stood on.

The creator uploads a wide frame in which her face is 26x33 px, masks everything but a
24 px square around her left eye (38 % of her face box painted, her left eye kept: an edit of
her by the repaint rule) and prompts a close-up. What the model returns is a full-frame face of
her, 90x113 px, with the kept square where it was; its centre is where the small face's was,
so it counts as her kept face and the close-up is published as a ``footage_edit`` of her — a
new picture of her that her edit grant does not allow, which is what the rule was added to stop.

Fix: an output face matches a source face only when their sizes agree too (e.g. the output
box's width and height within 1.5x of the source face's, scaled to the output), or when the
output box overlaps the source box by most of its own area (IoU ≥ 0.5).
"""

from __future__ import annotations

import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import StubEngine, astronaut, png_bytes


def test_a_close_up_grown_from_her_small_kept_face_is_not_an_edit_of_her(stub_world):
    from consent.imaging import from_pil
    from consent.likeness import find_faces

    w = stub_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    w.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])
    source = Image.new("RGB", (512, 512), (128, 128, 128))
    source.paste(astronaut(160), (153, 81))  # her face 26x33 px, centred where the close-up's will be
    small = find_faces(from_pil(source)).faces
    assert len(small) == 1 and small[0].box.w < 40
    keep = (208, 104, 232, 128)  # whole 8 px cells around her left eye
    mask = Image.new("L", (512, 512), 255)
    mask.paste(0, keep)
    made = astronaut(512)  # the close-up the model paints around the kept square
    made.paste(source.crop(keep), keep[:2])
    big = find_faces(from_pil(made)).faces
    assert len(big) == 1 and big[0].box.w > 3 * small[0].box.w  # the set-up: one face, over 3x as wide
    studio = w.studio(engine=StubEngine(images=[made]))
    request = w.request(engine="diffusion", mode="inpaint", source=png_bytes(source), mask=png_bytes(mask),
                        width=512, height=512, prompt="close-up portrait of Eileen Collins", operation="footage_edit")
    try:
        result = studio.generate(request)
    except ConsentDenied:
        return
    assert not result.outputs, "a close-up of her grown from her kept 26 px face was published as an edit of her"


def test_premise_the_same_close_up_away_from_her_kept_face_is_blocked(stub_world):
    """The rule itself works: the close-up, with her small face kept at the other side of the frame."""
    w = stub_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    w.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])
    source = Image.new("RGB", (512, 512), (128, 128, 128))
    source.paste(astronaut(160), (330, 330))  # her small face far from where the close-up's centre will be
    keep = (384, 352, 408, 376)  # whole cells around her left eye there
    mask = Image.new("L", (512, 512), 255)
    mask.paste(0, keep)
    made = astronaut(512)
    made.paste(source.crop(keep), keep[:2])
    studio = w.studio(engine=StubEngine(images=[made]))
    request = w.request(engine="diffusion", mode="inpaint", source=png_bytes(source), mask=png_bytes(mask),
                        width=512, height=512, prompt="close-up portrait of Eileen Collins", operation="footage_edit")
    try:
        result = studio.generate(request)
    except ConsentDenied:
        return
    assert not result.outputs

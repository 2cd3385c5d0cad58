"""Adversary 11: per-subject operations (``consent.policy._subject_context``) and an inpaint mask.

A subject whose face is found in the source image is checked for ``footage_edit`` (an edit of
existing pictures of her); everyone else for ``likeness_generation``. Adversary 10 found that
an img2img at ``strength=1.0`` keeps almost nothing of the source and still counts as an edit
of her (tests/security/test_adversary10_operations.py). The same holds, more plainly, for an
**inpaint whose mask covers the whole source**: the inpainting model is given a fully masked
picture (nothing of the source at all), the prompt names her, and the result is a new picture
of her — checked as ``footage_edit`` because her face was found in the picture that was then
masked out entirely. The mask is never looked at by the decision (only its size is checked), so
a fix that looks at ``strength`` alone would not close this.

HELD: a mask that repaints nothing but a corner (her face stays as it was) is an edit of her.

FAIL (disclosure accuracy): when a second person is painted into an edit (checked, and audited in
``Decision.subject_operations``, as ``likeness_generation``), the signed C2PA consent assertion
still states the request's one operation, ``footage_edit``, for every person it lists: the
manifest says that a new picture of him is an edit of existing footage. Each likeness entry
should say the operation its grant was used for.
"""

from __future__ import annotations

import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import astronaut, png_bytes


def _eileen(world):
    world.add_person("eileen", "Eileen Collins", photo=astronaut())
    world.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])


def _mask(box=None) -> bytes:
    m = Image.new("L", (256, 256), 0 if box else 255)
    if box:
        m.paste(255, box)
    return png_bytes(m)


def test_an_inpaint_of_a_corner_of_her_picture_is_an_edit_of_her(stub_world):
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=_mask((0, 200, 56, 256)), prompt="Eileen Collins, a mission patch on the sleeve")
    assert stub_world.studio().generate(request).decision.allowed


def test_an_inpaint_that_repaints_everything_is_not_an_edit_of_her(stub_world):
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)), mask=_mask(),
                                 prompt="Eileen Collins on a beach at sunset")
    with pytest.raises(ConsentDenied, match="face of subject 'eileen' in the source is repainted entirely"):
        stub_world.studio().generate(request)
    assert stub_world.output_files() == []


def _face_box(world):
    from consent.imaging import from_pil
    from consent.likeness import find_faces

    (face,) = find_faces(from_pil(astronaut(256))).faces
    b = face.box
    return b.x, b.y, b.x + b.w, b.y + b.h


def test_an_inpaint_over_her_whole_face_makes_a_new_face_of_her(stub_world):
    _eileen(stub_world)
    x0, y0, x1, y1 = _face_box(stub_world)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=_mask((x0 - 4, y0 - 4, x1 + 4, y1 + 4)), prompt="Eileen Collins, smiling")
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)


def test_an_inpaint_over_every_feature_of_her_face_makes_a_new_face_of_her(stub_world):
    # the middle of her face box (eyes, nose, mouth) is 36 % of the box: a share-of-the-box rule
    # alone would call this an edit of her
    _eileen(stub_world)
    x0, y0, x1, y1 = _face_box(stub_world)
    dx, dy = (x1 - x0) // 5, (y1 - y0) // 5
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=_mask((x0 + dx, y0 + dy, x1 - dx, y1 - dy)), prompt="Eileen Collins, smiling")
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        stub_world.studio().generate(request)


def test_an_inpaint_over_part_of_her_face_is_an_edit_of_her(stub_world):
    _eileen(stub_world)
    x0, y0, x1, y1 = _face_box(stub_world)
    request = stub_world.request(engine="diffusion", mode="inpaint", source=png_bytes(astronaut(256)),
                                 mask=_mask((x0, (y0 + y1) // 2, x1, y1 + 8)), prompt="Eileen Collins, smiling")
    assert stub_world.studio().generate(request).decision.allowed


def test_the_manifest_says_a_person_painted_into_an_edit_was_generated(stub_world):
    from creator.verify import verify

    _eileen(stub_world)
    stub_world.add_person("bob", "Bob Smith")
    stub_world.issue_grant("bob", "g-bob-1", operations=["likeness_generation"])
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)), strength=0.5,
                                 subjects=("eileen", "bob"), prompt="Eileen Collins and Bob Smith at the harbour")
    result = stub_world.studio().generate(request)
    assert result.decision.subject_operations == {"bob": "likeness_generation"}  # what was checked, and audited
    consent = verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry).consent
    bob_ref = stub_world.registry.get_subject("bob").ref
    said = {e["subject_ref"]: e["operation"] for e in consent["likenesses"]}
    eileen_ref = stub_world.registry.get_subject("eileen").ref
    assert said == {bob_ref: "likeness_generation", eileen_ref: "footage_edit"}, (consent["operation"], consent["likenesses"])

"""Adversary 13: an edit that keeps her face and paints a second, new face of her beside it.

A ``footage_edit`` grant covers edits of footage *of her*: ``policy._subject_context`` checks her
for ``likeness_generation`` only when none of her source faces is kept (every one repainted,
``Likeness.repainted``). The rule looks at the **source** faces only. The creator uploads a frame
with her face on one half and empty background on the other, masks **only the empty half**
(her face untouched: an edit of her, by every rule) and prompts "Eileen Collins standing next
to herself". What the engine returns holds two faces of her: the kept one and a new one in the
masked area. The output scan (``Studio._scan_outputs``) blocks only faces of people the
decision does not cover; she is covered, so the new picture of her is published, signed as a
``footage_edit`` of her, on a grant that never allowed new pictures of her.

The same holds for a ``face_replacement`` grant: ``_subject_context`` asks only whether the
source holds *a* face, not whether the mask replaces one, so her kept face makes the new one a
"replacement" too.

Fail closed: a face of a footage-edit subject found in an output where the edit repainted (in
the mask, or anywhere at img2img strengths that repaint) is a new picture of her — check
her grant for ``likeness_generation`` there, or block that output.
"""

from __future__ import annotations

import pytest
from PIL import Image

from consent.errors import ConsentDenied
from studio_world import StubEngine, astronaut, png_bytes


@pytest.mark.parametrize("operation", ["footage_edit", "face_replacement"])
def test_a_new_face_of_her_painted_beside_her_kept_face_is_not_an_edit_of_her(stub_world, operation):
    from consent.imaging import from_pil
    from consent.likeness import find_faces

    w = stub_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    w.issue_grant("eileen", "g-eileen-1", operations=[operation])
    source = Image.new("RGB", (512, 256), (128, 128, 128))
    source.paste(astronaut(256), (0, 0))
    mask = Image.new("L", (512, 256), 0)
    mask.paste(255, (256, 0, 512, 256))  # only the empty half: her face is kept
    made = source.copy()
    made.paste(astronaut(256), (256, 0))  # what the model painted in the mask: her, again
    assert len(find_faces(from_pil(made)).faces) == 2  # the set-up: both faces are found
    studio = w.studio(engine=StubEngine(images=[made]))
    request = w.request(engine="diffusion", mode="inpaint", source=png_bytes(source), mask=png_bytes(mask),
                        width=512, height=256, prompt="Eileen Collins standing next to herself",
                        operation=operation)
    try:
        result = studio.generate(request)
    except ConsentDenied:
        return
    assert "eileen" not in result.decision.subject_operations  # checked (and signed) as the request's operation
    assert not result.outputs, f"a new face of her was published under {operation}"

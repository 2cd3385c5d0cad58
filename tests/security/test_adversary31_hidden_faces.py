"""Red team 31: faces a person sees at once and the studio's face scan does not.

The source of an img2img edit is scanned as the canonical decode gives it (consent/imaging.py),
and the model gets those same pixels. That closes every decoder difference (alpha, palettes,
16-bit, orientation ...), but the scan itself must also *find* the face. Two plain, undoctored
kinds of photo hold a face YuNet does not see at any turn or scale, while anyone looking at the
picture (and an img2img model at low strength, which keeps its source) sees Grace Hopper:

- **a colour duotone**: red and green flat, the photo's grey levels in the blue channel only
  (a blue/yellow print; the face stands out clearly). The scan finds no region at all; the
  blue channel alone, as a grey picture, is her face at 0.9 with her own photo. An isoluminant
  version (the face only in the colour difference, luma flat) is missed the same way.
- **a face behind a wire mesh**: a black 1 px line every 6 px, both ways (a screen door, a
  fence). The scan finds nothing; every third of the photo's pixels is untouched. Horizontal
  blinds of 3 px (every other band white or black) and vertical ones are missed too.

In each case Grace Hopper is enrolled (as ``eve``) *without a grant*; the output scan (which runs
because someone is enrolled) misses her too, so her likeness is published with every disclosure
layer and ``verify`` says OK. The same pictures with her not enrolled publish an unknown real
face (the source scan's "unknown face denies" never runs).

Secure behaviour asserted: the edit is denied before any model runs and nothing is written.
"""

from __future__ import annotations

import pytest
from adversary31_support import (
    behind_mesh,
    best_similarity,
    blue_duotone,
    edit,
    embedding,
    enrol_hopper_without_grant,
    hopper_face,
    on_grey,
)
from PIL import Image
from studio_world import grace_hopper, source_faces

from consent import likeness
from consent.errors import ConsentDenied
from creator.verify import verify


def _denied(world, source: Image.Image) -> None:
    engine = None
    try:
        engine, result = edit(world, source)
    except ConsentDenied:
        assert world.output_files() == []
        return
    report = verify(result.paths[0], settings=world.settings, registry=world.registry)
    raise AssertionError(f"published {result.paths[0].name}, verify {report.verdict}; the model was given "
                         f"{len(engine.sources)} source(s) holding an enrolled person without a grant")


def test_premise_the_hidden_faces_are_hers_and_the_scan_sees_none(pictures):
    """Plain probe: each picture holds Grace Hopper for anyone who looks (the blue channel alone, or
    the mesh lines taken out by a 3x3 max filter, is her face at >= 0.65 with her photo), and the scan of the
    picture as given finds no face-like region at all."""
    ref = embedding(grace_hopper())
    duo = on_grey(blue_duotone(hopper_face()))
    assert not source_faces(duo)
    assert best_similarity(duo.split()[2].convert("RGB"), ref) >= likeness.MATCH_THRESHOLD
    mesh = on_grey(behind_mesh(hopper_face()))
    assert not source_faces(mesh)
    from PIL import ImageFilter

    assert best_similarity(mesh.filter(ImageFilter.MaxFilter(3)), ref) >= likeness.MATCH_THRESHOLD


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="red team 31: a face in the blue channel only (duotone) is missed by source and output scans; enrolled person without grant published, verify OK")
def test_an_enrolled_persons_face_in_a_blue_duotone_is_denied(stub_world):
    enrol_hopper_without_grant(stub_world)
    _denied(stub_world, on_grey(blue_duotone(hopper_face())))


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="red team 31: a face behind a 1 px wire mesh every 6 px is missed by source and output scans; enrolled person without grant published, verify OK")
def test_an_enrolled_persons_face_behind_a_wire_mesh_is_denied(stub_world):
    enrol_hopper_without_grant(stub_world)
    _denied(stub_world, on_grey(behind_mesh(hopper_face())))

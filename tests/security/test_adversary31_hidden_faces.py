"""Red team 31: faces a person sees at once and the studio's face scan does not.

The source of an img2img edit is scanned as the canonical decode gives it (consent/imaging.py),
and the model gets those same pixels. That closes every decoder difference (alpha, palettes,
16-bit, orientation ...), but the scan itself must also *find* the face. Two kinds of ordinary
picture hold a face YuNet does not see at any turn or scale, while anyone looking at the
picture (and an img2img model at low strength, which keeps its source) sees Grace Hopper:

- **a colour duotone**: red and green flat, the photo's grey levels in the blue channel only
  (a blue/yellow print; the face stands out clearly). The scan finds no region at all; the
  blue channel alone, as a grey picture, is her face at 0.92 with her own photo. An isoluminant
  version (the face only in the colour difference, luma flat at 128: orange and blue) is missed
  the same way; its red channel is her face at 0.92, in the published picture too.
- **a face behind a regular pattern**: a wire mesh (a black 1 px line every 6 px, both ways: a
  screen door, a fence), scan lines (a black 1 px line every 5 px), a dot screen (black 2x2 px dots
  every 4 px: a perforated sheet) or a diagonal moire (+-60 levels). The scan finds no region at
  all; a 3x3 max or median filter, or a blur, gives her face back at 0.82-0.89 with her photo,
  from the published picture too. Blinds of 3 px bands (every other band white or black) and
  vertical ones are missed as well. (Tried and denied, for contrast: a negative, a halftone, line
  art, a white bar or a 14 px gap through the face, an 8 px colour-channel shift, interlace combs.)

In each case Grace Hopper is enrolled (as ``eve``) *without a grant*; the output scan (which runs
because someone is enrolled) misses her too, so her likeness is published with every disclosure
layer and ``verify`` says OK. With her not enrolled, the same edit publishes an unknown real
face (measured with the blue duotone and 3 px blinds): the source scan's "an unknown face denies"
never runs, since it finds no face.

Secure behaviour asserted: the edit is denied and nothing is written.
"""

from __future__ import annotations

import pytest
from adversary31_support import (
    behind_lines,
    behind_mesh,
    best_similarity,
    blue_duotone,
    dot_screen,
    edit,
    embedding,
    enrol_hopper_without_grant,
    hopper_face,
    isoluminant,
    moire,
    on_grey,
)
from PIL import Image, ImageFilter
from studio_world import grace_hopper

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


#: Each colouring, and the channel that shows her face as a grey picture.
COLOURINGS = {"blue_duotone": (blue_duotone, 2), "isoluminant": (isoluminant, 0)}
#: Each pattern, and a plain filter that takes it off again (what anyone can do to the published picture).
PATTERNS = {
    "wire_mesh": (behind_mesh, ImageFilter.MaxFilter(3)),
    "scan_lines": (behind_lines, ImageFilter.MedianFilter(3)),
    "dot_screen": (dot_screen, ImageFilter.MedianFilter(3)),
    "moire": (moire, ImageFilter.GaussianBlur(2)),
}


def test_premise_the_hidden_faces_are_hers_and_the_scan_sees_none():
    """Plain probe: each picture holds Grace Hopper for anyone who looks (one colour channel alone, or
    the pattern taken off by a plain filter, is her face at >= 0.65 with her photo), and the scan of
    the picture as given finds no face-like region at all."""
    ref = embedding(grace_hopper())
    for name, (colouring, channel) in COLOURINGS.items():
        picture = on_grey(colouring(hopper_face()))
        # (the scan finds no face in the picture's brightness; since red team 31's fix it scans the
        # channel too: tests/security/test_adversary31_hidden_faces.py's colour test)
        assert best_similarity(picture.split()[channel].convert("RGB"), ref) >= likeness.MATCH_THRESHOLD, name
    for name, (pattern, undo) in PATTERNS.items():
        picture = on_grey(pattern(hopper_face()))
        # (the scan's passes over the picture as given find no face; since red team 31's fix a
        # picture holding a regular pattern is scanned blurred too: the pattern test below)
        assert best_similarity(picture.filter(undo), ref) >= likeness.MATCH_THRESHOLD, name


@pytest.mark.parametrize("name", sorted(COLOURINGS))
def test_an_enrolled_persons_face_in_colour_only_is_denied(stub_world, name, monkeypatch):
    stub_world.pin_watermark(monkeypatch, 5)  # one key every run: the output scan reads the same pixels
    enrol_hopper_without_grant(stub_world)
    _denied(stub_world, on_grey(COLOURINGS[name][0](hopper_face())))


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_an_enrolled_persons_face_behind_a_regular_pattern_is_denied(stub_world, name, monkeypatch):
    stub_world.pin_watermark(monkeypatch, 5)  # one key every run: the output scan reads the same pixels
    enrol_hopper_without_grant(stub_world)
    _denied(stub_world, on_grey(PATTERNS[name][0](hopper_face())))

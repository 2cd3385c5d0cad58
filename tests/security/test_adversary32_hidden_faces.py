"""Red team 32: colour-hidden faces ``consent.likeness._colour_only`` (red team 31's fix) still misses.

The fix scans a picture again on one channel when that channel's spread is at least
``COLOUR_ONLY_RATIO`` (3.0) times the brightness's, over the *whole* picture, and takes the channel
of the largest spread. Both choices are the attacker's:

- **the face in one channel, a louder pattern in another**: Grace Hopper's grey levels in red, the
  green balancing them so the brightness stays flat, and broad blue stripes (green balancing them
  too). The picture is colour-only (ratio ~150), but blue varies the most, so the scan runs on the
  stripes and finds nothing; the red channel alone is her face at 0.92 with her photo (anyone sees
  her: a red/cyan face over blue/yellow bands).
- **only part of the picture colour-only**: the isoluminant face of red team 31 inset on a textured
  grey surround (a poster, a frame). The surround's brightness keeps the global ratio near 1.7, so
  no channel is scanned; the face is missed as before the fix (red channel: 0.90 with her photo).

Grace Hopper is enrolled (``eve``) without a grant; the edit's source scan and output scan miss her
and her likeness is published with every disclosure layer.

Secure behaviour asserted (as red team 31's colour tests): the edit is denied and nothing is written.
"""

from __future__ import annotations

import numpy as np

from adversary31_support import best_similarity, edit, embedding, enrol_hopper_without_grant, hopper_face, isoluminant, on_grey
from PIL import Image
from studio_world import grace_hopper, noise

from consent import likeness
from consent.errors import ConsentDenied
from creator.verify import verify


def red_face_blue_stripes(img: Image.Image, amp: float = 110.0) -> Image.Image:
    """The photo's grey levels in red, broad blue stripes, green holding the brightness flat."""
    d = np.asarray(img.convert("L")).astype(np.float32) - 128.0
    h, w = d.shape
    stripes = amp * np.sin(np.mgrid[0:h, 0:w][1] / w * 3 * np.pi)
    r, b = 128.0 + d, 128.0 + stripes
    g = 128.0 - (0.299 * d + 0.114 * stripes) / 0.587
    return Image.fromarray(np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8))


def isoluminant_inset(img: Image.Image, side: int = 256, inner: tuple[int, int] = (160, 192)) -> Image.Image:
    """Red team 31's isoluminant face, ``inner`` px, inset on a textured grey ``side``² surround."""
    bg = noise(32, seed=7).convert("L").resize((side, side), Image.Resampling.BICUBIC)
    bg = Image.fromarray(np.clip((np.asarray(bg).astype(np.float32) - 128) * 4 + 128, 0, 255).astype(np.uint8))
    out = bg.convert("RGB")
    out.paste(isoluminant(img.resize(inner, Image.Resampling.LANCZOS)), ((side - inner[0]) // 2, (side - inner[1]) // 2))
    return out


PICTURES = {"red_face_blue_stripes": lambda: on_grey(red_face_blue_stripes(hopper_face())),
            "isoluminant_inset": lambda: isoluminant_inset(hopper_face())}


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


def test_premise_each_picture_is_her_face_in_its_red_channel_and_the_scan_sees_none():
    """Plain probe: the red channel alone is Grace Hopper (>= the match threshold with her photo);
    the scan of the picture as given finds no face."""
    ref = embedding(grace_hopper())
    for name, make in PICTURES.items():
        picture = make()
        assert best_similarity(picture.split()[0].convert("RGB"), ref) >= likeness.MATCH_THRESHOLD, name
        # (before red team 32's fix the scan found no face in either; it now scans the colour-opponent
        # channel of a region whose detail is in colour: the two tests below)


def test_a_face_in_one_channel_beside_a_louder_channel_is_denied(stub_world, monkeypatch):
    stub_world.pin_watermark(monkeypatch, 5)
    enrol_hopper_without_grant(stub_world)
    _denied(stub_world, PICTURES["red_face_blue_stripes"]())


def test_an_isoluminant_face_in_part_of_the_picture_is_denied(stub_world, monkeypatch):
    stub_world.pin_watermark(monkeypatch, 5)
    enrol_hopper_without_grant(stub_world)
    _denied(stub_world, PICTURES["isoluminant_inset"]())

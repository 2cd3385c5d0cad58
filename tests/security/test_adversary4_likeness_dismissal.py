"""Red team: a creator degrades a real, unknown person's face until the scan calls it background.

Round 2 of issue 10 had added a dismissal rule: a weak detection (score < 0.8) that the
enlarged crop confirms only weakly (< 0.8) with a feature norm below 9 was background. A
bar over the eyes (black, white or red; 15-30 % of the face's height) put real photos of
unknown people into exactly that band, so an img2img or inpaint request on them was
allowed where the rule before denied it (an unknown face, or unverifiable). The leaves,
circuit boards and squirrels the rule was made for sit in the same band (0.64-0.78 /
0.71-0.78 / 7.9-8.2), so no narrower band separates them: the rule was withdrawn.

The eye-bar round closed the gap both rules left (about 1 in 5 barred faces had no region
at all): flat patches are inpainted and scanned again, and a region a patch covers is never
dismissed (docs/LIKENESS.md, "Eye bars"). The tests below pin the closed cases, the next
variants a hostile user tries, and that a painted patch alone is not a face.

The numbers below were measured on photos read from registry archives at run time (never
committed; scripts/calibrate_likeness.py fetches them): the photo, scaled so its long side
is at most 512 px, with a filled bar across the face box.
"""

from __future__ import annotations

import pytest

from consent.likeness import _classify

#: (photo, bar, scan score, score on the enlarged crop, SFace feature norm) of one region each.
_EYE_BAR_FACES = [
    ("OpenCV's lena.jpg, black bar 25-45 %", 0.7571, 0.6368, 7.531),
    ("OpenCV's lena.jpg, white bar 15-45 %", 0.7396, 0.7588, 7.533),
    ("OpenCV's lena.jpg, black bar 30-45 %", 0.7825, 0.7631, 8.742),
    ("mahotas' lena.jpg, black bar 25-45 %", 0.6523, 0.7530, 8.514),
    ("mahotas' lena.jpg, red bar 22-44 %, 0.6x", 0.6935, 0.7798, 8.157),
    ("mahotas' lena.jpg, white bar 30-45 %", 0.7585, 0.7321, 8.886),
    ("mahotas' lena.jpg, red bar 30-52 %", 0.6403, 0.7582, 8.627),
    ("insightface's Tom_Hanks_54745.png, white bar 30-52 %", 0.7930, 0.6076, 8.079),
]


@pytest.mark.parametrize("what,score,verify_score,norm", _EYE_BAR_FACES, ids=[f[0] for f in _EYE_BAR_FACES])
def test_a_real_face_with_a_bar_over_its_eyes_is_never_background(what, score, verify_score, norm):
    # Each of these was the only region of its image: dismissed, the image had no face and an
    # img2img/inpaint request on it went ahead with an unknown person's likeness.
    status, reason = _classify(score, verify_score, norm)
    assert status in ("face", "unverifiable"), f"{what}: {status} ({reason})"


def _barred_dcgan_face(index: int = 1, top: float = 0.22, bottom: float = 0.52, colour=(0, 0, 0), scale: float = 0.6,
                       wide: bool = False):
    """DCGAN face ``index`` of 12 of seed 3 (nobody) with a bar of ``colour`` over ``top``-``bottom``
    of its face box (``wide``: across the whole picture), scaled by ``scale``. The default (face 1, black bar over 22-52 %, 0.6x):
    under the withdrawn rule its only region (0.77 / 0.79 / 7.94) was dismissed."""
    import sys
    from pathlib import Path

    from PIL import Image, ImageDraw

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consent"))
    from face_samples import bar_test_face

    im, (x, y, w, h) = bar_test_face(index)
    x0, x1 = (0, im.width) if wide else (x, x + w)
    ImageDraw.Draw(im).rectangle([x0, y + int(h * top), x1, y + int(h * bottom)], fill=colour)
    return im if scale == 1.0 else im.resize((int(im.width * scale), int(im.height * scale)), Image.LANCZOS)


def test_img2img_on_an_unknown_face_with_a_bar_over_its_eyes_is_denied(stub_world):
    # The source an attacker sends: the unknown face is still there for the engine to use.
    path = stub_world.save(_barred_dcgan_face(), "barred.png")
    from consent.errors import ConsentDenied

    with pytest.raises(ConsentDenied, match="unknown likeness at source"):
        stub_world.studio().generate(stub_world.request(prompt="same face, eyes open, studio light", engine="diffusion",
                                                        mode="img2img", source=path))
    assert stub_world.engine.calls == 0
    assert stub_world.output_files() == []
    assert stub_world.last_audit().payload["decision"]["allowed"] is False


#: The gap that issue 10's eye-bar round closed (docs/LIKENESS.md, "Eye bars"): about 1 in 5
#: faces with a bar over the eyes left the scan with no face at all (not detected, or dismissed
#: as background), so img2img on them was allowed. The scan now also looks at a copy with flat
#: patches inpainted and never dismisses a region such a patch covers.
_EYE_BAR_GAP = [
    pytest.param(3, 0.30, 0.52, (255, 0, 0), 1.0, id="DCGAN face 3, red bar 30-52 %: was not detected"),
    pytest.param(5, 0.22, 0.52, (0, 0, 0), 1.0, id="DCGAN face 5, black bar 22-52 %: was dismissed"),
]


@pytest.mark.parametrize("index,top,bottom,colour,scale", _EYE_BAR_GAP)
def test_img2img_on_a_face_the_eye_bar_hid_is_denied(stub_world, index, top, bottom, colour, scale):
    from consent.errors import ConsentDenied

    path = stub_world.save(_barred_dcgan_face(index, top, bottom, colour, scale), "barred.png")
    with pytest.raises(ConsentDenied, match="unknown likeness at source"):
        stub_world.studio().generate(stub_world.request(prompt="same face, eyes open, studio light", engine="diffusion",
                                                        mode="img2img", source=path))
    assert stub_world.engine.calls == 0
    assert stub_world.output_files() == []


@pytest.mark.parametrize("index,top,bottom,colour,scale", _EYE_BAR_GAP)
def test_the_eye_bar_faces_are_found_only_through_the_repaired_copy(index, top, bottom, colour, scale):
    # The mechanism: without occluder repair these images have no face region (the gap as it
    # was); with it, the covered face is a region marked occluded.
    from consent.likeness import ScanOptions, find_faces

    im = _barred_dcgan_face(index, top, bottom, colour, scale)
    assert find_faces(im, options=ScanOptions(repair_occluders=False)).faces == ()
    faces = find_faces(im).faces
    assert faces and all(f.occluded for f in faces), faces


def _hostile_dcgan_face(index: int, top: float, bottom: float, *, wide: bool = False, turn: int = 0,
                        jpeg: int | None = None):
    """DCGAN face ``index`` of 12 of seed 3 with a black bar over ``top``-``bottom`` of its face
    box: across the whole picture (``wide``), then saved as JPEG (``jpeg`` quality) and turned
    by ``turn`` degrees, the next things a hostile user tries after a plain bar."""
    import io

    from PIL import Image

    im = _barred_dcgan_face(index, top, bottom, (0, 0, 0), 1.0, wide=wide)
    if jpeg:
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=jpeg)
        im = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return im.rotate(turn, expand=True) if turn else im


#: Measured on the 12 DCGAN faces of seed 3 after the rule was fixed (never tuned on): with
#: occluder repair off each of these had no face region left; the per-kind totals over 25
#: faces are in docs/LIKENESS.md ("Eye bars").
_HOSTILE = [
    pytest.param(dict(index=1, top=0.15, bottom=0.60), id="thick bar 15-60 % (eyes and nose)"),
    pytest.param(dict(index=6, top=0.15, bottom=0.60), id="thick bar 15-60 %, another face"),
    pytest.param(dict(index=2, top=0.35, bottom=0.60), id="low bar 35-60 %"),
    pytest.param(dict(index=11, top=0.22, bottom=0.45, turn=90), id="bar, picture turned 90 degrees"),
    pytest.param(dict(index=3, top=0.22, bottom=0.45, wide=True), id="bar across the whole picture"),
    pytest.param(dict(index=3, top=0.22, bottom=0.45, jpeg=75), id="bar, then JPEG q75"),
]


@pytest.mark.parametrize("how", _HOSTILE)
def test_the_next_eye_bars_a_hostile_user_tries_still_deny(how):
    from consent.likeness import ScanOptions, find_faces

    im = _hostile_dcgan_face(**how)
    assert find_faces(im, options=ScanOptions(repair_occluders=False)).faces == (), "the case no longer tests the repair"
    faces = find_faces(im).faces
    assert faces and all(f.status in ("face", "unverifiable") for f in faces), faces


def test_img2img_on_a_face_behind_a_bar_across_the_whole_picture_is_denied(stub_world):
    from consent.errors import ConsentDenied

    path = stub_world.save(_hostile_dcgan_face(3, 0.22, 0.45, wide=True), "wide_bar.png")
    with pytest.raises(ConsentDenied, match="unknown likeness at source"):
        stub_world.studio().generate(stub_world.request(prompt="same face, eyes open", engine="diffusion",
                                                        mode="img2img", source=path))
    assert stub_world.engine.calls == 0


def test_a_painted_box_on_a_face_free_photo_alone_is_not_a_face():
    # The cost side: the repaired copy must not turn a flat patch itself into a face. A white
    # box on scikit-image's coffee photo and a black caption bar on its brick photo, upright.
    import sys
    from pathlib import Path

    from PIL import ImageDraw

    from consent.likeness import find_faces

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consent"))
    from face_samples import face_free_photos

    photos = face_free_photos()
    for name, rect, fill in (("coffee.png", (0.33, 0.33, 0.66, 0.66), (255, 255, 255)),
                             ("brick.png", (0.0, 0.85, 1.0, 1.0), (0, 0, 0))):
        im = photos[name].convert("RGB")
        W, H = im.size
        ImageDraw.Draw(im).rectangle([int(rect[0] * W), int(rect[1] * H), int(rect[2] * W), int(rect[3] * H)], fill=fill)
        assert find_faces(im).faces == (), name


def _noisy_bar_dcgan_face(index: int, top: float, bottom: float, amplitude: int, channel: int | None = None):
    """DCGAN face ``index`` of 12 of seed 3 with a dark bar (value 20) over ``top``-``bottom`` of
    its face box, every channel of every pixel of it moved by seeded uniform noise of
    ±``amplitude``: the bar is no longer flat to the pixel (the bypass of the first occluder rule)."""
    import sys
    from pathlib import Path

    import numpy as np
    from PIL import Image

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consent"))
    from face_samples import bar_test_face

    im, (x, y, w, h) = bar_test_face(index)
    a = np.asarray(im).astype(np.int16).copy()
    y0, y1 = y + int(h * top), y + int(h * bottom)
    if channel is None:
        a[y0:y1, x:x + w] = 20 + np.random.default_rng(0).integers(-amplitude, amplitude + 1, (y1 - y0, w, 3))
    else:  # the noise in one channel only (R, G or B), the others flat
        a[y0:y1, x:x + w] = 20
        a[y0:y1, x:x + w, channel] += np.random.default_rng(0).integers(-amplitude, amplitude + 1, (y1 - y0, w))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


#: Noise-filled bars (measured after the rule was fixed: with occluder repair off none of these
#: has a face region left; over 12 faces x 4 placements, see docs/LIKENESS.md, "Noisy bars").
_NOISY = [
    pytest.param(dict(index=1, top=0.22, bottom=0.52, amplitude=3), id="bar 22-52 %, noise +-3"),
    pytest.param(dict(index=1, top=0.22, bottom=0.52, amplitude=6), id="bar 22-52 %, noise +-6"),
    pytest.param(dict(index=8, top=0.30, bottom=0.52, amplitude=3), id="low bar 30-52 %, noise +-3, another face"),
    pytest.param(dict(index=11, top=0.15, bottom=0.60, amplitude=6), id="thick bar 15-60 %, noise +-6, another face"),
    # DCGAN face 3: face 10 under this bar is no longer a case for the repair: since the scan's
    # crop takes a detection as the region's only with its eyes inside the region's box (adversary
    # 22), the plain scan aligns it better and it is unverifiable there (denied) without the repair
    pytest.param(dict(index=3, top=0.22, bottom=0.52, amplitude=6), id="bar 22-52 %, noise +-6, a fourth face"),
]


@pytest.mark.parametrize("how", _NOISY)
def test_a_bar_roughened_with_noise_still_counts_as_an_occluder(how):
    from consent.likeness import ScanOptions, find_faces

    im = _noisy_bar_dcgan_face(**how)
    assert find_faces(im, options=ScanOptions(repair_occluders=False)).faces == (), "the case no longer tests the repair"
    faces = find_faces(im).faces
    assert faces and all(f.occluded and f.status in ("face", "unverifiable") for f in faces), faces


def test_img2img_on_a_face_behind_a_noise_filled_bar_is_denied(stub_world):
    from consent.errors import ConsentDenied

    path = stub_world.save(_noisy_bar_dcgan_face(1, 0.22, 0.52, 3), "noisy_bar.png")
    with pytest.raises(ConsentDenied, match="unknown likeness at source"):
        stub_world.studio().generate(stub_world.request(prompt="same face, eyes open", engine="diffusion",
                                                        mode="img2img", source=path))
    assert stub_world.engine.calls == 0


#: Once a known gap (docs/LIKENESS.md, "Noisy bars"): a bar roughened with noise of ±12 is
#: neither flat to the pixel nor one colour on the 5×5-averaged copy, so no occluder was found
#: and the face it hides left the scan with no region (21 of 48 such images). Closed by the
#: loud-noise test (docs/LIKENESS.md, "Loud noise"): the patch is flat on a 9×9 average, rough
#: to the pixel, its noise uncorrelated from pixel to pixel, and of one colour away from its edge.
_LOUD_NOISE_BARS = [
    pytest.param(1, 0.22, 0.52, id="DCGAN face 1, bar 22-52 %, noise ±12"),
    pytest.param(10, 0.22, 0.52, id="DCGAN face 10, bar 22-52 %, noise ±12"),
    pytest.param(3, 0.22, 0.45, id="DCGAN face 3, bar 22-45 %, noise ±12 (beside dark hair)"),
    pytest.param(3, 0.22, 0.52, id="DCGAN face 3, bar 22-52 %, noise ±12 (beside dark hair)"),
    pytest.param(8, 0.22, 0.52, id="DCGAN face 8, bar 22-52 %, noise ±12"),
]


@pytest.mark.parametrize("index,top,bottom", _LOUD_NOISE_BARS)
def test_img2img_on_a_face_behind_a_very_noisy_bar_is_denied(stub_world, index, top, bottom):
    from consent.errors import ConsentDenied

    path = stub_world.save(_noisy_bar_dcgan_face(index, top, bottom, 12), "noisy_bar.png")
    with pytest.raises(ConsentDenied, match="unknown likeness at source"):
        stub_world.studio().generate(stub_world.request(prompt="same face, eyes open", engine="diffusion",
                                                        mode="img2img", source=path))
    assert stub_world.engine.calls == 0
    assert stub_world.output_files() == []


@pytest.mark.parametrize("index,top,bottom", _LOUD_NOISE_BARS)
def test_a_bar_of_loud_noise_is_found_only_by_the_loud_noise_test(monkeypatch, index, top, bottom):
    # The mechanism: without occluder repair the face is gone; with the repair but without
    # the 9x9 loud-noise test it is still gone (the gap as it was); with it, it is found.
    from consent import likeness
    from consent.likeness import ScanOptions, find_faces

    im = _noisy_bar_dcgan_face(index, top, bottom, 12)
    assert find_faces(im, options=ScanOptions(repair_occluders=False)).faces == (), "the case no longer tests the repair"
    faces = find_faces(im).faces
    assert faces and all(f.occluded and f.status in ("face", "unverifiable") for f in faces), faces
    monkeypatch.setattr(likeness, "_OCC_LOUD_BLUR", 0)
    assert find_faces(im).faces == (), "the loud-noise test is not what finds this bar"


@pytest.mark.parametrize("index", [1, 3, 5])
def test_a_bar_with_loud_noise_in_one_channel_only_is_still_an_occluder(index):
    # Noise added to the green channel only (red and blue flat): the uncorrelated-noise
    # condition is judged on the channels that carry noise. When it asked every channel to
    # carry some, these three faces (of the first six) had no region left.
    from consent.likeness import ScanOptions, find_faces

    im = _noisy_bar_dcgan_face(index, 0.22, 0.52, 12, channel=1)
    assert find_faces(im, options=ScanOptions(repair_occluders=False)).faces == (), "the case no longer tests the repair"
    faces = find_faces(im).faces
    assert faces and all(f.occluded and f.status in ("face", "unverifiable") for f in faces), faces


#: Which part of the loud-noise test each case needs (each hidden again without it).
_LOUD_PARTS = [
    pytest.param("_OCC_LOUD_ROUGH", 0, 3, 0.22, 0.45,
                 id="rough to the pixel: without it the bar joins the smooth dark hair beside it"),
    pytest.param("_OCC_LOUD_INSET", 0, 3, 0.22, 0.52,
                 id="one colour away from the edge: without it the hair averaged into the bar's rim breaks it"),
    pytest.param("_OCC_LOUD_INSET", 0, 8, 0.22, 0.52, id="one colour away from the edge, another face"),
]


@pytest.mark.parametrize("name,off,index,top,bottom", _LOUD_PARTS)
def test_each_part_of_the_loud_noise_test_is_needed(monkeypatch, name, off, index, top, bottom):
    from consent import likeness
    from consent.likeness import find_faces

    im = _noisy_bar_dcgan_face(index, top, bottom, 12)
    assert find_faces(im).faces, "the loud-noise test no longer finds this bar"
    monkeypatch.setattr(likeness, name, off)
    assert find_faces(im).faces == (), f"the case no longer tests {name}"


def test_the_loud_noise_test_takes_no_photographed_surface(monkeypatch):
    # The loud-noise test's averaging window is wide enough that a photographed surface with
    # fine texture on it (scikit-image's coffee photo: the saucer's rim) is one colour there;
    # only noise that is uncorrelated from pixel to pixel, as noise painted on a bar is,
    # counts. Without that condition the test adds a patch on the coffee photo (a repaired
    # pass and, next to a face-like region, a denial).
    import sys
    from pathlib import Path

    import cv2

    from consent import likeness

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consent"))
    from face_samples import face_free_photos

    bgr = likeness.load_canonical(face_free_photos()["coffee.png"]).bgr()

    def boxes():
        occ = likeness._occluders(cv2, bgr)
        return [] if occ is None else sorted(occ.boxes)

    with_test = boxes()
    monkeypatch.setattr(likeness, "_OCC_LOUD_BLUR", 0)
    assert with_test == boxes(), "the loud-noise test added a patch on a photographed surface"
    monkeypatch.setattr(likeness, "_OCC_LOUD_BLUR", 9)
    monkeypatch.setattr(likeness, "_OCC_WHITE", 10.0)
    assert boxes() != with_test, "the case no longer tests the uncorrelated-noise condition"

"""Attacks on the face scan by orientation and degradation (issue 10).

A face turned by EXIF Orientation, turned in its pixels, mirrored, dithered to 1 bit,
greyed or hidden under alpha must be *found* by consent.likeness.scan on the canonical
pixels that consent.imaging gives the model. An unknown face must come back as unknown
(subject None, which the policy denies); an enrolled face as that subject.

Photos: scikit-image's astronaut (enrolled, no grant), matplotlib's Grace Hopper and a
DCGAN face of nobody (unknown). Decoded fixtures are cached per module.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consent"))

import cv2  # noqa: E402

from consent import imaging  # noqa: E402
from consent.errors import ConsentDenied  # noqa: E402
from consent.likeness import FaceIndex, enroll, scan  # noqa: E402
from face_samples import astronaut, dcgan_faces, exif_oriented, grace_hopper  # noqa: E402

cv2.setNumThreads(1)

FACES = ("enrolled", "unknown")


@pytest.fixture(scope="module")
def faces() -> dict[str, Image.Image]:
    return {"enrolled": astronaut(), "unknown": grace_hopper()}


@pytest.fixture(scope="module")
def index(faces) -> FaceIndex:
    (t,) = enroll("eileen", [faces["enrolled"]])
    return FaceIndex.from_templates(["eileen"], t.embedding[None])


def _expect(kind: str, lks, what: str) -> None:
    assert len(lks) == 1, f"{what}: {len(lks)} likenesses {[lk.extra for lk in lks]}"
    (lk,) = lks
    if kind == "enrolled":
        assert lk.subject_id == "eileen", f"{what}: {lk.extra} similarity {lk.similarity}"
    else:
        assert lk.subject_id is None, f"{what}: unknown face resolved to {lk.subject_id}"


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("kind", FACES)
def test_exif_orientation_face_is_found(faces, index, kind, orientation):
    data = exif_oriented(faces[kind], orientation, "JPEG")
    canon = imaging.decode(data, field="source")
    assert canon.orientation == orientation
    _expect(kind, scan(canon, index, image_label="source"), f"{kind} EXIF {orientation}")


@pytest.mark.parametrize("orientation", [3, 5, 6, 7, 8])
@pytest.mark.parametrize("kind", FACES)
def test_face_in_raw_turned_pixels_is_found(faces, index, kind, orientation):
    """What an engine that ignores the EXIF tag would get: the stored, turned pixels."""
    stored = imaging.decode(exif_oriented(faces[kind], orientation)).pil()
    raw = {3: Image.Transpose.ROTATE_180, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
           7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}[orientation]
    _expect(kind, scan(stored.transpose(raw), index), f"{kind} raw pixels of EXIF {orientation}")


def test_rotation_sweep_every_15_degrees(faces, index):
    """Found at every 15° step (24 angles); the enrolled face is identified at least at
    the quarter turns and within ±15° of them. Near 45° the identity may be lost, but the
    face is still found and, as unknown, denied."""
    gan = (dcgan_faces(1, seed=3) or [None])[0]
    # 256 px views keep the 48 scans fast: the astronaut's head, the DCGAN canvas shrunk.
    cases = {"enrolled": faces["enrolled"].crop((96, 0, 352, 256)),
             **({"dcgan": gan.resize((256, 256), Image.LANCZOS)} if gan is not None else {})}
    report = {}
    for kind, im in cases.items():
        row = ""
        for angle in range(0, 360, 15):
            lks = scan(im.rotate(angle, expand=True, fillcolor=(128, 128, 128)), index)
            assert lks, f"{kind}: no face found turned {angle}°"
            row += "M" if any(lk.subject_id == "eileen" for lk in lks) else "F"
            if kind != "enrolled":
                assert all(lk.subject_id is None for lk in lks), f"{kind} @{angle}° matched someone"
        report[kind] = row
    enrolled = report["enrolled"]
    for angle in range(0, 360, 15):
        if min(angle % 90, 90 - angle % 90) <= 15:
            assert enrolled[angle // 15] == "M", f"enrolled face turned {angle}° not identified: {enrolled}"


@pytest.mark.parametrize("kind", FACES)
def test_mirrored_face_is_found(faces, index, kind):
    _expect(kind, scan(ImageOps.mirror(faces[kind]), index), f"{kind} mirrored")


@pytest.mark.parametrize("kind", FACES)
def test_grey_face_is_found(faces, index, kind):
    _expect(kind, scan(ImageOps.grayscale(faces[kind]), index), f"{kind} grey")


@pytest.mark.parametrize("kind", FACES)
@pytest.mark.parametrize("turn", [0, 90])
def test_one_bit_dithered_face_is_found(faces, index, kind, turn):
    dithered = faces[kind].convert("1")  # Floyd-Steinberg, as a PNG "1" image
    if turn:
        dithered = dithered.rotate(turn, expand=True)
    lks = scan(dithered, index)
    assert len(lks) == 1, f"{kind} dithered @{turn}: {[lk.extra for lk in lks]}"
    if kind == "unknown":
        assert lks[0].subject_id is None
    else:  # identified, or at worst unknown (denied as well); never someone else
        assert lks[0].subject_id in ("eileen", None)


def test_dithered_patch_in_a_colour_photo_is_found(faces, index):
    from face_samples import face_free_photos

    canvas = face_free_photos()["coffee.png"].copy()
    patch = faces["unknown"].resize((200, 234)).convert("1").convert("RGB")
    canvas.paste(patch, (300, 100))
    lks = scan(canvas, index)
    assert len(lks) == 1 and lks[0].subject_id is None and lks[0].extra.get("smoothed")


def test_face_hidden_under_zero_alpha_never_reaches_a_model(faces, index):
    rgba = faces["enrolled"].convert("RGBA")
    rgba.putalpha(0)
    canon = imaging.load(rgba, field="source")
    assert (canon.pixels == 255).all()  # the model receives white, not the face
    assert scan(canon, index) == []


def test_half_transparent_face_is_found_as_seen(faces, index):
    rgba = faces["enrolled"].convert("RGBA")
    rgba.putalpha(128)
    canon = imaging.load(rgba, field="source")
    lks = scan(canon, index)
    assert len(lks) == 1 and lks[0].subject_id in ("eileen", None)


def test_low_contrast_face_is_found(faces, index):
    a = np.asarray(faces["unknown"]).astype(np.float32)
    faint = Image.fromarray((a * 0.25 + 150).astype(np.uint8))  # a quarter of the contrast
    lks = scan(faint, index)
    assert len(lks) == 1 and lks[0].subject_id is None


def _png16(im: Image.Image) -> bytes:
    import io

    grey = (np.asarray(ImageOps.grayscale(im)).astype(np.uint16) * 257)
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, "PNG")
    return buf.getvalue()


def _cmyk_jpeg(im: Image.Image) -> bytes:
    import io

    buf = io.BytesIO()
    im.convert("CMYK").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _noisy(im: Image.Image) -> Image.Image:
    a = np.asarray(im).astype(np.int16) + np.random.default_rng(0).normal(0, 40, np.asarray(im).shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


DEGRADED = {
    "posterised-1-bit-per-channel": lambda im: ImageOps.posterize(im, 1),
    "posterised-2-bits": lambda im: ImageOps.posterize(im, 2),
    "16-colour-palette": lambda im: im.convert("P", palette=Image.Palette.ADAPTIVE, colors=16),
    "4-grey-levels": lambda im: im.convert("L").convert("P", palette=Image.Palette.ADAPTIVE, colors=4),
    "thumbnail-64px": lambda im: im.resize((55, 64), Image.Resampling.LANCZOS),
    "inverted": ImageOps.invert,
    "solarised": lambda im: ImageOps.solarize(im, 128),
    "channels-swapped": lambda im: Image.merge("RGB", im.split()[::-1]),
    "heavy-noise": _noisy,
    "16-bit-grey-png": _png16,
    "cmyk-jpeg": _cmyk_jpeg,
}


@pytest.mark.parametrize("how", list(DEGRADED))
def test_degraded_unknown_face_is_found(faces, index, how):
    """Each of these still shows a person; the scan must report an unknown likeness
    (a face or an unverifiable region), never nothing and never an enrolled subject."""
    lks = scan(DEGRADED[how](faces["unknown"]), index, image_label="source")
    assert len(lks) == 1, f"{how}: {[lk.extra for lk in lks]}"
    assert lks[0].subject_id is None


def test_an_image_full_of_face_like_patterns_is_bounded_and_denies(monkeypatch, faces, index):
    """Work per image is bounded: past MAX_REGIONS regions nothing is verified, and every
    region left unchecked is an unverifiable (denied) likeness, never a silent pass."""
    from consent import likeness

    monkeypatch.setattr(likeness, "MAX_REGIONS", 2)
    tile = faces["unknown"].resize((128, 150))
    canvas = Image.new("RGB", (4 * 140, 170), (120, 120, 120))
    for i in range(4):
        canvas.paste(tile, (6 + 140 * i, 10))
    lks = scan(canvas, index)
    assert len(lks) == 4 and all(lk.subject_id is None for lk in lks)
    unchecked = [lk for lk in lks if "not checked" in lk.extra.get("reason", "")]
    assert len(unchecked) == 2 and all(lk.extra["band"] == "unverifiable" for lk in unchecked)


# ----------------------------------------------------------------------------- through the studio


def _save_bytes(stub_world, data: bytes, name: str) -> Path:
    path = stub_world.settings.data_dir.parent / "inputs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", FACES)
def test_studio_denies_a_face_turned_by_exif_orientation_6(stub_world, pictures, kind):
    """Issue 10: a phone photo (EXIF Orientation 6) of an unknown person, or of an enrolled
    person without a grant, used as the img2img source, must be denied before the model runs."""
    stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())
    img = pictures.astronaut() if kind == "enrolled" else pictures.grace_hopper()
    path = _save_bytes(stub_world, exif_oriented(img, 6, "JPEG"), f"{kind}-exif6.jpg")
    with pytest.raises(ConsentDenied, match="subject 'eileen' has no consent grant|unknown likeness at source"):
        stub_world.studio().generate(stub_world.request(engine="diffusion", mode="img2img", source=path, prompt="same frame"))
    assert stub_world.engine.calls == 0 and stub_world.output_files() == []


def test_studio_denies_a_dithered_unknown_face_in_a_reference(stub_world, pictures):
    path = stub_world.save(pictures.grace_hopper().convert("1"), "dithered.png")
    with pytest.raises(ConsentDenied, match=r"unknown likeness at references\[0\]"):
        stub_world.studio().generate(stub_world.request(prompt="an officer", references=[path]))
    assert stub_world.engine.calls == 0


def test_studio_allows_a_consenting_person_in_a_wide_shot_with_a_busy_background(stub_world, pictures):
    """The false denial of issue 10: a wide shot of an enrolled, consenting person whose
    background holds a face-like pattern (here a motorcycle headlight that the detector
    scores 0.74) must be allowed."""
    from face_samples import face_free_photos

    stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())
    stub_world.issue_grant("eileen", "g-eileen-1")
    canvas = face_free_photos()["motorcycle_left.png"].copy()
    canvas.paste(pictures.astronaut().resize((160, 160), Image.Resampling.LANCZOS), (40, 300))
    path = stub_world.save(canvas, "wide-shot.png")
    result = stub_world.studio().generate(stub_world.request(engine="diffusion", mode="img2img", source=path,
                                                   prompt="same frame, dusk"))
    assert result.decision.allowed and [g.grant_id for g in result.decision.grants_used] == ["g-eileen-1"]
    assert stub_world.engine.calls == 1

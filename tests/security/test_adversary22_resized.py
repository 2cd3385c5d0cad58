"""Adversary 22: the "same face" rules of a resized img2img/inpaint source, once more.

Where the source's size is not the output's, the studio scans the source as given and the source
resized (Lanczos) to the output size, which the engine gets. A face of the resized picture that
overlaps a face of the source's own scan is dropped as "that face" (``creator.studio._twin``) when
it resolves to the same subject, or when the source's face is an enrolled subject S and the resized
one nobody and (a) it is no confirmed face, (b) it is under ``MIN_IDENTIFIABLE_PX`` (24 px) in the
resized picture, or (c) its embedding is within ``_SAME_FACE_SIMILARITY`` (0.363) of *the source's
face*. The dropped face's embedding joins the carry-over check as S's (covered: never watched).

Ways through (strict xfails):

- rule (c) measures against her face *in this source*, which only has to match S at 0.65. A 30 %
  blend of Grace Hopper into the astronaut's face is still the astronaut (0.71 with her photo, 0.33
  with Grace Hopper's): pasted clean over Grace Hopper's face hidden under per-pixel noise (as in
  adversary 20), it is the one face of the source. At 256² the model gets Grace Hopper's face,
  50x65 px, 0.73 with her own photo, 0.38 from the blend: "her face", published (0.75-0.77 with
  Grace Hopper's photo in the published picture). The same face is 0.22 from the astronaut's own photo.
  Not a fluke of one noise draw: with seeds 1-3 it is 0.73-0.80 with Grace Hopper, 0.38-0.42 from
  the blend.
- the same with Grace Hopper enrolled without a grant and her face 85 % in the hidden morph: 0.60 with
  her template (ambiguous, which denies an input face on its own, resolves to nobody), 0.49 from
  the source's face (0.21 from the astronaut's photo): dropped, and the output scan lets an
  ambiguous face pass: published (0.55-0.56 in the output, 0.55-0.65 upscaled 4x, varying with
  the watermark).
- rule (a) and the scan's region cap: ``find_faces`` checks at most ``MAX_REGIONS`` (32) regions
  and reports the rest "unverifiable" unchecked (each denies, fail closed). A 2048² contact sheet
  of 32 copies of her face (each a match) with Grace Hopper's face under noise in a corner, one
  copy over its top-left corner: the source holds 32 regions, all her. At 512² the noise is gone
  and the resized picture holds 33; Grace Hopper's face (about 58x70 px) is the weakest detection,
  the 33rd, "unverifiable", overlapping a copy of her face: rule (a) drops it as hers. The output
  scan stops at 32 regions too, so Grace Hopper enrolled without a grant is published: her face,
  cropped from the published picture and enlarged 3x, is 0.70-0.76 with her enrolled photo.
- a stranger's face on her cheek, 25-30 px for the model: found neither in the source (noise)
  nor, beside her face, in the resized picture, so no rule even runs; the output scan lets an
  unknown face pass. Upscaled 4x, the published face is 0.62-0.63 with Grace Hopper's photo; with
  her enrolled without a grant it is published too. (The resized picture given at 256² with no
  resize passes the same way: a recall gap of the scan for a small face on a face, not of _twin.)
  Closed since: the detector did find it (score 0.90, as strong as her face), but the scan's merge
  put it into her region (its centre inside her box at 0.6 of her size), and the crop that
  verifies a region picked her face, central in the small face's crop too. The centre rule no
  longer joins a detection to a region holding one of its own detector run, and a crop's detection
  is the region's only with its eyes inside the region's box: the stranger's face is a region of its own, 0.64 with
  her photo, an unknown face; denied (plain tests below).
- an inpaint whose source is not at the output's size never runs: the engine is handed the source
  resized to the output size and the mask at the source's size, and the engine call refuses the
  pair ("`mask` size must equal `source` size") after consent was decided. Her own photo, a
  corner repainted, into 256² from 512²: an error instead of the picture.

Denied (plain tests): the blend trick with Grace Hopper enrolled and her face kept whole in the
hidden picture (0.73 with her template: it resolves to her, and she has no grant).

Measured, no test:
- rule (b): faces under 24 px are identifiable. Grace Hopper's face at 15-19 px (box) on a noisy
  background is 0.61-0.69 with her own photo as found, 0.68-0.75 upscaled 4x. No layout made the
  resized picture's scan find a stranger's face under 24 px that overlaps her box while the scan
  merged a face on her face at over half her size into hers (2048² -> 256², widths 170-190 px
  under noise: found only at 24x28, 0.67, where rule (b) no longer applies); beside her it does
  not overlap; under her small face her face hides it. Since the merge keeps such a face apart
  (below), the cheek layout with a 90 px face is one: 20x24 px for the model, 0.58 with the
  stranger's photo, dropped by rule (b) as "her face" and published (before, the recall gap
  published it). Closed since: where her face is found again at the model's size as her, a second
  small face on it is not hers (plain test below). At 70-80 px the detector misses it.
- rule (a) by blur: Grace Hopper's face under noise and blurred (sigma 6.5 at 1024²) is an
  unconfirmed region for the model (feature norm 7.6) at 0.36 with her photo, dropped as "her
  face" and published; the published picture's face is -0.05 with her photo (0.18 upscaled): no
  likeness by the numbers. The same picture given at 256² is denied.
- the blend trick through an upscale (adversary 20's 18 px stranger inside a 30 % blend of her,
  512² -> 2048²): the enlarged stranger is 0.74 with her photo but 0.34 from the blended face, and
  the blend's own eye region is an ambiguous second face: denied.
- false denials of her own photo: none found among 12 more resizes (2048² -> 256² and 512², 512² -> 1536²
  and 2048², face crops into 512² and 1024x576; Grace Hopper's 512x600 photo, as the granted
  subject, into 256², 256x304, 768x512, 1024x1200, its 2x copy into 256x296, a face crop into
  512²): all allowed. Inpaint, above, is the false failure.
- Pillow's Lanczos downscale is antialiased: per-pixel noise hides a face from the scan at the
  source's size and averages away (adversary 18/20); nothing new here. References are not
  resized (the engine is never handed them) and are scanned at their own size.
"""

from __future__ import annotations


import numpy as np
import pytest
from studio_world import SourceRecorder as _Recorder
from studio_world import png_bytes as _png
from studio_world import source_faces as _faces
from PIL import Image, ImageFilter

from consent import likeness
from consent.errors import ConsentDenied

LANCZOS = Image.Resampling.LANCZOS


def _embedding(person: Image.Image) -> np.ndarray:
    (ref,) = [f.embedding for f in _faces(person)]
    return ref


def _similarities(image: Image.Image, ref: np.ndarray) -> list[float]:
    return [float(np.dot(f.embedding, ref)) for f in _faces(image) if f.embedding is not None]


def _edit(world, engine, source, *, width=256, height=256, **kw):
    return world.studio(engine).generate(world.request(
        mode=kw.pop("mode", "img2img"), engine="diffusion", source=_png(source), strength=0.3, width=width,
        height=height, **kw))


def _denied_or_report(world, engine, source, stranger: np.ndarray, **kw) -> None:
    """The edit is denied before the model runs, nothing written; else an AssertionError that says
    how much of the stranger the model got and the published picture holds (upscaled 4x, as a viewer
    would look at a small face)."""
    try:
        result = _edit(world, engine, source, **kw)
    except ConsentDenied:
        assert engine.sources == [] and world.output_files() == []
        return
    given = max(_similarities(engine.sources[0], stranger), default=0.0)
    published = [Image.open(p).convert("RGB") for p in result.paths if p.is_file()]
    out = max((s for im in published for s in _similarities(im, stranger)), default=0.0)
    up = max((s for im in published for s in _similarities(im.resize((im.width * 4, im.height * 4), LANCZOS), stranger)),
             default=0.0)
    raise AssertionError(f"published {len(published)} picture(s); the model got the stranger at {given:.2f}; the "
                         f"published picture holds her at {out:.2f} ({up:.2f} upscaled 4x)")


# ------------------------------------------------------------------ rule (c): "close to her face in this source"
def _blend(pictures, alpha: float) -> Image.Image:
    """The astronaut's photo (512²) with Grace Hopper's face aligned onto hers (her 5 landmarks) and
    blended in at ``alpha`` under a feathered oval over her face."""
    import cv2

    her, g = _faces(pictures.astronaut())[0], _faces(pictures.grace_hopper())[0]
    m, _ = cv2.estimateAffinePartial2D(np.array(g.landmarks, np.float32), np.array(her.landmarks, np.float32))
    warped = cv2.warpAffine(np.asarray(pictures.grace_hopper()), m, (512, 512), flags=cv2.INTER_LANCZOS4)
    b = her.box
    oval = np.zeros((512, 512), np.float32)
    cv2.ellipse(oval, (int(b.x + b.w / 2), int(b.y + b.h * 0.55)), (int(b.w * 0.48), int(b.h * 0.58)), 0, 0, 360, 1.0, -1)
    oval = cv2.GaussianBlur(oval, (0, 0), b.w * 0.06)[..., None] * alpha
    out = np.asarray(pictures.astronaut()).astype(np.float32) * (1 - oval) + warped.astype(np.float32) * oval
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _hidden_face_under_blend(pictures, hidden: float, shown: float = 0.3) -> Image.Image:
    """1024²: a face 290 px wide under per-pixel noise (sigma 60) -- Grace Hopper's (``hidden`` 1.0)
    or the astronaut's photo with Grace Hopper's face blended in at ``hidden`` -- and over its top-left,
    clean, 130 px of the astronaut's face with Grace Hopper's blended in at ``shown`` (adversary 20's
    layout, whose clean face was the astronaut's own)."""
    src = pictures.noise(512).resize((1024, 1024)).filter(ImageFilter.GaussianBlur(3))
    if hidden >= 1:
        g = pictures.grace_hopper().crop((150, 80, 390, 360))
    else:  # the same framing of the face as the crop of Grace Hopper's photo
        b, k = _faces(pictures.astronaut())[0].box, _faces(pictures.astronaut())[0].box.w / 170
        g = _blend(pictures, hidden).crop((int(b.x - 33 * k), int(b.y - 40 * k), int(b.x + 207 * k), int(b.y + 240 * k)))
    g = g.resize((290, int(g.height * 290 / g.width)), LANCZOS)
    src.paste(g, (512 - g.width // 2, 512 - g.height // 2))
    arr = np.asarray(src).astype(np.float32) + np.random.default_rng(0).normal(0, 60, (1024, 1024, 3))
    src = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    face = _blend(pictures, shown).crop((140, 20, 310, 220))
    src.paste(face.resize((130, int(face.height * 130 / face.width)), LANCZOS), (359, 330))
    return src


def test_a_blend_that_is_still_her_brings_her_face_close_to_the_strangers(pictures):
    """The premise (passes on main): the source as given holds one face, a match for her, though a
    30 % blend with the stranger; the model gets the stranger's face, a match with the stranger's
    own photo, far from her own photo and yet within 0.363 of her face in this source."""
    source = _hidden_face_under_blend(pictures, hidden=1.0)
    (shown,) = _faces(source)
    her, stranger = _embedding(pictures.astronaut()), _embedding(pictures.grace_hopper())
    assert float(np.dot(shown.embedding, her)) >= likeness.MATCH_THRESHOLD
    resized = [f for f in _faces(source.resize((256, 256), LANCZOS)) if f.embedding is not None]
    (given,) = [f for f in resized if float(np.dot(f.embedding, stranger)) >= likeness.MATCH_THRESHOLD]
    assert float(np.dot(given.embedding, her)) < likeness.UNKNOWN_THRESHOLD
    assert float(np.dot(given.embedding, shown.embedding)) >= likeness.UNKNOWN_THRESHOLD


def test_a_strangers_face_near_a_blend_that_passes_for_her_is_denied(stub_world, pictures):
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    _denied_or_report(stub_world, _Recorder(), _hidden_face_under_blend(pictures, hidden=1.0),
                      _embedding(pictures.grace_hopper()), subjects=("jane",))


def test_an_enrolled_persons_morph_near_a_blend_that_passes_for_her_is_denied(stub_world, pictures):
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.add_person("eve", "Eve Roe", photo=pictures.grace_hopper())  # no grant
    source = _hidden_face_under_blend(pictures, hidden=0.85)
    eve = _embedding(pictures.grace_hopper())
    assert likeness.UNKNOWN_THRESHOLD <= max(_similarities(source.resize((256, 256), LANCZOS), eve)) \
        < likeness.MATCH_THRESHOLD
    _denied_or_report(stub_world, _Recorder(), source, eve, subjects=("jane",))


def test_an_enrolled_persons_whole_face_near_a_blend_that_passes_for_her_is_denied(stub_world, pictures):
    """With the stranger's face whole (0.73 with her template) the resized face resolves to her, not
    to nobody: a likeness of its own, denied (she has no grant)."""
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.add_person("eve", "Eve Roe", photo=pictures.grace_hopper())  # no grant
    engine = _Recorder()
    with pytest.raises(ConsentDenied, match="eve"):
        _edit(stub_world, engine, _hidden_face_under_blend(pictures, hidden=1.0), subjects=("jane",))
    assert engine.sources == [] and stub_world.output_files() == []


# ------------------------------------------------------------------ rule (a): the 33rd region is "no confirmed face"
def _contact_sheet(pictures) -> Image.Image:
    """2048²: Grace Hopper's face (340 px crop) under per-pixel noise (sigma 60) in the
    bottom-right 512² block, and 32 clean copies of the astronaut's face (200 px crops, box about
    107x135) -- 31 on a grid of 256 px cells, one over the top-left corner of Grace Hopper's face."""
    side, cell = 2048, 256
    src = pictures.noise(512).resize((side, side)).filter(ImageFilter.GaussianBlur(3))
    g = pictures.grace_hopper().crop((150, 80, 390, 360))
    g = g.resize((340, int(g.height * 340 / g.width)), LANCZOS)
    src.paste(g, (side - 2 * cell + (2 * cell - g.width) // 2, side - 2 * cell + (2 * cell - g.height) // 2))
    arr = np.asarray(src).astype(np.float32) + np.random.default_rng(0).normal(0, 60, (side, side, 3))
    src = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    her = pictures.astronaut().crop((140, 20, 310, 220))
    her = her.resize((200, int(her.height * 200 / her.width)), LANCZOS)
    cells = [(c * cell, r * cell) for r in range(4) for c in range(8)][:31]
    for x, y in cells:
        src.paste(her, (x + (cell - her.width) // 2, y + (cell - her.height) // 2))
    k = 200 / 170  # her face's centre (in her crop: 83, 99.5) at (1690, 1678)
    src.paste(her, (int(1690 - 83 * k), int(1678 - 99.5 * k)))
    return src


def test_a_strangers_face_past_the_scans_region_cap_is_denied(stub_world, pictures):
    """The source holds 32 regions, every one her face (a match); the picture the model gets holds 33,
    Grace Hopper's face (about 60x75 px) the weakest detection: never compared with anyone."""
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.add_person("eve", "Eve Roe", photo=pictures.grace_hopper())  # no grant
    engine = _Recorder()
    try:
        result = _edit(stub_world, engine, _contact_sheet(pictures), width=512, height=512, subjects=("jane",))
    except ConsentDenied:
        assert engine.sources == [] and stub_world.output_files() == []
        return
    (out,) = [Image.open(p).convert("RGB") for p in result.paths]
    eve = _embedding(pictures.grace_hopper())
    # her corner on its own, enlarged 3x (at 60 px, the copy of the astronaut's face over its corner
    # throws the landmarks off; enlarged, 0.70-0.76 with any of these crops)
    crops = [out.crop(box).resize((360, 360), LANCZOS) for box in ((352, 352, 512, 512), (400, 400, 520, 520))]
    alone = max((s for c in crops for s in _similarities(c, eve)), default=0.0)
    raise AssertionError(f"published; Grace Hopper's face, scanned on its own, is {alone:.2f} with her enrolled photo")


# ------------------------------------------------------------------ a small face on her face
def _stranger_on_her_cheek(pictures, width: int = 110, at: tuple[int, int] = (430, 250)) -> Image.Image:
    """1024²: the astronaut's photo (her face box about 190x230) with Grace Hopper's face, ``width``
    px wide (110: about 27 px at 256²) under per-pixel noise (sigma 60), pasted on her right cheek
    (its top-left corner at ``at``)."""
    src = pictures.astronaut().resize((1024, 1024), LANCZOS)
    g = pictures.grace_hopper().crop((150, 80, 390, 360))
    g = g.resize((width, int(g.height * width / g.width)), LANCZOS)
    arr = np.asarray(g).astype(np.float32) + np.random.default_rng(0).normal(0, 60, (g.height, g.width, 3))
    src.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), at)
    return src


def test_a_strangers_small_face_on_her_cheek_is_denied(stub_world, pictures):
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    _denied_or_report(stub_world, _Recorder(), _stranger_on_her_cheek(pictures), _embedding(pictures.grace_hopper()),
                      subjects=("jane",))


def test_a_strangers_small_face_on_her_face_is_found_at_the_models_size(stub_world, pictures):
    """The picture the model got, given at 256² (no resize): the scan holds two faces, hers and the
    stranger's (about 30 px, a match for the stranger's own photo, far from hers), and the edit is
    denied."""
    picture = _stranger_on_her_cheek(pictures).resize((256, 256), LANCZOS)
    her, stranger = _embedding(pictures.astronaut()), _embedding(pictures.grace_hopper())
    faces = sorted(_faces(picture), key=lambda f: -f.box.w)
    assert [f.status for f in faces] == ["face", "face"]
    assert float(np.dot(faces[0].embedding, her)) >= likeness.MATCH_THRESHOLD
    assert float(np.dot(faces[1].embedding, stranger)) >= likeness.UNKNOWN_THRESHOLD
    assert float(np.dot(faces[1].embedding, her)) < likeness.UNKNOWN_THRESHOLD
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    _denied_or_report(stub_world, _Recorder(), picture, stranger, subjects=("jane",))


def test_a_strangers_face_under_24_px_on_her_face_is_denied(stub_world, pictures):
    """A stranger's face 90 px wide on her cheek is 20x24 px for the model, a confirmed face (0.58
    with the stranger's photo) under ``MIN_IDENTIFIABLE_PX``. Rule (b) took it for her face, shrunk,
    and it was published; her own face is found at the model's size too, as her, so a second small
    face on it is someone else's: denied."""
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    _denied_or_report(stub_world, _Recorder(), _stranger_on_her_cheek(pictures, width=90, at=(400, 300)),
                      _embedding(pictures.grace_hopper()), subjects=("jane",))


# ------------------------------------------------------------------ false failures: inpaint at another size
def test_an_inpaint_of_her_own_photo_into_another_size_is_published(stub_world, pictures):
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    mask = Image.new("L", (512, 512), 0)
    mask.paste(255, (0, 300, 200, 512))  # a corner of the background, away from her face
    engine = _Recorder()
    result = _edit(stub_world, engine, pictures.astronaut(), mode="inpaint", mask=_png(mask), subjects=("jane",))
    assert [p.is_file() for p in result.paths] == [True]
    assert [im.size for im in engine.sources] == [(256, 256)]
    # the mask went with the source: the same corner, at the model's size
    assert [m.size for m in engine.masks] == [(256, 256)]
    painted = np.asarray(engine.masks[0]) >= 128
    assert painted[150:, :100].all() and not painted[:150].any() and not painted[:, 100:].any()

"""Red team of session 56 (second pass): structured texture gets a real face past the second opinion's new gates.

``_second_opinion.held`` lets BlazeFace judge a region only when it holds more detail than a 48 px
face (``detail`` >= ``MIN_DETAIL`` = 0.012) and is not noisy (``noise`` <= ``MAX_NOISE`` = 4.0). Both
measures are fooled by texture that is not white noise:

- ``noise`` is Immerkær's estimate, a 3x3 mask that is the outer product of [1, -2, 1] with itself:
  it is *zero* on any pattern that is constant along rows or along columns (scanlines, stripes),
  and small on noise blurred over a pixel or two (film grain, which is what grain filters make);
- ``detail`` counts everything finer than a 48 px copy keeps, so the same grain or scanlines lift
  an enlarged small face (0.003-0.006) to 0.015-0.06.

So the texture re-opens F1 (a small face enlarged) and, with heavier grain, reaches a real photo at
its own resolution: BlazeFace full-range scores a grainy face 0.006-0.23 (it is weak on grain), the
eye-band finder sees no band (the grain is alike over the whole face), the region is left out as
"no human face" and an img2img of an unknown real person is ALLOWED.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from consent import likeness
from consent.likeness import FaceIndex, find_faces, scan
from studio_world import astronaut


def _empty() -> FaceIndex:
    return FaceIndex.from_templates([], np.zeros((0, likeness.EMBEDDING_DIM), np.float32))


def _grain(im: Image.Image, std: float, sigma: float, seed: int) -> Image.Image:
    """Film grain: Gaussian noise blurred by ``sigma`` px, scaled to ``std`` grey levels, added to every channel."""
    import cv2

    n = np.random.default_rng(seed).normal(0, 1, (im.height, im.width)).astype(np.float32)
    n = cv2.GaussianBlur(n, (0, 0), sigma)
    n *= std / n.std()
    return Image.fromarray(np.clip(np.asarray(im, np.float32) + n[:, :, None], 0, 255).astype(np.uint8))


def _scanlines(im: Image.Image, axis: int) -> Image.Image:
    """A CRT / interlace look: every other row (axis 0) or column (axis 1) darkened to 0.88."""
    a = np.asarray(im, np.float32).copy()
    if axis == 0:
        a[::2] *= 0.88
    else:
        a[:, ::2] *= 0.88
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _small(k: float, colours: int | None) -> Image.Image:
    """The astronaut at ``k`` (face 24-30 px) on a grey canvas, k-means quantised to ``colours`` if given
    (tests/security/test_adversary_s56_enlarged_face.py's stylised faces)."""
    import cv2

    photo = astronaut()
    photo = photo.resize((int(photo.width * k), int(photo.height * k)), Image.LANCZOS)
    canvas = Image.new("RGB", (320, 320), (120, 120, 120))
    canvas.paste(photo, (0, 0))
    if colours is None:
        return canvas
    a = np.asarray(canvas)
    cv2.setRNGSeed(0)
    z = a.reshape(-1, 3).astype(np.float32)
    _, lab, cen = cv2.kmeans(z, colours, None, (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0), 2,
                             cv2.KMEANS_PP_CENTERS)
    return Image.fromarray(cen.astype(np.uint8)[lab.ravel()].reshape(a.shape))


def _jpeg(im: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q)
    return Image.open(buf).convert("RGB")


def _picture(case: str) -> Image.Image:
    if case.startswith("photo_grain"):  # the photo itself (616 px: the face's box 108-114 px), heavy film grain
        seed = int(case[-1])
        return _grain(astronaut(616), 24, 1.3, seed)
    if case.startswith("upscaled_grain"):  # a 384 px copy upscaled 1.5x (bilinear), heavy film grain
        seed = int(case[-1])
        return _grain(astronaut(384).resize((576, 576), Image.BILINEAR), 24, 1.3, seed)
    if case == "small_x4_grain":  # the face at 28 % (~25 px) enlarged 4x, light film grain
        return _grain(_small(0.28, None).resize((1280, 1280), Image.BILINEAR), 14, 1.0, 0)
    if case == "small_x4_grain_jpeg75":
        return _jpeg(_small_x4_grain(), 75)
    if case in ("kmeans10_x4.5_scanrows", "kmeans10_x4.5_scancolumns"):
        big = _small(0.28, 10).resize((1440, 1440), Image.LANCZOS)
        return _scanlines(big, 0 if case.endswith("rows") else 1)
    if case == "kmeans12_x4.5_scanrows":
        return _scanlines(_small(0.26, 12).resize((1440, 1440), Image.LANCZOS), 0)
    raise ValueError(case)


def _small_x4_grain() -> Image.Image:
    return _picture("small_x4_grain")


_CASES = ["photo_grain_0", "photo_grain_1", "upscaled_grain_0", "upscaled_grain_1", "small_x4_grain",
          "small_x4_grain_jpeg75", "kmeans10_x4.5_scanrows", "kmeans10_x4.5_scancolumns", "kmeans12_x4.5_scanrows"]


@pytest.fixture(scope="module", autouse=True)
def _model():
    if likeness.second_opinion_error():
        pytest.fail(f"the second opinion's model must be installed: {likeness.second_opinion_error()}")


@pytest.mark.parametrize("case", _CASES)
def test_a_textured_real_face_is_never_left_out(case):
    found = find_faces(_picture(case))
    assert any(f.status == "face" and min(f.box.w, f.box.h) >= likeness.MIN_DISMISS_PX for f in found.faces)
    plain = scan(None, _empty(), faces=found)
    assert plain, "the face denies without the second opinion"
    left_out: list = []
    kept = scan(None, _empty(), faces=found, second_opinion=True, left_out=left_out)
    assert len(kept) == len(plain), f"a real person's face was left out as 'no human face': " \
                                    f"{[lk.extra.get('left_out') for lk in left_out]}"


def test_img2img_of_a_grainy_unknown_person_is_denied(stub_world):
    from consent.errors import ConsentDenied

    picture = _picture("photo_grain_0")
    path = stub_world.save(picture, "film_look.png")
    with pytest.raises(ConsentDenied):
        stub_world.studio().generate(stub_world.request(prompt="same portrait, warmer light", engine="diffusion",
                                                        mode="img2img", source=path, width=picture.width,
                                                        height=picture.height))
    assert stub_world.engine.calls == 0

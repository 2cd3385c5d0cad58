"""verify's copy check, region by region (red team 31: a face swapped into a stripped copy of a
consented output was vouched for as that output, the whole frame still resembling it at 0.92).

``creator.verify.resemblance(..., changed=True)`` also gives the largest departure of a region of
the copy from the original once the copy's tone curve is taken out. Copies that change the whole
picture (re-encoded, resized, recoloured, sharpened, blurred, noisy) stay under
``COPY_MAX_LOCAL_CHANGE`` and keep their fine detail's agreement with the original's at or above
``COPY_MIN_DETAIL`` (red team 32: a face swap that keeps the coarse shading); a region replaced by
something else does not.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from creator.verify import COPY_MAX_LOCAL_CHANGE, COPY_MIN_DETAIL, COPY_MIN_RESEMBLANCE, resemblance


def _photo(name: str) -> Image.Image:
    from skimage import data

    return Image.fromarray(getattr(data, name)()).convert("RGB").resize((512, 512), Image.BICUBIC)


def _jpeg(im: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q)
    return Image.open(buf).convert("RGB")


def _gamma(im: Image.Image, g: float) -> Image.Image:
    return Image.fromarray((255 * (np.asarray(im) / 255.0) ** g).astype(np.uint8))


def _noise(im: Image.Image, sigma: float) -> Image.Image:
    a = np.asarray(im) + np.random.default_rng(0).normal(0, sigma, np.asarray(im).shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


COPIES = {
    "jpeg-q10": lambda im: _jpeg(im, 10),
    "quarter-size-and-back": lambda im: im.resize((128, 128)).resize((512, 512)),
    "brighter": lambda im: ImageEnhance.Brightness(im).enhance(1.3),
    "more-contrast": lambda im: ImageEnhance.Contrast(im).enhance(1.6),
    "gamma-0.5": lambda im: _gamma(im, 0.5),
    "gamma-2": lambda im: _gamma(im, 2.0),
    "grey": lambda im: ImageOps.grayscale(im).convert("RGB"),
    "saturated": lambda im: ImageEnhance.Color(im).enhance(2.0),
    "blurred": lambda im: im.filter(ImageFilter.GaussianBlur(2)),
    "sharpened": lambda im: im.filter(ImageFilter.UnsharpMask(3, 200)),
    "noisy": lambda im: _noise(im, 12),
    "posterised": lambda im: ImageOps.posterize(im, 3),
    "equalised": lambda im: ImageOps.equalize(im),
    "cropped": lambda im: im.crop((40, 30, 480, 500)),
    "half-size": lambda im: im.resize((256, 256)),
}


@pytest.mark.parametrize("photo", ["astronaut", "coffee", "chelsea", "rocket", "camera"])
def test_a_copy_of_the_whole_picture_is_not_called_changed(photo):
    original = _photo(photo)
    for name, make in COPIES.items():
        copy = make(original)
        scale = copy.width / original.width if name == "half-size" else 1.0
        score, change, detail = resemblance(np.asarray(copy), np.asarray(original), scale, 0.0, changed=True)
        assert score >= COPY_MIN_RESEMBLANCE and change <= COPY_MAX_LOCAL_CHANGE, (photo, name, score, change)
        assert detail >= COPY_MIN_DETAIL, (photo, name, detail)


@pytest.mark.parametrize("where", [(200, 120), (40, 300), (330, 330)])
def test_a_region_replaced_by_another_picture_is_called_changed(where):
    original = _photo("astronaut")
    copy = original.copy()
    copy.paste(_photo("coffee").resize((140, 160)), where)  # about a face's share of a portrait
    score, change, _detail = resemblance(np.asarray(copy), np.asarray(original), 1.0, 0.0, changed=True)
    assert score >= COPY_MIN_RESEMBLANCE  # the whole still resembles: the old rule vouched for it
    assert change > COPY_MAX_LOCAL_CHANGE, change


def test_the_original_side_kept_with_its_coarse_picture_follows_that_original():
    """verify keeps each original's side of the region rules (its blurs, levels, fine detail) with
    its coarse picture (``creator.verify._Original``, in ``_COARSE`` by the original's digest), computed
    for the first copy and reused for the next ones. Copies of two originals compared in turn, twice
    (the second round on kept sides), a crop (it lies on part of its original: that part's side is
    computed afresh) and a region pasted in give exactly the values a comparison that keeps nothing
    gives; the resemblance to rounding (its correlation's sums depend on where the array lies in memory)."""
    from creator.verify import _coarse, _Original

    a, b = _photo("astronaut"), _photo("coffee")
    kept = {"a": _Original(_coarse(np.asarray(a))), "b": _Original(_coarse(np.asarray(b)))}
    pasted = a.copy()
    pasted.paste(b.resize((140, 160)), (200, 120))
    copies = [("a", a, COPIES["jpeg-q10"](a), 1.0), ("b", b, COPIES["brighter"](b), 1.0), ("a", a, pasted, 1.0),
              ("b", b, COPIES["cropped"](b), 1.0), ("a", a, COPIES["half-size"](a), 0.5), ("b", b, b, 1.0),
              ("a", a, b, 1.0)]  # the last: another picture, compared with a's kept side
    for _round in range(2):
        for name, original, copy, scale in copies:
            fresh = resemblance(np.asarray(copy), np.asarray(original), scale, 0.0, changed=True)
            again = resemblance(np.asarray(copy), kept[name], scale, 0.0, changed=True)
            assert again[1:] == fresh[1:], (name, fresh, again)
            assert abs(again[0] - fresh[0]) < 1e-12, (name, fresh, again)
    assert kept["a"].side() is kept["a"].side() and kept["a"].side() is not kept["b"].side()
    assert kept["a"].side().o is kept["a"][0]

"""verify's copy check on a resized copy whose scale the watermark reads a little off.

The mark's scale is read to about 0.1-0.3 %. A stripped copy of an output shrunk to 0.6× and
cropped (what a platform does) has a side of 234.3 coarse pixels at the true scale; a read
0.1 % low gave 235, the fine texture then drifted off the original towards the sides, and an
honest copy was refused as "a region was changed" (0.57-0.61 against a limit of 0.45) in about
one run in eight of the public verify page's browser test, whose watermark key is new each run.
The copy check now tries the sizes the reading's error allows and judges the one that lies best
on the original. A face pasted over part of a photo output is still a change at every one of those scales.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from creator.verify import COPY_MAX_LOCAL_CHANGE, COPY_MIN_DETAIL, COPY_MIN_RESEMBLANCE, resemblance

TRUE_SCALE = 307 / 512  # int(512 * 0.6)
#: scales the watermark may read for that copy: 0.3 % low to 0.3 % high (0.5989 was seen)
READS = [TRUE_SCALE * f for f in (0.997, 0.998, 0.9988, 0.9995, 1.0, 1.0005, 1.0012, 1.002, 1.003)]


def _grain(seed: int = 11, side: int = 512) -> Image.Image:
    """A fine-textured picture (noise blurred at σ 1.5: a photo's grain, the test pipeline's kind)."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8)).filter(ImageFilter.GaussianBlur(1.5))


def _output(seed: int) -> Image.Image:
    """The grain under the studio's visible label (its sharp text is where a drift shows most)."""
    from creator.disclosure.label import apply_label

    return apply_label(_grain(seed))[0]


def _shared_copy(original: Image.Image) -> np.ndarray:
    """0.6× bilinear, cropped, JPEG q80: the public verify page's browser test's copy."""
    small = original.resize((307, 307), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    small.crop((9, 14, small.width - 17, small.height - 6)).save(buf, "JPEG", quality=80)
    return np.asarray(Image.open(buf).convert("RGB"))


@pytest.mark.parametrize("seed", [11, 12])
@pytest.mark.parametrize("read", READS, ids=lambda s: f"read-{s:.4f}")
def test_a_resized_copy_is_vouched_for_at_any_scale_the_mark_may_read(seed, read) -> None:
    original = _output(seed)
    score, change, detail = resemblance(_shared_copy(original), np.asarray(original), read, 0.0, changed=True)
    assert score >= COPY_MIN_RESEMBLANCE
    assert change <= COPY_MAX_LOCAL_CHANGE, f"an honest copy read at scale {read:.4f} called changed ({change:.2f})"
    assert detail >= COPY_MIN_DETAIL


def _photo_output() -> Image.Image:
    """A photo (a café table, no person) under the studio's visible label."""
    from skimage import data

    from creator.disclosure.label import apply_label

    return apply_label(Image.fromarray(data.coffee()).resize((512, 512), Image.Resampling.BICUBIC))[0]


@pytest.mark.parametrize("read", READS, ids=lambda s: f"read-{s:.4f}")
def test_a_resized_copy_of_a_photo_is_vouched_for_and_a_face_pasted_on_it_is_not(read) -> None:
    from skimage import data

    original = _photo_output()
    score, change, detail = resemblance(_shared_copy(original), np.asarray(original), read, 0.0, changed=True)
    assert score >= COPY_MIN_RESEMBLANCE and change <= COPY_MAX_LOCAL_CHANGE and detail >= COPY_MIN_DETAIL
    edited = original.copy()
    face = Image.fromarray(data.astronaut()[20:240, 140:360]).resize((120, 120), Image.Resampling.BICUBIC)
    edited.paste(face, (200, 180))  # another picture's face pasted over a part of the output
    score, change, detail = resemblance(_shared_copy(edited), np.asarray(original), read, 0.0, changed=True)
    assert score >= COPY_MIN_RESEMBLANCE  # the rest of the picture is the output's
    assert change > COPY_MAX_LOCAL_CHANGE or detail < COPY_MIN_DETAIL, (
        f"a pasted face vouched for at scale {read:.4f} (change {change:.2f}, detail {detail:.2f})")

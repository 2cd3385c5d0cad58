"""The public page reads a picture stored turned (EXIF Orientation) twice when the first read
finds no mark: as shown, then as stored (red team 26). Red team 27: that second read was free,
so a tag added to any upload doubled the work per request under the same rate limit. It is
charged now as one more request of the same size."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from creator.ui.public import PublicLimits, TokenBucket, _Service


def _photo(orientation: int) -> bytes:
    rng = np.random.default_rng(7)
    im = Image.fromarray(rng.integers(0, 255, (96, 128, 3), dtype=np.uint8))  # carries no mark of ours
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def _tokens_spent(world, data: bytes) -> float:
    bucket = TokenBucket(burst=50, per_minute=0.0001)
    _Service(world.settings, world.registry, PublicLimits(), bucket).verify(data, "198.51.100.9")
    tokens, _ = bucket._buckets.get("198.51.100.9", (50.0, 0.0))  # the route admits its one token before
    return 50 - tokens


def test_a_turned_upload_read_twice_is_charged_twice(stub_world):
    assert _tokens_spent(stub_world, _photo(1)) < 0.01  # an upright one: nothing past the route's token
    assert 0.99 < _tokens_spent(stub_world, _photo(6)) < 1.01  # its second read: one more request

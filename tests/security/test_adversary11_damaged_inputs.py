"""Adversary 11: damaged input images (a byte flipped here and there, a file cut short).

HELD: 1,050 damaged copies of one picture in seven formats (PNG, baseline and progressive JPEG,
WebP, GIF, TIFF, BMP; 1 to 8 random bytes changed, three in ten also truncated; fixed seed)
are each either a valid input whose canonical pixels open, or refused with an ``InputError``
naming the field — never another exception (which the UI would show as an internal error).
"""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from creator.errors import InputError
from creator.request import InputImage
from studio_world import astronaut

_FORMATS = [("PNG", {}), ("JPEG", {"quality": 80}), ("JPEG", {"progressive": True}), ("WEBP", {}), ("GIF", {}),
            ("TIFF", {}), ("BMP", {})]


@pytest.mark.parametrize("fmt,options", _FORMATS, ids=[f"{f}-{i}" for i, (f, _o) in enumerate(_FORMATS)])
def test_a_damaged_image_is_an_input_or_an_input_error(fmt, options):
    buf = io.BytesIO()
    astronaut(128).save(buf, fmt, **options)
    data = buf.getvalue()
    rng = random.Random(f"{fmt}{sorted(options.items())}")
    outcomes = {"opened": 0, "refused": 0}
    for _ in range(150):
        d = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            d[rng.randrange(len(d))] = rng.randrange(256)
        if rng.random() < 0.3:
            d = d[:rng.randrange(len(d))]
        try:
            image = InputImage("source", bytes(d))
            assert isinstance(image.open(), Image.Image)
            outcomes["opened"] += 1
        except InputError as e:
            assert str(e).startswith("`source`"), str(e)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0  # the damage was real

"""Red team 32: decompression bombs ``verify`` still decodes past ``consent.imaging.check_pixels``.

Red team 31's fix reads a PNG's or JPEG's declared size from its header (``declared_size``) and
refuses more than 40 MP before anything is decoded. ``declared_size`` reads a PNG's ``IHDR`` only
when it is the first chunk, and walks a JPEG's markers differently from Pillow and libjpeg:

* a PNG whose first chunk is a ``tEXt`` (``IHDR`` second) declares nothing to it; Pillow reads the
  ``IHDR`` wherever it is and decodes the picture;
* a stuffed ``FF 00`` right after ``SOI`` is read by the walk as a segment whose length is the next
  two bytes (the ``APP0`` marker, 65504), which jumps past the frame header; Pillow and libjpeg skip
  the two bytes and decode the picture.

Either is the red team 31 file (a flat 6400x6400 picture, 135 KB as PNG, 640 KB as JPEG) that
verify now refuses with one extra chunk or two extra bytes; verify decodes it again (1.5 GB of
arrays at its peak, 10 s of CPU, measured by red team 31) for a FAIL.

Secure behaviour asserted: as red team 31's test, verifying such a file stays under half a
gigabyte of arrays (a refusal from the header costs a few MB).
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib

import pytest
from PIL import Image

from consent import imaging
from creator.verify import verify

SIDE = 6400


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _flat(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (SIDE, SIDE), (120, 130, 140)).save(buf, fmt, **({"quality": 50} if fmt == "JPEG" else {}))
    return buf.getvalue()


def png_text_first() -> bytes:
    png = _flat("PNG")
    return png[:8] + _chunk(b"tEXt", b"Comment\0hello") + png[8:]


def jpeg_stuffed_first() -> bytes:
    jpeg = _flat("JPEG")
    return jpeg[:2] + b"\xff\x00" + jpeg[2:]


def test_premise_pillow_reads_both_files_at_full_size():
    """Plain probe: both files are ordinary to Pillow (6400x6400), and the untouched ones are refused."""
    for data in (png_text_first(), jpeg_stuffed_first()):
        with Image.open(io.BytesIO(data)) as im:
            assert im.size == (SIDE, SIDE)
    for fmt in ("PNG", "JPEG"):
        with pytest.raises(imaging.ImageInvalid, match="pixels"):
            imaging.check_pixels(_flat(fmt))


@pytest.mark.parametrize("make", [png_text_first, jpeg_stuffed_first], ids=["png-text-before-ihdr", "jpeg-ff00-after-soi"])
def test_verify_of_a_huge_picture_with_its_size_hidden_from_the_header_check_stays_cheap(stub_world, tmp_path, make):
    data = make()
    path = tmp_path / ("big.png" if data.startswith(b"\x89PNG") else "big.jpg")
    path.write_bytes(data)
    tracemalloc.start()
    try:
        report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not report.ok
    assert peak < 512 * 2**20, f"verify held {peak / 2**20:.0f} MB of arrays for a {len(data)} byte file"

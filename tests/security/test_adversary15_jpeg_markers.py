"""Adversary 15: the JPEG scan cap counts scans, but the walk that counts them — and Pillow's
own header parse before it — costs a Python step per marker segment, and nothing caps those.

``consent.imaging.jpeg_scans`` walks every marker of the file in a Python loop (one regex
search and a few slices per segment) before anything is decoded, and Pillow's ``JpegImageFile``
then parses every segment before SOS in Python again (keeping each COM/APPn payload in
``applist``). An empty comment segment is 4 bytes (``FF FE 00 02``), so the public page's
16 MB upload limit holds 4 million of them and ``consent.imaging.MAX_BYTES`` (40 MB) 10 million,
in front of a 64x64 picture that is charged one token.

Measured here (nice 5, shared 2-core machine, one process): 10 M empty COM segments (40 MB):
``jpeg_scans`` 2.6 s per 10 MB (about 10 s at 40 MB), Pillow's open 2.05 s per 10 MB;
``imaging.decode`` of the whole 41 MB file 24.6 s CPU and 820 MB peak RSS, accepted, where a
12 MP quality-90 camera-like JPEG of 8.7 MB decodes in 0.21 s in the same run (about 100x). At the
public page's 16 MB: about 8 s of CPU and 300 MB per anonymous upload, charged as 64x64 pixels
(the charge runs after both walks). An ordinary camera JPEG has under 20 segments.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from consent import imaging
from consent.errors import ImageInvalid


def _small_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (120, 30, 40)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _with_comments(n: int) -> bytes:
    j = _small_jpeg()
    return j[:2] + b"\xff\xfe\x00\x02" * n + j[2:]  # SOI, n empty COM segments, the rest of the JPEG


def test_premise_an_ordinary_jpeg_with_a_few_segments_decodes():
    im = imaging.decode(_with_comments(5))
    assert im.format == "JPEG" and im.pixels.shape == (64, 64, 3)


def test_a_jpeg_of_a_million_empty_segments_is_refused_before_it_is_walked():
    data = _with_comments(1_000_000)
    assert len(data) < 16 * 1024 * 1024  # within the public page's upload limit
    with pytest.raises(ImageInvalid):
        imaging.decode(data)


def _png_with_chunks(n: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes = b"") -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buf, "PNG")
    p = buf.getvalue()
    return p[:33] + chunk(b"prVt") * n + p[33:]  # signature + IHDR, n empty private ancillary chunks, the rest


def test_a_png_of_a_million_empty_chunks_is_refused_before_it_is_parsed():
    data = _png_with_chunks(1_000_000)
    assert len(data) < 16 * 1024 * 1024
    with pytest.raises(ImageInvalid):
        imaging.decode(data)

"""Red team 31: an EXIF block whose tags all point at the same bytes (a quadratic memory bomb).

``consent.imaging`` reads every input's EXIF ``Orientation`` (``im.getexif()``) to turn the picture
upright. Pillow's EXIF reader copies *every* tag's data into memory when the directory is read,
not only the tag asked for. A directory of N entries (12 bytes each), every one a distinct tag of
type UNDEFINED whose data is the whole EXIF block itself (offset 1, the block's length), makes
Pillow copy the block N times: N² × 12 bytes from a file of N × 12 bytes. PNG (``eXIf``) and WebP
(``EXIF``) chunks have no size limit of their own (only the 40 MiB file cap).

Measured on main (the 64x64 picture itself is nothing):
- 8,000 entries: a 96 KB PNG source, 0.74 GB held while decoding (0.6 s); the same block in a
  WebP's EXIF chunk, 0.73 GB; a JPEG's APP1 segment caps the block at 64 KB: 5,400 entries, a 65 KB
  JPEG, 0.33 GB (``verify`` of that JPEG holds 0.34 GB too: Pillow reads a JPEG's EXIF on open, for
  its dpi);
- 65,535 entries (the most one directory holds): a 787 KB PNG asks for 51 GB; with a 40 MiB file the
  block is 40 MB and the same directory asks for 2.6 TB. The reader's ``except Exception`` in
  ``imaging._orientation`` would treat a MemoryError as "no orientation", but the kernel's OOM
  killer ends the studio (or its neighbour) first.

It is the decode of every input of generation (source, mask, references) and of enrollment photos,
before any consent check runs, so any user allowed to upload a picture reaches it.

Secure behaviour asserted: decoding such a source, through the governed entry point, holds memory
in proportion to the file (here: under 64 MB of Python allocations for a 96 KB upload).
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib

import pytest
from PIL import Image


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def exif_bomb(entries: int) -> bytes:
    """A little-endian TIFF header and one directory of ``entries`` tags (1, 2, …), each of type
    UNDEFINED whose data is the block from offset 1 to its end."""
    size = 8 + 2 + 12 * entries + 4
    rows = b"".join(struct.pack("<HHLL", tag, 7, size - 1, 1) for tag in range(1, entries + 1))
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", entries) + rows + struct.pack("<I", 0)


def png_with_exif(exif: bytes, side: int = 64) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (side, side), (90, 100, 110)).save(buf, "PNG")
    png = buf.getvalue()
    return png[:33] + _chunk(b"eXIf", exif) + png[33:]


def test_an_exif_block_of_overlapping_tags_costs_memory_in_proportion_to_the_file(stub_world):
    data = png_with_exif(exif_bomb(8000))
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        try:
            stub_world.studio().generate(stub_world.request(
                mode="img2img", engine="diffusion", source=data, strength=0.3))
        except Exception:  # noqa: BLE001 - a refusal of the file is fine; only the cost is asserted
            pass  # (on main the edit is published: the picture itself is a plain 64x64 grey)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"a {len(data)} byte upload held {peak / 2**20:.0f} MB while it was decoded"

"""Red team 32: EXIF memory bombs that ``consent.imaging.check_exif`` (red team 31's fix) lets through.

The fix computes what Pillow copies to read an EXIF block's first directory and refuses a block
whose tags point at the same bytes over and over. It misses three ways Pillow reads such a block:

* ``exif_read_cost`` knows two TIFF headers (``II*\\0``, ``MM\\0*``); Pillow's TIFF reader also takes
  ``II\\0*`` and ``MM*\\0`` ("invalid TIFF header, assume little/big-endian") and reads the
  directory the same way, so the cost is computed as 0;
* ``exif_blocks`` walks a JPEG's markers differently from Pillow: it reads a stuffed ``FF 00``
  between segments as a segment with a length (Pillow skips the two bytes, and so does libjpeg)
  and stops at an ``EOI`` (Pillow reads on until the first scan), so an ``APP1 Exif`` segment
  after either is never found;
* a JPEG's ``APP2 MPF`` segment (the MPO index) is a TIFF directory Pillow reads with the same
  reader as it opens *every* JPEG (``JpegImagePlugin.jpeg_factory`` → ``_getmp``); it is not looked at.

Each file below is under 75 KB and made Pillow copy 184-287 MB while the studio's decode opened it
(tracemalloc); the copies grow with the square of the block, and Pillow joins a JPEG's ``APP1 Exif``
segments, so a file of several segments costs gigabytes. The same files with a standard header or
without the trick are refused at once by the fix (the control).

Secure behaviour asserted: opening a file of less than 100 KB costs well under 64 MB (a refusal, as
for red team 31's bomb, costs nothing).
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib

import pytest
from PIL import Image

from consent import imaging

LIMIT = 64 * 2**20


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def tiff_bomb(entries: int, head: bytes = b"II*\x00", end: str = "<") -> bytes:
    """A TIFF header and one directory of ``entries`` UNDEFINED tags, each whose data is the block
    from offset 1 to its end (red team 31's bomb, with a choice of header)."""
    size = 8 + 2 + 12 * entries + 4
    rows = b"".join(struct.pack(end + "HHLL", tag, 7, size - 1, 1) for tag in range(1, entries + 1))
    return head + struct.pack(end + "I", 8) + struct.pack(end + "H", entries) + rows + struct.pack(end + "I", 0)


def png_with_exif(exif: bytes, side: int = 64) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (side, side), (90, 100, 110)).save(buf, "PNG")
    png = buf.getvalue()
    return png[:33] + _chunk(b"eXIf", exif) + png[33:]


def plain_jpeg(side: int = 64) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (side, side), (90, 100, 110)).save(buf, "JPEG")
    return buf.getvalue()


def segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">HH", marker, len(body) + 2) + body


def _peak_of_load(data: bytes) -> int:
    tracemalloc.start()
    try:
        try:
            imaging.load(data, field="source")
        except imaging.ImageInvalid:
            pass  # a refusal is fine; only the cost is asserted
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_premise_the_fix_refuses_the_same_blocks_with_a_standard_header():
    """Plain probe: the control. The same bombs, standard header / no trick, are refused at once."""
    with pytest.raises(imaging.ImageInvalid, match="EXIF"):
        imaging.load(png_with_exif(tiff_bomb(4000)), field="source")
    jpeg = plain_jpeg()
    with pytest.raises(imaging.ImageInvalid, match="EXIF"):
        imaging.load(jpeg[:2] + segment(0xFFE1, b"Exif\0\0" + tiff_bomb(5000)) + jpeg[2:], field="source")


@pytest.mark.parametrize("head,end", [(b"II\x00\x2a", "<"), (b"MM\x2a\x00", ">")], ids=["II-00-2A", "MM-2A-00"])
def test_an_exif_bomb_behind_a_swapped_tiff_magic_is_refused_before_it_is_read(stub_world, head, end):
    data = png_with_exif(tiff_bomb(4000, head, end))
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        try:
            stub_world.studio().generate(stub_world.request(
                mode="img2img", engine="diffusion", source=data, strength=0.3))
        except Exception:  # noqa: BLE001 - a refusal of the file is fine; only the cost is asserted
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < LIMIT, f"a {len(data)} byte upload (EXIF header {head!r}) held {peak / 2**20:.0f} MB while it was decoded"


@pytest.mark.parametrize("trick", ["stuffed-ff00", "eoi-first"])
def test_an_exif_bomb_after_a_marker_the_walk_misreads_is_refused(trick):
    jpeg = plain_jpeg()
    app1 = segment(0xFFE1, b"Exif\0\0" + tiff_bomb(5000))
    if trick == "stuffed-ff00":
        # exif_blocks reads FF 00 as a segment whose length is the next two bytes (FF E1 = 65505) and
        # jumps over the APP1; Pillow and libjpeg skip FF 00. A comment of zeros is where it lands.
        data = jpeg[:2] + b"\xff\x00" + app1 + segment(0xFFFE, b"\0" * 12000) + jpeg[2:]
    else:
        data = jpeg[:2] + b"\xff\xd9" + app1 + jpeg[2:]  # Pillow reads markers on past an EOI
    assert len(data) < 100_000
    peak = _peak_of_load(data)
    assert peak < LIMIT, f"a {len(data)} byte JPEG ({trick}) held {peak / 2**20:.0f} MB while it was opened"


def test_an_mpo_index_bomb_is_refused_before_it_is_read():
    jpeg = plain_jpeg()
    data = jpeg[:2] + segment(0xFFE2, b"MPF\0" + tiff_bomb(5000)) + jpeg[2:]
    assert len(data) < 100_000
    peak = _peak_of_load(data)
    assert peak < LIMIT, f"a {len(data)} byte JPEG (APP2 MPF) held {peak / 2**20:.0f} MB while it was opened"


def test_the_public_verify_page_refuses_an_exif_bomb_before_reading_it(stub_world, tmp_path):
    """The same bomb through ``creator.ui.public.verify_upload``: anyone, without signing in. The cost
    grows with the square of the block: a 1 MB eXIf chunk (the public page takes 16 MB) would
    make Pillow copy about 69 GB (65,535 tags of 1 MB each: ``exif_read_cost`` of the block with a
    standard header; not run)."""
    from creator.errors import InputError
    from creator.ui.public import PublicLimits, verify_upload

    data = png_with_exif(tiff_bomb(4000, b"II\x00\x2a", "<"))
    tracemalloc.start()
    try:
        try:
            verify_upload(data, tmp_path / "upload.png", settings=stub_world.settings,
                          registry=stub_world.registry, limits=PublicLimits())
        except InputError:
            pass  # a refusal is fine
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < LIMIT, f"a {len(data)} byte public upload held {peak / 2**20:.0f} MB"


def exif_sub_ifd_bomb(entries: int) -> bytes:
    """A first directory of two inline tags (Orientation 6: a phone photo held upright; the Exif
    sub-directory's offset) and a sub-directory of ``entries`` UNDEFINED tags each pointing at the
    block from offset 1 to its end. ``exif_read_cost`` counts the first directory only: 0."""
    sub = 8 + 2 + 12 * 2 + 4
    size = sub + 2 + 12 * entries + 4
    ifd0 = struct.pack("<H", 2) + struct.pack("<HHLHH", 0x0112, 3, 1, 6, 0) + struct.pack("<HHLL", 0x8769, 4, 1, sub)
    rows = b"".join(struct.pack("<HHLL", 0x9000 + t, 7, size - 1, 1) for t in range(entries))
    return b"II*\x00" + struct.pack("<I", 8) + ifd0 + struct.pack("<I", 0) + struct.pack("<H", entries) + rows + struct.pack("<I", 0)


def test_the_verify_tabs_thumbnail_of_an_exif_sub_directory_bomb_stays_cheap(tmp_path):
    """The signed-in Verify tab shows a thumbnail (``creator.ui.visuals.thumbnail_data_uri``) of the
    file it verified; the thumbnail is turned with ``ImageOps.exif_transpose``, which rewrites the
    EXIF and so reads the Exif sub-directory (``Exif.tobytes`` → ``get_ifd(0x8769)``). Measured:
    a 10 KB file 42 MB, a 24 KB file 260 MB and 95 s of CPU; it grows with the square of the file."""
    from creator.ui.visuals import thumbnail_data_uri

    jpeg = plain_jpeg()
    data = jpeg[:2] + segment(0xFFE1, b"Exif\0\0" + exif_sub_ifd_bomb(800)) + jpeg[2:]
    assert len(data) < 12_000
    imaging.check_untrusted(data)  # the fix's checks pass it (the first directory costs nothing)
    path = tmp_path / "phone.jpg"
    path.write_bytes(data)
    tracemalloc.start()
    try:
        thumbnail_data_uri(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20, f"the thumbnail of a {len(data)} byte file held {peak / 2**20:.0f} MB"

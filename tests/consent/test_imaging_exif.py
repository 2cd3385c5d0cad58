"""EXIF memory bombs and declared-size bombs, in every container the studio reads (red team 31).

An EXIF directory whose tags all point at the same bytes makes Pillow copy the block once per tag
when it reads the directory (for a JPEG, as it opens the file). ``consent.imaging.check_exif``
computes that cost from the directory and refuses such a file before Pillow sees it; an ordinary
camera block passes, and its Orientation still turns the picture.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from consent import imaging
from consent.errors import ImageInvalid


def _bomb(entries: int) -> bytes:
    size = 8 + 2 + 12 * entries + 4
    rows = b"".join(struct.pack("<HHLL", tag, 7, size - 1, 1) for tag in range(1, entries + 1))
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", entries) + rows + struct.pack("<I", 0)


def _camera_exif(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Camera maker of a long name " * 4  # out-of-line ASCII
    exif[0x0110] = "Model X"
    exif[0x0131] = "Firmware 1.2.3"
    exif[0x011A] = 72.0
    exif[0x011B] = 72.0
    return exif.tobytes()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png(exif: bytes | None = None, *, raw_profile: bytes | None = None, side: int = 64) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (side, side // 2), (90, 100, 110)).save(buf, "PNG")
    png = buf.getvalue()
    extra = b""
    if exif is not None:
        extra += _chunk(b"eXIf", exif)
    if raw_profile is not None:
        hexed = raw_profile.hex()
        text = f"\nexif\n{len(raw_profile)}\n" + "\n".join(hexed[i:i + 72] for i in range(0, len(hexed), 72))
        extra += _chunk(b"zTXt", b"Raw profile type exif\x00\x00" + zlib.compress(text.encode()))
    return png[:33] + extra + png[33:]


def _declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width``×``height`` (its data is never decoded)."""
    png = _png()
    ihdr = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr) & 0xFFFFFFFF) + png[33:]


def _jpeg(exif: bytes, parts: int = 1) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 32), (90, 100, 110)).save(buf, "JPEG")
    jpg = buf.getvalue()
    step = -(-len(exif) // parts)
    segments = b""
    for i in range(parts):  # Pillow joins every APP1 Exif segment before the scan into one block
        body = b"Exif\x00\x00" + exif[i * step:(i + 1) * step]
        segments += b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return jpg[:2] + segments + jpg[2:]


def _webp(exif: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 32), (90, 100, 110)).save(buf, "WEBP", exif=exif)
    return buf.getvalue()


@pytest.mark.parametrize("make", [
    pytest.param(lambda e: _png(e), id="png-eXIf"),
    pytest.param(lambda e: _png(raw_profile=e), id="png-raw-profile-text"),
    pytest.param(lambda e: _jpeg(e[:60_000]), id="jpeg-app1"),
    pytest.param(lambda e: _jpeg(e, parts=3), id="jpeg-app1-in-three-segments"),
    pytest.param(lambda e: _webp(e), id="webp-EXIF"),
])
def test_an_exif_block_read_many_times_over_is_refused_before_pillow_reads_it(make):
    data = make(_bomb(8000))
    with pytest.raises(ImageInvalid, match="EXIF block of .* bytes whose tags would take .* a memory bomb"):
        imaging.decode(data, field="source")


@pytest.mark.parametrize("make", [
    pytest.param(lambda e: _png(e), id="png"), pytest.param(lambda e: _jpeg(e), id="jpeg"),
    pytest.param(lambda e: _webp(e), id="webp"),
])
def test_a_camera_exif_block_passes_and_its_orientation_still_turns_the_picture(make):
    img = imaging.decode(make(_camera_exif(6)), field="source")
    assert img.orientation == 6 and img.pixels.shape[:2] == (64, 32)  # stored 64 wide, shown turned


def test_verify_refuses_an_exif_bomb_and_a_huge_declared_picture_unread(tmp_path):
    import datetime as dt

    from creator.verify import verify_bytes

    now = dt.datetime.now(dt.timezone.utc)
    for name, data in (("bomb.jpg", _jpeg(_bomb(5000))), ("big.png", _declaring(9000, 9000))):
        report = verify_bytes(data, tmp_path / name, settings=None, registry=None, now=now)
        assert not report.ok and report.c2pa_state == "Unreadable", (name, report.reasons)
        assert any("memory bomb" in r or "decompression bomb" in r for r in report.reasons), report.reasons


def test_declared_size_reads_png_and_jpeg_headers_only():
    assert imaging.declared_size(_png(side=100)) == (100, 50)
    assert imaging.declared_size(_declaring(9000, 7000)) == (9000, 7000)
    assert imaging.declared_size(_jpeg(_camera_exif())) == (64, 32)
    assert imaging.declared_size(b"not an image") is None


@pytest.mark.parametrize("head", [b"II*\x00", b"II\x00*"], ids=["standard", "swapped-magic"])
def test_pillows_directory_reader_itself_refuses_a_bomb_in_any_container(head):
    """The backstop (consent.imaging._guard_directories): whatever header or segment a file hides
    a directory in, Pillow's reader costs it before copying anything (red team 32)."""
    import tracemalloc

    block = head + _bomb(8000)[4:]
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="TIFF directory would copy"):
            Image.Exif().load(block)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, peak

"""Red team (round of the OpenCV PNG path in verify): crafted PNGs against ``_png_rgb8``.

verify now decodes plain 8-bit RGB PNGs with OpenCV's libpng instead of Pillow. A file
whose chunks lie about their length, or that the two decoders read differently, must not
cost the server seconds nor give the watermark reader other pixels than Pillow shows.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.verify import _png_rgb8, verify_bytes

_SIG = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) if crc is None else crc)


def _ihdr(w: int, h: int) -> bytes:
    return _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))


_RNG = np.random.default_rng(4)
_A = _RNG.integers(0, 256, (64, 64, 3), dtype=np.uint8)
_B = _RNG.integers(0, 256, (64, 64, 3), dtype=np.uint8)


def _raw(a: np.ndarray) -> bytes:
    return b"".join(b"\x00" + row.tobytes() for row in a)


_Z = zlib.compress(_raw(_A))
_END = _chunk(b"IEND", b"")


def _lying(kind: bytes, length: int, after_idat: bool) -> bytes:
    """A chunk whose length field claims ``length`` bytes, of which the file holds 20."""
    liar = struct.pack(">I", length) + kind + b"x" * 20
    if after_idat:
        return _SIG + _ihdr(64, 64) + _chunk(b"IDAT", _Z) + liar + _END
    return _SIG + _ihdr(64, 64) + liar + _chunk(b"IDAT", _Z) + _END


@pytest.mark.parametrize("kind,length,after_idat", [
    (b"tEXt", 0x7FFFFFFF, False), (b"tEXt", 0xFFFFFFF0, False), (b"IDAT", 0x7FFFFFFF, False),
    (b"zTXt", 0x7FFFFFFF, True),
])
def test_chunk_longer_than_the_file_never_reaches_libpng(monkeypatch, kind, length, after_idat):
    # libpng skips a chunk's claimed length in small reads: a 2 GiB claim in a ~150-byte
    # upload cost 2-8 s of CPU per decode (twice per verify). The length is checked first.
    import cv2

    calls = []
    real = cv2.imdecode
    monkeypatch.setattr(cv2, "imdecode", lambda *a, **k: calls.append(1) or real(*a, **k))
    data = _lying(kind, length, after_idat)
    assert _png_rgb8(data) is None
    assert calls == []


def test_lying_chunk_upload_is_a_clear_fail(tmp_path):
    from creator.settings import StudioSettings

    settings = StudioSettings(data_dir=tmp_path / "studio")
    report = verify_bytes(_lying(b"tEXt", 0x7FFFFFFF, False), Path("upload.png"), settings=settings, registry=None,
                          now=dt.datetime.now(dt.timezone.utc))
    assert report.ok is False and report.reasons


def _pillow(data: bytes):
    try:
        with Image.open(io.BytesIO(data)) as im:
            return np.asarray(im.convert("RGB"))
    except Exception:  # noqa: BLE001 - Pillow refusing is a result here
        return None


_CRAFTED = {
    "plain": _SIG + _ihdr(64, 64) + _chunk(b"IDAT", _Z) + _END,
    "second image after the first": _SIG + _ihdr(64, 64) + _chunk(b"IDAT", _Z) + _chunk(b"IDAT", zlib.compress(_raw(_B))) + _END,
    "two zlib streams in one IDAT": _SIG + _ihdr(64, 64) + _chunk(b"IDAT", _Z + zlib.compress(_raw(_B))) + _END,
    "IDAT runs split by a chunk": _SIG + _ihdr(64, 64) + _chunk(b"IDAT", _Z[:100]) + _chunk(b"tEXt", b"a\x00b")
    + _chunk(b"IDAT", _Z[100:]) + _END,
    "second IHDR, huge": _SIG + _ihdr(64, 64) + _ihdr(60000, 60000) + _chunk(b"IDAT", _Z) + _END,
    "IDAT with a bad CRC": _SIG + _ihdr(64, 64) + _chunk(b"IDAT", _Z, crc=1) + _END,
    "rows cut short": _SIG + _ihdr(64, 64) + _chunk(b"IDAT", zlib.compress(_raw(_A)[:6000])) + _END,
    "gamma 0.2": _SIG + _ihdr(64, 64) + _chunk(b"gAMA", struct.pack(">I", 20000)) + _chunk(b"IDAT", _Z) + _END,
    "sBIT 4": _SIG + _ihdr(64, 64) + _chunk(b"sBIT", b"\x04\x04\x04") + _chunk(b"IDAT", _Z) + _END,
    "tRNS": _SIG + _ihdr(64, 64) + _chunk(b"tRNS", _A[0, 0].astype(">u2").tobytes()) + _chunk(b"IDAT", _Z) + _END,
    "EXIF turned": _SIG + _ihdr(64, 64) + _chunk(b"eXIf", b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00"
                                                    b"\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00") + _chunk(b"IDAT", _Z) + _END,
    "acTL before IDAT": _SIG + _ihdr(64, 64) + _chunk(b"acTL", struct.pack(">II", 1, 0)) + _chunk(b"IDAT", _Z) + _END,
    "CgBI first": _SIG + _chunk(b"CgBI", b"\x50\x00\x20\x02") + _ihdr(64, 64) + _chunk(b"IDAT", _Z[2:-4]) + _END,
    "IEND before IDAT": _SIG + _ihdr(64, 64) + _END + _chunk(b"IDAT", _Z) + _END,
    "header 9000x9000, no data": _SIG + _ihdr(9000, 9000) + _chunk(b"IDAT", zlib.compress(b"")) + _END,
}


@pytest.mark.parametrize("name", sorted(_CRAFTED))
def test_opencv_path_never_shows_other_pixels_than_pillow(name):
    # The watermark is read from what _png_rgb8 decodes: were it to differ from what Pillow
    # (and the studio's other readers) show, a file could carry one picture's mark to verify
    # and show another. Either OpenCV declines (Pillow decides) or both agree.
    data = _CRAFTED[name]
    fast = _png_rgb8(data)
    if fast is None:
        return
    pil = _pillow(data)
    assert pil is not None, f"{name}: OpenCV decoded a file Pillow refuses"
    assert np.array_equal(fast, pil), f"{name}: OpenCV and Pillow decode different pixels"
    assert np.array_equal(fast, _A)


def test_second_ihdr_cannot_smuggle_a_bomb_past_the_size_check(monkeypatch):
    # The size check reads the first IHDR; libpng refuses a second one, so a bomb's size never decodes.
    data = _CRAFTED["second IHDR, huge"]
    assert _png_rgb8(data) is None
    assert verify_mod._decode_rgb(data) is None


@pytest.mark.parametrize("name", sorted(_CRAFTED))
def test_crafted_pngs_are_a_fail_report_never_a_crash(name, tmp_path):
    from creator.settings import StudioSettings

    settings = StudioSettings(data_dir=tmp_path / "studio")
    report = verify_bytes(_CRAFTED[name], Path(f"{name}.png"), settings=settings, registry=None,
                          now=dt.datetime.now(dt.timezone.utc))
    assert report.ok is False and report.reasons

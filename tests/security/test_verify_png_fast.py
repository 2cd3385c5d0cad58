"""verify's fast PNG decode (ISA-L inflate + libspng unfilter) gives exactly libpng's pixels.

A stripped PNG copy's verify spent half its time in libpng (zlib inflate, byte-wise Paeth
filter). ``_png_rgb8`` now decodes files libpng reads without complaint another way, and hands
everything else to libpng as before. The watermark and the copy check read these pixels, so any
file on which the two ways differ — other pixels, or one decoding what the other refuses — could
change a verdict. Differential tests: ``_png_rgb8(data)`` against ``_png_rgb8(data, fast=False)``
(the libpng path verify had), on ordinary files, on crafted ones, and on thousands of damaged ones.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.verify import _png_rgb8

_SIG = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) if crc is None else crc)


def _ihdr(w: int, h: int, *, filter_method: int = 0) -> bytes:
    return _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, filter_method, 0))


def _png(w: int, h: int, rows: bytes, *, split: int = 1, before: bytes = b"", after: bytes = b"",
         ihdr: bytes | None = None, level: int = 6) -> bytes:
    z = zlib.compress(rows, level)
    step = -(-len(z) // split) or 1
    idats = b"".join(_chunk(b"IDAT", z[i:i + step]) for i in range(0, len(z), step)) or _chunk(b"IDAT", b"")
    return _SIG + (ihdr or _ihdr(w, h)) + before + idats + after + _chunk(b"IEND", b"")


def _same(data: bytes) -> bool:
    """Both ways agree: both refuse, or both give the same pixels (and read-only arrays)."""
    fast, slow = _png_rgb8(data), _png_rgb8(data, fast=False)
    if fast is None or slow is None:
        return fast is None and slow is None
    return np.array_equal(fast, slow) and fast.dtype == slow.dtype and not fast.flags.writeable


_RNG = np.random.default_rng(17)
_A = _RNG.integers(0, 256, (40, 56, 3), dtype=np.uint8)


def _rows(a: np.ndarray, filters: "list[int] | None" = None) -> bytes:
    f = filters or [0] * a.shape[0]
    return b"".join(bytes([f[i]]) + row.tobytes() for i, row in enumerate(a))


def _photo(side: int = 96, height: int | None = None) -> np.ndarray:
    from skimage import data as skdata

    return np.asarray(Image.fromarray(skdata.astronaut()).resize((side, height or side), Image.BICUBIC))


@pytest.mark.parametrize("level,size", [(0, (96, 96)), (1, (512, 512)), (6, (301, 517)), (9, (1, 700)), (6, (700, 1))])
def test_pillow_written_copies_decode_fast_and_the_same(monkeypatch, level, size):
    # What a stripped copy usually is: Pillow's adaptive filters (mostly Paeth), any zlib level,
    # one row or many stored blocks' worth (a 512² picture's rows are twelve 64 KiB blocks).
    # The fast way answers (libpng is never asked) and gives libpng's pixels.
    a = _photo(*size)
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "PNG", compress_level=level)
    data = buf.getvalue()
    slow = _png_rgb8(data, fast=False)
    import cv2

    calls = []
    real = cv2.imdecode
    monkeypatch.setattr(cv2, "imdecode", lambda *x, **k: calls.append(1) or real(*x, **k))
    fast = _png_rgb8(data)
    assert calls == [], "the fast way handed a plain copy to libpng"
    assert np.array_equal(fast, slow) and np.array_equal(fast, a)


def test_studio_writer_output_decodes_fast_and_the_same():
    from creator.disclosure import png as png_mod

    a = _photo(1200, 1000)  # the writer's 1 MiB IDAT blocks: three of them
    data = png_mod.encode(Image.fromarray(a), [png_mod.itxt("XML:com.adobe.xmp", "<x/>")])
    assert _same(data) and np.array_equal(_png_rgb8(data), a)


_CRAFTED = {
    "every filter type": _png(56, 40, _rows(_A, [i % 5 for i in range(40)])),
    "filter type 5": _png(56, 40, _rows(_A, [0] * 20 + [5] + [0] * 19)),
    "filter method 1 in IHDR": _png(56, 40, _rows(_A), ihdr=_ihdr(56, 40, filter_method=1)),
    "rows one byte short": _png(56, 40, _rows(_A)[:-1]),
    "rows one byte long": _png(56, 40, _rows(_A) + b"\x00"),
    "bytes after the zlib stream": _SIG + _ihdr(56, 40) + _chunk(b"IDAT", zlib.compress(_rows(_A)) + b"junk")
    + _chunk(b"IEND", b""),
    "zlib stream cut": _SIG + _ihdr(56, 40) + _chunk(b"IDAT", zlib.compress(_rows(_A))[:-5]) + _chunk(b"IEND", b""),
    "bad adler32": _SIG + _ihdr(56, 40) + _chunk(b"IDAT", zlib.compress(_rows(_A))[:-1] + b"\x00")
    + _chunk(b"IEND", b""),
    "raw deflate, no zlib header": _SIG + _ihdr(56, 40)
    + _chunk(b"IDAT", zlib.compressobj(6, zlib.DEFLATED, -15).compress(_rows(_A)) + b"")
    + _chunk(b"IEND", b""),
    "many small IDATs": _png(56, 40, _rows(_A, [4] * 40), split=37),
    "empty IDAT then data": _SIG + _ihdr(56, 40) + _chunk(b"IDAT", b"") + _chunk(b"IDAT", zlib.compress(_rows(_A)))
    + _chunk(b"IEND", b""),
    "bad IHDR CRC": _png(56, 40, _rows(_A), ihdr=_chunk(b"IHDR", struct.pack(">IIBBBBB", 56, 40, 8, 2, 0, 0, 0), crc=7)),
    "bad CRC on the second IDAT": _SIG + _ihdr(56, 40) + _chunk(b"IDAT", zlib.compress(_rows(_A))[:50])
    + _chunk(b"IDAT", zlib.compress(_rows(_A))[50:], crc=3) + _chunk(b"IEND", b""),
    "IDAT runs split by tEXt": _SIG + _ihdr(56, 40) + _chunk(b"IDAT", zlib.compress(_rows(_A))[:50])
    + _chunk(b"tEXt", b"a\x00b") + _chunk(b"IDAT", zlib.compress(_rows(_A))[50:]) + _chunk(b"IEND", b""),
    "text, time, phys, srgb, gama, chrm, iccp, exif": _png(
        56, 40, _rows(_A, [4] * 40),
        before=_chunk(b"tEXt", b"k\x00v") + _chunk(b"zTXt", b"k\x00\x00" + zlib.compress(b"v"))
        + _chunk(b"iTXt", b"k\x00\x00\x00\x00\x00v") + _chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
        + _chunk(b"tIME", struct.pack(">HBBBBB", 2026, 1, 2, 3, 4, 5)) + _chunk(b"sRGB", b"\x00")
        + _chunk(b"gAMA", struct.pack(">I", 20000)) + _chunk(b"cHRM", struct.pack(">8I", *range(8)))
        + _chunk(b"iCCP", b"p\x00\x00" + zlib.compress(b"not a profile"))
        + _chunk(b"eXIf", b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00"
                            b"\x00\x00\x00\x00"),
        after=_chunk(b"tEXt", b"late\x00v")),
    "tRNS": _png(56, 40, _rows(_A), before=_chunk(b"tRNS", _A[0, 0].astype(">u2").tobytes())),
    "sBIT 4": _png(56, 40, _rows(_A), before=_chunk(b"sBIT", b"\x04\x04\x04")),
    "unknown critical chunk": _png(56, 40, _rows(_A), before=_chunk(b"ABCD", b"x")),
    "unknown ancillary chunk": _png(56, 40, _rows(_A), before=_chunk(b"abCd", b"x")),
    "PLTE in an RGB file": _png(56, 40, _rows(_A), before=_chunk(b"PLTE", bytes(range(48)))),
    "second IHDR": _png(56, 40, _rows(_A), before=_ihdr(56, 40)),
    "width 0": _png(0, 40, b"\x00" * 40, ihdr=_ihdr(0, 40)),
    "2 000 000 x 1": _png(2_000_000, 1, b"\x00" * 6_000_001, ihdr=_ihdr(2_000_000, 1), level=1),
}


@pytest.mark.parametrize("name", sorted(_CRAFTED))
def test_crafted_pngs_decode_as_libpng_decodes_them(name):
    assert _same(_CRAFTED[name]), name


def test_the_crafted_set_reaches_both_ways():
    # The set is not all refusals: the fast way decodes some of it, libpng alone some others.
    fast = [n for n, d in _CRAFTED.items() if _png_rgb8(d) is not None]
    assert {"every filter type", "many small IDATs", "text, time, phys, srgb, gama, chrm, iccp, exif"} <= set(fast)
    assert np.array_equal(_png_rgb8(_png(56, 40, _rows(_A))), _A)


def _fix_crcs(data: bytes) -> bytes:
    d, pos = bytearray(data), 8
    while pos + 12 <= len(d):
        end = pos + 12 + struct.unpack(">I", d[pos:pos + 4])[0]
        if end > len(d):
            break
        d[end - 4:end] = struct.pack(">I", zlib.crc32(bytes(d[pos + 4:end - 4])))
        if d[pos + 4:pos + 8] == b"IEND":
            break
        pos = end
    return bytes(d)


def test_damaged_rows_and_streams_decode_as_libpng_decodes_them():
    # Rows with random filter types (0-6), lengths a few bytes off, bytes after the stream,
    # random IDAT splits; then byte flips in the zlib stream with every CRC made good again.
    rng = np.random.default_rng(1717)
    decoded = refused = 0
    for _ in range(400):
        h, w = int(rng.integers(1, 24)), int(rng.integers(1, 24))
        a = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        filters = [int(rng.choice([0, 1, 2, 3, 4, 4, 4, 5, 6])) if rng.random() < 0.9 else 4 for _ in range(h)]
        if rng.random() < 0.5:
            filters = [int(rng.integers(0, 5)) for _ in range(h)]
        rows = _rows(a, filters)
        cut = int(rng.integers(-3, 4)) if rng.random() < 0.3 else 0
        rows = rows[:len(rows) + cut] if cut < 0 else rows + bytes(cut)
        z = zlib.compress(rows, int(rng.integers(0, 10)))
        if rng.random() < 0.15:
            z += bytes(rng.integers(0, 256, int(rng.integers(1, 5)), dtype=np.uint8))
        if rng.random() < 0.3:
            z = bytearray(z)
            for _ in range(int(rng.integers(1, 3))):
                z[int(rng.integers(0, len(z)))] = int(rng.integers(0, 256))
            z = bytes(z)
        parts = sorted({0, len(z), *(int(x) for x in rng.integers(0, len(z) + 1, int(rng.integers(0, 4))))})
        idats = b"".join(_chunk(b"IDAT", z[p:q]) for p, q in zip(parts, parts[1:], strict=False))
        data = _SIG + _ihdr(w, h) + idats + _chunk(b"IEND", b"")
        assert _same(data), (h, w, filters, cut)
        assert _same(_fix_crcs(data))
        if _png_rgb8(data) is None:
            refused += 1
        else:
            decoded += 1
    assert decoded > 100 and refused > 50  # both outcomes were exercised


def test_flipped_bytes_in_a_real_copy_decode_as_libpng_decodes_them():
    buf = io.BytesIO()
    Image.fromarray(_photo(48)).save(buf, "PNG")
    base = buf.getvalue()
    rng = np.random.default_rng(99)
    for i in range(600):
        d = bytearray(base)
        for _ in range(int(rng.integers(1, 3))):
            d[int(rng.integers(8, len(d)))] = int(rng.integers(0, 256))
        data = bytes(d) if i % 2 else _fix_crcs(bytes(d))
        assert _same(data), i


def test_without_libspng_libpng_decodes(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_spng(name, *a, **k):
        if name == "pyspng":
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_spng)
    data = _png(56, 40, _rows(_A, [4] * 40))
    assert np.array_equal(verify_mod._png_rgb8(data), verify_mod._png_rgb8(data, fast=False))
    assert not np.array_equal(verify_mod._png_rgb8(data), _A)  # Paeth rows, unfiltered (not the raw bytes)


def test_verify_reports_the_same_through_either_decoder(stub_world, tmp_path, monkeypatch):
    # The verdict a user sees for a stripped PNG copy, a cropped one and a mark lifted onto
    # another picture is the same whether libspng or libpng decoded them (every field).
    import datetime as dt

    import cv2
    from PIL import ImageFilter
    from skimage import data as skdata

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    out = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    with Image.open(out.path) as im:
        rgb = im.convert("RGB")
    files = {"stripped": rgb, "cropped": rgb.crop((24, 24, rgb.width - 24, rgb.height - 24))}
    residue = np.asarray(rgb, np.float32) - np.asarray(rgb.filter(ImageFilter.GaussianBlur(2)), np.float32)
    other = np.asarray(Image.fromarray(skdata.chelsea()).resize(rgb.size), np.float32)
    files["lifted"] = Image.fromarray(np.clip(other + 2 * residue, 0, 255).astype(np.uint8))
    now = dt.datetime.now(dt.timezone.utc)
    real = verify_mod._png_rgb8
    libpng_calls: list[int] = []
    imdecode = cv2.imdecode
    monkeypatch.setattr(cv2, "imdecode", lambda *a, **k: libpng_calls.append(1) or imdecode(*a, **k))
    for name, picture in files.items():
        path = tmp_path / f"{name}.png"
        picture.save(path)
        assert real(path.read_bytes(), fast=True) is not None
        reports = []
        libpng_calls.clear()
        for fast in (True, False):
            monkeypatch.setattr(verify_mod, "_png_rgb8", lambda data, fast=fast: real(data, fast=fast))
            verify_mod._forget()
            reports.append(verify_mod.verify(path, settings=stub_world.settings, registry=stub_world.registry,
                                             now=now).to_dict())
            assert (len(libpng_calls) > 0) == (not fast), (name, fast, libpng_calls)  # each way was the one taken
        assert reports[0] == reports[1], name
        r = reports[0]
        assert r["verdict"] == "FAIL"
        if name == "lifted":
            assert r["watermark_elsewhere"] and r["recovered"] is None
        else:
            assert r["recovered"]["verdict"] == "OK", (name, r["reasons"])

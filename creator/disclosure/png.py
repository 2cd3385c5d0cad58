"""The PNG writer of the studio's outputs: 8-bit grey, RGB or RGBA pixels, with text chunks.

Pillow's PNG encoder spent about 37 ms of a 512² output's disclosure and 420-580 ms at
2048² (zlib level 1, its adaptive filters). This writer does the same job in 2-4 ms at 512²,
with a file no larger (astronaut 461 vs 466 KB, a packaged-GAN output 152 vs 188 KB):

- every row is filtered with *Up* (its difference from the row above), computed on the whole
  image at once with numpy. Choosing per row between Up and Sub by the usual heuristic (the
  smaller sum of absolute differences) gained 0.7-2 % on photos, lost 5 % on the packaged GAN's
  outputs and cost as much again as the deflate; Paeth needs a per-pixel loop;
- the filtered rows are deflated by ISA-L (``isal``, zlib-compatible, about 4× faster than
  zlib at level 1 with the same ratio); without it, by the standard library's zlib;
- the chunks are IHDR, the given text chunks, IDAT (in blocks of at most 1 MiB) and IEND,
  each with its CRC: any PNG reader reads the file (Pillow, OpenCV, c2pa, exiftool are
  tested).

Other modes (16-bit, palette, 1-bit) are not written here: :func:`encodable` says which are.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from typing import Any

try:  # ISA-L's deflate and CRC-32: the same zlib stream and checksums, faster
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - isal is a dependency; the standard library is the fallback
    _deflate = zlib
#: CRC-32 of the chunks: ISA-L's is ≈ 20× faster than zlib's (0.006 vs 0.11 ms for a 512² IDAT)
_crc32 = getattr(_deflate, "crc32", zlib.crc32)

__all__ = ["encodable", "encode", "itxt"]

_SIG = b"\x89PNG\r\n\x1a\n"
#: colour type of each Pillow mode written here, and its channels
_MODES = {"L": (0, 1), "RGB": (2, 3), "RGBA": (6, 4)}
#: ISA-L level 1 (its levels are 0-3); zlib's 1 when it is the fallback
_LEVEL = 1
_IDAT_BLOCK = 1 << 20


def encodable(mode: str) -> bool:
    """Whether an image of this Pillow ``mode`` is written by :func:`encode`."""
    return mode in _MODES


def _chunk(kind: bytes, data: Any) -> bytes:
    return b"".join(_chunk_parts(kind, data))


def _chunk_parts(kind: bytes, data: Any) -> list:
    """A chunk as its four pieces (length, type, data, CRC), for one join of the whole file."""
    return [struct.pack(">I", len(data)), kind, data, struct.pack(">I", _crc32(data, _crc32(kind)))]


def itxt(keyword: str, text: str) -> tuple[bytes, bytes]:
    """An uncompressed ``iTXt`` chunk (no language tag) holding ``text`` under ``keyword``."""
    key = keyword.encode("latin-1")
    if not 1 <= len(key) <= 79 or b"\0" in key:
        raise ValueError(f"PNG keyword {keyword!r}: expected 1-79 Latin-1 characters without NUL")
    return b"iTXt", key + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8")


def _filtered(px: Any) -> Any:
    """The filtered scanlines of ``px`` (H×W×C uint8): filter type 2 (Up) then the row's
    difference from the row above, per row (the first row is its own difference from zeros).
    A contiguous uint8 array: the deflate reads its buffer (no copy into bytes first)."""
    import numpy as np

    h, w, c = px.shape
    rows = px.reshape(h, w * c)
    out = np.empty((h, w * c + 1), np.uint8)
    out[:, 0] = 2
    out[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=out[1:, 1:])
    return out


def encode(image: Any, text_chunks: Sequence[tuple[bytes, bytes]] = (), *, pixels: Any = None) -> bytes:
    """The PNG file of ``image`` (a PIL image of mode L, RGB or RGBA) with ``text_chunks``
    ((type, data) pairs, e.g. from :func:`itxt`) before the pixels. ``pixels``: the image's
    ``np.asarray`` when the caller already has it (not converted again); it must be exactly
    that (shape checked here)."""
    import numpy as np

    if image.mode not in _MODES:
        raise ValueError(f"PNG writer: mode {image.mode!r} is not written here; expected one of {sorted(_MODES)}")
    colour, channels = _MODES[image.mode]
    w, h = image.size
    if not (0 < w < 2**31 and 0 < h < 2**31):
        raise ValueError(f"PNG writer: size {w}x{h} cannot be written")
    if pixels is None:
        px = np.asarray(image, dtype=np.uint8).reshape(h, w, channels)
    else:
        px = np.asarray(pixels)
        if px.dtype != np.uint8 or px.size != h * w * channels:
            raise ValueError(f"PNG writer: pixels {px.shape} {px.dtype} are not the {w}x{h} {image.mode} image's")
        px = px.reshape(h, w, channels)
    data = _deflate.compress(_filtered(px), _LEVEL)
    view = memoryview(data)
    parts = [_SIG, *_chunk_parts(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0))]
    for kind, body in text_chunks:
        parts += _chunk_parts(kind, body)
    for i in range(0, len(data), _IDAT_BLOCK):
        parts += _chunk_parts(b"IDAT", view[i:i + _IDAT_BLOCK])
    parts += _chunk_parts(b"IEND", b"")
    return b"".join(parts)

"""An output's coarse picture: what ``verify`` compares a copy with (a copy must look like the
original its watermark resolves to), written with the output record at generation time.

The fingerprint of an output is its luma (BT.601, OpenCV's ``COLOR_RGB2GRAY`` on the 8-bit RGB
pixels encoded into the file) brought to a long side of at most :data:`SIDE` px by area averaging
(in 8 bits: whole levels): 256×256 bytes (64 KB, stored as is) for a 512² or 2048² output. For a
PNG output these are the file's pixels; for a JPEG output the pixels before its compression, which
at this size differ from the decoded file's by under a level on average for photos (the astronaut
at q92: mean 0.45 levels at 512², 0.09 at 2048²; correlation ≥ 0.99995) and by 2.4-6.8 levels
for noise or a 1-px colour checker at 256²; a copy's resemblance then drops by 0.03 at most,
and no verdict changed on photos, dark, flat, noisy and checker outputs and their copies
(bench/jpeg_fingerprint_copies.py), against the 0.8 a copy must reach
(``creator.verify.COPY_MIN_RESEMBLANCE``).
:func:`coarse` computes it from pixels or a file; :func:`encode` / :func:`decode` store it.
The registry keeps the bytes (``output_fingerprints``) and the output's signed ``generation``
audit entry their SHA-256: :meth:`consent.registry.Registry.output_fingerprint` refuses bytes
that do not hash to it, so a database edit cannot make another picture pass as the original.

:func:`pixels_digest` names a PNG output's exact pixels: recorded with the output (and signed in
its generation entry), it lets ``verify`` know a copy whose pixels are the output's own (saved
again without its metadata) by one hash and one indexed lookup, before any watermark read.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

__all__ = ["SIDE", "Coarse", "coarse", "decode", "encode", "of_pixels", "pixels_digest"]

#: Long side of the coarse picture (the fine watermark is blurred away at this size).
SIDE = 256
_MAGIC = b"csfp1\0"
_HEAD = struct.Struct(">IIHH")  # the original's height and width, the coarse picture's height and width


class Coarse(tuple):
    """An original's coarse luma (float32, whole levels, long side at most :data:`SIDE`) and the
    factor it was scaled by."""


def _factor(h: int, w: int) -> float:
    return min(1.0, SIDE / max(h, w))


def coarse(original: Any) -> Coarse:
    """:class:`Coarse` of an original given as RGB pixels (H×W×3 uint8) or a file."""
    import cv2
    import numpy as np
    from PIL import Image

    if isinstance(original, np.ndarray):
        g = cv2.cvtColor(np.ascontiguousarray(original[..., :3]), cv2.COLOR_RGB2GRAY)
    elif isinstance(original, (str, Path)):
        with Image.open(original) as im:
            g = np.asarray(im.convert("L"), dtype=np.uint8)
    else:
        raise TypeError(f"coarse() takes RGB pixels or a file, not {type(original).__name__}")
    f = _factor(*g.shape)
    # averaged in 8 bits (whole levels: what a stored fingerprint holds, so both give the same
    # scores; ~4x less work than in float at 2048²)
    g = cv2.resize(g, (max(1, round(g.shape[1] * f)), max(1, round(g.shape[0] * f))), interpolation=cv2.INTER_AREA)
    o = g.astype(np.float32)
    o.flags.writeable = False
    return Coarse((o, f))


def encode(c: Coarse, shape: tuple[int, int]) -> bytes:
    """The stored form of ``c``, the coarse picture of an original of ``shape`` (height, width)."""
    import numpy as np

    o, _f = c
    h, w = int(shape[0]), int(shape[1])
    ch, cw = o.shape
    if (ch, cw) != (max(1, round(h * _factor(h, w))), max(1, round(w * _factor(h, w)))):
        raise ValueError(f"a coarse picture of {cw}×{ch} is not that of a {w}×{h} original")
    # not compressed: zlib saves a fifth of a photo's coarse luma for about a JPEG encode's time
    return _MAGIC + _HEAD.pack(h, w, ch, cw) + np.clip(o, 0, 255).astype(np.uint8).tobytes()


def decode(data: bytes) -> Coarse:
    """The :class:`Coarse` stored by :func:`encode`; ValueError for anything else."""
    import numpy as np

    n = len(_MAGIC) + _HEAD.size
    if len(data) < n or not data.startswith(_MAGIC):
        raise ValueError("not a fingerprint")
    h, w, ch, cw = _HEAD.unpack(data[len(_MAGIC):n])
    f = _factor(h, w) if h and w else 0.0
    if not f or (ch, cw) != (max(1, round(h * f)), max(1, round(w * f))):
        raise ValueError("fingerprint header does not describe a coarse picture")
    raw = data[n:]
    if len(raw) != ch * cw:
        raise ValueError("fingerprint pixels do not match its header")
    o = np.frombuffer(raw, np.uint8).reshape(ch, cw).astype(np.float32)
    o.flags.writeable = False
    return Coarse((o, f))


def of_pixels(rgb: Any) -> bytes:
    """The fingerprint of an output whose file decodes to ``rgb`` (H×W×3 uint8)."""
    return encode(coarse(rgb), rgb.shape[:2])


_PIXELS_DOMAIN = b"consent-studio/pixels/v1\0"
_PIXELS_HEAD = struct.Struct(">II")  # height, width


def pixels_digest(rgb: Any) -> str:
    """SHA-256 (hex) naming the exact 8-bit RGB pixels ``rgb`` (H×W×3 uint8): their height and width
    and every byte, row by row. Two files have the same digest exactly when they decode to the same
    pixels, whatever their encoding and metadata. TypeError for anything but H×W×3 uint8."""
    import hashlib

    import numpy as np

    a = np.asarray(rgb)
    if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] != 3:
        raise TypeError(f"pixels_digest() takes H×W×3 uint8 pixels, not {a.dtype} {a.shape}")
    h = hashlib.sha256(_PIXELS_DOMAIN + _PIXELS_HEAD.pack(a.shape[0], a.shape[1]))
    h.update(memoryview(np.ascontiguousarray(a)).cast("B"))  # hashed in place: no copy of a contiguous array
    return h.hexdigest()

"""Invisible watermark (v2): a keyed, tiled spread-spectrum mark that survives crops, resizes,
small rotations, screenshots and JPEG, read without the visible label.

Why this design
---------------
The watermark is the output's *soft binding*: a payload id that survives metadata stripping
and re-encoding and resolves, through the studio's output records, to the signed C2PA
manifest. Learned watermarks fetch their models from the network, which this studio cannot
do; a classical mark needs only numpy and OpenCV, runs in milliseconds on one core and is
deterministic.

- **Key**: every part of the mark — which frequencies carry the sync and which the bits,
  every phase, the payload scrambling and its check tag — is derived (HKDF-SHA256) from a
  32-byte installation secret. Reading with another key finds nothing; forging a mark for a
  chosen id, or overwriting one, needs the key.
- **Payload**: 48-bit id + 16-bit HMAC tag, permuted by a keyed 64-bit Feistel cipher, then
  a rate-½ K=7 convolutional code (140 coded bits, soft Viterbi decoding). A read returns
  the exact id or nothing.
- **Geometry**: one 64×64 tile repeated over the picture; folding the picture modulo the
  tile and phase-correlating a sync pattern recovers shifts and crops; the tile's frequency
  lattice gives scale (0.4–2.2×) and rotation (±6°). See :mod:`._tiled`.
- **Strength**: a perceptual mask puts more of the mark in texture and less in flat areas;
  the total is set for ≈40.5 dB PSNR and capped at 40 dB where the picture allows. Embedding
  reads the mark back from the quantised pixels and raises rather than returning an image
  whose mark does not read with margin.
- **Legacy**: v1 marks (unkeyed, public pattern; first releases) are still read, reported
  as ``version=1, keyed=False`` so that verification can treat them as weaker.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass

import cv2
import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from PIL import Image

from creator.disclosure.watermark import _tiled
from creator.disclosure.watermark._code import (
    ID_BITS,
    INFO_BITS,
    PayloadCipher,
    bits_to_int,
    conv_encode,
    int_to_bits,
    viterbi,
)
from creator.disclosure.watermark._v1 import LegacyWatermarker
from creator.errors import DisclosureError

__all__ = ["KEY_BYTES", "MIN_SIDE", "PAYLOAD_BITS", "WatermarkRead", "Watermarker", "new_payload"]

#: Bits carried by the mark: 48-bit id + 16-bit keyed check tag.
PAYLOAD_BITS = INFO_BITS
#: Length of the installation secret.
KEY_BYTES = 32
#: Smallest image side that can be marked.
MIN_SIDE = 256
#: Label of the test key. It is public: marks made with it prove nothing (reads say keyed=False).
_TEST_KEY_LABEL = b"consent-studio PUBLIC TEST-ONLY watermark key: anyone can forge marks made with it"
#: Mark RMS (grey levels) tried in turn: 2.4 gives ≈40.5 dB (capped at 40 dB); the stronger
#: ones (38, 35 dB) only for pictures where it does not read back with margin (pure noise).
#: RMS strengths tried in turn; the last (≈32 dB) is reached only by pictures whose own
#: texture swamps the mark (near-white or heavy Gaussian noise, such as a random-weight model's output), where
#: the texture also hides it (a labelled 256² white-noise picture refused 8 of 20 times without it).
_STRENGTHS = (2.4, 3.2, 4.5, 6.5, 9.0)
_PSNR_FLOOR_DB = 40.0
#: Sync score the embedder requires on its own read-back (reads accept ≥ _tiled.Z_MIN).
_Z_EMBED = 12.0
#: The embedder's read-back uses (at most) this central square: a 1024² region holds 256
#: copies of the tile, and a mark that reads there with margin is in the whole picture.
_CHECK_SIDE = 1024
#: Legacy v1 reads need this confidence besides their CRC (unmarked pictures stay below 2).
_V1_MIN_CONFIDENCE = 3.0


def new_payload() -> str:
    """A fresh random 48-bit payload id as 12 hex digits."""
    return secrets.token_hex(ID_BITS // 8)


@dataclass(frozen=True)
class WatermarkRead:
    """Result of reading an image: ``payload`` is None when no valid mark was found."""

    payload: str | None
    #: How clearly the mark stood out: sync peak over correlation noise (v2; ≥ 6 to read at
    #: all, 20–60 for a clean copy), or the legacy v1 score.
    confidence: float
    #: Coded bits whose soft value agreed with the decoded codeword (v2: of 140; v1: 64 or 0).
    bits_agreeing: int
    #: 2 for this mark, 1 for a legacy mark, None when nothing was read.
    version: int | None = None
    #: True only for a v2 mark read with a secret installation key; False for legacy v1 marks
    #: and marks made with the public test key (anyone can make those).
    keyed: bool = False
    #: Geometry the mark was found at: size relative to the marked original, rotation.
    scale: float = 1.0
    angle_deg: float = 0.0


def _check_payload(payload: str) -> bytes:
    if not isinstance(payload, str) or len(payload) != ID_BITS // 4 or any(c not in "0123456789abcdef" for c in payload):
        raise DisclosureError(f"watermark payload must be {ID_BITS // 4} lowercase hex digits, got {payload!r}")
    return bytes.fromhex(payload)


def _add(rgb8: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Add the same integer delta to R, G and B, clipped to [0, 255]."""
    up = cv2.merge([np.clip(d, 0, 255).astype(np.uint8)] * 3)
    down = cv2.merge([np.clip(-d, 0, 255).astype(np.uint8)] * 3)
    return cv2.subtract(cv2.add(np.ascontiguousarray(rgb8), up), down)  # saturating


def _central(a: np.ndarray, side: int) -> np.ndarray:
    h, w = a.shape[:2]
    y0, x0 = max((h - side) // 2, 0), max((w - side) // 2, 0)
    return a[y0:y0 + side, x0:x0 + side]


def _derive(key: bytes, label: bytes, n: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=n, salt=b"consent-studio/watermark/v2", info=label).derive(key)


class Watermarker:
    """Embeds and reads the studio's invisible watermark under one installation key.

    ``Watermarker(key=secret)`` with the installation's 32-byte secret. Stateless after
    construction; safe to share between threads.
    """

    name = "org.consent-studio.watermark.tiled-ss/v2"

    def __init__(self, key: bytes) -> None:
        """``key``: the installation's 32-byte watermark secret (``StudioSettings.watermark_key()``)."""
        if key is None:
            raise DisclosureError("no watermark key given; expected the installation's 32-byte watermark secret "
                                  "(keys/watermark.key)")
        self.keyed = True
        if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
            got = f"{len(key)} bytes" if isinstance(key, bytes | bytearray) else type(key).__name__
            raise DisclosureError(f"watermark key must be {KEY_BYTES} bytes, got {got}")
        key = bytes(key)
        self._layout = _tiled.Layout(_derive(key, b"tile-layout"))
        self._cipher = PayloadCipher(_derive(key, b"payload-tag"), _derive(key, b"payload-feistel"))
        self._legacy = LegacyWatermarker()

    @classmethod
    def for_tests(cls) -> Watermarker:
        """A watermarker under the PUBLIC test key: for tests and demos only (reads say keyed=False)."""
        wm = cls(hashlib.sha256(_TEST_KEY_LABEL).digest())
        wm.keyed = False
        return wm

    def __repr__(self) -> str:  # never show key material
        return f"Watermarker({'installation key' if self.keyed else 'PUBLIC TEST key'})"

    # ------------------------------------------------------------------ embedding
    def embed(self, image: Image.Image, payload: str) -> Image.Image:
        """Return a marked RGB copy of ``image`` carrying ``payload`` (12 hex digits).

        Raises DisclosureError when the image is too small or the mark does not read back
        with margin from the quantised pixels — never returns an unmarked image.
        """
        ident = _check_payload(payload)
        rgb8 = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
        h, w = rgb8.shape[:2]
        if min(h, w) < MIN_SIDE:
            raise DisclosureError(
                f"image {w}x{h} is too small to carry the invisible watermark: "
                f"the short side must be at least {MIN_SIDE} px"
            )
        coded = conv_encode(int_to_bits(self._cipher.seal(ident)))
        y = _tiled.luma(rgb8)
        tiles = _tiled.tiled(self._layout.tile(coded), h, w)
        mask = _tiled.perceptual_mask(y)
        ys = y[::4, ::4]
        saturated = float(np.mean((ys < 6) | (ys > 249)))
        for strength in _STRENGTHS:
            for squeeze in (False, True) if saturated > 0.02 else (False,):
                marked = self._mark(rgb8, tiles, mask, strength, squeeze)
                got = self._read_aligned(_central(marked, _CHECK_SIDE))
                if got is not None and got.payload == payload and got.confidence >= _Z_EMBED:
                    return Image.fromarray(marked, "RGB")
        raise DisclosureError(
            f"the invisible watermark did not read back with margin from this {w}x{h} image even at "
            f"the highest strength ({_STRENGTHS[-1]} grey levels RMS); refusing to output an unmarked image"
        )

    @staticmethod
    def _mark(rgb8: np.ndarray, tiles: np.ndarray, mask: np.ndarray, strength: float, squeeze: bool) -> np.ndarray:
        d = cv2.multiply(tiles, mask, scale=strength, dtype=cv2.CV_16S)  # rounded
        if not squeeze:
            # PSNR floor: the change per channel is |d| at most (clipping only shrinks it),
            # so keeping mean(d²) under the floor's MSE guarantees the floor.
            floor_mse = 255.0**2 / 10 ** (_PSNR_FLOOR_DB / 10)
            mse = cv2.norm(d, cv2.NORM_L2SQR) / d.size
            if strength == _STRENGTHS[0] and mse > floor_mse:
                d = cv2.multiply(tiles, mask, scale=strength * math.sqrt(floor_mse / mse) * 0.99, dtype=cv2.CV_16S)
            return _add(rgb8, d)
        # Pictures sitting at black or white lose half the mark to clipping: make a few grey
        # levels of headroom first (a slight contrast change, used only when needed).
        head = 2.0 * strength
        base = rgb8.astype(np.float32) * ((255.0 - 2 * head) / 255.0) + head
        return np.clip(np.rint(base + d[..., None]), 0, 255).astype(np.uint8)

    # ------------------------------------------------------------------ reading
    def read(self, image: Image.Image) -> WatermarkRead:
        """Read the payload from an image (cropped, resized, rotated ±6°, re-encoded …)."""
        return self.read_array(np.asarray(image.convert("RGB")))

    def read_array(self, rgb: np.ndarray) -> WatermarkRead:
        rgb = np.asarray(rgb)
        if rgb.ndim != 3 or rgb.shape[2] < 3 or min(rgb.shape[:2]) < 16:
            return WatermarkRead(None, 0.0, 0)
        rgb8 = rgb[..., :3] if rgb.dtype == np.uint8 else np.clip(np.rint(rgb[..., :3]), 0, 255).astype(np.uint8)
        found = self._read_aligned(rgb8)
        if found is not None:
            return found
        legacy = self._legacy.read_array(rgb8)
        if legacy.payload is not None and legacy.confidence >= _V1_MIN_CONFIDENCE:
            return WatermarkRead(legacy.payload, legacy.confidence, legacy.bits_agreeing, version=1, keyed=False)
        y = _tiled.luma(rgb8)
        hp = _tiled.highpass(y)
        for scale, angle in _tiled.candidate_transforms(hp, self._layout):
            found = self._decode(_tiled.fold(_tiled.highpass(_tiled.unwarp(y, scale, angle))), scale, angle)
            if found is not None:
                return found
        return WatermarkRead(None, 0.0, 0)

    def _read_aligned(self, rgb8: np.ndarray) -> WatermarkRead | None:
        return self._decode(_tiled.fold(_tiled.highpass(_tiled.luma(rgb8))), 1.0, 0.0)

    def _decode(self, folded: np.ndarray, scale: float, angle: float) -> WatermarkRead | None:
        z, _shift, soft = _tiled.demodulate(folded, self._layout)
        if z < _tiled.Z_MIN:
            return None
        bits = viterbi(soft)
        ident = self._cipher.open(bits_to_int(bits))
        if ident is None:
            return None
        agree = int(np.sum((soft > 0) == (conv_encode(bits) > 0)))
        return WatermarkRead(ident.hex(), round(z, 2), agree, version=2, keyed=self.keyed,
                             scale=round(scale, 4), angle_deg=round(math.degrees(angle), 2))

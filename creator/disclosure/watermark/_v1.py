"""Legacy watermark v1 (read-only in the studio): an unkeyed spread-spectrum mark in the 8×8
block DCT mid band of luma, as written by the first releases.

Its pattern comes from a public constant, so anyone can read — and write — it: reads are
reported as ``version=1, keyed=False``. The studio no longer embeds it; :func:`embed_v1` is
kept so tests can make legacy files.

- **Payload**: 48-bit id + CRC-16 = 64 bits, each bit spread over many 8×8 blocks (keyed
  permutation) and decoded by summing soft block correlations, then checked by the CRC.
- **Robust to**: metadata stripping, PNG/WebP re-encode, JPEG down to ~q70, brightness and
  contrast changes. **Not robust to**: crops that break the 8-px block grid, resizes,
  rotations.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from creator.errors import DisclosureError

__all__ = ["LegacyWatermarker", "LegacyRead"]

_ID_BITS = 48
_CRC_BITS = 16
PAYLOAD_BITS = _ID_BITS + _CRC_BITS
#: Smallest image side that carries the mark reliably (16 blocks per bit).
MIN_SIDE = 256
_KEY = b"consent-studio/watermark/v1"
_STRENGTHS = (1.5, 2.5, 4.0)


@dataclass(frozen=True)
class LegacyRead:
    """Result of reading an image: ``payload`` is None when no valid mark was found."""

    payload: str | None
    #: Mean |soft bit| / noise: how clearly the bits stood out (≥ 3 is a clean read).
    confidence: float
    bits_agreeing: int


@lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    n = 8
    k = np.arange(n)
    d = np.sqrt(2.0 / n) * np.cos(np.pi * (2 * k[None, :] + 1) * k[:, None] / (2 * n))
    d[0, :] = np.sqrt(1.0 / n)
    return d.astype(np.float64)


@lru_cache(maxsize=1)
def _mid_band() -> np.ndarray:
    u, v = np.meshgrid(np.arange(8), np.arange(8), indexing="ij")
    return ((u + v >= 3) & (u + v <= 6)).astype(np.float64)


@lru_cache(maxsize=16)
def _layout(by: int, bx: int) -> tuple[np.ndarray, np.ndarray]:
    """Keyed per-block pixel patterns (by, bx, 8, 8) and bit index per block (by, bx)."""
    seed = int.from_bytes(zlib.crc32(_KEY).to_bytes(4, "big") + by.to_bytes(4, "big") + bx.to_bytes(4, "big"), "big")
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(by, bx, 8, 8)) * _mid_band()
    d = _dct_matrix()
    # pixel-domain pattern of each block: D^T · S · D ; unit energy per block
    patterns = np.einsum("ij,abjk,kl->abil", d.T, signs, d)
    patterns /= np.sqrt((patterns**2).sum(axis=(2, 3), keepdims=True))
    patterns = patterns.astype(np.float32)
    nblocks = by * bx
    bit_of_block = rng.permutation(np.arange(nblocks) % PAYLOAD_BITS).reshape(by, bx)
    return patterns, bit_of_block


def _bits_of(payload: str) -> np.ndarray:
    if len(payload) != _ID_BITS // 4 or any(c not in "0123456789abcdef" for c in payload):
        raise DisclosureError(f"watermark payload must be {_ID_BITS // 4} lowercase hex digits, got {payload!r}")
    ident = int(payload, 16)
    crc = zlib.crc32(bytes.fromhex(payload)) & 0xFFFF
    word = (ident << _CRC_BITS) | crc
    return np.array([(word >> (PAYLOAD_BITS - 1 - i)) & 1 for i in range(PAYLOAD_BITS)], dtype=np.int8)


def _payload_of(bits: np.ndarray) -> str | None:
    word = 0
    for b in bits:
        word = (word << 1) | int(b)
    ident, crc = word >> _CRC_BITS, word & 0xFFFF
    payload = f"{ident:0{_ID_BITS // 4}x}"
    return payload if (zlib.crc32(bytes.fromhex(payload)) & 0xFFFF) == crc else None


_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def _luma(rgb: np.ndarray) -> np.ndarray:
    if rgb.dtype == np.uint8:  # OpenCV's BT.601 conversion: same weights, 10× faster
        return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(np.float32)
    return rgb.astype(np.float32, copy=False) @ _LUMA


def _block_corr(y: np.ndarray, by: int, bx: int) -> np.ndarray:
    """Correlation of each 8×8 block of luma ``y`` with its keyed pattern: (by, bx)."""
    patterns, _ = _layout(by, bx)
    blocks = y[: by * 8, : bx * 8].reshape(by, 8, bx, 8)
    return np.einsum("aibj,abij->ab", blocks, patterns, optimize=True)


def _soft_bits(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    h, w = rgb.shape[:2]
    by, bx = h // 8, w // 8
    corr = _block_corr(_luma(rgb[: by * 8, : bx * 8]), by, bx)
    _, bit_of_block = _layout(by, bx)
    soft = np.bincount(bit_of_block.ravel(), weights=corr.ravel(), minlength=PAYLOAD_BITS)
    counts = np.bincount(bit_of_block.ravel(), minlength=PAYLOAD_BITS)
    noise = float(np.std(corr)) * np.sqrt(counts.mean()) + 1e-9
    return soft, counts, float(np.mean(np.abs(soft)) / noise)


class LegacyWatermarker:
    """Reads (and, for tests, embeds) the legacy v1 mark. Stateless; safe to share."""

    name = "consent-studio-dct-ss/v1"

    def embed(self, image: Image.Image, payload: str) -> Image.Image:
        """Return a marked RGB copy of ``image`` carrying ``payload`` (12 hex digits).

        Raises DisclosureError when the image is too small or the mark cannot be made to
        read back with margin — never returns an unmarked image.
        """
        bits = _bits_of(payload)
        rgb8 = np.asarray(image.convert("RGB"))
        h, w = rgb8.shape[:2]
        if min(h, w) < MIN_SIDE:
            raise DisclosureError(
                f"image {w}x{h} is too small to carry the invisible watermark: "
                f"the short side must be at least {MIN_SIDE} px"
            )
        by, bx = h // 8, w // 8
        patterns, bit_of_block = _layout(by, bx)
        sign = (bits[bit_of_block].astype(np.float32) * 2 - 1)  # (by, bx)
        want = bits.astype(np.float32) * 2 - 1
        y = _luma(rgb8)
        saturated = float(np.mean((y <= 3.0 * _STRENGTHS[-1]) | (y >= 255 - 3.0 * _STRENGTHS[-1])))
        for strength in _STRENGTHS:
            # Headroom: where pixels sit at black or white, clipping can erase part of the
            # mark; if the plain mark does not read back with margin, map [0, 255] to
            # [h, 255 - h] and try again (a slight contrast change, used only when needed).
            for squeeze in (False, True) if saturated > 0.01 else (False,):
                marked = self._mark(rgb8, y, patterns, sign, strength, squeeze)
                # Read back from the quantised pixels and require every bit with margin: each
                # bit's mean block correlation must keep ≥ 60% of its target after rounding
                # and clipping (that margin is what lets it survive JPEG q75; see the tests).
                soft, counts, _ = _soft_bits(marked)
                if (np.min(soft * want / counts) >= 0.6 * 8.0 * strength
                        and _payload_of((soft > 0).astype(np.int8)) == payload):
                    return Image.fromarray(marked, "RGB")
        raise DisclosureError(
            f"the invisible watermark did not read back from this {w}x{h} image even at the "
            f"highest strength ({_STRENGTHS[-1]}); refusing to output an unmarked image"
        )

    @staticmethod
    def _mark(rgb8: np.ndarray, y: np.ndarray, patterns: np.ndarray, sign: np.ndarray,
              strength: float, squeeze: bool) -> np.ndarray:
        h, w = rgb8.shape[:2]
        by, bx = sign.shape
        head = 3.0 * strength
        scale = (255.0 - 2 * head) / 255.0
        ybase = y * scale + head if squeeze else y
        # Improved spread spectrum: cancel the host's projection on each block's pattern
        # and set it to ±8·strength (RMS `strength` grey levels a pixel).
        coef = sign * (8.0 * strength) - _block_corr(ybase, by, bx)
        delta = np.zeros((h, w), dtype=np.float32)
        delta[: by * 8, : bx * 8] = np.einsum("abij,ab->aibj", patterns, coef, optimize=True).reshape(by * 8, bx * 8)
        if squeeze:
            base = rgb8.astype(np.float32) * scale + head
            return np.clip(np.rint(base + delta[..., None]), 0, 255).astype(np.uint8)
        # integer path: the image is already integral, so round the mark alone
        d16 = np.rint(delta).astype(np.int16)[..., None]
        return np.clip(rgb8.astype(np.int16) + d16, 0, 255).astype(np.uint8)

    def read(self, image: Image.Image) -> LegacyRead:
        """Read the payload from an image (any size ≥ 8 px; block grid must be intact)."""
        return self.read_array(np.asarray(image.convert("RGB")))

    def read_array(self, rgb: np.ndarray) -> LegacyRead:
        if rgb.shape[0] < 8 or rgb.shape[1] < 8:
            return LegacyRead(None, 0.0, 0)
        soft, _counts, confidence = _soft_bits(rgb)
        bits = (soft > 0).astype(np.int8)
        payload = _payload_of(bits)
        agreeing = int(PAYLOAD_BITS if payload else 0)
        return LegacyRead(payload, confidence, agreeing)

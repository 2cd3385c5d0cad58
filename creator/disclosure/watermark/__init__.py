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
- **Geometry**: one 128×128 tile repeated over the picture; folding the picture modulo the
  tile and phase-correlating a sync pattern recovers shifts and crops; the tile's frequency
  lattice gives scale (0.4–2.2×) and rotation (±6°). See :mod:`._tiled`.
- **Strength**: a perceptual mask puts more of the mark in texture and less in flat areas.
  The mark changes R, G and B in proportion to their luma weights (the smallest change with
  the luma the reader sees: 1.27 dB more mark than an equal change of all three at the same
  PSNR). **PSNR ≥ 40 dB on every picture that can carry a mark at 40 dB**: the embedder
  measures the rounded, clipped pixels. Pictures with a short side ≥ 512 px first get
  ≈ 41.8 dB; smaller ones, and any whose first mark does not read back with margin, get the
  whole 40 dB budget. Embedding reads the mark back from the quantised pixels: a mark that
  reads with margin (sync score ≥ 12) is returned. Where the plain 40 dB mark reads weakly
  (≥ 8.5) or not at all (texture: a 384² crop of gravel), *informed* 40 dB marks compete with
  it: the picture's own projection *against* each payload bit, as the reader sees it with the
  mark in, is partly taken off (one-sided improved spread spectrum, re-measured over three
  rounds; taking off agreeing projections too would empty the tile's frequency lattice that
  the scale/rotation search looks for), and the sync gets 1.3× the payload's amplitude (one
  last candidate: 1.6×, with a quadrature part in step with the picture's own, which keeps
  the lattice visible to that search). Each
  candidate that reads back at ≥ 8.5 is read by the full reader after simulated halving, a
  0.8× JPEG screenshot, a 2° turn and a 90 % centre crop; the one that survives most copies
  (then reads best) is kept, and the first that survives them all ends the search. The
  candidates whose crop the reader's first, unscaled step reads (≈ 1 ms; the full reader then
  returns that very read) are read first; the others are put off (``_Candidates``) and read,
  best clean read first, only if none of the first survives every copy: their crop needs the
  full scale/rotation search (≈ 40 ms a failed read at 256²), which finds the mark in few of
  them (2 of 44 measured on the tiny test pipeline's 256² noise). **Where the tile sits is
  free** (the reader finds it at any offset): where no unshifted candidate survives every
  simulated copy, the embedder moves the tile to the offsets where the picture, as the reader
  sees it, agrees most with the mark (``_tiled.aligned_shifts``: the agreement at all 128²
  offsets is one inverse FFT; on a 256² crop of grass the best offsets agree by 3.5–4 standard
  deviations, where the unshifted tile's is a random draw), and the plain and informed marks
  there compete too (``_shifted``, up to ``_N_SHIFTS`` offsets). The best is returned at 40 dB,
  even one that survives few copies (the PSNR floor comes first). With that, the 256² crop of
  grass, which needed 36–39 dB under 8 of 9 keys with the tile unmoved (38.5 dB under the
  benchmark's), gets 40.0 dB under all 9; under the benchmark's key its mark survives all 15 of
  the benchmark's attacks, under 3 of the 8 others it loses one 2° turn
  (bench/watermark_texture_keys.py, bench/results/watermark_wm7_texture_keys.json). Only a
  picture on which no 40 dB mark reads at all, moved or not (saturated random colours: half of
  any change is clipped off and the noise hides the rest), gets a louder one: at 39.5, 39, 38.5,
  38, 37, 36, 34 and 32 dB in turn, the first plain mark that reads with margin or candidate
  that survives every simulated copy. The reader is not where the grass was lost: on it every
  whitening tried (local contrast to the power 0.5–2, no clipping, a 4-neighbour prediction
  error, the sign alone) and every per-frequency normalisation (radial groups, a local estimate
  from the empty band frequencies) moves the payload carriers' signal-to-noise by −14 % to +3 %
  (plain 40 dB marks, 6 attacks, 3 keys); soft bits as log-likelihood ratios were not adopted
  (see bench/watermark.py). A rate-¼ code and a tail-biting one would gain under 1 dB together,
  for a new mark format; not pursued. On those pictures only, marking takes 0.05–1.1 s at
  256²-384² (bench/watermark_noise_ab.py).
  The embedder raises rather than return an image whose mark does not read. bench/watermark.py
  lists weak marks and every picture below 40 dB.
- **Speed** (bench/watermark.py, bench/disclosure.py, bench/watermark_embed_speed.py): the
  pixels are read with one call of Pillow's raw encoder and split into R, G and B planes, the
  perceptual mask is computed at ¼ resolution (from integer 4×4 block sums), the mark is
  built one tile-row at a time (never a full-size copy of the tiled pattern) straight to
  int8 deltas, added to each plane in one saturating OpenCV pass and measured per plane, and
  Pillow interleaves the returned picture from the planes; the read-back check merges and
  reads the central 1024² only. An embedding's intermediates go into arrays kept for the
  next one (``_Scratch``): fresh memory costs a page fault per 4 KiB, ≈ 30 ms of CPU at
  2048². The same pixels as the embedder before these changes (tests pin them by digest);
  side by side (bench/watermark_embed_speed.py) ≈ 1.3× less CPU on its own at 512² and
  2048², and inside disclose() 68 → 57 ms at 2048² but no change at 512² (≈ 9.4 ms: there
  the old embedder's fresh memory did not fault either). What remains at 512² is mostly the
  read-back (the reader's whitening filters and FFTs, whose exact values decide the result).
  The reader's scale/rotation search scores blocks of angles at once through flat indices
  into the spectrum, with the same float operations in the same order (every read, and so
  every embedding, is bit for bit what it was; bench/watermark_read_ab.py --check compares
  them on 63 pictures and 11 embeddings): side by side (two runs) 1.7–1.9× less CPU for the
  read of a 0.8× JPEG screenshot and for the embedding of a 256² noise picture (whose
  simulated copies run the search); the read of an unmodified copy is unchanged (≈ 6 ms at
  512²: whitening, FFTs and the Viterbi decoder).
  Marks of the first v2 release (same R, G, B change, ≈ 40.5 dB) and the plain and weak
  marks of later ones read as before: the reader only gained a search candidate.
- **Legacy**: v1 marks (unkeyed, public pattern; first releases) are still read, reported
  as ``version=1, keyed=False`` so that verification can treat them as weaker.
- **Unmarking** (:meth:`Watermarker.unmark`, :mod:`._unmark`): for the likeness scan only, a
  copy of a picture that carries this key's mark on the pixel grid, with the plain mark of the
  payload read rebuilt, its strength fitted (globally, then its share locally) and subtracted;
  None for any other picture. The face scan counts a noisy patch only where that copy holds
  one too: the mark's noise on a flat dark area read as a roughened eye bar (docs/LIKENESS.md,
  "The studio's own mark").
"""

from __future__ import annotations

import hashlib
import io
import math
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import cv2
import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from PIL import Image

from consent.imaging import rgb_array
from creator.disclosure.watermark import _tiled, _unmark
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
#: Every marked picture stays at or above this PSNR (all three channels, after rounding and
#: clipping): the embedder measures the marked pixels and never returns one below it.
_PSNR_FLOOR_DB = 40.0
#: The mark's change in R, G and B per grey level of luma (BT.601, what the reader sees):
#: ``w / |w|²``, the smallest change in the three channels with that luma. Its mean square
#: is 0.746 of adding the same value to all three, so the same PSNR carries 1.27 dB more mark.
_RGB_GAIN = tuple(float(c) for c in np.array([0.299, 0.587, 0.114]) / (0.299**2 + 0.587**2 + 0.114**2))
#: Luma RMS (grey levels) of the first try on pictures with a short side ≥ _FULL_BUDGET_SIDE
#: (≈ 41.8 dB): the mark of the first v2 release, read back with margin by most photos.
_BASE_STRENGTH = 2.4
#: Pictures smaller than this use the whole 40 dB budget from the start: they hold fewer
#: copies of the tile, and a halving or a screenshot leaves even fewer.
_FULL_BUDGET_SIDE = 512
#: Sync score the embedder requires on its own read-back (reads accept ≥ _tiled.Z_MIN).
_Z_EMBED = 12.0
#: Pictures whose own texture weakens a 40 dB mark (a 384² crop of gravel) keep a 40 dB mark
#: (plain or informed, whichever survives more simulated copies) when it reads back at this
#: score at least (bench/watermark.py lists them as weak marks). Below it the embedder raises
#: rather than return a mark that does not read.
_Z_EMBED_WEAK = 8.5
#: Informed marks tried at 40 dB where the plain one reads weakly or not at all: (share of the
#: picture's projection against each payload bit taken off, sync amplitude relative to the
#: payload's, quadrature share: ``Watermarker._informed``). The first four were chosen on a 384²
#: crop of gravel under 8 keys (not the benchmark's): the plain mark's clean read has 14 of 140
#: coded bits wrong from the gravel alone, (0.8, 1.3) 5, and after halving 17 → 9, with the sync
#: score kept. The last, tried only where none of them survives every simulated copy, was
#: chosen on the benchmark's 256² crop of grass at 39–40 dB: taking the projection off
#: quietens the tile's lattice there, and turned copies were no longer found by the
#: scale/rotation search; a louder sync and a quadrature part in step with the grass's own
#: keep them found. Under 7 other keys (not the benchmark's) it lifted two of them 1–1.5 dB
#: (to 37 and 38.5 dB) before the embedder learnt to move the tile (``_shifted``), with which
#: that grass gets 40 dB under every key measured.
_INFORMED = ((0.8, 1.3, 0.0), (0.6, 1.3, 0.0), (0.0, 1.3, 0.0), (0.5, 1.0, 0.0), (0.8, 1.6, 0.3))
#: Simulated copies each candidate mark is read from (``Watermarker._survives``).
_N_SIMULATED = 4
#: Simulated reads per embedding after which no further candidate is read (a failed read
#: searches every scale and angle: ~0.3 s at 256²); later candidates are ranked by their
#: clean read alone. Textured photos needed 4–16 (a 384² crop of gravel and a 256² crop of
#: grass, 9 keys each); a picture of saturated random pixels, made to be hard, 15.
_MAX_SIMULATED_READS = 24
#: Tile offsets tried (``Watermarker._shifted``) where no unshifted 40 dB mark survives every
#: simulated copy: the picture's best-agreeing offsets (:func:`._tiled.aligned_shifts`).
_N_SHIFTS = 5
#: Sync amplitude, relative to the payload's, with which those offsets are ranked.
_SHIFT_SYNC_GAIN = 1.3
#: Simulated reads the shifted marks may spend, besides ``_MAX_SIMULATED_READS``.
_MAX_SHIFT_SIMULATED_READS = 40
#: Rounds of re-measuring the picture's projection with the informed mark in it.
_INFORMED_ROUNDS = 3
#: PSNR levels tried, in turn, only for a picture on which no 40 dB mark reads back at all,
#: the tile moved or not (saturated random colours): the first whose plain mark reads back
#: with margin, or whose best informed mark survives every simulated copy, is returned.
#: Half-decibel steps near 40 dB (a 256² crop of grass got 38.0 dB in 2 dB steps and 38.5 in
#: these, before the tile was moved). bench/watermark.py lists every picture below 40 dB.
_TEXTURE_PSNR_DB = (39.5, 39.0, 38.5, 38.0, 37.0, 36.0, 34.0, 32.0)
#: The embedder's read-back uses (at most) this central square: a 1024² region holds 256
#: copies of the tile, and a mark that reads there with margin is in the whole picture.
_CHECK_SIDE = 1024
#: :meth:`Watermarker.unmark` takes a mark off only where its tile sits this close (px) to a
#: whole-pixel offset (an output or a crop of one); a resampled copy is left alone.
_UNMARK_SUBPIXEL = 0.3
#: Legacy v1 reads need this confidence besides their CRC (unmarked pictures stay below 2).
_V1_MIN_CONFIDENCE = 3.0
#: A scale/rotation candidate whose payload does not decode but whose sync score reaches
#: this is polished (``Watermarker._polish``): unmarked pictures rarely reach it (their best
#: sync peak is ≈ 4–5), and each polished point still needs the full sync score and the
#: keyed check tag to read.
_POLISH_Z = 6.0
#: Polish steps (radians, log scale) and rounds: half the lattice refinement's steps.
_POLISH_DA = math.radians(0.08)
_POLISH_DS = 0.0015
_POLISH_ROUNDS = 4


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


def _pixels(image: Image.Image) -> np.ndarray:
    """The picture's RGB pixels as a read-only (h, w, 3) uint8 array, packed in one piece
    (:func:`consent.imaging.rgb_array`: ``np.asarray`` packs 64 KiB pieces and joins them,
    ≈ 23 ms of one core at 2048² against ≈ 2 ms)."""
    return rgb_array(image if image.mode == "RGB" else image.convert("RGB"))


class _Scratch:
    """The arrays one embedding writes its intermediate results into, kept for the next one.

    Memory the process has not touched yet costs the kernel a page fault per 4 KiB when it is
    first written: at 2048² the embedder's ≈ 90 MB of intermediates (planes, mask, deltas,
    marked planes, the read-back's whitened luma) cost more CPU that way (≈ 30 ms, measured
    with and without glibc returning freed memory) than the arithmetic on them. An array is
    kept per role, for the last shape it was asked for (≈ 18 bytes per pixel, plus up to
    16 MB for the 1024² read-back)."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def __call__(self, name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
        a = self._arrays.get(name)
        if a is None or a.shape != shape or a.dtype != dtype:
            a = self._arrays[name] = np.empty(shape, dtype)
        return a


#: Scratch sets not in use (at most _SCRATCH_KEEP are kept); an embedding takes one for its
#: whole run, so embeddings in other threads never share one.
_SCRATCH_FREE: list[_Scratch] = []
_SCRATCH_LOCK = threading.Lock()
_SCRATCH_KEEP = 1


@contextmanager
def _scratch() -> Iterator[_Scratch]:
    with _SCRATCH_LOCK:
        s = _SCRATCH_FREE.pop() if _SCRATCH_FREE else _Scratch()
    try:
        yield s
    finally:
        with _SCRATCH_LOCK:
            if len(_SCRATCH_FREE) < _SCRATCH_KEEP:
                _SCRATCH_FREE.append(s)


def _fresh(name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    return np.empty(shape, dtype)


def _delta(row: np.ndarray, mask: np.ndarray, scale: float, scratch: _tiled.Scratch = _fresh) -> list[np.ndarray]:
    """``rint(tile × mask × scale × gain)`` for R, G and B (``_RGB_GAIN``), saturated to int8
    (|d| beyond 127 is clipped; d is ~2–9). ``row``: one tile-row of the tiled pattern
    (``_tile_row``), multiplied with the mask in bands of one tile height."""
    h, w = mask.shape
    n = row.shape[0]
    out = [scratch(f"delta{i}", (h, w), np.int8) for i in range(len(_RGB_GAIN))]
    for y0 in range(0, h, n):
        y1 = min(y0 + n, h)
        for d, g in zip(out, _RGB_GAIN, strict=True):
            cv2.multiply(row[: y1 - y0], mask[y0:y1], dst=d[y0:y1], scale=scale * g, dtype=cv2.CV_8S)
    return out


def _tile_row(tile: np.ndarray, w: int, scratch: _tiled.Scratch = _fresh) -> np.ndarray:
    """The tile repeated across ``w`` columns: one tile-row of the pattern (never the whole
    picture's)."""
    n = tile.shape[1]
    row = scratch("row", (tile.shape[0], w), np.float32)
    for x0 in range(0, w, n):
        row[:, x0:x0 + n] = tile[:, : min(n, w - x0)]
    return row


def _add(planes: list[np.ndarray], d: list[np.ndarray], scratch: _tiled.Scratch = _fresh) -> list[np.ndarray]:
    """R, G and B planes plus the int8 deltas ``d``, saturated to [0, 255] (one integer pass
    per plane)."""
    return [cv2.add(p, dc, dst=scratch(f"marked{i}", p.shape, np.uint8), dtype=cv2.CV_8U)
            for i, (p, dc) in enumerate(zip(planes, d, strict=True))]


def _mse(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    """Mean square difference over all three planes (each plane's sum of squares is an exact
    integer, so their sum is the three-channel one)."""
    return sum(cv2.norm(x, y, cv2.NORM_L2SQR) for x, y in zip(a, b, strict=True)) / (len(a) * a[0].size)


def _mark_planes(planes: list[np.ndarray], tile: np.ndarray, mask: np.ndarray, strength: float | None,
                 floor_mse: float, scratch: _tiled.Scratch = _fresh) -> list[np.ndarray]:
    """``Watermarker._mark`` on the picture's R, G and B planes: the marked planes (in
    ``scratch``: each call overwrites the last one's)."""
    target = floor_mse * 0.985
    gain2 = float(np.mean(np.square(_RGB_GAIN)))
    s = strength if strength is not None else math.sqrt(target / gain2)
    row = _tile_row(tile, mask.shape[1], scratch)
    marked = _add(planes, _delta(row, mask, s, scratch), scratch)
    for _ in range(4):
        mse = _mse(marked, planes)
        if mse <= floor_mse and (strength is not None or mse >= 0.93 * target):
            return marked
        factor = math.sqrt(target / max(mse, 1e-9))
        if strength is not None or mse > floor_mse:
            factor = min(factor, 0.99)
        s *= min(factor, 3.0)
        marked = _add(planes, _delta(row, mask, s, scratch), scratch)
    for _ in range(200):  # pragma: no cover - rounding never needs more than the loop above
        if _mse(marked, planes) <= floor_mse:
            return marked
        s *= 0.95
        marked = _add(planes, _delta(row, mask, s, scratch), scratch)
    raise DisclosureError("the invisible watermark could not be brought within the PSNR floor")


def _central_rgb(planes: list[np.ndarray], side: int, scratch: _tiled.Scratch = _fresh) -> np.ndarray:
    """The central ``side``² (at most) of R, G and B planes as one (h, w, 3) array."""
    crop = [_central(p, side) for p in planes]
    return cv2.merge(crop, dst=scratch("central", (*crop[0].shape, len(crop)), np.uint8))


def _image(planes: list[np.ndarray]) -> Image.Image:
    """An RGB image (a copy) of R, G and B planes: Pillow interleaves them in one pass (≈ 2×
    faster than interleaving them into an array and unpacking that with ``Image.fromarray``)."""
    h, w = planes[0].shape
    return Image.merge("RGB", [Image.frombuffer("L", (w, h), np.ascontiguousarray(p), "raw", "L", 0, 1)
                               for p in planes])


def _central(a: np.ndarray, side: int) -> np.ndarray:
    h, w = a.shape[:2]
    y0, x0 = max((h - side) // 2, 0), max((w - side) // 2, 0)
    return a[y0:y0 + side, x0:x0 + side]


def _crop_shift(shape: tuple[int, ...], shift: tuple[int, int]) -> tuple[int, int]:
    """Where the reader of ``_central(picture, _CHECK_SIDE)`` finds a tile that sits at
    ``shift`` in the whole picture (``np.roll`` of the tile by it)."""
    h, w = shape[:2]
    y0, x0 = max((h - _CHECK_SIDE) // 2, 0), max((w - _CHECK_SIDE) // 2, 0)
    return ((shift[0] - y0) % _tiled.N, (shift[1] - x0) % _tiled.N)


def _derive(key: bytes, label: bytes, n: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=n, salt=b"consent-studio/watermark/v2", info=label).derive(key)


def _crop90(im: Image.Image) -> Image.Image:
    """The simulated 90 % centre crop (5 % off each side)."""
    w, h = im.size
    dx, dy = round(w * 0.05), round(h * 0.05)
    return im.crop((dx, dy, w - dx, h - dy))


class _Candidates:
    """The embedder's weak and informed candidate marks, ranked by simulated copies survived.

    A candidate whose simulated crop reads at the reader's first step (``_crop_reads``, ≈ 1 ms)
    is read after every simulated copy at once; one whose crop does not is put off: its crop
    then needs the full reader's scale and rotation search (≈ 40 ms at 256²), which finds the
    payload in few of them (2 of 44 at the 256² output of the tiny test pipeline), so it can
    rarely survive every copy. The first candidate that survives every copy ends the search;
    only when none has, :meth:`settle` reads the put-off ones. The candidate kept is chosen as
    before: the one that survives most copies (then reads best), and the search ends at the
    first that survives them all; only which one is found first can differ.
    """

    def __init__(self, wm: Watermarker, payload: str) -> None:
        self._wm = wm
        self._payload = payload
        self._later: list[tuple[np.ndarray, float, list[int]]] = []
        self.best: tuple[int, float, np.ndarray] | None = None

    @property
    def done(self) -> bool:
        return self.best is not None and self.best[0] == _N_SIMULATED

    def offer(self, marked: np.ndarray, score: float, budget: list[int]) -> None:
        """``marked``: a candidate whose clean read gave the payload at sync ``score``;
        ``budget``: the simulated reads its stage may still spend."""
        if self.done:
            return
        if self._wm._crop_reads(marked, self._payload):
            self._rank(marked, score, budget, crop_reads=True)
        else:
            self._later.append((marked, score, budget))

    def settle(self) -> None:
        """Read the put-off candidates, best clean read first, until one survives every
        simulated copy. Once one is ranked, a candidate that reads no better can only win by
        surviving more copies: its crop, the copy it most likely loses, is read first, and one
        lost there ends its reading (the copies left could at most tie)."""
        for marked, score, budget in sorted(self._later, key=lambda c: -c[1]):
            if self.done:
                break
            self._rank(marked, score, budget, crop_reads=False)
        self._later.clear()

    def _rank(self, marked: np.ndarray, score: float, budget: list[int], *, crop_reads: bool) -> None:
        # (copies survived, score) must beat the best's: with a score no higher, by a copy more
        at_least = 0 if self.best is None else self.best[0] + (score <= self.best[1])
        survived = self._wm._survives(marked, self._payload, at_least, budget, crop_reads)
        cand = (survived, score, marked)
        if self.best is None or cand[:2] > self.best[:2]:
            self.best = cand


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
        with _scratch() as scratch:
            return self._embed(image, payload, scratch)

    def _embed(self, image: Image.Image, payload: str, scratch: _Scratch) -> Image.Image:
        ident = _check_payload(payload)
        rgb8 = _pixels(image)
        h, w = rgb8.shape[:2]
        if min(h, w) < MIN_SIDE:
            raise DisclosureError(
                f"image {w}x{h} is too small to carry the invisible watermark: "
                f"the short side must be at least {MIN_SIDE} px"
            )
        coded = conv_encode(int_to_bits(self._cipher.seal(ident)))
        rgb8 = np.ascontiguousarray(rgb8)
        y8 = cv2.cvtColor(rgb8, cv2.COLOR_RGB2GRAY, dst=scratch("y8", (h, w), np.uint8))
        planes = cv2.split(rgb8, [scratch(f"plane{i}", (h, w), np.uint8) for i in range(3)])
        tile = self._layout.tile(coded)
        mask = _tiled.perceptual_mask(y8, scratch)
        floor_mse = 255.0**2 / 10 ** (_PSNR_FLOOR_DB / 10)
        weak: tuple[float, np.ndarray] | None = None
        tries = [_BASE_STRENGTH, None] if min(h, w) >= _FULL_BUDGET_SIDE else [None]
        for strength in tries:
            marked = _mark_planes(planes, tile, mask, strength, floor_mse, scratch)
            got = self._read_aligned(_central_rgb(marked, _CHECK_SIDE, scratch), scratch)
            if got is None or got.payload != payload:
                continue
            if got.confidence >= _Z_EMBED:
                return _image(marked)
            if got.confidence >= _Z_EMBED_WEAK and (weak is None or got.confidence > weak[0]):
                weak = (got.confidence, cv2.merge(marked))
        # The plain mark reads weakly or not at all: the picture's own projection on the
        # carriers outweighs much of it (texture). Informed marks at the same 40 dB, and the
        # weak plain one, are each read back after simulated halving, cropping and screenshot;
        # the one that survives most of them is returned.
        pool = _Candidates(self, payload)
        budget = [_MAX_SIMULATED_READS]
        memo: dict = {}  # what the informed marks of this picture share (``_informed``)
        if weak is not None:
            pool.offer(weak[1], weak[0], budget)
        self._best_informed(rgb8, coded, mask, floor_mse, payload, pool, budget, memo=memo)
        if not pool.done:
            # The tile where the picture's own texture agrees with the mark (the reader finds
            # the tile wherever it sits): plain and informed marks there, at the same 40 dB.
            found = self._shifted(rgb8, planes, coded, mask, floor_mse, payload, pool, scratch, memo)
            if found is not None:
                return found
        pool.settle()
        best = pool.best
        if best is not None:
            return Image.fromarray(best[2], "RGB")
        # No mark reads at all within 40 dB: the picture is texture or noise through and
        # through (a 256² crop of grass), which also hides a louder mark. The least loud one
        # (plain, or informed as above) that reads back with margin and survives every
        # simulated copy, never below 32 dB.
        for psnr_db in _TEXTURE_PSNR_DB:
            level_mse = 255.0**2 / 10 ** (psnr_db / 10)
            plain = self._plain(planes, tile, mask, level_mse, payload, scratch)
            if isinstance(plain, Image.Image):
                return plain
            level_pool = _Candidates(self, payload)
            if plain is not None and plain[0] >= _Z_EMBED_WEAK:
                level_pool.offer(plain[1], plain[0], budget)
            self._best_informed(rgb8, coded, mask, level_mse, payload, level_pool, budget, memo=memo)
            level_pool.settle()
            level = level_pool.best
            if level is not None and level[0] == _N_SIMULATED:
                return Image.fromarray(level[2], "RGB")
            if level is not None and (best is None or level[:2] > best[:2]):
                best = level
        if best is not None:
            return Image.fromarray(best[2], "RGB")
        raise DisclosureError(
            f"the invisible watermark did not read back with margin from this {w}x{h} image even at "
            f"{_TEXTURE_PSNR_DB[-1]:.0f} dB PSNR; refusing to output an unmarked image"
        )

    @staticmethod
    def _mark(rgb8: np.ndarray, tile: np.ndarray, mask: np.ndarray, strength: float | None,
              floor_mse: float) -> np.ndarray:
        """The marked pixels at luma RMS ``strength``, or (None) at the largest strength whose
        PSNR, measured on the rounded and clipped pixels, stays at the floor.

        Clipping at black and white takes part of the mark away, so the full-budget strength
        is found by measuring: scaled by √(budget / measured MSE) up to three times. Any
        result over the budget is scaled down and measured again; none is returned above it.
        """
        return cv2.merge(_mark_planes(cv2.split(np.ascontiguousarray(rgb8)), tile, mask, strength, floor_mse))

    def _best_informed(self, rgb8: np.ndarray, coded: np.ndarray, mask: np.ndarray, floor_mse: float,
                       payload: str, pool: _Candidates, budget: list[int],
                       shift: tuple[int, int] = (0, 0), memo: dict | None = None) -> None:
        """Offer ``pool`` the informed marks (``_INFORMED``) at this budget that read back at
        ``_Z_EMBED_WEAK`` or more, in turn, until one survives every simulated copy."""
        for lam, sync_gain, quad in _INFORMED:
            if pool.done:
                return
            marked = self._informed(rgb8, coded, mask, floor_mse, lam, sync_gain, quad, shift, memo)
            got = self._read_aligned(_central(marked, _CHECK_SIDE))
            if got is None or got.payload != payload or got.confidence < _Z_EMBED_WEAK:
                continue
            pool.offer(marked, got.confidence, budget)

    def _informed(self, rgb8: np.ndarray, coded: np.ndarray, mask: np.ndarray, floor_mse: float, lam: float,
                  sync_gain: float, quad: float = 0.0, shift: tuple[int, int] = (0, 0),
                  memo: dict | None = None) -> np.ndarray:
        """An informed mark at the full budget: ``lam`` of the picture's own projection *against*
        each payload bit is taken off (one-sided improved spread spectrum: a projection that
        already agrees with its bit is left to help), and the sync carriers get ``sync_gain``
        times the payload's amplitude. The projection is what the reader sees of the picture
        with the mark in it, re-measured after each round (``_INFORMED_ROUNDS``).

        One-sided: taking off projections that agree would also take the picture's power off
        the tile's frequency lattice, where the scale/rotation search looks for it. ``quad``
        gives each carrier a quadrature part (90° from its keyed phase, which decoding ignores)
        of that share of its amplitude, with the sign and relative size of the picture's own
        quadrature there: it adds to the picture's power on the lattice, so that the
        scale/rotation search still finds a turned or rescaled copy of a mark that taking the
        picture's projection off has made quieter there. ``shift``: where the tile sits
        (``np.roll`` of it; see :meth:`_shifted`). ``memo``: one embedding's store of what its
        informed marks share (the picture's own readout; the first mark and its gain, which
        depend only on the sync gain, the offset and the budget): the same values, computed once.
        With ``lam`` 0 and no quadrature every round marks the same amplitudes, so the first
        mark is returned (the very pixels the rounds would make).
        """
        lay = self._layout
        n_pay = len(lay.pay)
        u = np.concatenate([2.0 * np.asarray(coded, np.float64) - 1.0, np.full(len(lay.sync), sync_gain)])
        sign = np.sign(u)
        at = _crop_shift(rgb8.shape, shift)  # where the central square's reader finds the tile

        def tile(a: np.ndarray) -> np.ndarray:
            t = lay.tile_amps(a)
            return np.roll(t, shift, axis=(0, 1)) if shift != (0, 0) else t

        memo = {} if memo is None else memo
        if "seen" not in memo:
            memo["seen"] = _tiled.seen(_central(rgb8, _CHECK_SIDE), lay)
        host = _tiled.project(memo["seen"], lay, shift=at)
        first = memo.get(("first", sync_gain, shift, floor_mse))
        if first is None:
            marked = self._mark(rgb8, tile(u), mask, None, floor_mse)
            gain = float(np.sum((_tiled.readout(_central(marked, _CHECK_SIDE), lay, shift=at) - host) * u) / np.sum(u * u))
            first = memo[("first", sync_gain, shift, floor_mse)] = (marked, gain)
        marked, gain = first
        if gain <= 0 or (lam == 0 and not quad):
            return marked
        q = np.zeros_like(u)
        if quad:
            hq = _tiled.project(memo["seen"], lay, quadrature=True, shift=at)
            q = quad * np.abs(u) * hq / (math.sqrt(float(np.mean(hq * hq))) + 1e-12)
        amps, seen = u, host
        for r in range(_INFORMED_ROUNDS):
            against = np.minimum(seen * sign, 0.0) * sign
            against[n_pay:] = 0.0
            amps = u - lam * against / gain
            marked = self._mark(rgb8, tile(amps + 1j * q if quad else amps), mask, None, floor_mse)
            if r == _INFORMED_ROUNDS - 1:
                break  # the last round's mark is returned: what the reader sees of it is not needed
            # the reader's gain per unit amplitude of this tile (every tile has unit RMS)
            g = gain * math.sqrt(float(np.mean(u * u)) / float(np.mean(amps * amps + q * q)))
            seen = _tiled.readout(_central(marked, _CHECK_SIDE), lay, shift=at) - g * amps
        return marked

    def _plain(self, planes: list[np.ndarray], tile: np.ndarray, mask: np.ndarray, mse: float, payload: str,
               scratch: _Scratch) -> Image.Image | tuple[float, np.ndarray] | None:
        """The plain mark of ``tile`` at the budget ``mse``: the marked image when it reads back
        with margin; else (its clean sync score, its pixels) when it reads at all; else None."""
        marked = _mark_planes(planes, tile, mask, None, mse, scratch)
        got = self._read_aligned(_central_rgb(marked, _CHECK_SIDE, scratch), scratch)
        if got is None or got.payload != payload:
            return None
        return _image(marked) if got.confidence >= _Z_EMBED else (got.confidence, cv2.merge(marked))

    def _shifted(self, rgb8: np.ndarray, planes: list[np.ndarray], coded: np.ndarray, mask: np.ndarray,
                 floor_mse: float, payload: str, pool: _Candidates, scratch: _Scratch,
                 memo: dict | None = None) -> Image.Image | None:
        """Marks at the full budget with the tile moved to each of the ``_N_SHIFTS`` offsets
        where the picture, as the reader sees it, agrees most with the mark
        (:func:`._tiled.aligned_shifts`; the payload and the sync carriers at the sync gain of
        the informed marks): a plain mark there that reads with margin is returned as an
        image; otherwise the plain (weak) and informed marks there are offered to ``pool``,
        until one survives every simulated copy. Their simulated reads have a budget of their
        own (``_MAX_SHIFT_SIMULATED_READS``)."""
        lay = self._layout
        tile = lay.tile(coded)
        amps = np.concatenate([2.0 * np.asarray(coded, np.float64) - 1.0, np.full(len(lay.sync), _SHIFT_SYNC_GAIN)])
        budget = [_MAX_SHIFT_SIMULATED_READS]
        h, w = rgb8.shape[:2]
        y0, x0 = max((h - _CHECK_SIDE) // 2, 0), max((w - _CHECK_SIDE) // 2, 0)
        for sy, sx in _tiled.aligned_shifts(_central(rgb8, _CHECK_SIDE), lay, amps, _N_SHIFTS):
            shift = ((sy + y0) % _tiled.N, (sx + x0) % _tiled.N)  # from the central square's offsets to the picture's
            if shift == (0, 0):
                continue  # the unshifted tile's marks were tried already
            plain = self._plain(planes, np.roll(tile, shift, axis=(0, 1)), mask, floor_mse, payload, scratch)
            if isinstance(plain, Image.Image):
                return plain
            if plain is not None and plain[0] >= _Z_EMBED_WEAK:
                pool.offer(plain[1], plain[0], budget)
            self._best_informed(rgb8, coded, mask, floor_mse, payload, pool, budget, shift, memo)
            if pool.done:
                break
        return None

    def _survives(self, marked: np.ndarray, payload: str, at_least: int, budget: list[int],
                  crop_reads: bool = False) -> int:
        """How many of the ``_N_SIMULATED`` simulated copies of ``marked`` (centre crop 90 %,
        halved, a 0.8× JPEG q75 screenshot, turned 2°) the full reader reads ``payload`` from;
        -1 as soon as fewer than ``at_least`` can; 0, unread, once ``budget[0]`` simulated
        reads are spent (``_MAX_SIMULATED_READS``; a mark started is read to the end).
        The crop comes first: it is the copy a put-off candidate most likely loses, and with
        ``at_least`` that loss ends the reading soonest. ``crop_reads``: the crop is known to
        read (:meth:`_crop_reads`), so it is not read again.
        (Decoding each copy at the geometry it was given instead is ~10× faster but misses
        copies whose mark is there and the search does not find: on a 256² crop of grass that
        picked marks losing 3× more copies.)"""
        im = Image.fromarray(marked, "RGB")
        w, h = im.size

        def screenshot() -> Image.Image:
            buf = io.BytesIO()
            im.resize((round(w * 0.8), round(h * 0.8)), Image.Resampling.BICUBIC).save(buf, format="JPEG", quality=75)
            buf.seek(0)
            return Image.open(buf).convert("RGB")

        def crop() -> Image.Image:
            return _crop90(im)

        copies = (crop, lambda: im.resize((w // 2, h // 2), Image.Resampling.BICUBIC), screenshot,
                  lambda: im.rotate(2.0, Image.Resampling.BICUBIC))
        if budget[0] <= 0:
            return 0
        missed = 0
        for copy in copies:
            budget[0] -= 1
            if copy is crop and crop_reads:
                continue
            if self.read(copy()).payload != payload:
                missed += 1
                if len(copies) - missed < at_least:
                    return -1
        return len(copies) - missed

    def _crop_reads(self, marked: np.ndarray, payload: str) -> bool:
        """Whether the reader's first step, the unscaled read, finds ``payload`` in the
        simulated 90 % centre crop of ``marked``: then the full reader returns exactly that
        read (it searches scales and angles only when that step finds nothing), and the crop
        survives. ≈ 1 ms at 256², where a failed full read costs ≈ 40 ms."""
        got = self._read_aligned(_pixels(_crop90(Image.fromarray(marked, "RGB"))))
        return got is not None and got.payload == payload

    # ------------------------------------------------------------------ unmarking
    def unmark(self, image: Image.Image) -> Image.Image | None:
        """A copy of ``image`` with this installation's mark taken off, for the likeness scan's
        occluder check only (never to write, serve, generate from or find faces on); None when
        no mark of this key reads on the pixel grid. See :mod:`._unmark`."""
        out = self.unmark_array(_pixels(image))
        return None if out is None else Image.fromarray(out, "RGB")

    def unmark_array(self, rgb: np.ndarray) -> np.ndarray | None:
        """:meth:`unmark` on (h, w, 3) uint8 RGB pixels: a new array, or None."""
        rgb = np.asarray(rgb)
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3 or min(rgb.shape[:2]) < _tiled.N:
            return None
        rgb8 = np.ascontiguousarray(rgb)
        # the luma and whitened planes in a kept scratch set (_Scratch: fresh memory's page
        # faults cost more than the arithmetic; about 40 % of this read at 512²); the folded
        # tile is a new array, so nothing of the set outlives the block
        with _scratch() as scratch:
            folded = _tiled.fold(_tiled.highpass(_tiled.luma(rgb8, scratch), scratch))
        z, (dy, dx), _soft = _tiled.demodulate(folded, self._layout)
        if z < _tiled.Z_MIN:
            return None
        found = self._decode(folded, 1.0, 0.0)
        if found is None:
            return None
        iy, ix = round(dy), round(dx)
        if max(abs(dy - iy), abs(dx - ix)) > _UNMARK_SUBPIXEL:
            return None  # not on the pixel grid: a resized or resampled copy, left alone
        coded = conv_encode(int_to_bits(self._cipher.seal(bytes.fromhex(found.payload))))
        tile = np.roll(self._layout.tile(coded), (iy % _tiled.N, ix % _tiled.N), axis=(0, 1))
        change = _unmark.mark_change(rgb8, tile, _RGB_GAIN, _TEXTURE_PSNR_DB[-1])
        return None if change is None else _unmark.subtract(rgb8, change)

    # ------------------------------------------------------------------ reading
    def read(self, image: Image.Image) -> WatermarkRead:
        """Read the payload from an image (cropped, resized, rotated ±6°, re-encoded …)."""
        return self.read_array(_pixels(image))

    def read_array(self, rgb: np.ndarray, *, luma: np.ndarray | None = None,
                   scratch: _tiled.Scratch | None = None) -> WatermarkRead:
        """``luma``: ``_tiled.luma`` of these (uint8) pixels when the caller has it already.
        ``scratch``: arrays the unscaled read writes its working planes into (a :func:`_scratch`
        set, held by the caller for the call): the same values, without a fresh megabyte per plane."""
        rgb = np.asarray(rgb)
        if rgb.ndim != 3 or rgb.shape[2] < 3 or min(rgb.shape[:2]) < 16:
            return WatermarkRead(None, 0.0, 0)
        rgb8 = rgb[..., :3] if rgb.dtype == np.uint8 else np.clip(np.rint(rgb[..., :3]), 0, 255).astype(np.uint8)
        if luma is not None and (rgb.dtype != np.uint8 or luma.shape != rgb8.shape[:2] or luma.dtype != np.float32):
            luma = None
        # the unscaled read's luma and whitened luma are the scale/rotation search's too
        y = _tiled.luma(rgb8, scratch) if luma is None else luma
        hp = _tiled.highpass(y, scratch)
        found = self._decode(_tiled.fold(hp), 1.0, 0.0)
        if found is not None:
            return found
        legacy = self._legacy.read_array(rgb8)
        if legacy.payload is not None and legacy.confidence >= _V1_MIN_CONFIDENCE:
            return WatermarkRead(legacy.payload, legacy.confidence, legacy.bits_agreeing, version=1, keyed=False)
        for scale, angle in _tiled.candidate_transforms(hp, self._layout):
            found, z = self._decode_at(y, scale, angle)
            if found is not None:
                return found
            if z >= _POLISH_Z:
                found = self._polish(y, scale, angle, z)
                if found is not None:
                    return found
        return WatermarkRead(None, 0.0, 0)

    def _decode_at(self, y: np.ndarray, scale: float, angle: float) -> tuple[WatermarkRead | None, float]:
        """The read of luma ``y`` warped back by (scale, angle), and its sync score."""
        folded = _tiled.fold(_tiled.highpass(_tiled.unwarp(y, scale, angle)))
        demod = _tiled.demodulate(folded, self._layout)
        z = demod[0]
        return (self._decode(folded, scale, angle, demod) if z >= _tiled.Z_MIN else None), z

    def _polish(self, y: np.ndarray, scale: float, angle: float, z: float) -> WatermarkRead | None:
        """Climb the sync score from a candidate whose payload did not decode: the lattice
        search places small pictures (a 384² crop of gravel, rotated) up to ¼° off, enough to
        lose the payload while the sync still stands out. Decodes at each better point.

        A point visited already (the step back to where a round started, when its scale and
        angle come out bit for bit the same) did not decode: its sync score is reused."""
        steps = [(1.0, -_POLISH_DA), (1.0, _POLISH_DA), (math.exp(-_POLISH_DS), 0.0), (math.exp(_POLISH_DS), 0.0)]
        visited = {(float(scale).hex(), float(angle).hex()): z}
        for _ in range(_POLISH_ROUNDS):
            best = None
            for fs, da in steps:
                at = (float(scale * fs).hex(), float(angle + da).hex())
                z2 = visited.get(at)
                if z2 is None:
                    found, z2 = self._decode_at(y, scale * fs, angle + da)
                    if found is not None:
                        return found
                    visited[at] = z2
                if z2 > z and (best is None or z2 > best[0]):
                    best = (z2, scale * fs, angle + da)
            if best is None:
                return None
            z, scale, angle = best
        return None

    def _read_aligned(self, rgb8: np.ndarray, scratch: _tiled.Scratch | None = None,
                      luma: np.ndarray | None = None) -> WatermarkRead | None:
        y = _tiled.luma(rgb8, scratch) if luma is None else luma
        return self._decode(_tiled.fold(_tiled.highpass(y, scratch)), 1.0, 0.0)

    def _decode(self, folded: np.ndarray, scale: float, angle: float,
                demod: tuple[float, tuple[float, float], np.ndarray] | None = None) -> WatermarkRead | None:
        """``demod``: ``_tiled.demodulate`` of ``folded`` when the caller has it already."""
        z, _shift, soft = _tiled.demodulate(folded, self._layout) if demod is None else demod
        if z < _tiled.Z_MIN:
            return None
        bits = viterbi(soft)
        ident = self._cipher.open(bits_to_int(bits))
        if ident is None:
            return None
        agree = int(np.sum((soft > 0) == (conv_encode(bits) > 0)))
        return WatermarkRead(ident.hex(), round(z, 2), agree, version=2, keyed=self.keyed,
                             scale=round(scale, 4), angle_deg=round(math.degrees(angle), 2))

"""Watermark v2 signal processing: a keyed, tiled spread-spectrum mark with a sync pattern.

The mark is one 128×128 tile repeated over the whole picture (anchored at its top-left
corner), added to the luma (R, G and B in proportion to their luma weights). The tile is
built in the frequency domain: about 200 frequencies of a band (6 to 28 cycles per tile,
i.e. periods of 5 to 21 px), each with a keyed phase. 140 of them carry the 140 coded bits (sign = bit); the rest form a sync
pattern. Everything keyed — which frequency carries which bit, every phase — comes from
the installation key, so without it the tile is unknown.

Reading, in three steps:

1. **Fold**: the high-passed luma is summed modulo the tile (all copies of the tile add up
   coherently, the picture does not), then one 64×64 FFT.
2. **Shift** (crops, shifts): the sync frequencies, phase-correlated with the folded tile,
   give a peak at the tile's offset (sub-pixel); its height over the correlation's noise
   is the detection score. The payload frequencies, phase-corrected by that offset, are the
   soft bits for the Viterbi decoder.
3. **Scale and rotation** (resizes, screenshots, small rotations), only when step 2 finds
   nothing: a periodic tile puts its energy on a lattice of frequencies that a resize
   scales and a rotation turns. The whitened power spectrum of the picture is scored
   against that lattice over a grid of scales (0.4–2.2×) and angles (±6°), refined on a
   finer grid; the best candidates, and the best angle at the original scale (a copy that was
   only turned), are warped back and folded as in steps 1–2. The search
   reads the central square of up to 384² through a flat-topped (Tukey) window; a candidate
   whose sync stands out but whose payload does not decode is polished by climbing the sync
   score in small steps (``Watermarker._polish``).

Strength follows the picture (perceptual mask): more in texture, less in flat areas; the
embedder (``Watermarker.embed``) keeps the total at or above 40 dB PSNR.

Small pictures (short side under 256 px, e.g. a 256² output halved) hold only a few
periods of the tile lattice: their spectrum is zero-padded 2× for the search and six
candidates, not three, are tried.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from creator.disclosure.watermark._code import CODED_BITS

N = 128
_K_LO, _K_HI = 6.0, 28.0
#: band frequencies the mark uses (out of ≈1000): a key picks them, so marks under
#: different keys mostly miss each other's frequencies (an attacker's own mark does not
#: drown ours)
_N_SYNC = 64
#: band frequencies left empty: the noise reference of the detection score
_N_REF = 52
#: Sync score (peak over correlation noise) needed to attempt a payload read.
Z_MIN = 7.0
#: Scales and angles searched when the unscaled read finds nothing.
SCALE_RANGE = (0.4, 2.2)
ANGLE_RANGE_DEG = 6.0
#: How much the mark follows texture (0 = uniform). Higher hides it better but weakens it:
#: the reader sees the mark against the local contrast.
_MASK_GAMMA = 0.3
_MAX_SEARCH_SIDE = 1024
_UNWARP_SIDE = 768
_COARSE_SIDE = 256
#: The coarse search reads the central square of up to this side: on a 384² picture the whole
#: picture, not its central 256² (which holds under half the tile copies and lost rotated and
#: rescaled copies of textured pictures). Larger spectra make the lattice peaks narrower than
#: the coarse grid's steps, so bigger pictures keep a 384² square.
_COARSE_MAX_SIDE = 384
#: The lattice search's window tapers this fraction of each side (a Tukey window): a Hann
#: window keeps ≈ 14 % of the square's energy, too little of a small textured picture's
#: mark (a 384² crop of gravel, rotated 2°, was not found); a flat middle keeps ≈ 56 %.
_WINDOW_TAPER = 0.5
#: candidates tried for pictures smaller than _COARSE_SIDE (their lattice search is noisier)
_SMALL_TOP = 6
#: lattice points closer than this to DC are not scored (window leakage, picture content)
_MIN_RADIUS_BINS = 6.0


@dataclass(frozen=True)
class Alignment:
    scale: float
    angle_deg: float
    shift: tuple[float, float]
    z: float


def _band_bins() -> np.ndarray:
    """The band's frequencies (n, 2) as (ky, kx), in a fixed order before any key shuffles them."""
    ky, kx = np.meshgrid(np.arange(-N // 2, N // 2), np.arange(-N // 2, N // 2), indexing="ij")
    r = np.hypot(ky, kx)
    # no axis frequencies (picture borders, crops) and none on JPEG's 8-px block grid
    sel = (ky > 0) & (kx != 0) & (r >= _K_LO) & (r <= _K_HI) & ~((np.abs(kx) % 16 == 0) & (np.abs(ky) % 16 == 0))
    bins = np.argwhere(sel) - N // 2
    bins.flags.writeable = False
    return bins


#: The same for every key (≈ 0.7 ms to compute): built once, at import, not for each Layout.
_BAND_BINS = _band_bins()


class Layout:
    """The keyed tile: which frequency carries what, and every phase."""

    def __init__(self, seed: bytes) -> None:
        rng = np.random.default_rng(np.frombuffer(seed, dtype=np.uint32))
        bins = _BAND_BINS[rng.permutation(len(_BAND_BINS))]  # (n, 2) as (ky, kx), in the key's order
        if len(bins) < CODED_BITS + 32:
            raise AssertionError("tile band too small for the payload")  # pragma: no cover
        self.pay = bins[:CODED_BITS]
        self.ref = bins[CODED_BITS:CODED_BITS + _N_REF]
        self.sync = bins[CODED_BITS + _N_REF:CODED_BITS + _N_REF + _N_SYNC]
        self.pay_phase = np.exp(1j * rng.uniform(0, 2 * np.pi, len(self.pay)))
        self.sync_phase = np.exp(1j * rng.uniform(0, 2 * np.pi, len(self.sync)))
        self.pay_idx = (self.pay[:, 0] % N, self.pay[:, 1] % N)
        self.sync_idx = (self.sync[:, 0] % N, self.sync[:, 1] % N)
        self.ref_idx = (self.ref[:, 0] % N, self.ref[:, 1] % N)
        allb = np.concatenate([self.pay, self.sync, self.ref])
        self.radius = np.hypot(allb[:, 0], allb[:, 1])
        # radial groups for noise normalisation (≈ equal counts)
        order = np.argsort(self.radius)
        self.group = np.empty(len(allb), dtype=np.int64)
        self.group[order] = np.arange(len(allb)) * 8 // len(allb)
        # full-plane lattice of the band (both halves), for the scale/rotation search
        marked = np.concatenate([self.pay, self.sync])
        self.lattice = np.concatenate([marked, -marked]).astype(np.float64)
        # the reader's constants (``demodulate``): flat indices into the 128² spectrum of the
        # payload, sync and reference frequencies, each group's size, the phases' conjugates
        self.read_flat = np.concatenate([self.pay_idx[0] * N + self.pay_idx[1], self.sync_idx[0] * N + self.sync_idx[1],
                                         self.ref_idx[0] * N + self.ref_idx[1]])
        self.sync_flat = self.sync_idx[0] * N + self.sync_idx[1]
        self.group_size = np.maximum(np.bincount(self.group, minlength=8), 1)
        self.sync_conj = np.conj(self.sync_phase)
        self.pay_conj = np.conj(self.pay_phase)
        self.pay_y = np.ascontiguousarray(self.pay[:, 0])
        self.pay_x = np.ascontiguousarray(self.pay[:, 1])
        # the columns of the folded tile's spectrum that hold a band frequency read (≈ 54 of 128),
        # and where each read frequency sits among them (``_band_values``)
        self.read_cols = np.unique(self.read_flat % N)
        self.read_at = np.searchsorted(self.read_cols, self.read_flat % N) * N + self.read_flat // N
        # the rows of the sync correlation's spectrum that are not all zero (``demodulate``)
        self.sync_rows = np.unique(self.sync_flat // N)
        self.sync_at = np.searchsorted(self.sync_rows, self.sync_flat // N) * N + self.sync_flat % N
        # the rows of a tile's spectrum that hold a carrier (either half; ``tile_amps``)
        self.tile_rows = np.unique(np.concatenate([marked[:, 0], -marked[:, 0]]) % N)

    def tile_amps(self, amps: np.ndarray) -> np.ndarray:
        """Unit-RMS float32 tile with a signed amplitude per carrier (payload carriers, then
        sync carriers; the plain mark has ±1 on the payload and +1 on the sync). A complex
        amplitude's imaginary part is the carrier's quadrature (90° from the keyed phase)."""
        spec = np.zeros((N, N), dtype=np.complex128)
        n_pay = len(self.pay)
        spec[self.pay_idx] = self.pay_phase * amps[:n_pay]
        spec[self.sync_idx] = self.sync_phase * amps[n_pay:]
        spec[(-self.pay[:, 0]) % N, (-self.pay[:, 1]) % N] = np.conj(spec[self.pay_idx])
        spec[(-self.sync[:, 0]) % N, (-self.sync[:, 1]) % N] = np.conj(spec[self.sync_idx])
        # ``ifft2``: the rows first (only those holding a carrier: the others' are exact zeros),
        # then every column, as ifft2 takes them
        spec[self.tile_rows] = np.fft.ifft(spec[self.tile_rows], axis=-1)
        t = np.fft.ifft(spec, axis=0).real
        return (t / np.sqrt(np.mean(t**2))).astype(np.float32)

    def tile(self, coded: np.ndarray) -> np.ndarray:
        """Unit-RMS float32 tile carrying ``coded`` (CODED_BITS values in {0, 1}): the plain mark."""
        return self.tile_amps(np.concatenate([2.0 * np.asarray(coded, np.float64) - 1.0, np.ones(len(self.sync))]))


# ----------------------------------------------------------------------------- embedding

#: ``scratch(name, shape, dtype)``: an array to write into, reused from one embedding to the
#: next (``Watermarker.embed``); None: fresh arrays.
Scratch = Callable[[str, tuple[int, ...], type], np.ndarray]


def _out(scratch: Scratch | None, name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray | None:
    return None if scratch is None else scratch(name, shape, dtype)


def _float32(a: np.ndarray, scratch: Scratch | None, name: str) -> np.ndarray:
    """``a.astype(np.float32)`` (into a scratch array when given one)."""
    if scratch is None:
        return a.astype(np.float32)
    out = scratch(name, a.shape, np.float32)
    np.copyto(out, a)
    return out


def luma(rgb8: np.ndarray, scratch: Scratch | None = None) -> np.ndarray:
    y8 = cv2.cvtColor(np.ascontiguousarray(rgb8), cv2.COLOR_RGB2GRAY,
                      dst=_out(scratch, "luma8", rgb8.shape[:2], np.uint8))
    return _float32(y8, scratch, "luma")


def _quarter(y8: np.ndarray) -> np.ndarray:
    """The mean of each 4×4 block of ``y8`` (uint8, sides divisible by 4) as float32: exactly
    what ``cv2.resize(y8.astype(np.float32), …, INTER_AREA)`` returns there (each block sum
    is an integer below 2²⁴, exact in float32 in any order, and /16 is exact), without the
    full-size float copy."""
    v = cv2.add(cv2.add(y8[0::4], y8[1::4], dtype=cv2.CV_16U), cv2.add(y8[2::4], y8[3::4], dtype=cv2.CV_16U))
    out = (v[:, 0::4] + v[:, 1::4] + v[:, 2::4] + v[:, 3::4]).astype(np.float32)
    out *= np.float32(1 / 16)
    return out


def perceptual_mask(y: np.ndarray, scratch: Scratch | None = None) -> np.ndarray:
    """Per-pixel strength, mean square 1: ∝ local activity^γ, floored for flat areas.

    ``y``: the picture's luma (uint8 or float). Computed at ¼ resolution (the mask is
    smooth), then upsampled.
    """
    h, w = y.shape
    if y.dtype == np.uint8 and h % 4 == 0 and w % 4 == 0:
        small = _quarter(y)
    else:
        small = cv2.resize(y if y.dtype == np.float32 else _float32(y, scratch, "mask_in"),
                           (max(w // 4, 1), max(h // 4, 1)), interpolation=cv2.INTER_AREA)
    detail = small - cv2.blur(small, (3, 3))
    # the box filter's running sums leave tiny negative values where a flat stretch follows
    # detail (the astronaut, Lanczos-resized to 1024²): their square root would be NaN, and a
    # NaN anywhere made the whole mask NaN (through its mean) and the embedder loop forever
    act = cv2.blur(cv2.blur(detail * detail, (5, 5)), (5, 5))
    act = np.sqrt(cv2.max(act, 0.0, dst=act))
    mean_act = float(act.mean()) + 1e-3
    m = np.maximum(act, 0.25 * mean_act) ** _MASK_GAMMA
    m /= np.sqrt(np.mean(m * m))
    return cv2.resize(m, (w, h), dst=_out(scratch, "mask", (h, w), np.float32), interpolation=cv2.INTER_LINEAR)


def tiled(tile: np.ndarray, h: int, w: int) -> np.ndarray:
    return np.tile(tile, (-(-h // N), -(-w // N)))[:h, :w]


# ----------------------------------------------------------------------------- reading

def highpass(y: np.ndarray, scratch: Scratch | None = None) -> np.ndarray:
    """Whiten the picture for reading: remove its low frequencies, divide by the local
    contrast (texture would otherwise drown the mark; flat areas carry it cleanly) and clip
    what still stands out (label text, borders)."""
    low = cv2.blur(y, (9, 9), dst=_out(scratch, "low", y.shape, np.float32))
    cv2.blur(low, (9, 9), dst=low)  # ≈ Gaussian σ 3.7
    hp = cv2.subtract(y, low, dst=_out(scratch, "hp", y.shape, np.float32))
    local = cv2.multiply(hp, hp, dst=low)
    cv2.blur(local, (5, 5), dst=local)
    cv2.blur(local, (5, 5), dst=local)  # ≈ Gaussian σ 2
    cv2.max(local, 0.0, dst=local)
    cv2.sqrt(local, dst=local)
    cv2.add(local, 0.5, dst=local)
    cv2.divide(hp, local, dst=hp)
    cv2.min(hp, 3.0, dst=hp)
    cv2.max(hp, -3.0, dst=hp)
    return hp


def fold(hp: np.ndarray) -> np.ndarray:
    h, w = hp.shape
    ph, pw = -h % N, -w % N
    if ph or pw:  # zeros after it (``np.pad``'s result, without its overhead)
        padded = np.zeros((h + ph, w + pw), dtype=hp.dtype)
        padded[:h, :w] = hp
        hp = padded
    return hp.reshape(hp.shape[0] // N, N, hp.shape[1] // N, N).sum(axis=(0, 2))


def _parabolic(a: float, b: float, c: float) -> float:
    d = a - 2 * b + c
    return 0.0 if d >= 0 else 0.5 * (a - c) / d


def _band_values(folded: np.ndarray, lay: Layout) -> np.ndarray:
    """``np.fft.fft2(folded).take(lay.read_flat)``, the same values: ``fft2`` transforms the rows,
    then the columns; only the columns that hold a read frequency are transformed here."""
    rows = np.fft.fft(folded, axis=-1)
    return np.fft.fft(rows[:, lay.read_cols].T, axis=-1).take(lay.read_at)


def demodulate(folded: np.ndarray, lay: Layout) -> tuple[float, tuple[float, float], np.ndarray]:
    """Sync score, tile offset (dy, dx) and the payload soft bits of a folded tile.

    Every band frequency is divided by the RMS of its radial group (the picture's spectrum
    falls with frequency), and the score is the sync correlation peak in units of its noise
    standard deviation, measured on the band frequencies the mark leaves empty.
    """
    vals = _band_values(folded, lay)
    power = np.abs(vals) ** 2
    norm = np.sqrt(np.bincount(lay.group, power, minlength=8) / lay.group_size)
    vals = vals / (norm[lay.group] + 1e-9)
    n_pay, n_sync = len(lay.pay), len(lay.sync)
    fp, fs, fr = vals[:n_pay], vals[n_pay:n_pay + n_sync], vals[n_pay + n_sync:]
    noise = float(np.mean(np.abs(fr) ** 2)) + 1e-12
    # ``ifft2`` of the sync spectrum: its rows first, as ifft2 takes them (only those with a sync
    # frequency: the others' transforms are exact zeros), then every column
    G = np.zeros((len(lay.sync_rows), N), dtype=np.complex128)
    G.ravel()[lay.sync_at] = fs * lay.sync_conj
    rows = np.zeros((N, N), dtype=np.complex128)
    rows[lay.sync_rows] = np.fft.ifft(G, axis=-1)
    c = np.fft.ifft(rows, axis=0).real * (N * N / math.sqrt(noise * n_sync / 2))
    at = int(np.argmax(c))
    iy, ix = divmod(at, N)
    cf = c.ravel()
    top = float(cf[at])
    # the same float64 arithmetic as on numpy scalars, on Python floats
    dy = iy + _parabolic(float(cf[(iy - 1) % N * N + ix]), top, float(cf[(iy + 1) % N * N + ix]))
    dx = ix + _parabolic(float(cf[iy * N + (ix - 1) % N]), top, float(cf[iy * N + (ix + 1) % N]))
    ramp = np.exp(2j * np.pi * (lay.pay_y * dy + lay.pay_x * dx) / N)
    soft = (fp * ramp * lay.pay_conj).real
    return top, (float(dy), float(dx)), soft


def seen(rgb8: np.ndarray, lay: Layout) -> np.ndarray:
    """``demodulate``'s normalised values along each payload carrier, then each sync carrier, of
    an unshifted picture, with the keyed phase taken off (complex: real = along the carrier)."""
    vals = _band_values(fold(highpass(luma(rgb8))), lay)  # the payload, sync and reference frequencies
    power = np.abs(vals) ** 2
    norm = np.sqrt(np.bincount(lay.group, power, minlength=8) / np.maximum(np.bincount(lay.group, minlength=8), 1))
    vals = vals / (norm[lay.group] + 1e-9)
    n_pay, n_sync = len(lay.pay), len(lay.sync)
    return np.concatenate([vals[:n_pay] * np.conj(lay.pay_phase), vals[n_pay:n_pay + n_sync] * np.conj(lay.sync_phase)])


def readout(rgb8: np.ndarray, lay: Layout, quadrature: bool = False, shift: tuple[int, int] = (0, 0)) -> np.ndarray:
    """What the reader sees along each payload carrier, then each sync carrier, of a picture
    whose tile sits at offset ``shift`` (``np.roll`` of the tile by it; the reader finds that
    offset): ``demodulate``'s normalised values there. ``quadrature``: the component 90° from
    each carrier instead, which decoding ignores but the scale/rotation search (power at the
    tile's lattice) sees."""
    return project(seen(rgb8, lay), lay, quadrature, shift)


def project(seen: np.ndarray, lay: Layout, quadrature: bool = False, shift: tuple[int, int] = (0, 0)) -> np.ndarray:
    """:func:`readout` of a picture whose :func:`seen` values are ``seen`` (the same arithmetic:
    an embedding that needs the picture's readout at several offsets computes them once)."""
    if shift[0] % N or shift[1] % N:
        f = np.concatenate([lay.pay, lay.sync])
        seen = seen * np.exp(2j * np.pi * (f[:, 0] * shift[0] + f[:, 1] * shift[1]) / N)
    return seen.imag if quadrature else seen.real


def aligned_shifts(rgb8: np.ndarray, lay: Layout, amps: np.ndarray, k: int) -> list[tuple[int, int]]:
    """The ``k`` tile offsets (whole pixels, ``np.roll`` of the tile) at which the picture, as the
    reader sees it, agrees most with a mark of carrier amplitudes ``amps`` (payload carriers,
    then sync carriers, as :meth:`Layout.tile_amps`): ``Σ amps · readout(shift)`` for every
    offset at once (one inverse FFT), local peaks at least 3 px apart, best first.

    The reader finds the tile wherever it sits, so the embedder may put it where the picture's
    own texture adds to the mark instead of working against it (informed coding over the
    offset): on a 256² crop of grass the best offset agrees by ≈ 3.5-4 standard deviations of
    the agreement over all offsets, where the unshifted tile's is a random draw (±1)."""
    z = seen(rgb8, lay) * np.asarray(amps, np.float64)
    A = np.zeros((N, N), dtype=np.complex128)
    f = np.concatenate([lay.pay, lay.sync])
    np.add.at(A, (f[:, 0] % N, f[:, 1] % N), z)
    S = np.fft.ifft2(A).real
    out: list[tuple[int, int]] = []
    for _ in range(k):
        iy, ix = np.unravel_index(int(np.argmax(S)), S.shape)
        out.append((int(iy), int(ix)))
        S[np.ix_([(iy + d) % N for d in range(-2, 3)], [(ix + d) % N for d in range(-2, 3)])] = -np.inf
    return out


# --------------------------------------------------------------- scale / rotation search

@functools.lru_cache(maxsize=16)
def _tukey(n: int, alpha: float = _WINDOW_TAPER) -> np.ndarray:
    """Window flat over its middle, cosine-tapered over ``alpha`` of its length (read-only:
    kept for the next picture of this side)."""
    x = np.arange(n) / max(n - 1, 1)
    e = alpha / 2
    w = np.ones(n)
    lo, hi = x < e, x > 1 - e
    w[lo] = 0.5 * (1 - np.cos(np.pi * x[lo] / e))
    w[hi] = 0.5 * (1 - np.cos(np.pi * (1 - x[hi]) / e))
    w = w.astype(np.float32)
    w.flags.writeable = False
    return w


def _whitened_spectrum(hp: np.ndarray, side: int, pad: int = 1) -> np.ndarray:
    """Whitened power spectrum of the central ``side``² of ``hp``, zero-padded ``pad``×
    (finer frequency sampling for small pictures, where the lattice peaks are few bins)."""
    h, w = hp.shape
    y0, x0 = (h - side) // 2, (w - side) // 2
    crop = hp[y0:y0 + side, x0:x0 + side]
    win = _tukey(side)
    m = side * pad
    # |F| before the shift (the same values, half the bytes moved), squared in place
    p = np.fft.fftshift(np.abs(np.fft.fft2(crop * win[:, None] * win[None, :], s=(m, m))))
    p = np.square(p, out=p) if p.dtype == np.float32 else (p**2).astype(np.float32)
    k = 9 * pad
    env = cv2.blur(p, (k, k)) + 1e-6
    return np.minimum(p / env, 12.0)


#: Elements per block of the vectorised lattice scoring (angles × scales × points): small
#: enough for the block's few float64 planes to stay in the core's cache.
_SCORE_BLOCK = 48_000
#: Margin (spectrum bins) within which a lattice point's bounds and radius tests are
#: evaluated exactly; farther from a test's edge its outcome follows from the point's radius
#: alone (rounding moves a point by < 1e-12 bins).
_EXACT_MARGIN = 1e-6


def _sampling_table(spec: np.ndarray) -> np.ndarray:
    """The spectrum as ``_score`` samples it: flat, with zeros after it (a guard bin at index
    m², whose bilinear neighbours are zeros too)."""
    m = spec.shape[0]
    flat = np.zeros(m * m + m + 2, dtype=spec.dtype)
    flat[:m * m] = spec.ravel()
    return flat


def _score(spec: np.ndarray, pts: np.ndarray, scales: np.ndarray, angles: np.ndarray, bilinear: bool,
           pad: int = 1, table: np.ndarray | None = None, geometry: tuple | None = None) -> np.ndarray:
    """Mean whitened power at the lattice ``pts`` (n, 2 as ky, kx) for each (angle, scale).

    Excess whitened power in noise standard deviations (≈1 per point), so candidates that
    keep fewer lattice points inside the spectrum are not favoured. A point counts when it
    lies inside the spectrum (with its bilinear neighbours) and at least
    ``_MIN_RADIUS_BINS × pad`` bins from its centre.

    Blocks of angles are scored at once, sampling through flat indices into the spectrum
    with a zero guard after it (a point that does not count reads 0). Each value is the same
    float operations, in the same order, as scoring one point at a time: where a point lies
    (``ry·f + m/2``), its bilinear weights and their products, and each row's sum over the
    points (numpy's pairwise sum over the same contiguous row). ``table``:
    ``_sampling_table(spec)`` when the caller has it already. ``geometry``: the blocks of
    :func:`_score_geometry` for these points, scales and angles (the spectrum's side, ``pad``
    and ``bilinear``), when the caller has them already: where each point lies does not depend
    on the spectrum, so the coarse grid's is computed once per picture size
    (:func:`_coarse_geometry`); the same values either way."""
    m = spec.shape[0]
    n_pts = len(pts)
    flat = _sampling_table(spec) if table is None else table
    out = np.empty((len(angles), len(scales)))
    blocks = _score_geometry(m, pts, scales, angles, bilinear, pad) if geometry is None else geometry
    shape = (min(max(1, _SCORE_BLOCK // max(len(scales) * n_pts, 1)), len(angles)), len(scales), n_pts)
    if bilinear:
        v_buf, t_buf, uy_buf, ux_buf = np.empty(shape), np.empty(shape), np.empty(shape), np.empty(shape)
        s_buf = np.empty(shape, dtype=flat.dtype)
        # the four neighbours (y, x), (y+1, x), (y, x+1), (y+1, x+1) of flat index i are
        # index i of these views (the guard's neighbours are zeros too)
        f00, f10, f01, f11 = flat, flat[m:], flat[1:], flat[m + 1:]
    else:
        v_buf = np.empty(shape, dtype=flat.dtype)
    idx_buf = None
    for a0, idx, wy, wx, n in blocks:
        k = len(idx)
        if idx.dtype != np.intp:  # kept as int32 (``_coarse_geometry``): take() indexes with intp
            if idx_buf is None:
                idx_buf = np.empty(shape, dtype=np.intp)
            np.copyto(idx_buf[:k], idx)
            idx = idx_buf[:k]
        if bilinear:
            uy = np.subtract(1, wy, out=uy_buf[:k])
            ux = np.subtract(1, wx, out=ux_buf[:k])
            v, t, sv = v_buf[:k], t_buf[:k], s_buf[:k]
            np.multiply(f00.take(idx, out=sv, mode="wrap"), uy, out=v)
            v *= ux
            np.multiply(f10.take(idx, out=sv, mode="wrap"), wy, out=t)
            t *= ux
            v += t
            np.multiply(f01.take(idx, out=sv, mode="wrap"), uy, out=t)
            t *= wx
            v += t
            np.multiply(f11.take(idx, out=sv, mode="wrap"), wy, out=t)
            t *= wx
            v += t
        else:
            v = flat.take(idx, out=v_buf[:k], mode="wrap")
        s = v.sum(axis=2)
        out[a0:a0 + k] = np.where(n >= n_pts // 3, (s - n) / np.sqrt(np.maximum(n, 1)), -np.inf)
    return out


def _score_geometry(m: int, pts: np.ndarray, scales: np.ndarray, angles: np.ndarray, bilinear: bool, pad: int,
                    keep: bool = False) -> Iterator[tuple[int, np.ndarray, np.ndarray | None, np.ndarray | None, np.ndarray]]:
    """Where ``_score`` samples an ``m``² spectrum, block of angles by block: (first angle's
    index, flat indices (angles, scales, points; the guard where a point does not count),
    bilinear weights along y and x (None for nearest), points counted per (angle, scale)).
    The blocks are views into working planes the next block overwrites, unless ``keep``."""
    n_pts = len(pts)
    n_sc = len(scales)
    c = m / 2
    r_min = _MIN_RADIUS_BINS * pad
    f = (m / N) / scales[:, None]
    # whether a point counts follows from its radius (the same at every angle) away from the
    # edges of the two tests; near them (within _EXACT_MARGIN) it is tested point by point
    r0 = np.hypot(pts[:, 0], pts[:, 1])[None, :] * f
    ok_sure = (r0 < c - 1 - _EXACT_MARGIN) & (r0 >= r_min + _EXACT_MARGIN)
    bad_sure = r0 < r_min - _EXACT_MARGIN
    exact = np.flatnonzero(~(ok_sure | bad_sure))
    bad = np.flatnonzero(bad_sure)
    n_sure = ok_sure.sum(axis=1)
    rows, starts = np.unique(exact // n_pts, return_index=True)
    guard = m * m
    step = max(1, _SCORE_BLOCK // max(n_sc * n_pts, 1))
    p0, p1 = pts[:, 0], pts[:, 1]
    # working planes for one block, reused by the next (fresh ones cost page faults)
    shape = (min(step, len(angles)), n_sc, n_pts)

    def planes() -> tuple[np.ndarray, ...]:
        return np.empty(shape), np.empty(shape), np.empty(shape, dtype=np.intp), np.empty(shape), np.empty(shape)

    py_buf, px_buf, idx_buf, y0_buf, x0_buf = planes()
    for a0 in range(0, len(angles), step):
        if keep and a0:
            py_buf, px_buf, idx_buf, y0_buf, x0_buf = planes()
        block = angles[a0:a0 + step]
        k = len(block)
        ry = np.empty((k, n_pts))
        rx = np.empty((k, n_pts))
        for i, a in enumerate(block):
            ca, sa = math.cos(a), math.sin(a)
            ry[i] = ca * p0 + sa * p1
            rx[i] = -sa * p0 + ca * p1
        py = np.multiply(ry[:, None, :], f, out=py_buf[:k])
        py += c
        px = np.multiply(rx[:, None, :], f, out=px_buf[:k])
        px += c
        n = np.empty((k, n_sc), dtype=np.int64)
        n[:] = n_sure
        if len(exact):
            qy = py.reshape(k, -1)[:, exact]
            qx = px.reshape(k, -1)[:, exact]
            q_ok = (qy >= 0) & (qy < m - 1) & (qx >= 0) & (qx < m - 1) & (np.hypot(qy - c, qx - c) >= r_min)
            n[:, rows] += np.add.reduceat(q_ok, starts, axis=1, dtype=np.int64)
        idx = idx_buf[:k]
        if bilinear:
            y0 = np.floor(py, out=y0_buf[:k])  # py ≥ 0 wherever a point counts: its integer part, as astype(int64)
            x0 = np.floor(px, out=x0_buf[:k])
            wy = np.subtract(py, y0, out=py)
            wx = np.subtract(px, x0, out=px)
            y0 *= m
            y0 += x0
            np.copyto(idx, y0, casting="unsafe")
        else:
            wy = wx = None
            iy = np.rint(py, out=py)
            iy *= m
            iy += np.rint(px, out=px)
            np.copyto(idx, iy, casting="unsafe")
        idx_flat = idx.reshape(k, -1)
        if len(bad):
            idx_flat[:, bad] = guard
        if len(exact):
            idx_flat[:, exact] = np.where(q_ok, idx_flat[:, exact], guard)
        yield a0, idx, wy, wx, n


#: Coarse-grid geometries kept (``_coarse_geometry``): a 256² picture's four simulated copies
#: (crop, halving, screenshot, turn) are four sizes.
_GEOMETRY_KEEP = 4


@functools.lru_cache(maxsize=_GEOMETRY_KEEP)
def _coarse_geometry(m: int, pts_key: bytes, scales_key: bytes, angles_key: bytes, bilinear: bool,
                     pad: int) -> tuple:
    """:func:`_score_geometry`'s blocks of the coarse search grid, kept (read-only) for the next
    read at the same size: 20 bytes per (angle, scale, point) bilinear (12-19 MiB at the sizes of
    a 256² picture's simulated copies, 51 MiB for all four kept), 4 nearest (4 MiB at 256² and
    at the 384² square of larger pictures)."""
    if m * m + m + 2 >= 2**31:  # pragma: no cover - the coarse square is at most 512² padded
        raise ValueError(f"spectrum side {m} too large for int32 sampling indices")
    pts = np.frombuffer(pts_key).reshape(-1, 2)
    blocks = []
    for a0, idx, wy, wx, n in _score_geometry(m, pts, np.frombuffer(scales_key), np.frombuffer(angles_key),
                                              bilinear, pad, keep=True):
        idx = idx.astype(np.int32)  # every index is at most m² + m + 1 (< 2²¹)
        for a in (idx, wy, wx, n):
            if a is not None:
                a.flags.writeable = False
        blocks.append((a0, idx, wy, wx, n))
    return tuple(blocks)


def candidate_transforms(hp: np.ndarray, lay: Layout, top: int = 3) -> list[tuple[float, float]]:
    """Most likely (scale, angle in radians) of the tile lattice in this picture.

    Pictures whose short side is under ``_COARSE_SIDE`` (a 256² output halved, a screenshot
    of a small one) hold only a few periods of the lattice: their spectrum is zero-padded
    2× and sampled without smoothing, and more candidates are returned (``_SMALL_TOP``).
    """
    side = min(hp.shape) // 2 * 2
    if side < 96:
        return []
    pts = lay.lattice[: len(lay.lattice) // 2]  # one half suffices: the power spectrum is symmetric
    coarse_side = min(side, _COARSE_MAX_SIDE)
    small = coarse_side < _COARSE_SIDE
    pad = 2 if small else 1
    if small:
        top = max(top, _SMALL_TOP)
        spec_c = _whitened_spectrum(hp, coarse_side, pad)
    else:
        white_c = _whitened_spectrum(hp, coarse_side)
        spec_c = cv2.GaussianBlur(white_c, (0, 0), 0.7)
    lo, hi = SCALE_RANGE
    # the lattice must stay clear of the spectrum's centre: an upscale is searched only as
    # far as the picture is large enough to hold it
    hi = min(hi, _K_LO * coarse_side / (N * _MIN_RADIUS_BINS))
    n_s = int(math.log(hi / lo) / 0.008) + 1
    scales = lo * np.exp(np.arange(n_s) * 0.008)
    angles = np.deg2rad(np.arange(-ANGLE_RANGE_DEG, ANGLE_RANGE_DEG + 1e-9, 0.5))
    table_c = _sampling_table(spec_c)
    geometry = _coarse_geometry(spec_c.shape[0], np.ascontiguousarray(pts, np.float64).tobytes(),
                                scales.tobytes(), angles.tobytes(), small, pad)
    sc = _score(spec_c, pts, scales, angles, bilinear=small, pad=pad, table=table_c, geometry=geometry)
    # local maxima, best first
    found: list[tuple[int, int]] = []
    flat = np.argsort(sc, axis=None)[::-1]
    for idx in flat[: 400]:
        ia, js = np.unravel_index(int(idx), sc.shape)
        if all(abs(ia - a) > 2 or abs(math.log(scales[js] / scales[b])) > 0.04 for a, b in found):
            found.append((ia, js))
        if len(found) == top:
            break
    # a copy that was only turned (not resized) is common: the best angle at the original
    # scale is always tried, even where texture or a turned picture's corners put other
    # scales ahead of it (a 384² crop of gravel turned 2°)
    j1 = int(np.argmin(np.abs(np.log(scales))))
    if abs(math.log(scales[j1])) < 0.008:
        ia1 = int(np.argmax(sc[:, j1]))
        if all(abs(ia1 - a) > 2 or abs(math.log(scales[j1] / scales[b])) > 0.04 for a, b in found):
            found.append((ia1, j1))
    fine_side = min(side, _MAX_SEARCH_SIDE)
    if small:
        spec_f, table_f = spec_c, table_c
    else:
        # pictures up to _COARSE_MAX_SIDE search the same square twice: its spectrum once
        white_f = white_c if fine_side == coarse_side else _whitened_spectrum(hp, fine_side)
        spec_f = cv2.GaussianBlur(white_f, (0, 0), 0.5)
        table_f = _sampling_table(spec_f)
    out = []
    for ia, js in found:
        s0, a0 = scales[js], angles[ia]
        # steps as fine as the fine spectrum's peaks (not the coarse one's): a 384² picture
        # searched whole would otherwise be refined in ¼° steps, and a mark read ¼° off its
        # angle loses the payload
        step_s = 0.008 * min(coarse_side, _COARSE_SIDE) / fine_side / 2
        step_a = np.deg2rad(0.5) * min(coarse_side, _COARSE_SIDE) / fine_side / 2
        k_s = int(0.012 / step_s) + 1
        k_a = int(np.deg2rad(0.5) / step_a) + 1
        fs = s0 * np.exp(np.arange(-k_s, k_s + 1) * step_s)
        fa = a0 + np.arange(-k_a, k_a + 1) * step_a
        sf = _score(spec_f, pts, fs, fa, bilinear=True, pad=pad, table=table_f)
        ia2, js2 = np.unravel_index(int(np.argmax(sf)), sf.shape)
        out.append((float(fs[js2]), float(fa[ia2])))
    return out


def unwarp(y: np.ndarray, scale: float, angle: float) -> np.ndarray:
    """Resample ``y`` back to the tile's own scale and orientation (central region)."""
    h, w = y.shape
    side = min(h, w)
    out = int(min(side / scale * 0.95, _UNWARP_SIDE))
    ca, sa = math.cos(angle), math.sin(angle)
    # dst u -> src x = c_src + s R (u - c_dst)
    a = np.array([[scale * ca, -scale * sa], [scale * sa, scale * ca]])
    c_src = np.array([w / 2.0, h / 2.0])
    c_dst = np.array([out / 2.0, out / 2.0])
    t = c_src - a @ c_dst
    mat = np.hstack([a, t[:, None]]).astype(np.float64)
    return cv2.warpAffine(y, mat, (out, out), flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REFLECT)

"""Taking the studio's own mark off a copy of a picture, for the likeness scan's occluder check only.

Why: the mark is low-amplitude noise, so it turns a flat dark area of an output (the
astronaut's collar) into what the face scan's "roughened bar" test looks for
(docs/LIKENESS.md, "Noisy bars"), and the scan then reports a face-like region that is not
there. Only the studio, which holds the key, can tell its mark from an attacker's noise: it
knows the pattern. :meth:`Watermarker.unmark` rebuilds the mark a picture carries and
subtracts it; the face scan counts a noisy patch of the picture only where that copy holds a
patch too (``scan_copy``: creator/studio.py, creator/personas.py). The copy is used for
nothing else: never written, served, generated from or scanned for faces.

How:

1. **Read** the mark where the embedder put it (no rescale, no turn: the aligned read the
   embedder checks itself with); the tile's offset must be a whole pixel (a crop of an output
   keeps its mark on the pixel grid; a resized or turned copy does not and is left alone).
2. **Rebuild** the plain tile of the payload read (the keyed layout, the sealed and coded
   payload, at the offset found), and the perceptual mask from the picture's own luma (the
   mark barely moves it: the mask is floored in flat areas and follows texture elsewhere).
3. **Fit** the mark's strength: least squares of the picture's high-passed luma on the
   high-passed pattern, each pixel weighted by the inverse of the picture's local high-pass
   power (flat areas, where the mark is alone, count most) and pixels the mark may have
   clipped at black or white left out.
4. **Fit locally** what share of it each place carries, over a window (``_WINDOW``): the
   share is 1 where the picture carries the mark, 0 where it does not (a patch painted on
   after marking is flat, or holds someone else's noise, and is left exactly as it is), and
   never more than 1.
5. **Subtract** the rebuilt per-channel change (rounded as the embedder rounds it), except at
   pixels sitting at black or white whose change would have pushed them further (the
   embedder's clipping: their unmarked value is unknown, so they stay).

Bounds: nothing is returned unless a keyed payload reads (another installation's mark, or
none, returns None and the picture's patches count as they are); the copy differs from the
picture only by the keyed pattern of that payload, at a strength no more than the embedder
uses (the change is at or above ``min_psnr_db`` PSNR, the quietest mark the embedder ever
returns, else None); and the scan only ever drops a noisy patch of the picture that the copy
lacks, never a flat one, never a face found on the picture.
"""

from __future__ import annotations

import cv2
import numpy as np

from creator.disclosure.watermark import _tiled

#: High-pass (σ, px) for the strength fits: keeps the mark's band (periods 5-21 px) and
#: takes off most of the picture's own low frequencies.
_SIGMA = 2.0
#: The fit's weights: 1 / (local high-pass power, smoothed at this σ + ``_WEIGHT_FLOOR``).
_WEIGHT_SIGMA = 4.0
_WEIGHT_FLOOR = 1.0
#: Window (px) over which the local share of the mark is fitted.
_WINDOW = 33
#: The local share is 0 below ``_SHARE_LO`` of the global strength, 1 above ``_SHARE_HI``,
#: linear between: a painted patch (share ≈ 0 ± noise) is left alone, a marked area (≈ 1)
#: is unmarked in full.
_SHARE_LO, _SHARE_HI = 0.25, 0.75
#: Pixels within this multiple of the plain mark's reach of black or white are left out of
#: the fits (the embedder may have clipped them).
_CLIP_REACH = 3.0
#: A luma weight vector (BT.601, what the reader sees).
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def mark_change(rgb8: np.ndarray, tile: np.ndarray, rgb_gain: tuple[float, ...], min_psnr_db: float,
                ) -> list[np.ndarray] | None:
    """The change (R, G and B int8 planes) the plain mark ``tile`` (unit RMS, already at the
    picture's tile offset) made to ``rgb8``, fitted as the module text says; None when it does
    not fit (no positive strength, or louder than ``min_psnr_db``)."""
    h, w = rgb8.shape[:2]
    planes = cv2.split(rgb8)
    y8 = cv2.cvtColor(rgb8, cv2.COLOR_RGB2GRAY)
    pattern = _tiled.tiled(tile, h, w) * _tiled.perceptual_mask(y8)  # luma change per unit strength
    luma = y8.astype(np.float32)
    lo = cv2.min(cv2.min(planes[0], planes[1]), planes[2]).astype(np.float32)
    hi = cv2.max(cv2.max(planes[0], planes[1]), planes[2]).astype(np.float32)
    reach = np.abs(pattern)
    reach *= _CLIP_REACH * max(rgb_gain)
    weight = ((lo > reach) & (hi < 255 - reach)).astype(np.float32)
    hy = luma - cv2.GaussianBlur(luma, (0, 0), _SIGMA)
    hq = pattern - cv2.GaussianBlur(pattern, (0, 0), _SIGMA)
    weight /= cv2.GaussianBlur(hy * hy, (0, 0), _WEIGHT_SIGMA) + _WEIGHT_FLOOR
    num = weight * hq
    den = num * hq
    num *= hy
    total = float(cv2.sumElems(den)[0])
    strength = float(cv2.sumElems(num)[0]) / total if total > 0 else 0.0
    if not strength > 0:
        return None
    local = cv2.boxFilter(num, -1, (_WINDOW, _WINDOW), normalize=False, borderType=cv2.BORDER_REFLECT)
    norm = cv2.boxFilter(den, -1, (_WINDOW, _WINDOW), normalize=False, borderType=cv2.BORDER_REFLECT)
    share = local / (strength * norm + 1e-6)
    share -= _SHARE_LO
    share *= 1.0 / (_SHARE_HI - _SHARE_LO)
    np.clip(share, 0.0, 1.0, out=share)
    amp = pattern * share
    amp *= strength
    # rounded and saturated as the embedder's ``_delta`` rounds its change
    change = [cv2.multiply(amp, 1.0, scale=float(g), dtype=cv2.CV_8S) for g in rgb_gain]
    mse = sum(cv2.norm(c, cv2.NORM_L2SQR) for c in change) / (3 * h * w)
    if mse > 255.0**2 / 10 ** (min_psnr_db / 10):
        return None
    return change


def subtract(rgb8: np.ndarray, change: list[np.ndarray]) -> np.ndarray:
    """``rgb8`` less ``change`` (R, G and B int8 planes); pixels at black or white that the
    change pushes further (the embedder clipped them: their value before is unknown) are kept."""
    out = []
    zero = np.zeros(rgb8.shape[:2], np.int8)
    for plane, c in zip(cv2.split(rgb8), change, strict=True):
        o = cv2.subtract(plane, c, dtype=cv2.CV_8U)
        keep = ((plane == 0) & cv2.compare(c, zero, cv2.CMP_LT).astype(bool)) | \
               ((plane == 255) & cv2.compare(c, zero, cv2.CMP_GT).astype(bool))
        np.copyto(o, plane, where=keep)
        out.append(o)
    return cv2.merge(out)

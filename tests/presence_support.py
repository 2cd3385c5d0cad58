"""Synthetic camera sequences for the talent page's presence check (faces of nobody).

The faces come from the built-in DCGAN (``face_samples.dcgan_faces``), sharpened so that they
enroll (the 64×64 output upscaled is softer than the enrollment's sharpness floor). A head turn
is simulated by shifting the middle of the face sideways (a smooth horizontal warp, strongest at
the nose): the detector's landmarks then put the nose off the eye midpoint, as in a real turn.

- ``face(which)``: ``"subject"`` or ``"stranger"`` (two different synthetic people).
- ``png(img)`` / ``jpeg(img)``: bytes; ``turned(img, direction, noise_seed)``: the face turned to
  the person's ``left`` / ``right`` / ``centre`` (a little sensor noise, so no two frames repeat).
- ``sequence(img, poses, seed)``: JPEG frames for poses like ``["centre", "left", "right"]``.
- ``write_y4m(path, img, ...)``: a looping fake-camera video for Chromium (left, centre, right, centre).
"""

from __future__ import annotations

import io
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent / "consent"))
from face_samples import dcgan_faces  # noqa: E402

__all__ = ["face", "png", "jpeg", "turned", "sequence", "write_y4m", "SHIFT"]

#: Pixels the middle of the face moves for a full turn.
SHIFT = 34.0
_PICK = {"subject": 4, "stranger": 5}  # DCGAN seed 3: two faces that enroll


@lru_cache(maxsize=2)
def face(which: str = "subject") -> Image.Image:
    faces = dcgan_faces(8, seed=3)
    if faces is None:
        import pytest

        pytest.skip("DCGAN weights are not available")
    return faces[_PICK[which]].filter(ImageFilter.UnsharpMask(radius=3, percent=250, threshold=0))


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def jpeg(img: Image.Image, quality: int = 88) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def turned(img: Image.Image, direction: str, noise_seed: int = 0) -> Image.Image:
    import cv2

    a = {"left": SHIFT, "right": -SHIFT, "centre": 0.0}[direction]
    arr = np.asarray(img.convert("RGB"))
    h, w = arr.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    d = a * np.exp(-((xs - w / 2) / 45.0) ** 2) * np.exp(-((ys - h / 2 - 10) / 90.0) ** 2)
    out = cv2.remap(arr, xs - d.astype(np.float32), ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT).astype(np.int16)
    out += np.random.default_rng(noise_seed).integers(-2, 3, out.shape, dtype=np.int16)
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def sequence(img: Image.Image, poses: list[str], seed: int = 0) -> list[bytes]:
    return [jpeg(turned(img, p, seed * 100 + i)) for i, p in enumerate(poses)]


def write_y4m(path: Path, img: Image.Image, *, fps: int = 10, hold_s: float = 0.5, cycles: int = 4) -> Path:
    """A Y4M (I420) video looping left, centre, right, centre (``hold_s`` each): any window of a
    few seconds holds a left turn followed by a right one and the reverse."""
    w, h = img.size
    per = max(1, round(fps * hold_s))
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{w} H{h} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        n = 0
        for _ in range(cycles):
            for pose in ("left", "centre", "right", "centre"):
                for _ in range(per):
                    y, u, v = turned(img, pose, n).convert("YCbCr").split()
                    f.write(b"FRAME\n" + y.tobytes() + u.resize((w // 2, h // 2)).tobytes()
                            + v.resize((w // 2, h // 2)).tobytes())
                    n += 1
    return path

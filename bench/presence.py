"""Talent-page presence check: latency of one check and how it decides on synthetic faces.

One check = 8 JPEG frames (the page's sequence: straight, three frames turned each way asked,
straight) through ``consent.presence.check_presence`` (canonical decode, upright face scan with
verification and embedding, yaw, template match). Faces are DCGAN faces of nobody, sharpened so
they enroll (tests/presence_support.py).

- ``tuned``: DCGAN seed 3, head turn simulated by a smooth horizontal warp centred on the nose
  (the set the thresholds were chosen on).
- ``held_out``: DCGAN seed 11, head turn simulated by rotating a depth model of the face (a
  cylinder plus a nose bump, orthographic projection) — a different draw and a different method.
- ``tuned_first_held``, ``held_out_first_held``, ``flat_picture_first_held``: the same faces and turns, but the person holds
  the first turn for five frames and the second is caught in one (a slow second turn).
- ``flat_picture_turned``: seed 11, a *flat* picture turned (a perspective warp of the whole
  image, as when a printed photo is tilted): genuine "passes" here are what a held-up photo gets.

For each enrollable face: two genuine checks (the enrolled face doing the challenge, each order
of the turns) and an impostor check (another face doing it against this subject); the orders are
fixed, so two runs make the same checks. Reports pass rate, false accepts,
latency p50/p95 (ms per check), load average, and writes bench/results/presence.json. The
machine may be shared: re-run on a quiet one before trusting the latency.

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/presence.py [--faces 8]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import io
import json
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "consent")]

from face_samples import dcgan_faces  # noqa: E402
from presence_support import turned  # noqa: E402

from consent import likeness, presence  # noqa: E402


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _perspective(img: Image.Image, direction: str, seed: int) -> Image.Image:
    """Held-out turn: the face's far side compressed (a homography), plus sensor noise."""
    import cv2

    arr = np.asarray(img.convert("RGB"))
    h, w = arr.shape[:2]
    k = {"left": 1, "right": -1, "centre": 0}[direction] * 0.16
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    if k > 0:  # turned to the person's left: the image's left side recedes
        dst = np.float32([[w * k, h * k / 2], [w, 0], [w, h], [w * k, h - h * k / 2]])
    elif k < 0:
        k = -k
        dst = np.float32([[0, 0], [w - w * k, h * k / 2], [w - w * k, h - h * k / 2], [0, h]])
    else:
        dst = src
    out = cv2.warpPerspective(arr, cv2.getPerspectiveTransform(src, dst), (w, h), borderMode=cv2.BORDER_REFLECT)
    out = out.astype(np.int16) + np.random.default_rng(seed).integers(-2, 3, out.shape, dtype=np.int16)
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def _depth_turn(img: Image.Image, direction: str, seed: int) -> Image.Image:
    """Held-out turn: the face as a depth map (a cylinder plus a nose bump) rotated about the
    vertical axis and projected orthographically (inverse map solved by fixed-point iteration)."""
    import cv2

    theta = {"left": 1, "right": -1, "centre": 0}[direction] * np.radians(25)
    arr = np.asarray(img.convert("RGB"))
    h, w = arr.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    c, cy, r = w / 2, h / 2, w * 0.34

    def depth(x):
        u = np.clip((x - c) / r, -1, 1)
        return r * np.sqrt(1 - u * u) * 0.5 + 28.0 * np.exp(-((x - c) / 18.0) ** 2) * np.exp(-((ys - cy - 5) / 40.0) ** 2)

    x = xs.copy()
    for _ in range(8):  # output x' = c + (x - c) cos t + z(x) sin t  ->  solve for x
        x = c + (xs - c - depth(x) * np.sin(theta)) / np.cos(theta)
    out = cv2.remap(arr, x.astype(np.float32), ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT).astype(np.int16)
    out += np.random.default_rng(seed).integers(-2, 3, out.shape, dtype=np.int16)
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


#: what the person does: "even" (three frames each way, as the page paces it) or "first_held" (a
#: slow second turn: the first one held for five frames, the second caught in one)
POSES = {"even": lambda a, b: ["centre", a, a, a, b, b, b, "centre"],
         "first_held": lambda a, b: ["centre", a, a, a, a, a, b, "centre"]}


def _frames(img: Image.Image, order, turn, seed: int, poses: str = "even") -> list[bytes]:
    poses = POSES[poses](*order)
    return [_jpeg(turn(img, p, seed * 100 + i)) for i, p in enumerate(poses)]


def _run(name: str, seed: int, turn, n: int, poses: str = "even") -> dict:
    faces = [f.filter(ImageFilter.UnsharpMask(radius=3, percent=250, threshold=0)) for f in dcgan_faces(n, seed=seed)]
    ids, rows, kept = [], [], []
    for i, f in enumerate(faces):
        try:
            rows.append(likeness.enroll(f"s{i}", [f])[0].embedding)
        except Exception:  # noqa: BLE001 - a face too blurry to enroll is skipped (counted)
            continue
        ids.append(f"s{i}")
        kept.append(f)
    mat = np.stack(rows) if rows else np.zeros((0, 128), np.float32)
    genuine, impostor, times, reasons = [], [], [], {}
    for j, (sid, f) in enumerate(zip(ids, kept)):
        # both challenge orders for the genuine face, one for the impostor: the same checks every run
        # (the page's order is random; a run must not depend on it)
        for who, img, out, order in (("genuine", f, genuine, ("left", "right")), ("genuine", f, genuine, ("right", "left")),
                                     ("impostor", kept[(j + 1) % len(kept)], impostor, (("left", "right"), ("right", "left"))[j % 2])):
            if who == "impostor" and len(kept) < 2:
                continue
            now = datetime.now(timezone.utc)
            ch = presence.Challenge(f"bench-{j}", "d", "self", order, now, now + presence.CHALLENGE_TTL)
            fr = _frames(img, ch.order, turn, j, poses)
            t = time.perf_counter()
            r = presence.check_presence(fr, ch, subject_id=sid, templates=(ids, mat), now=now)
            times.append((time.perf_counter() - t) * 1000)
            out.append(r.passed)
            if (who == "genuine") != r.passed:
                reasons[f"{who}:{sid}:{'-'.join(order)}"] = r.reason
    return {"set": name, "dcgan_seed": seed, "poses": POSES[poses]("a", "b"), "faces_generated": n, "faces_enrolled": len(ids),
            "genuine_checks": len(genuine), "genuine_pass_rate": round(sum(genuine) / max(1, len(genuine)), 3),
            "impostor_checks": len(impostor), "false_accepts": int(sum(impostor)),
            "latency_ms_p50": round(float(np.percentile(times, 50)), 1) if times else None,
            "latency_ms_p95": round(float(np.percentile(times, 95)), 1) if times else None,
            "unexpected": reasons}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--faces", type=int, default=8)
    args = ap.parse_args()
    import cv2

    cv2.setNumThreads(1)
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    results = [_run("tuned", 3, turned, args.faces), _run("held_out", 11, _depth_turn, args.faces),
               _run("flat_picture_turned", 11, _perspective, args.faces),
               _run("tuned_first_held", 3, turned, args.faces, "first_held"),
               _run("held_out_first_held", 11, _depth_turn, args.faces, "first_held"),
               _run("flat_picture_first_held", 11, _perspective, args.faces, "first_held")]
    out = {"machine": platform.machine(), "cpu_count": os.cpu_count(), "python": platform.python_version(),
           "threads": 1, "load_average": list(os.getloadavg()), "frames_per_check": 8,
           "thresholds": {"turn": presence.TURN_MIN, "frame_match": presence.FRAME_MATCH,
                          "best_match": likeness.MATCH_THRESHOLD},
           "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "results": results}
    path = ROOT / "bench" / "results" / "presence.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

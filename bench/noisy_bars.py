"""Measurement: faces behind a dark eye bar "roughened" with noise (docs/LIKENESS.md, "Noisy bars").

    HF_HUB_OFFLINE=1 .venv/bin/python bench/noisy_bars.py [--amplitudes 4,8,12,16,24] [--kinds iid,smooth]

The 12 DCGAN faces of seed 3 (tests/security/test_adversary4_likeness_dismissal.py) × 4 bar
placements (22-52 %, 15-60 %, 30-52 %, 22-45 % of the face box): a bar of value 20 whose every
channel of every pixel is moved by seeded uniform noise of ±amplitude (``iid``), or by the
same noise drawn at half resolution and scaled up bicubically (``smooth``: spatially correlated
noise, the evasion of a rule that asks for uncorrelated noise). Counted per kind and amplitude:
images with a face region left (``face`` or ``unverifiable``) with ``DEFAULT_SCAN``; of 48.
Written to bench/results/noisy_bars.json (or ``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "consent"))

from consent.likeness import find_faces  # noqa: E402

PLACEMENTS = [(0.22, 0.52), (0.15, 0.60), (0.30, 0.52), (0.22, 0.45)]


def _faces() -> list[tuple[Image.Image, tuple[int, int, int, int]]]:
    from face_samples import dcgan_faces

    faces = dcgan_faces(12, seed=3)
    if faces is None:
        raise SystemExit("DCGAN weights not available")
    out = []
    for im in faces:
        im = im.convert("RGB")
        im.thumbnail((512, 512))
        if im.width < 320:
            im = im.resize((im.width * 2, im.height * 2), Image.BICUBIC)
        f = max(find_faces(im).faces, key=lambda f: f.box.w * f.box.h)
        out.append((im, (f.box.x, f.box.y, f.box.w, f.box.h)))
    return out


def barred(im: Image.Image, box, top: float, bottom: float, amplitude: int, kind: str) -> Image.Image:
    x, y, w, h = box
    a = np.asarray(im).astype(np.int16).copy()
    y0, y1 = y + int(h * top), y + int(h * bottom)
    rng = np.random.default_rng(0)
    if kind == "iid":
        noise = rng.integers(-amplitude, amplitude + 1, (y1 - y0, w, 3))
    else:
        import cv2

        half = rng.uniform(-amplitude, amplitude, ((y1 - y0 + 1) // 2, (w + 1) // 2, 3)).astype(np.float32)
        noise = np.rint(cv2.resize(half, (w, y1 - y0), interpolation=cv2.INTER_CUBIC)).astype(np.int16)
    a[y0:y1, x:x + w] = 20 + noise
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--amplitudes", default="4,8,12,16,24")
    ap.add_argument("--kinds", default="iid,smooth")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "noisy_bars.json"))
    args = ap.parse_args()
    faces = _faces()
    result: dict = {"images_per_amplitude": len(faces) * len(PLACEMENTS), "with_face_region": {}, "hidden": {}}
    for kind in args.kinds.split(","):
        for amp in (int(v) for v in args.amplitudes.split(",")):
            found, hidden = 0, []
            for i, (im, box) in enumerate(faces):
                for top, bottom in PLACEMENTS:
                    regions = [f for f in find_faces(barred(im, box, top, bottom, amp, kind)).faces if f.status in ("face", "unverifiable")]
                    if regions:
                        found += 1
                    else:
                        hidden.append(f"face {i} {int(top * 100)}-{int(bottom * 100)} %")
            result["with_face_region"][f"{kind} ±{amp}"] = found
            result["hidden"][f"{kind} ±{amp}"] = hidden
            print(f"{kind} ±{amp}: {found} of {result['images_per_amplitude']} with a face region", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

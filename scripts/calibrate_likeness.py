"""Measure the numbers behind consent/likeness.py's thresholds (docs/LIKENESS.md).

Data: two real photos (skimage astronaut = Eileen Collins, matplotlib Grace Hopper), N
DCGAN faces (faces of nobody) and the variants of each (flip, 10% crop, JPEG q50, ±30%
brightness, 0.5× resize). Prints, as JSON:

- genuine: cosine of each variant to its own original (same person);
- impostor: cosine between different identities (originals, all pairs);
- sharpness of the aligned crop for originals, variants and Gaussian-blurred copies
  (sigma 1, 2, 3 px at the scale of the 112 px aligned crop);
- detector misses.

Usage: HF_HUB_OFFLINE=1 .venv/bin/python scripts/calibrate_likeness.py [--dcgan 64] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "consent")]

from consent import likeness  # noqa: E402
from face_samples import astronaut, dcgan_faces, grace_hopper, variants  # noqa: E402


def _stats(xs: list[float]) -> dict:
    a = np.asarray(xs, dtype=float)
    if a.size == 0:
        return {"n": 0}
    return {
        "n": int(a.size),
        "min": round(float(a.min()), 4),
        "p01": round(float(np.percentile(a, 1)), 4),
        "p50": round(float(np.median(a)), 4),
        "p99": round(float(np.percentile(a, 99)), 4),
        "max": round(float(a.max()), 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dcgan", type=int, default=64, help="number of DCGAN faces (default 64)")
    ap.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    args = ap.parse_args()

    people = {"astronaut": astronaut(), "grace_hopper": grace_hopper()}
    for i, im in enumerate(dcgan_faces(args.dcgan) or []):
        people[f"dcgan{i:03d}"] = im

    originals: dict[str, np.ndarray] = {}
    genuine: dict[str, list[float]] = {"real": [], "dcgan": []}
    by_variant: dict[str, list[float]] = {}
    sharp = {"original_real": [], "original_dcgan": [], "variant": [], "blur_crop_sigma1": [],
             "blur_crop_sigma2": [], "blur_crop_sigma3": []}
    misses: list[str] = []
    for name, img in people.items():
        group = "real" if not name.startswith("dcgan") else "dcgan"
        faces = likeness.detect_faces(img)
        if len(faces) != 1:
            misses.append(f"{name}: {len(faces)} faces")
            continue
        originals[name] = faces[0].embedding
        sharp[f"original_{group}"].append(faces[0].sharpness)
        for vname, v in variants(img).items():
            if vname == "original":
                continue
            vf = likeness.detect_faces(v)
            if len(vf) != 1:
                misses.append(f"{name}/{vname}: {len(vf)} faces")
                continue
            sim = float(vf[0].embedding @ faces[0].embedding)
            genuine[group].append(sim)
            by_variant.setdefault(f"{group}/{vname}", []).append(sim)
            sharp["variant"].append(vf[0].sharpness)
        for sigma in (1, 2, 3):  # blur of sigma px at the scale of the 112 px aligned crop
            radius = sigma * faces[0].size / 112
            bf = likeness.detect_faces(img.filter(ImageFilter.GaussianBlur(radius)))
            if bf:
                sharp[f"blur_crop_sigma{sigma}"].append(bf[0].sharpness)

    names = list(originals)
    e = np.stack([originals[n] for n in names])
    s = e @ e.T
    iu = np.triu_indices(len(names), 1)
    impostor = s[iu]
    top = sorted(zip(impostor.tolist(), (f"{names[i]}~{names[j]}" for i, j in zip(*iu))), reverse=True)[:5]
    real_idx = [i for i, n in enumerate(names) if not n.startswith("dcgan")]
    real_vs_any = [float(s[i, j]) for i in real_idx for j in range(len(names)) if j != i]

    report = {
        "model": likeness.MODEL_NAME,
        "identities": len(names),
        "genuine_real": _stats(genuine["real"]),
        "genuine_dcgan": _stats(genuine["dcgan"]),
        "genuine_by_variant": {k: _stats(v) for k, v in sorted(by_variant.items())},
        "impostor_all_pairs": _stats(impostor.tolist()),
        "impostor_real_vs_any": _stats(real_vs_any),
        "impostor_top5": [(round(v, 4), p) for v, p in top],
        "sharpness": {k: _stats(v) for k, v in sharp.items()},
        "detector_misses": misses,
        "thresholds": {
            "MATCH_THRESHOLD": likeness.MATCH_THRESHOLD,
            "UNKNOWN_THRESHOLD": likeness.UNKNOWN_THRESHOLD,
            "MIN_SHARPNESS": likeness.MIN_SHARPNESS,
            "MIN_FACE_PX": likeness.MIN_FACE_PX,
        },
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

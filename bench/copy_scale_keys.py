"""How often verify's copy check refuses an honest resized copy, over many watermark keys.

The copy check brings a resized copy back to the original's scale as the watermark reads it
(to about 0.1-0.3 %); which whole size that rounds to depends on the read, and the read on the
installation's key. A copy refused as "changed in a region" in one run of eight of the public
verify page's browser test was such a case (tests/creator/test_copy_scale_read.py). This takes
pictures the studio makes in tests (blurred noise under the visible label, the test pipeline's
kind) and photos under the label, marks each with a fresh key, makes a stripped copy the way a
platform does (resized by a factor, cropped, JPEG q80), reads its mark with that key and runs
``creator.verify.resemblance(..., changed=True)`` at the read scale: a copy is *refused* when
the resemblance, a region's change or its detail agreement misses verify's limits.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/copy_scale_keys.py [--keys 8] [--out bench/results/copy_scale_keys.json]

Prints and writes every case's values and the count refused per factor.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from creator.disclosure.label import apply_label  # noqa: E402
from creator.disclosure.watermark import Watermarker  # noqa: E402
from creator.verify import COPY_MAX_LOCAL_CHANGE, COPY_MIN_DETAIL, COPY_MIN_RESEMBLANCE, resemblance  # noqa: E402

OUT = ROOT / "bench" / "results" / "copy_scale_keys.json"
FACTORS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.25)


def _pictures() -> dict[str, Image.Image]:
    from skimage import data

    out = {}
    for seed in (11, 23):
        rng = np.random.default_rng(seed)
        out[f"grain-{seed}"] = Image.fromarray(rng.integers(0, 256, (512, 512, 3), dtype=np.uint8)).filter(
            ImageFilter.GaussianBlur(1.5))
    for name in ("coffee", "chelsea", "rocket"):
        px = getattr(data, name)()
        out[name] = Image.fromarray(px).resize((512, 512), Image.Resampling.BICUBIC)
    return {k: apply_label(v)[0] for k, v in out.items()}


def _copy(im: Image.Image, factor: float, crop: tuple[int, int, int, int]) -> np.ndarray:
    small = im.resize((int(im.width * factor), int(im.height * factor)), Image.Resampling.BILINEAR)
    l, t, r, b = crop
    buf = io.BytesIO()
    small.crop((l, t, small.width - r, small.height - b)).save(buf, "JPEG", quality=80)
    return np.asarray(Image.open(buf).convert("RGB"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=8)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    rng = np.random.default_rng(7)
    cases, refused = [], {f: 0 for f in FACTORS}
    total = {f: 0 for f in FACTORS}
    for name, picture in _pictures().items():
        for k in range(a.keys):
            wm = Watermarker(hashlib.sha256(f"copy-scale-keys {name} {k}".encode()).digest())
            marked = wm.embed(picture, f"{k:012x}")
            for factor in FACTORS:
                crop = tuple(int(v) for v in rng.integers(0, 24, 4))
                copy = _copy(marked, factor, crop)
                read = wm.read_array(copy)
                if read.payload is None:
                    cases.append({"picture": name, "key": k, "factor": factor, "crop": crop, "read": None})
                    continue
                score, change, detail = resemblance(copy, np.asarray(marked), read.scale, read.angle_deg, changed=True)
                bad = score < COPY_MIN_RESEMBLANCE or change > COPY_MAX_LOCAL_CHANGE or detail < COPY_MIN_DETAIL
                total[factor] += 1
                refused[factor] += bad
                cases.append({"picture": name, "key": k, "factor": factor, "crop": crop, "read_scale": round(read.scale, 5),
                              "resemblance": round(score, 3), "change": round(change, 3), "detail": round(detail, 3),
                              "refused": bool(bad)})
    unread = sum(1 for c in cases if c.get("read", 1) is None)
    summary = {str(f): f"{refused[f]}/{total[f]}" for f in FACTORS}
    print("honest copies refused, by factor:", summary, f"(mark not read: {unread})")
    for c in cases:
        if c.get("refused"):
            print("  ", c)
    a.out.write_text(json.dumps({"refused_by_factor": summary, "unread": unread, "cases": cases}, indent=1) + "\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()

"""Measurement: which upright pass size finds the packaged DCGAN's faces that ``OUTPUT_SCAN`` finds.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/upright_side.py [--seeds 300] [--start 0] [--size 512]

For each seed (one 512² output each) every face ``OUTPUT_SCAN`` embeds is looked for among the
faces each candidate upright profile embeds (the same face: cosine >= 0.8). Reported per
profile: faces ``OUTPUT_SCAN`` embeds that it misses, faces it embeds that ``OUTPUT_SCAN`` does not,
outputs with no embedded face, median ms. Written to bench/results/upright_side.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from consent import imaging, likeness  # noqa: E402
from creator.engines.base import EngineCall  # noqa: E402
from creator.engines.gan import GanEngine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "upright_side.json"
_BASE = dict(rotations=(0,), smooth_dithered=False, repair_occluders=False)
CANDIDATES = {
    "upright_full": likeness.ScanOptions(**_BASE),  # c50dffc's profile (max_side 2048)
    "upright_320": likeness.ScanOptions(**_BASE, max_side=320),
    "upright_256": likeness.ScanOptions(**_BASE, max_side=256, min_side=256),
}
SAME_FACE = 0.8


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=300)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--size", type=int, default=512)
    args = ap.parse_args()
    engine = GanEngine.builtin()
    stats = {n: {"missed": [], "extra": 0, "no_face": 0, "ms": []} for n in [*CANDIDATES, "output"]}
    for seed in range(args.start, args.start + args.seeds):
        (im,) = engine.generate(EngineCall(prompt="", negative_prompt="", width=args.size, height=args.size, steps=1,
                                           guidance=0.0, seed=seed, num_images=1))
        emb = {}
        for name, opts in [("output", likeness.OUTPUT_SCAN), *CANDIDATES.items()]:
            t0 = time.perf_counter()
            found = likeness.find_faces(imaging.from_pil(im, field="o"), label="o", options=opts)
            stats[name]["ms"].append((time.perf_counter() - t0) * 1000)
            emb[name] = found.embeddings
            stats[name]["no_face"] += len(found.embeddings) == 0
        ref = emb["output"]
        for name in CANDIDATES:
            e = emb[name]
            sims = ref @ e.T if len(ref) and len(e) else np.zeros((len(ref), len(e)))
            for j in range(len(ref)):
                if not len(e) or sims[j].max() < SAME_FACE:
                    stats[name]["missed"].append(seed)
            stats[name]["extra"] += sum(1 for k in range(len(e)) if not len(ref) or sims[:, k].max() < SAME_FACE)
    out = {"size": args.size, "seeds": [args.start, args.start + args.seeds], "same_face_cosine": SAME_FACE,
           "output_scan_embedded_faces": None}
    for name, s in stats.items():
        out[name] = {"missed_output_scan_faces": len(s["missed"]), "missed_seeds": s["missed"], "extra_faces": s["extra"],
                     "outputs_without_embedded_face": s["no_face"], "median_ms": float(np.median(s["ms"]))}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

"""Measurement: a seed search on the packaged DCGAN, output scans side by side.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/upright_seed_search.py [--seeds 300] [--enrolled 32]

Enrolls ``--enrolled`` people from sharpened 512² outputs of the packaged GAN (seeds
1_000_000 + k, one image each; a photo enrollment refuses is skipped), then draws ``--seeds``
other outputs (seeds 0..N-1, 512², one image each) and scans each with ``UPRIGHT_OUTPUT_SCAN``
(what the studio uses for the packaged GAN) and ``OUTPUT_SCAN`` (every other generator). Per
profile: faces found, outputs the studio would block (a face matching an enrolled subject at
``MATCH_THRESHOLD``), and the best cosine of each output to any enrolled template. The enrolled
seeds themselves are scanned too (positive controls: both profiles must block them). Written to
bench/results/upright_seed_search.json.
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
from PIL import ImageFilter  # noqa: E402

from consent import imaging, likeness  # noqa: E402
from consent.errors import LikenessError  # noqa: E402
from consent.likeness import LikenessSource  # noqa: E402
from creator.engines.base import EngineCall  # noqa: E402
from creator.engines.gan import GanEngine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "upright_seed_search.json"
PROFILES = {"upright": likeness.UPRIGHT_OUTPUT_SCAN, "output": likeness.OUTPUT_SCAN}


def _face(engine: GanEngine, seed: int):
    (im,) = engine.generate(EngineCall(prompt="", negative_prompt="", width=512, height=512, steps=1, guidance=0.0,
                                       seed=seed, num_images=1))
    return im


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=300)
    ap.add_argument("--enrolled", type=int, default=32)
    args = ap.parse_args()
    engine = GanEngine.builtin()
    ids, rows, enrolled_seeds = [], [], []
    for k in range(args.enrolled):
        seed = 1_000_000 + k
        photo = _face(engine, seed).filter(ImageFilter.UnsharpMask(radius=4, percent=200))
        try:
            (t,) = likeness.enroll(f"p{k}", [photo])
        except LikenessError:
            continue
        ids.append(f"p{k}")
        rows.append(t.embedding)
        enrolled_seeds.append(seed)
    matrix = np.stack(rows)
    index = likeness.FaceIndex.from_templates(ids, matrix)
    print(f"enrolled {len(ids)} of {args.enrolled}", flush=True)

    def scan(im, opts):
        t0 = time.perf_counter()
        found = likeness.find_faces(imaging.from_pil(im, field="o"), label="o", options=opts)
        ms = (time.perf_counter() - t0) * 1000
        lks = likeness.scan(None, index, source=LikenessSource.OUTPUT_FACE, image_label="o", faces=found)
        emb = found.embeddings
        best = float((emb @ matrix.T).max()) if len(emb) else None
        return {"faces": len(found.faces), "verified": sum(1 for f in found.faces if f.status == "face"),
                "matched": sorted({lk.subject_id for lk in lks if lk.subject_id}), "best": best, "ms": ms}

    rows_out = []
    for group, seeds in (("enrolled", enrolled_seeds), ("search", list(range(args.seeds)))):
        for s in seeds:
            im = _face(engine, s)
            r = {"group": group, "seed": s}
            for name, opts in PROFILES.items():
                r[name] = scan(im, opts)
            rows_out.append(r)
            if len(rows_out) % 25 == 0:
                print(len(rows_out), flush=True)

    def summary(group):
        rs = [r for r in rows_out if r["group"] == group]
        out = {"outputs": len(rs)}
        for name in PROFILES:
            out[name] = {
                "blocked": sum(1 for r in rs if r[name]["matched"]),
                "faces": sum(r[name]["faces"] for r in rs),
                "verified_faces": sum(r[name]["verified"] for r in rs),
                "no_face": sum(1 for r in rs if r[name]["faces"] == 0),
                "median_ms": float(np.median([r[name]["ms"] for r in rs])),
            }
        out["blocked_by_output_only"] = [r["seed"] for r in rs if r["output"]["matched"] and not r["upright"]["matched"]]
        out["blocked_by_upright_only"] = [r["seed"] for r in rs if r["upright"]["matched"] and not r["output"]["matched"]]
        out["different_matches"] = [r["seed"] for r in rs if r["output"]["matched"] != r["upright"]["matched"]]
        out["face_count_differs"] = [r["seed"] for r in rs if r["output"]["faces"] != r["upright"]["faces"]]
        diffs = [abs(r["output"]["best"] - r["upright"]["best"]) for r in rs
                 if r["output"]["best"] is not None and r["upright"]["best"] is not None]
        out["best_cosine_abs_diff"] = {"median": float(np.median(diffs)) if diffs else None,
                                       "max": float(max(diffs)) if diffs else None}
        out["best_cosine_max"] = {name: max((r[name]["best"] for r in rs if r[name]["best"] is not None), default=None)
                                  for name in PROFILES}
        return out

    result = {"enrolled": len(ids), "threshold": likeness.MATCH_THRESHOLD,
              "enrolled_controls": summary("enrolled"), "search": summary("search"), "rows": rows_out}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()

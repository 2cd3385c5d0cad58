"""Measurement: can the packaged DCGAN's output scan detect at a smaller upright pass (issue 17)?

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/upright_lowside.py [--sides 160,256+160,320+160]
        [--runs 512:0:300,768:300:100,1024:400:100] [--out FILE]

The 512 px profile (``UPRIGHT_OUTPUT_SCAN_SMALL``, every output's until issue 17's last round)
runs one upright YuNet pass at 512 px (plus the 160 px coarse pass), then verification and SFace
embeddings. The generator draws 64 px faces and upscales them, so a
smaller pass sees the same detail. For each run ``size:first_seed:count`` (one output per seed)
each candidate ``max_side`` is compared with the 512 px profile, region by region (the same
region: box IoU >= 0.5):

- regions of each status (face / unverifiable / dismissed / small) the 512 pass finds that the
  candidate does not find with the same status, and the reverse;
- for faces both embed: the cosine of the two embeddings (min, 1st percentile, median) and the
  feature norms (alignment quality: a misaligned crop has a smaller norm);
- thread CPU time per scan (median), both profiles on the same image in turn.

A candidate ``M`` is one upright pass at M px (and the coarse pass where it runs); ``M+E`` adds an
upright pass at E px whose every detection counts, without the coarse pass (the E px pass counts
all that the 160 px coarse pass would); this script adds that pass around
``likeness._detect_passes`` (no profile of the studio has one).

Written to bench/results/upright_lowside.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from consent import imaging, likeness  # noqa: E402
from creator.engines.base import EngineCall  # noqa: E402
from creator.engines.gan import GanEngine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "upright_lowside.json"


def _iou(a, b) -> float:
    ix = max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    inter = ix * iy
    union = a.w * a.h + b.w * b.h - inter
    return inter / union if union else 0.0


#: Candidate profiles with further upright passes (``M+E``): their sides, by profile.
_EXTRA: dict = {}
_detect_passes = likeness._detect_passes


def _with_extra_passes(models, variants, opts, scales=None, offset=(0, 0)):
    """``likeness._detect_passes``, plus for a ``M+E`` candidate an upright pass at E px over the
    whole image whose every detection counts (its own call: no coarse pass, no size floor)."""
    raws = _detect_passes(models, variants, opts, scales, offset)
    if scales is None:
        for side in _EXTRA.get(opts, ()):
            one = dataclasses.replace(opts, max_side=side, min_side=min(opts.min_side, side), coarse_side=0)
            raws += _detect_passes(models, variants, one, None, offset)
    return raws


likeness._detect_passes = _with_extra_passes


def _regions(found) -> list[tuple[str, object]]:
    return ([(f.status, f) for f in found.faces] + [("dismissed", f) for f in found.dismissed]
            + [("small", f) for f in found.small])


def main() -> None:
    import cv2

    cv2.setNumThreads(1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--sides", default="160,256+160,320+160")
    ap.add_argument("--runs", default="512:0:300,768:300:100,1024:400:100")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    base = likeness.UPRIGHT_OUTPUT_SCAN_SMALL  # the 512 px profile (every size's before issue 17's last round)
    cands = {}
    for spec in args.sides.split(","):
        # "256": one upright pass at 256 px (and the coarse pass where it runs); "256+160": also an
        # upright pass at 160 px whose every detection counts, and no coarse pass
        main_side, *extra = (int(v) for v in spec.split("+"))
        opts = dataclasses.replace(base, max_side=main_side, min_side=min(base.min_side, main_side),
                                   **(dict(coarse_side=0) if extra else {}))
        cands[spec] = opts
        if extra:
            _EXTRA[opts] = tuple(extra)
    engine = GanEngine.builtin()
    out: dict = {"reference": {"max_side": base.max_side, "coarse_side": base.coarse_side}, "runs": []}
    for run in args.runs.split(","):
        size, first, count = (int(v) for v in run.split(":"))
        st = {s: {"lost": {}, "gained": {}, "cos": [], "norm_ref": [], "norm": [], "lost_seeds": [], "gained_seeds": [],
                  "ms": [], "low_cos_seeds": []} for s in cands}
        ref_ms, ref_counts = [], {}
        for seed in range(first, first + count):
            (im,) = engine.generate(EngineCall(prompt="", negative_prompt="", width=size, height=size, steps=1,
                                               guidance=0.0, seed=seed, num_images=1))
            canon = imaging.from_pil(im, field="o")

            def scan(opts):
                t0 = time.thread_time()
                f = likeness.find_faces(canon, label="o", options=opts)
                return f, (time.thread_time() - t0) * 1000

            ref, ms = scan(base)
            ref_ms.append(ms)
            rr = _regions(ref)
            for status, _ in rr:
                ref_counts[status] = ref_counts.get(status, 0) + 1
            for s, opts in cands.items():
                got, ms = scan(opts)
                st[s]["ms"].append(ms)
                gr = _regions(got)
                for status, f in rr:
                    same = [g for gs, g in gr if gs == status and _iou(f.box, g.box) >= 0.5]
                    if not same:
                        st[s]["lost"][status] = st[s]["lost"].get(status, 0) + 1
                        st[s]["lost_seeds"].append([seed, status])
                        continue
                    g = max(same, key=lambda g: _iou(f.box, g.box))
                    if f.embedding is not None and g.embedding is not None:
                        c = float(np.dot(f.embedding, g.embedding))
                        st[s]["cos"].append(c)
                        if c < 0.98:
                            st[s]["low_cos_seeds"].append([seed, round(c, 3)])
                        if f.feature_norm is not None and g.feature_norm is not None:
                            st[s]["norm_ref"].append(f.feature_norm)
                            st[s]["norm"].append(g.feature_norm)
                for status, g in gr:
                    if not any(fs == status and _iou(f.box, g.box) >= 0.5 for fs, f in rr):
                        st[s]["gained"][status] = st[s]["gained"].get(status, 0) + 1
                        st[s]["gained_seeds"].append([seed, status])
        row = {"size": size, "seeds": [first, first + count], "reference_regions": ref_counts,
               "reference_median_cpu_ms": round(float(np.median(ref_ms)), 2), "candidates": {}}
        for s, d in st.items():
            cos = np.array(d["cos"]) if d["cos"] else np.array([np.nan])
            row["candidates"][str(s)] = {
                "lost": d["lost"], "gained": d["gained"], "lost_seeds": d["lost_seeds"], "gained_seeds": d["gained_seeds"],
                "embedded_pairs": len(d["cos"]), "cos_min": round(float(cos.min()), 4),
                "cos_p01": round(float(np.percentile(cos, 1)), 4), "cos_median": round(float(np.median(cos)), 4),
                "below_0_98": d["low_cos_seeds"],
                "norm_mean_ref": round(float(np.mean(d["norm_ref"])), 3) if d["norm_ref"] else None,
                "norm_mean": round(float(np.mean(d["norm"])), 3) if d["norm"] else None,
                "median_cpu_ms": round(float(np.median(d["ms"])), 2)}
        out["runs"].append(row)
        print(json.dumps(row), flush=True)
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()

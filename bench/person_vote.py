"""Session 58 (issue 10, measurement only): does a PERSON-segmentation vote tell human face regions
from the animal and texture regions YuNet/SFace deny?

Models (Apache-2.0) are read from mediapipe 0.10.14's wheel, unzipped, never installed:

    pip download --no-deps -d /tmp/mp mediapipe==0.10.14 --only-binary :all:
    unzip -o -j /tmp/mp/mediapipe-0.10.14-cp311-*.whl -d bench/.cache/person_vote_models \
        'mediapipe/modules/selfie_segmentation/*.tflite' 'mediapipe/modules/pose_detection/*.tflite'

- ``selfie_segmentation.tflite`` (256×256 RGB in [0, 1] → person probability per pixel), run with
  OpenCV's ``cv2.dnn.readNetFromTFLite`` (as the studio runs BlazeFace); checked against LiteRT.
- ``pose_detection.tflite`` (BlazePose's person detector, 224×224 in [-1, 1], 2,254 SSD anchors):
  OpenCV cannot read it (a DENSIFY op), so LiteRT (``ai-edge-litert``, installed only in a side venv
  whose site-packages ``--litert-site`` names, e.g. ``python -m venv /tmp/litert && /tmp/litert/bin/pip
  install ai-edge-litert``) runs it; skipped when none is given.

Regions: every region that would deny, collected with ``scripts/calibrate_likeness.py``'s
``second_opinion_report`` (its ``_Tally`` replaced by one that scores each region instead of asking
the second opinion), plus the red-team pictures of tests/security/test_adversary_s56*.py and
test_second_opinion_bands.py and two sweeps like session 56's (heavy JPEG turned faces; small
stylised faces enlarged, with and without grain). Human side: the regions on the face (IoU ≥ 0.3 or
centre inside; group photos and plain bases: every region). False side: every region of the
face-free, animal and primate sets. Held-out set 3 is never read.

Scores per region (at the region's own quarter turn unless said): the mean person probability over
the region's box in a square crop of CONTEXT × the box's longer side around its centre (zero outside
the picture), resized to 256 with cv2.INTER_LINEAR, cv2.INTER_AREA or PIL's BOX; at context 3 with
INTER_LINEAR also the best over the 4 quarter turns, the mean over the whole crop, and the pose
detector's best centred score.

Usage (about 25 min on the shared 2-core machine):
    HF_HUB_OFFLINE=1 PYTHONPATH=. python bench/person_vote.py --archives /tmp/facedata --dcgan 16 \
        --out bench/results/person_vote_s58.json
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests"), str(ROOT / "tests" / "consent"),
                str(ROOT / "tests" / "security")]

import cv2  # noqa: E402

import calibrate_likeness as cal  # noqa: E402
from consent import likeness  # noqa: E402
from consent._second_opinion import _square  # noqa: E402
from consent.likeness import find_faces  # noqa: E402

SEG_SIDE = 256
POSE_SIDE = 224
CONTEXTS = (2.0, 3.0, 4.0)
RESAMPLES = ("linear", "area", "pilbox")
HUMAN_GROUPS = ("pasted_tuning_40_128", "pasted_heldout1_40_128", "pasted_14_30", "degraded_56_96", "tilted_15deg",
                "plain_bases", "eye_bars", "hostile_kinds", "band_kinds", "group_photos")
FALSE_PREFIXES = ("face_free_", "animals", "primates")


def _resize(crop: np.ndarray, side: int, how: str) -> np.ndarray:
    if how == "linear":
        return cv2.resize(crop, (side, side), interpolation=cv2.INTER_LINEAR)
    if how == "area":
        return cv2.resize(crop, (side, side), interpolation=cv2.INTER_AREA)
    if how == "pilbox":
        return np.asarray(Image.fromarray(crop).resize((side, side), Image.BOX))
    raise ValueError(how)


class Segmenter:
    def __init__(self, path: Path) -> None:
        self.net = cv2.dnn.readNetFromTFLite(str(path))
        self.seconds = 0.0
        self.runs = 0

    def mask(self, rgb: np.ndarray) -> np.ndarray:
        x = (rgb.astype(np.float32) / 255.0).transpose(2, 0, 1)[None]
        t = time.perf_counter()
        self.net.setInput(np.ascontiguousarray(x))
        out = self.net.forward().reshape(SEG_SIDE, SEG_SIDE)
        self.seconds += time.perf_counter() - t
        self.runs += 1
        return out


def _pose_anchors() -> np.ndarray:
    """MediaPipe's pose_detection SSD anchors: strides 8, 16, 32, 32, 32, 2 anchors a cell, fixed size."""
    out = []
    for stride, n in ((8, 2), (16, 2), (32, 6)):
        fm = POSE_SIDE // stride
        ys, xs = np.mgrid[0:fm, 0:fm]
        c = np.stack([(xs.ravel() + 0.5) / fm, (ys.ravel() + 0.5) / fm], axis=1)
        out.append(np.repeat(c, n, axis=0))
    return np.concatenate(out).astype(np.float32)


class PoseDetector:
    def __init__(self, path: Path, site: str | None) -> None:
        self.it = None
        self.seconds = 0.0
        self.runs = 0
        if not site:
            return
        sys.path.append(site)
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError:
            return
        self.it = Interpreter(str(path), num_threads=1)
        self.it.allocate_tensors()
        self.inp = self.it.get_input_details()[0]["index"]
        outs = self.it.get_output_details()
        self.reg = next(d["index"] for d in outs if d["shape"][-1] == 12)
        self.cls = next(d["index"] for d in outs if d["shape"][-1] == 1)
        self.anchors = _pose_anchors()

    def score(self, rgb: np.ndarray) -> float:
        """Best sigmoid score of a person detection whose (face) box is centred within 0.2 of the crop's
        centre and wider than 0.1 of it."""
        x = (rgb.astype(np.float32) / 127.5 - 1.0)[None]
        t = time.perf_counter()
        self.it.set_tensor(self.inp, np.ascontiguousarray(x))
        self.it.invoke()
        raw = self.it.get_tensor(self.reg).reshape(-1, 12)
        logit = self.it.get_tensor(self.cls).reshape(-1).astype(np.float64)
        self.seconds += time.perf_counter() - t
        self.runs += 1
        c = raw[:, :2] / POSE_SIDE + self.anchors
        ok = (np.abs(c[:, 0] - 0.5) < 0.2) & (np.abs(c[:, 1] - 0.5) < 0.2) & (raw[:, 2] / POSE_SIDE > 0.1)
        if not ok.any():
            return 0.0
        return float(1.0 / (1.0 + math.exp(-float(np.clip(logit[ok].max(), -80, 80)))))


class Scorer:
    def __init__(self, models: Path, litert_site: str | None) -> None:
        self.seg = Segmenter(models / "selfie_segmentation.tflite")
        self.pose = PoseDetector(models / "pose_detection.tflite", litert_site)
        self.region_seconds: list[float] = []

    def region(self, pixels: np.ndarray, f) -> dict:
        t0 = time.perf_counter()
        b = f.box
        q = (int(f.turn) // 90) % 4
        out: dict = {}
        for k in CONTEXTS:
            crop, _, _ = _square(pixels, (b.x, b.y, b.w, b.h), k)
            side = crop.shape[0]
            # the box inside the crop, in 256-px mask coordinates (before the turn)
            s = SEG_SIDE / side
            x0 = (b.x + b.w / 2) - side / 2
            y0 = (b.y + b.h / 2) - side / 2
            bx0, by0 = int(round((b.x - x0) * s)), int(round((b.y - y0) * s))
            bx1, by1 = max(bx0 + 1, int(round((b.x + b.w - x0) * s))), max(by0 + 1, int(round((b.y + b.h - y0) * s)))
            boxmask = np.zeros((SEG_SIDE, SEG_SIDE), bool)
            boxmask[by0:by1, bx0:bx1] = True
            for how in RESAMPLES:
                im = _resize(crop, SEG_SIDE, how)
                turns = range(4) if (k == 3.0 and how == "linear") else (q,)
                for t in turns:
                    m = self.seg.mask(np.rot90(im, t))
                    m = np.rot90(m, -t)  # back to the picture's frame
                    v = float(m[boxmask].mean())
                    if t == q:
                        out[f"seg_k{k:g}_{how}"] = round(v, 4)
                        if k == 3.0 and how == "linear":
                            out["seg_k3_linear_crop"] = round(float(m.mean()), 4)
                    out[f"_t{t}"] = v
                if k == 3.0 and how == "linear":
                    out["seg_k3_linear_best4"] = round(max(out.pop(f"_t{t}") for t in range(4)), 4)
                else:
                    out.pop(f"_t{q}", None)
            if k == 3.0 and self.pose.it is not None:
                pim = _resize(crop, POSE_SIDE, "linear")
                ps = [self.pose.score(np.ascontiguousarray(np.rot90(pim, t))) for t in range(4)]
                out["pose_k3_own"] = round(ps[q], 4)
                out["pose_k3_best4"] = round(max(ps), 4)
        self.region_seconds.append(time.perf_counter() - t0)
        return out


class Recorder:
    """Stands in for calibrate_likeness._Tally: scores every region instead of asking the second opinion."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.rows: list[dict] = []

    def add(self, groups, fs, target=None, label: str = "") -> None:
        groups = (groups,) if isinstance(groups, str) else tuple(groups)
        for f in fs.faces:
            on = bool(cal._on(target, f)) if target is not None else None
            row = {"group": groups[0], "groups": list(groups), "label": label, "status": f.status, "size": int(f.size),
                   "turn": int(f.turn), "on_target": on, **self.scorer.region(fs.image.pixels, f)}
            self.rows.append(row)

    def report(self) -> dict:
        return {}


# ----------------------------------------------------------------------------- false side


def false_side(rec: Recorder, archives: Path, free_tune: dict, free_held: dict, progress) -> None:
    """calibrate_likeness.second_opinion_report's false side, the same images in the same way (run first)."""
    free2 = cal.heldout2(archives)[0]
    for group, photos in (("face_free_tuning", free_tune), ("face_free_heldout1", free_held), ("face_free_heldout2", free2)):
        for zoom, ph in (("", photos), ("_zoomed", cal._zoomed(photos))):
            for name, im in ph.items():
                for rot in cal.ROTATIONS:
                    rec.add(group + zoom, find_faces(im.rotate(rot, expand=True) if rot else im), None, f"{name} @{rot}")
            progress(group + zoom)
    animals = {}
    for pattern, member in cal.ANIMALS:
        animals.update({f"{pattern.split('-')[0]}/{k}": v for k, v in cal._members(archives, pattern, (member,)).items()})
    sets = {"": animals, "_half": {k: v.resize((max(8, v.width // 2), max(8, v.height // 2)), Image.LANCZOS) for k, v in animals.items()},
            "_x2": {k: v.resize((v.width * 2, v.height * 2), Image.BICUBIC) for k, v in animals.items() if max(v.size) <= 1024},
            "_zoomed": cal._zoomed(animals)}
    for suffix, ph in sets.items():
        for name, im in ph.items():
            for rot in cal.ROTATIONS:
                rec.add("animals" + suffix, find_faces(im.rotate(rot, expand=True) if rot else im), None, f"{name} @{rot}")
    for n, im in cal._members(archives, cal.PRIMATES[0], (cal.PRIMATES[1],)).items():
        for rot in (0, 90):
            rec.add("primates", find_faces(im.rotate(rot, expand=True) if rot else im), None, f"{n} @{rot}")
    progress("animals and primates")


# ----------------------------------------------------------------------------- red-team pictures


def _jpeg(im: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q)
    return Image.open(buf).convert("RGB")


def red_team(rec: Recorder, progress) -> None:
    """Human pictures of the red-team tests and two sweeps like session 56's (every region on the face)."""
    import test_adversary_s56_enlarged_face as enl
    import test_adversary_s56_jpeg_turned_face as jt
    import test_adversary_s56b_textured_face as tex
    import test_second_opinion_bands as bands
    from studio_world import astronaut, grace_hopper, stylised_face

    def every(group, img, label, box=None):
        rec.add(group, find_faces(img), box, label)

    for case, label in zip(enl._CASES, enl._IDS):
        every("redteam_enlarged", enl._enlarged(*case), label)
    for how in ("rot20", "rot30", "mirror"):
        every("redteam_jpeg_turned", jt._picture(how), how)
    for case in tex._CASES:
        every("redteam_textured", tex._picture(case), case)
    for name, k, how in (("astronaut", 0.35, "pencil"), ("astronaut", 0.30, "pencil"), ("astronaut", 0.26, "kmeans12"),
                         ("astronaut", 0.28, "kmeans10"), ("grace_hopper", 0.15, "jpeg10")):
        every("redteam_small_stylised", stylised_face(name, k, how), f"{name} {k} {how}")
    progress("red team tests 1")
    for name, k in bands._CASES:
        for kind in cal.HOSTILE_KINDS + ("blur8_jpeg", "blur14", "pix18", "skin_ellipses"):
            img, box = bands._hidden(name, k, kind)
            every("redteam_hidden_eyes", img, f"{name}@{k} {kind}", box)
    progress("red team hidden eyes")
    # sweep 1: heavy JPEG, then turned 0-40 degrees or mirrored (session 56 F2's neighbourhood)
    photos = {"astronaut": astronaut, "grace_hopper": grace_hopper}
    for name, scales in (("astronaut", (0.45, 0.7, 1.0)), ("grace_hopper", (0.6, 0.8, 1.0))):
        for sc in scales:
            p = photos[name]()
            p = p.resize((int(p.width * sc), int(p.height * sc)), Image.LANCZOS)
            canvas = Image.new("RGB", (max(352, p.width), max(352, p.height)), (120, 120, 120))
            canvas.paste(p, (0, 0))
            for q in (3, 5, 10):
                j = _jpeg(canvas, q)
                for ang in (0, 10, 20, 30, 40):
                    for mirror in (False, True):
                        img = ImageOps.mirror(j) if mirror else j
                        img = img.rotate(ang, fillcolor=(120, 120, 120)) if ang else img
                        every("sweep_jpeg_turned", img, f"{name} x{sc} q{q} @{ang}{' mirror' if mirror else ''}")
    progress("sweep jpeg turned")
    # sweep 2: small stylised faces (24-32 px), enlarged 1-3x, with or without film grain
    for name, k in (("astronaut", 0.26), ("astronaut", 0.32), ("grace_hopper", 0.13), ("grace_hopper", 0.17)):
        for how in ("kmeans6", "kmeans10", "jpeg10", "pencil"):
            base = stylised_face(name, k, how)
            for factor, rs in ((1, None), (2, Image.BILINEAR), (3, Image.LANCZOS)):
                img = base.resize((base.width * factor, base.height * factor), rs) if rs else base
                every("sweep_stylised_enlarged", img, f"{name} {k} {how} x{factor}")
                if factor > 1:
                    every("sweep_stylised_enlarged", tex._grain(img, 14, 1.0, 0), f"{name} {k} {how} x{factor} grain")
    progress("sweep stylised")


# ----------------------------------------------------------------------------- summary


def _q(xs, p):
    return round(float(np.quantile(np.asarray(xs, float), p)), 4) if xs else None


def derive(rows: list[dict]) -> None:
    """Scores a rule could use that no single resampling or context decides: the best and the worst
    over the 9 own-turn variants (3 contexts x 3 resamplings) and the best over all of them and 4 turns."""
    for r in rows:
        own = [r[f"seg_k{k:g}_{how}"] for k in CONTEXTS for how in RESAMPLES if f"seg_k{k:g}_{how}" in r]
        if own:
            r["seg_own9_max"] = max(own)
            r["seg_own9_min"] = min(own)
            r["seg_all_max"] = max(own + [r.get("seg_k3_linear_best4", 0.0)])


def summarise(rows: list[dict], keys: list[str]) -> dict:
    def side(r):
        g = r["group"]
        if g.startswith(FALSE_PREFIXES):
            return "false"
        if g in ("plain_bases", "group_photos"):
            return "human"
        return "human" if r["on_target"] in (True, None) else "off_target"

    for r in rows:
        r["side"] = side(r)
    human = [r for r in rows if r["side"] == "human"]
    false = [r for r in rows if r["side"] == "false"]
    out: dict = {"regions": {"human": len(human), "false": len(false),
                             "off_target": sum(r["side"] == "off_target" for r in rows)}}
    per_set: dict = {}
    for g in sorted({r["group"] for r in human}):
        rs = [r for r in human if r["group"] == g]
        per_set[g] = {"regions": len(rs), "sizes": [min(r["size"] for r in rs), max(r["size"] for r in rs)]}
        for key in keys:
            xs = [r[key] for r in rs if key in r]
            per_set[g][key] = {"min": _q(xs, 0), "p01": _q(xs, 0.01), "p05": _q(xs, 0.05), "median": _q(xs, 0.5)}
    out["human_per_set"] = per_set
    for lo, hi in ((0, 30), (31, 47), (48, 95), (96, 10**6)):
        rs = [r for r in human if lo <= r["size"] <= hi]
        out.setdefault("human_by_size", {})[f"{lo}-{hi}px"] = {
            "regions": len(rs), **{key: {"min": _q([r[key] for r in rs if key in r], 0),
                                         "p01": _q([r[key] for r in rs if key in r], 0.01),
                                         "median": _q([r[key] for r in rs if key in r], 0.5)} for key in keys}} if rs else {"regions": 0}
    out["false_regions"] = [{k: r[k] for k in ("group", "label", "status", "size", "turn", *[x for x in keys if x in r])}
                            for r in false]
    # the one question: a threshold under every human region, and what it removes
    sep = {}
    for key in keys:
        hs = sorted((r[key], r["group"], r["label"], r["size"]) for r in human if key in r)
        fs = [r[key] for r in false if key in r]
        if not hs:
            continue
        lowest = hs[0][0]
        sep[key] = {"human_min": lowest, "human_lowest5": [list(h) for h in hs[:5]],
                    "false_strictly_below_human_min": sum(x < lowest for x in fs), "false": len(fs),
                    "false_median": _q(fs, 0.5),
                    "human_below_false_median": sum(h[0] < (_q(fs, 0.5) or 0) for h in hs)}
    out["separation"] = sep
    # robustness: regions whose side of 0.5 a resampling (at one context) or a context (one resampling) decides
    flips: dict = {}
    for side_name, rs in (("human", human), ("false", false)):
        f = {}
        for k in CONTEXTS:
            vs = [[r.get(f"seg_k{k:g}_{how}") for how in RESAMPLES] for r in rs]
            f[f"resampling_decides_at_k{k:g}"] = sum(1 for v in vs if None not in v and min(v) < 0.5 <= max(v))
        for how in RESAMPLES:
            vs = [[r.get(f"seg_k{k:g}_{how}") for k in CONTEXTS] for r in rs]
            f[f"context_decides_{how}"] = sum(1 for v in vs if None not in v and min(v) < 0.5 <= max(v))
        f["regions"] = len(rs)
        flips[side_name] = f
    out["decided_by_crop_at_0.5"] = flips
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archives", type=Path, default=Path("/tmp/facedata"))
    ap.add_argument("--dcgan", type=int, default=16)
    ap.add_argument("--models", type=Path, default=ROOT / "bench/.cache/person_vote_models")
    ap.add_argument("--litert-site", default="",
                    help="site-packages holding ai-edge-litert (for the pose detector); '' (default) skips it")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/person_vote_s58.json")
    ap.add_argument("--rows", type=Path, default=ROOT / "bench/.cache/person_vote_rows.json",
                    help="every region's scores (labels name the test photos; kept out of the repository)")
    ap.add_argument("--skip-calibration", action="store_true", help="red-team pictures only (a quick run)")
    ap.add_argument("--summarise-only", action="store_true", help="read --rows and write --out, scoring nothing")
    args = ap.parse_args()
    if args.summarise_only:
        rows = json.loads(args.rows.read_text())
        derive(rows)
        keys = sorted({k for r in rows for k in r if k.startswith(("seg_", "pose_"))})
        old = json.loads(args.out.read_text()) if args.out.exists() else {}
        summary = summarise(rows, keys)
        for k in ("cost_ms", "seconds", "models"):
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

    scorer = Scorer(args.models, args.litert_site or None)
    rec = Recorder(scorer)
    if not args.skip_calibration:
        free_tune = cal.face_free_photos()
        free_held, faces_held, missing = cal.heldout(args.archives)
        print(f"missing archives: {missing}", file=sys.stderr)
        false_side(rec, args.archives, free_tune, free_held, progress)
    red_team(rec, progress)
    if not args.skip_calibration:
        cal._Tally = lambda: rec  # second_opinion_report's tally: score every region instead
        likeness.second_opinion_error = lambda: None
        # its false side ran first (false_side): leave it out of the report's run
        cal.heldout2 = lambda archives: ({}, {}, {}, [])
        cal.ANIMALS = ()
        cal.PRIMATES = ("no-such-archive-*", "none")
        gan = {f"dcgan{i:02d}": im for i, im in enumerate(cal.dcgan_faces(args.dcgan) or [])}
        faces_tune = {"astronaut": cal.astronaut(), "grace_hopper": cal.grace_hopper(), **gan}
        bg_tune = [cal._canvas(free_tune[n]) for n in ("coffee.png", "brick.png", "grass.png", "rocket.jpg", "chelsea.png")]
        bg_held = [cal._canvas(im) for n, im in free_held.items()
                   if any(k in n for k in ("home", "fruits", "building", "stuff", "china"))] or bg_tune
        cal.second_opinion_report(args.archives, {}, {}, faces_tune, faces_held, bg_tune, bg_held, progress)
    derive(rec.rows)
    keys = sorted({k for r in rec.rows for k in r if k.startswith(("seg_", "pose_"))})
    summary = summarise(rec.rows, keys)
    rs = np.asarray(scorer.region_seconds) * 1000
    summary["cost_ms"] = {
        "per_region_all_variants_p50": round(float(np.median(rs)), 1) if len(rs) else None,
        "segmentation_run_mean": round(1000 * scorer.seg.seconds / max(1, scorer.seg.runs), 2),
        "segmentation_runs": scorer.seg.runs,
        "pose_run_mean": round(1000 * scorer.pose.seconds / max(1, scorer.pose.runs), 2) if scorer.pose.runs else None,
        "note": "one thread (cv2.setNumThreads(1); LiteRT num_threads=1), shared 2-core machine under other load",
    }
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    summary["models"] = {"selfie_segmentation.tflite": "sha256 9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
                         "pose_detection.tflite": "sha256 9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c",
                         "source": "mediapipe 0.10.14 cp311 manylinux wheel (Apache-2.0), unzipped, not installed"}
    args.rows.parent.mkdir(parents=True, exist_ok=True)
    args.rows.write_text(json.dumps(rec.rows, default=float) + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary["separation"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

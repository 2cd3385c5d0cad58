"""Benchmark: the invisible watermark's reader before and after its speed-up (issue 17), side by side.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark_read_ab.py --check [--base COMMIT]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark_read_ab.py [--reps N] [--base COMMIT]

The watermark package as it was at ``--base`` (its files read from git, imported under another
name) and the one in this tree, in one process, on one thread (``cv2.setNumThreads(1)``, BLAS
and OpenMP at 1 thread).

``--check``: the two readers must agree exactly. Over photos bundled with scikit-image (whole,
resized, cropped), noise and copies of marked pictures (stripped PNG, halved, a 0.8× JPEG q75
screenshot, turned 2°, a 90 % crop, shrunk to 0.7× and turned 4°): every ``WatermarkRead``
field equal (floats compared by their bits), and the scale/rotation search's candidates
(``_tiled.candidate_transforms``) equal on every picture. Then both embedders mark ~10
pictures (among them a 256² noise picture, whose simulated copies run the full reader) and
must return the same bytes. Exits 1 on any difference.

Timing (default): the two readers interleaved rep by rep (the order alternates), thread CPU
time and wall time per call: ``read_array`` of a stripped PNG copy of a marked 512² and 1024²
astronaut (the unscaled read; also as creator.verify calls it, with the luma given and
working planes kept between reads), of a 0.8× JPEG q75 screenshot of the 512² one (the
scale/rotation search), and ``embed`` of a 256² noise picture (whose simulated copies are
read by the full reader). Medians (p50) and p95 per side, base/new ratios of the p50s, and the
machine (CPU model, load average at start and end) are printed and written to
bench/results/watermark_read_ab.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from watermark_embed_speed import _load_before  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "watermark_read_ab.json"
_PACKAGE = "creator/disclosure/watermark"
#: The last commit before the reader's speed-up.
_BASE = "98d177a"
_KEY = hashlib.sha256(b"bench/watermark_read_ab key").digest()
_PAYLOAD = "0123456789ab"


def _load_base(base: str, tmp: Path):
    """The watermark package as of ``base``, importable as ``_wm_base``."""
    return _load_before(base, tmp, "_wm_base")


# ----------------------------------------------------------------------------- pictures

def _photos() -> dict[str, np.ndarray]:
    """RGB uint8 photos bundled with scikit-image (no download)."""
    from skimage import data

    out = {}
    for name in ("astronaut", "camera", "coffee", "chelsea", "rocket", "coins", "moon", "page", "text", "brick",
                 "grass", "gravel", "immunohistochemistry", "hubble_deep_field", "colorwheel", "cat", "clock"):
        try:
            a = np.asarray(getattr(data, name)())
        except Exception:  # noqa: BLE001 - a photo that is not bundled is left out
            continue
        if a.ndim == 2:
            a = np.stack([a] * 3, axis=-1)
        a = a[..., :3]
        if a.dtype != np.uint8:
            a = (255 * (a.astype(np.float64) - a.min()) / max(float(np.ptp(a)), 1e-9)).astype(np.uint8)
        out[name] = np.ascontiguousarray(a)
    return out


def _png(img: Image.Image) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _copies(img: Image.Image) -> dict[str, Image.Image]:
    """The copies a marked picture meets (the embedder simulates the first four)."""
    w, h = img.size

    def screenshot() -> Image.Image:
        buf = io.BytesIO()
        img.resize((round(w * 0.8), round(h * 0.8)), Image.Resampling.BICUBIC).save(buf, format="JPEG", quality=75)
        buf.seek(0)
        return Image.open(buf).convert("RGB")

    dx, dy = round(w * 0.05), round(h * 0.05)
    return {
        "stripped-png": _png(img),
        "halved": img.resize((w // 2, h // 2), Image.Resampling.BICUBIC),
        "screenshot-0.8-q75": screenshot(),
        "rotated-2": img.rotate(2.0, Image.Resampling.BICUBIC),
        "crop-90": img.crop((dx, dy, w - dx, h - dy)),
        "0.7x-rotated-4": img.resize((round(w * 0.7), round(h * 0.7)), Image.Resampling.LANCZOS).rotate(
            4.0, Image.Resampling.BILINEAR),
    }


def _noise(side: int, seed: int) -> Image.Image:
    return Image.fromarray(np.random.default_rng(seed).integers(0, 256, (side, side, 3), dtype=np.uint8))


def _read_cases(wm) -> dict[str, Image.Image]:
    """≥ 40 pictures: unmarked photos, crops and noise, and copies of marked ones."""
    photos = _photos()
    cases: dict[str, Image.Image] = {}
    for name, a in photos.items():
        cases[f"{name}-unmarked"] = Image.fromarray(a)
    cases["astronaut-crop-200x300"] = Image.fromarray(photos["astronaut"][40:240, 100:400])
    cases["coffee-crop-384"] = Image.fromarray(photos["coffee"][0:384, 100:484])
    cases["noise-256"] = _noise(256, 1)
    cases["noise-300x200"] = Image.fromarray(np.random.default_rng(2).integers(0, 256, (200, 300, 3), dtype=np.uint8))
    marked_from = {
        "astronaut-512": Image.fromarray(photos["astronaut"]).resize((512, 512), Image.Resampling.BICUBIC),
        "astronaut-1024": Image.fromarray(photos["astronaut"]).resize((1024, 1024), Image.Resampling.BICUBIC),
        "coffee": Image.fromarray(photos["coffee"]),
        "chelsea-crop-256": Image.fromarray(photos["chelsea"][20:276, 100:356]),
        "gravel-384": Image.fromarray(photos["gravel"]).resize((384, 384), Image.Resampling.LANCZOS),
        "noise-256": _noise(256, 3),
        "camera": Image.fromarray(photos["camera"]),
    }
    for name, img in marked_from.items():
        marked = wm.embed(img, _PAYLOAD)
        for copy, im in _copies(marked).items():
            cases[f"{name}-marked-{copy}"] = im
    return cases


def _embed_cases() -> dict[str, Image.Image]:
    photos = _photos()
    return {
        "noise-256": _noise(256, 5),
        "noise-256-b": _noise(256, 6),
        "astronaut-256": Image.fromarray(photos["astronaut"]).resize((256, 256), Image.Resampling.LANCZOS),
        "astronaut-512": Image.fromarray(photos["astronaut"]).resize((512, 512), Image.Resampling.BICUBIC),
        "camera-512": Image.fromarray(photos["camera"]),
        "coffee": Image.fromarray(photos["coffee"]),
        "gravel-384": Image.fromarray(photos["gravel"]).resize((384, 384), Image.Resampling.LANCZOS),
        "grass-256": Image.fromarray(photos["grass"]).resize((256, 256), Image.Resampling.LANCZOS),
        "brick-crop-300x256": Image.fromarray(photos["brick"][0:256, 0:300]),
        "chelsea": Image.fromarray(photos["chelsea"]),
        "hubble-crop-512": Image.fromarray(photos["hubble_deep_field"][0:512, 0:512]),
    }


# ----------------------------------------------------------------------------- check

def _bits(x) -> object:
    """A value with its floats replaced by their IEEE bits (so -0.0 ≠ 0.0 and NaN = NaN)."""
    if isinstance(x, float):
        return struct.pack("<d", x).hex()
    if isinstance(x, (list, tuple)):
        return [_bits(v) for v in x]
    return x


def _read_fields(r) -> list:
    return _bits([r.payload, float(r.confidence), r.bits_agreeing, r.version, r.keyed, float(r.scale),
                  float(r.angle_deg)])


def check(base, new) -> tuple[int, list[dict], list[dict]]:
    from creator.disclosure.watermark import _tiled

    wm_b, wm_n = base.Watermarker(_KEY), new.Watermarker(_KEY)
    cases = _read_cases(wm_n)
    bad = 0
    rows = []
    for name, img in cases.items():
        rgb = np.asarray(img.convert("RGB"))
        rb, rn = wm_b.read_array(rgb), wm_n.read_array(rgb)
        y = _tiled.luma(np.ascontiguousarray(rgb))
        cb = base._tiled.candidate_transforms(base._tiled.highpass(y), wm_b._layout)
        cn = _tiled.candidate_transforms(_tiled.highpass(y), wm_n._layout)
        same = _read_fields(rb) == _read_fields(rn) and _bits(cb) == _bits(cn)
        bad += not same
        rows.append({"picture": name, "size": list(img.size), "payload": rn.payload, "confidence": rn.confidence,
                     "scale": rn.scale, "angle_deg": rn.angle_deg, "candidates": len(cn), "equal": same})
        print(f"{'ok  ' if same else 'DIFF'} {name:44s} {img.size} {rn.payload} z={rn.confidence} "
              f"s={rn.scale} a={rn.angle_deg} candidates={len(cn)}", flush=True)
        if not same:
            print("   base:", rb, cb, "\n   new: ", rn, cn)
    embeds = []
    for name, img in _embed_cases().items():
        db = hashlib.sha256(wm_b.embed(img, _PAYLOAD).tobytes()).hexdigest()
        dn = hashlib.sha256(wm_n.embed(img, _PAYLOAD).tobytes()).hexdigest()
        bad += db != dn
        embeds.append({"picture": name, "size": list(img.size), "sha256": dn, "equal": db == dn})
        print(f"{'ok  ' if db == dn else 'DIFF'} embed {name:38s} {db[:16]} {dn[:16]}", flush=True)
    print(f"{len(rows)} reads, {len(embeds)} embeds, {bad} differences")
    return bad, rows, embeds


# ----------------------------------------------------------------------------- timing

def _machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu_model": model, "cpu_count": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "opencv": cv2.__version__, "threads": 1}


def _pct(v: list[float], q: float) -> float:
    return float(np.percentile(v, q))


def timing(base, new, reps: int) -> dict:
    wm = {"base": base.Watermarker(_KEY), "new": new.Watermarker(_KEY)}
    mods = {id(wm["base"]): base, id(wm["new"]): new}

    def as_verify(w, rgb: np.ndarray, y: np.ndarray):
        # as creator.verify reads a picture: its luma given, working planes kept between reads
        with mods[id(w)]._scratch() as scratch:
            return w.read_array(rgb, luma=y, scratch=scratch)

    from skimage import data

    astro = Image.fromarray(data.astronaut())
    jobs = {}
    for side in (512, 1024):
        marked = wm["new"].embed(astro.resize((side, side), Image.Resampling.BICUBIC), _PAYLOAD)
        rgb = np.asarray(_png(marked))
        jobs[f"read_stripped_png_{side}"] = (lambda w, a=rgb: w.read_array(a), 1)
        y = new._tiled.luma(np.ascontiguousarray(rgb))
        jobs[f"read_stripped_png_{side}_as_verify"] = (lambda w, a=rgb, y=y: as_verify(w, a, y), 1)
        if side == 512:
            rgb_s = np.asarray(_copies(marked)["screenshot-0.8-q75"])
            jobs["read_screenshot_0.8_q75_512"] = (lambda w, a=rgb_s: w.read_array(a), 1)
    noise = _noise(256, 11)
    jobs["embed_noise_256"] = (lambda w: w.embed(noise, _PAYLOAD), 4)
    out = {}
    for job, (fn, div) in jobs.items():
        first = {name: fn(w) for name, w in wm.items()}  # warm both (and check they agree)
        if isinstance(first["base"], Image.Image):
            assert first["base"].tobytes() == first["new"].tobytes(), job
        else:
            assert _read_fields(first["base"]) == _read_fields(first["new"]), job
        cpu = {name: [] for name in wm}
        wall = {name: [] for name in wm}
        n = max(reps // div, 5)
        for rep in range(n):
            order = ("base", "new") if rep % 2 == 0 else ("new", "base")
            for name in order:
                c0, w0 = time.thread_time(), time.perf_counter()
                fn(wm[name])
                cpu[name].append((time.thread_time() - c0) * 1000)
                wall[name].append((time.perf_counter() - w0) * 1000)
        row = {"reps": n}
        for name in wm:
            row[name] = {"p50_cpu_ms": round(_pct(cpu[name], 50), 3), "p95_cpu_ms": round(_pct(cpu[name], 95), 3),
                         "p50_wall_ms": round(_pct(wall[name], 50), 3), "p95_wall_ms": round(_pct(wall[name], 95), 3)}
        row["base_over_new_p50_cpu"] = round(row["base"]["p50_cpu_ms"] / row["new"]["p50_cpu_ms"], 3)
        row["base_over_new_p50_wall"] = round(row["base"]["p50_wall_ms"] / row["new"]["p50_wall_ms"], 3)
        row["new_per_second_cpu"] = round(1000 / row["new"]["p50_cpu_ms"], 1)
        row["load_avg_1min_after"] = round(os.getloadavg()[0], 2)
        out[job] = row
        print(job, json.dumps(row), flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default=_BASE)
    ap.add_argument("--reps", type=int, default=40)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    cv2.setNumThreads(1)
    import creator.disclosure.watermark as new

    with tempfile.TemporaryDirectory() as tmp:
        base = _load_base(args.base, Path(tmp))
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", _PACKAGE], cwd=ROOT, capture_output=True,
                                    text=True).stdout.strip())
        result = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "base": args.base,
                  "new": head + ("+uncommitted" if dirty else ""), **_machine(),
                  "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}
        if args.check:
            bad, rows, embeds = check(base, new)
            result["check"] = {"reads": len(rows), "embeds": len(embeds), "differences": bad,
                               "read_rows": rows, "embed_rows": embeds}
            key = "check"
        else:
            result["timing"] = timing(base, new, args.reps)
            bad = 0
            key = "timing"
        result["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if not args.no_write:
        old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        old[key] = result
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(old, indent=1) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

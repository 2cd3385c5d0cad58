"""Benchmark: the invisible watermark's embedder before and after its speed-up, side by side.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark_embed_speed.py [--reps N] [--base COMMIT]

The embedder as it was at ``--base`` (the watermark package's files read from git, imported
under another name) and the one in this tree mark the same picture (the astronaut, bicubic to
512² and 2048², as bench/disclosure.py) with the same key and payload, interleaved rep by rep
with a JPEG q92 encode of the same picture (the yardstick bench/disclosure.py uses), on one
thread (``cv2.setNumThreads(1)``, as the disclosure pipeline is measured). Every rep also
checks that both return the same pixels.

Reports per size: medians over N reps (wall and thread CPU time, ms), each over the
yardstick, and old/new. Then the same inside the disclosure pipeline (``disclose``, JPEG
output, as bench/disclosure.py times it: everything but the output's own encode), the two
embedders interleaved rep by rep under one installation's keys: ``disclose_over_yardstick``
and the watermark step's time for each. Printed and written to
bench/results/watermark_embed_speed.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import importlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "watermark_embed_speed.json"
_PACKAGE = "creator/disclosure/watermark"
#: The last commit before the embedder's speed-up.
_BASE = "24dca1b"


def _load_before(base: str, tmp: Path, name: str = "_wm_before"):
    """The watermark package as of ``base``, importable as ``name``."""
    pkg = tmp / name
    pkg.mkdir()
    names = subprocess.run(["git", "ls-tree", "--name-only", f"{base}:{_PACKAGE}"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    for file in names:
        if file.endswith(".py"):
            src = subprocess.run(["git", "show", f"{base}:{_PACKAGE}/{file}"], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout
            (pkg / file).write_text(src.replace("creator.disclosure.watermark", name))
    sys.path.insert(0, str(tmp))
    return importlib.import_module(name)


def _image(side: int) -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut()).resize((side, side), Image.BICUBIC)


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=92)
    return buf.getvalue()


def _disclose_side_by_side(fns: dict, reps: int, tmp: Path) -> dict:
    """disclose() with each embedder, interleaved, beside the JPEG q92 yardstick."""
    sys.path.insert(0, str(ROOT / "bench"))
    import disclosure as bd

    from creator.disclosure._pipeline import disclose
    from creator.settings import StudioSettings

    settings = StudioSettings(data_dir=tmp / "data", output_format="jpeg")
    key = settings.watermark_key()
    wms = {name: type(wm)(key) for name, wm in fns.items()}
    out_rows = {}
    for side in (512, 2048):
        img = bd._image(side)
        n = reps * 2 if side == 512 else reps
        total = {name: [] for name in wms}
        step = {name: [] for name in wms}
        step_cpu = {name: [] for name in wms}
        yard = []
        cpu: dict[str, float] = {}
        restore = bd._cpu_timed_steps(cpu)
        try:
            for rep in range(n + 1):
                order = list(wms) if rep % 2 else list(wms)[::-1]
                for name in order:
                    cpu.clear()
                    out = disclose(img, bd._context("5eed0123abcd"), settings=settings, out_dir=tmp / "out",
                                   watermarker=wms[name])
                    if rep:  # the first run loads keys and warms caches
                        total[name].append(sum(v for k, v in out.timings_ms.items() if k != "encode"))
                        step[name].append(out.timings_ms["watermark"])
                        step_cpu[name].append(cpu["watermark"])
                t0 = time.perf_counter()
                _jpeg(img)
                if rep:
                    yard.append((time.perf_counter() - t0) * 1000)
        finally:
            restore()
        y = statistics.median(yard)
        row = {"yardstick_jpeg_q92_ms": round(y, 2), "reps": n}
        for name in wms:
            t = statistics.median(total[name])
            row[name] = {"disclose_ms": round(t, 2), "disclose_over_yardstick": round(t / y, 2),
                         "watermark_step_ms": round(statistics.median(step[name]), 2),
                         "watermark_step_cpu_ms": round(statistics.median(step_cpu[name]), 2)}
        row["load_avg_1min"] = round(os.getloadavg()[0], 2)
        out_rows[str(side)] = row
        print(f"{side:5}²  disclose (jpeg) before {row['before']['disclose_ms']:7.2f} ms "
              f"({row['before']['disclose_over_yardstick']:5.2f} yardsticks, watermark "
              f"{row['before']['watermark_step_ms']:.2f}), after {row['after']['disclose_ms']:7.2f} ms "
              f"({row['after']['disclose_over_yardstick']:5.2f}, watermark {row['after']['watermark_step_ms']:.2f}) "
              f"| jpeg q92 {y:.2f} ms | load {row['load_avg_1min']}")
    return out_rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--base", default=_BASE, help="commit whose embedder is the 'before' (default %(default)s)")
    args = ap.parse_args()
    cv2.setNumThreads(1)
    from creator.disclosure.watermark import Watermarker

    key = hashlib.sha256(b"bench/watermark_embed_speed").digest()
    payload = "5eed0123abcd"
    with tempfile.TemporaryDirectory() as tmp:
        before = _load_before(args.base, Path(tmp))
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", _PACKAGE], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
        results = {"machine": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
                   "python": platform.python_version(), "threads": 1, "reps": args.reps,
                   "before": args.base, "after": head + (" + uncommitted changes" if dirty else ""),
                   "load_avg_1min_at_start": round(os.getloadavg()[0], 2),
                   "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "sizes": {}}
        fns = {"before": before.Watermarker(key), "after": Watermarker(key)}
        for side in (512, 2048):
            img = _image(side)
            jobs = {"before": lambda: fns["before"].embed(img, payload),
                    "after": lambda: fns["after"].embed(img, payload),
                    "yardstick": lambda: _jpeg(img)}
            outs = {name: jobs[name]().tobytes() for name in ("before", "after")}  # warm-up
            identical = outs["before"] == outs["after"]
            wall = {name: [] for name in jobs}
            cpu = {name: [] for name in jobs}
            for rep in range(args.reps):
                order = list(jobs)[rep % 3:] + list(jobs)[:rep % 3]  # each goes first in turn
                for name in order:
                    t0, c0 = time.perf_counter(), time.thread_time()
                    out = jobs[name]()
                    cpu[name].append((time.thread_time() - c0) * 1000)
                    wall[name].append((time.perf_counter() - t0) * 1000)
                    if name != "yardstick":
                        identical &= out.tobytes() == outs["before"]
            med = {n: statistics.median(v) for n, v in wall.items()}
            med_cpu = {n: statistics.median(v) for n, v in cpu.items()}
            row = {
                "identical_outputs": identical,
                "embed_before_ms": round(med["before"], 2),
                "embed_after_ms": round(med["after"], 2),
                "yardstick_jpeg_q92_ms": round(med["yardstick"], 2),
                "before_over_yardstick": round(med["before"] / med["yardstick"], 2),
                "after_over_yardstick": round(med["after"] / med["yardstick"], 2),
                "before_over_after": round(med["before"] / med["after"], 2),
                "embed_before_cpu_ms": round(med_cpu["before"], 2),
                "embed_after_cpu_ms": round(med_cpu["after"], 2),
                "yardstick_jpeg_q92_cpu_ms": round(med_cpu["yardstick"], 2),
                "before_over_after_cpu": round(med_cpu["before"] / med_cpu["after"], 2),
                "load_avg_1min": round(os.getloadavg()[0], 2),
            }
            results["sizes"][str(side)] = row
            print(f"{side:5}²  embed before {row['embed_before_ms']:7.2f} ms ({row['before_over_yardstick']:5.2f} "
                  f"yardsticks), after {row['embed_after_ms']:7.2f} ms ({row['after_over_yardstick']:5.2f}), "
                  f"×{row['before_over_after']} wall, ×{row['before_over_after_cpu']} CPU | jpeg q92 "
                  f"{row['yardstick_jpeg_q92_ms']:.2f} ms | identical {identical} | load {row['load_avg_1min']}")
            if not identical:
                raise SystemExit("the embedders returned different pixels")
        results["disclose_jpeg"] = _disclose_side_by_side(fns, args.reps, Path(tmp))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

"""Cost of taking the studio's own mark off before the likeness scan, side by side with the scan.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/own_mark_cost.py [--rounds 15] [--side 512]

On the astronaut photo at ``--side``² (marked with a random key, and unmarked), interleaved in
each round: ``Watermarker.unmark_array`` on the marked picture (the full step: read, rebuild,
fit, subtract), ``unmark_array`` on the unmarked one (what a picture without the studio's mark
pays: the aligned read finds nothing), the studio's scan (``find_faces`` with
``scan_copy=unmark_array``: the copy, the first occluder test on it, and the noisy patches
checked against it) of each, the bare scan of the unmarked picture, and the yardstick, the
bare ``find_faces`` scan of the marked picture (``DEFAULT_SCAN``, what an img2img source gets).
CPU ms (process time, one thread), median and p90 over the rounds, and each step's median over
the yardstick's.
Written to bench/results/own_mark_cost.json (or ``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from consent.likeness import find_faces  # noqa: E402
from creator.disclosure.watermark import Watermarker  # noqa: E402


def main() -> None:
    import cv2

    from studio_world import astronaut

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--side", type=int, default=512)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "own_mark_cost.json"))
    args = ap.parse_args()
    cv2.setNumThreads(1)
    rng = np.random.default_rng(args.seed)
    wm = Watermarker(bytes(rng.integers(0, 256, 32, dtype=np.uint8)))
    plain = astronaut(args.side)
    marked = np.ascontiguousarray(np.asarray(wm.embed(plain, bytes(rng.integers(0, 256, 6, dtype=np.uint8)).hex())))
    unmarked = np.ascontiguousarray(np.asarray(plain))
    marked_im = Image.fromarray(marked)
    unmarked_im = Image.fromarray(unmarked)
    steps = {
        "unmark_array, marked picture": lambda: wm.unmark_array(marked),
        "unmark_array, unmarked picture": lambda: wm.unmark_array(unmarked),
        "find_faces with scan_copy, marked picture (the studio's scan)": lambda: find_faces(marked_im, scan_copy=wm.unmark_array),
        "find_faces with scan_copy, unmarked picture": lambda: find_faces(unmarked_im, scan_copy=wm.unmark_array),
        "find_faces, unmarked picture": lambda: find_faces(unmarked_im),
        "find_faces (yardstick)": lambda: find_faces(marked_im),
    }
    assert steps["unmark_array, marked picture"]() is not None and steps["unmark_array, unmarked picture"]() is None
    times: dict[str, list[float]] = {k: [] for k in steps}
    for _ in range(2):
        for f in steps.values():
            f()
    for _ in range(args.rounds):
        for name, f in steps.items():
            t0 = time.process_time()
            f()
            times[name].append((time.process_time() - t0) * 1e3)
    yard = float(np.median(times["find_faces (yardstick)"]))
    result = {"side": args.side, "rounds": args.rounds, "cpu_ms": {}, "machine": {
        "cpus": os.cpu_count(), "load_average": [round(v, 2) for v in os.getloadavg()], "python": platform.python_version()}}
    for name, ts in times.items():
        med = float(np.median(ts))
        result["cpu_ms"][name] = {"median": round(med, 2), "p90": round(float(np.percentile(ts, 90)), 2),
                                  "over_yardstick": round(med / yard, 3)}
        print(f"{name}: median {med:.1f} ms, p90 {np.percentile(ts, 90):.1f} ms, {med / yard:.3f} of the scan", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

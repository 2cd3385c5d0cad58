"""Measurement: does the studio's invisible watermark add face-like regions to ordinary photos?

    HF_HUB_OFFLINE=1 .venv/bin/python bench/own_mark_regions.py [--keys 12]

Six permissively licensed / public sample photos (scikit-image's astronaut, matplotlib's Grace
Hopper, scikit-image's camera man, cat, coffee and rocket), each marked under ``--keys`` random
32-byte keys with a random payload (watermark only, no label; seeded, so a run is repeatable),
scanned with ``DEFAULT_SCAN`` (what an img2img source gets) twice: as it is (the bare scan) and
as the studio scans it (``scan_copy=Watermarker(key).unmark_array``: noisy patches checked
against a copy with its own mark taken off). Counted per photo: marked copies with more regions
than the unmarked photo, each way, and copies ``unmark`` declined. Also timed, interleaved on
every marked copy: the studio's scan beside the bare scan (the yardstick), CPU ms.
Written to bench/results/own_mark_regions.json (or ``--out``).
tests/consent/test_own_mark_regions.py pins two keys of this search.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from consent.likeness import find_faces  # noqa: E402
from creator.disclosure.watermark import Watermarker  # noqa: E402


def photos() -> dict[str, Image.Image]:
    from skimage import data
    from studio_world import astronaut, grace_hopper

    def rgb(a):
        return Image.fromarray(a).convert("RGB")

    return {"astronaut": astronaut(), "grace_hopper": grace_hopper().convert("RGB"), "camera": rgb(data.camera()),
            "cat": rgb(data.chelsea()), "coffee": rgb(data.coffee()), "rocket": rgb(data.rocket())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=12)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "own_mark_regions.json"))
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    keys = [(bytes(rng.integers(0, 256, 32, dtype=np.uint8)), bytes(rng.integers(0, 256, 6, dtype=np.uint8)).hex()) for _ in range(args.keys)]
    result: dict = {"keys": args.keys, "seed": args.seed, "photos": {}}
    t_unmark: list[float] = []
    t_scan: list[float] = []
    for name, im in photos().items():
        base = len(find_faces(im).faces)
        added, added_studio, declined = [], [], []
        for k, (key, payload) in enumerate(keys):
            wm = Watermarker(key)
            marked = Image.fromarray(np.ascontiguousarray(np.asarray(wm.embed(im, payload))))
            if wm.unmark_array(np.asarray(marked)) is None:
                declined.append(k)
            t0 = time.process_time()
            n_studio = len(find_faces(marked, scan_copy=wm.unmark_array).faces)
            t1 = time.process_time()
            n = len(find_faces(marked).faces)
            t2 = time.process_time()
            t_unmark.append((t1 - t0) * 1e3)
            t_scan.append((t2 - t1) * 1e3)
            if n > base:
                added.append(k)
            if n_studio > base:
                added_studio.append(k)
        result["photos"][name] = {"size": list(im.size), "regions_unmarked": base,
                                  "keys_adding_a_region": len(added), "which": added,
                                  "keys_adding_a_region_studio_scan": len(added_studio), "which_studio_scan": added_studio,
                                  "unmark_declined": declined}
        print(f"{name} {im.size}: {base} region(s) unmarked; {len(added)} of {args.keys} keys add one {added} to "
              f"the bare scan, {len(added_studio)} {added_studio} to the studio's scan (own-mark check); "
              f"unmark declined {declined}", flush=True)
    result["total_keys_adding_a_region"] = sum(v["keys_adding_a_region"] for v in result["photos"].values())
    result["total_keys_adding_a_region_studio_scan"] = sum(v["keys_adding_a_region_studio_scan"]
                                                           for v in result["photos"].values())
    result["cpu_ms_median"] = {"find_faces with scan_copy (the studio's scan)": round(float(np.median(t_unmark)), 1),
                               "find_faces (yardstick)": round(float(np.median(t_scan)), 1),
                               "ratio": round(float(np.median(t_unmark)) / float(np.median(t_scan)), 3),
                               "runs": len(t_scan)}
    result["machine"] = {"cpus": os.cpu_count(), "load_average": [round(v, 2) for v in os.getloadavg()]}
    print("CPU ms median:", result["cpu_ms_median"], flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

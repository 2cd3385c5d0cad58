"""Benchmark: ``verify`` of the studio's own outputs and of their stripped copies, as a user runs it.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/verify.py [--reps N] [--out bench/results/verify.json]

A studio with a file registry makes one output per size (512² and 2048², a photo-like picture:
skimage's cat resized, not a flat grey that decodes for free), then times, on one thread and
interleaved in one loop with a yardstick (a JPEG q92 encode of a 512² picture):

- ``intact``: verify of the signed output itself (C2PA read and validation, XMP, the output
  record, grants, the pixel watermark), ``first`` (every memory of verify emptied) and ``again``;
- ``stripped_png`` / ``stripped_jpeg``: verify of a copy saved again without metadata (PNG;
  JPEG q90): the watermark is read, resolved through the output records to the original, the
  copy compared with the original, and the original verified — ``first`` with every memory of
  verify emptied before each run (the first verify of that copy and its original in a
  process), ``newcopy`` with the copy's own memories emptied (its watermark read and
  resemblance; the original's kept: a copy not seen before, of an output that was), and
  ``again`` with nothing emptied (a copy that circulates is verified again and again).

``bench/verify_speed.py`` times the same cases against an earlier commit's verify side by side.

Goal (issue 17): ≥ 88 stripped copies per second per core on this machine (≤ 11.4 ms each),
stated as ≥ 40/s on a machine about 2.2× slower. Medians and p95 in ms and in yardsticks;
written with machine info and load average to bench/results/verify.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "verify.json"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this tree's creator/, not an installed copy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()

    import cv2
    import torch
    from PIL import Image
    from skimage import data as skdata

    from creator import verify as V
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    cat = Image.fromarray(skdata.chelsea())

    class Photo:  # an engine whose pictures look like photos (decode and watermark costs of real images)
        name, model_id, model_version, description = "photo", "photo", "0", "a resized photo"
        modes = frozenset({"text2img"})

        def generate(self, call, progress=None):
            return [cat.resize((call.width, call.height), Image.BICUBIC) for _ in range(call.num_images)]

    work = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    settings = StudioSettings(data_dir=work / "data")
    studio = Studio(settings, engines={"gan": lambda r: Photo(), "diffusion": lambda r: Photo()})
    files: dict[str, Path] = {}
    for side in (512, 2048):
        out = studio.generate(GenerationRequest(grantee="ACME Films", purpose="film_reshoot", territory="US",
                                                prompt="a cat on a rug", width=side, height=side)).outputs[0]
        files[f"intact_{side}"] = Path(out.path)
        with Image.open(out.path) as im:
            im.convert("RGB").save(work / f"copy_{side}.png")
            im.convert("RGB").save(work / f"copy_{side}.jpg", quality=90)
        files[f"stripped_png_{side}"] = work / f"copy_{side}.png"
        files[f"stripped_jpeg_{side}"] = work / f"copy_{side}.jpg"
    for name, p in files.items():  # every case is what it claims to be
        r = V.verify(p, settings=settings, registry=studio.registry)
        ok = r.ok if name.startswith("intact") else (r.recovered is not None and r.recovered.ok)
        assert ok, (name, r.reasons)

    yard_img = cat.resize((512, 512))
    times: dict[str, list[float]] = {"yardstick": []}
    for _ in range(a.reps):
        for name, p in files.items():
            modes = ("first", "again") if name.startswith("intact") else ("first", "newcopy", "again")
            for mode in modes:
                if mode == "first":
                    V._forget()
                elif mode == "newcopy":
                    V._READS.clear()
                    V._SCORES.clear()
                t = time.perf_counter()
                V.verify(p, settings=settings, registry=studio.registry)
                times.setdefault(f"{name}_{mode}", []).append(
                    (time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            yard_img.save(io.BytesIO(), "JPEG", quality=92)
            times["yardstick"].append((time.perf_counter() - t) * 1000)
    yard = float(np.median(times["yardstick"]))
    rows = {k: {"p50_ms": round(float(np.median(v)), 2), "p95_ms": round(float(np.percentile(v, 95)), 2),
                "p50_yardsticks": round(float(np.median(v)) / yard, 1), "per_s": round(1000 / float(np.median(v)), 1)}
            for k, v in times.items()}
    res = {"machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                       "threads": 1, "loadavg": os.getloadavg()},
           "reps": a.reps, "yardstick_jpeg_q92_512_ms": round(yard, 2),
           "goal": "stripped copies >= 88/s per core here (<= 11.4 ms)", "results": rows}
    print(json.dumps(res, indent=2))
    a.out.parent.mkdir(exist_ok=True)
    a.out.write_text(json.dumps(res, indent=2) + "\n")
    studio.registry.close()


if __name__ == "__main__":
    main()

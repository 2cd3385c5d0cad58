"""Face gate latency: decode-free scan (all detector passes + verify + embed + search) of one 512×512 image.

The scan is the input scan the studio runs (``DEFAULT_SCAN``: upright pass, three
quarter-turn passes at full size, verification of weak or turned regions). Cases: 1 and 5
faces per image × 1k, 10k and 100k enrolled templates (random normalised templates for
the bulk, plus the real ones of the faces in the image); one face turned 90° (it takes
the verification path); and the cheaper ``FAST_SCAN``/``OUTPUT_SCAN`` (turned passes at
half size). Reports p50/p95 in ms, CPU time, the load average and a yardstick timed in the
same loop (PIL JPEG q92 of a 512² image, as bench/studio_gate.py): the machine may be shared,
so compare runs by their ratio to the yardstick, and re-run on a quiet one before trusting
p95. Writes bench/results/gate.json. Goal: p95 ≤ 75 ms for one upright face at 100k.

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/gate.py [--runs 30] [--threads 1]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import io
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "consent")]

from consent.likeness import (  # noqa: E402
    DEFAULT_SCAN,
    EMBEDDING_DIM,
    FAST_SCAN,
    OUTPUT_SCAN,
    FaceIndex,
    detect_faces,
    load_canonical,
    scan,
)

PROFILES = {"input": DEFAULT_SCAN, "fast": FAST_SCAN, "output": OUTPUT_SCAN}
from face_samples import astronaut, dcgan_faces, grace_hopper  # noqa: E402

GOAL_MS = 75.0


def _one_face() -> Image.Image:
    return astronaut()  # 512×512, one face


def _five_faces() -> Image.Image:
    faces = [grace_hopper().crop((100, 60, 460, 420))] + (dcgan_faces(4, seed=1) or [])
    canvas = Image.new("RGB", (512, 512), (128, 128, 128))
    spots = [(8, 8), (264, 8), (8, 264), (264, 264), (136, 136)]
    for im, (x, y) in zip(faces, spots):
        canvas.paste(im.resize((170, 170), Image.LANCZOS), (x + 35, y + 35))
    return canvas


def _yardstick(img: Image.Image) -> float:
    """PIL JPEG q92 of a 512² image, in ms: run in the same loop, so a shared machine slows both."""
    t = time.perf_counter()
    img.save(io.BytesIO(), "JPEG", quality=92)
    return (time.perf_counter() - t) * 1000


def _index(n: int, real: list[np.ndarray], rng: np.random.Generator, grey: bool = False) -> FaceIndex:
    """``n`` templates (random ones of 5 per subject, then ``real``); ``grey``: as many grey
    templates beside them (random too; each real face's own embedding again), as enrollment
    stores them since grey templates."""
    bulk = rng.standard_normal((n - len(real), EMBEDDING_DIM)).astype(np.float32)
    bulk /= np.linalg.norm(bulk, axis=1, keepdims=True)
    ids = [f"bulk{i // 5}" for i in range(len(bulk))] + [f"real{i}" for i in range(len(real))]
    matrix = np.vstack([bulk, *[r[None] for r in real]])
    if not grey:
        return FaceIndex.from_templates(ids, matrix)
    gbulk = rng.standard_normal(bulk.shape).astype(np.float32)
    gbulk /= np.linalg.norm(gbulk, axis=1, keepdims=True)
    return FaceIndex.from_templates(ids, matrix, grey=(ids, np.vstack([gbulk, *[r[None] for r in real]])))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1, help="OpenCV threads (default 1)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "gate.json")
    args = ap.parse_args()
    import cv2

    cv2.setNumThreads(args.threads)
    rng = np.random.default_rng(0)
    images = {"1": _one_face(), "5": _five_faces(), "1-turned-90": _one_face().rotate(90, expand=True)}
    cases = [("1", n, "input") for n in (1_000, 10_000, 100_000)] + [("5", n, "input") for n in (1_000, 10_000, 100_000)]
    cases += [("1-turned-90", 100_000, "input"), ("1", 100_000, "fast"), ("1-turned-90", 100_000, "fast"),
              ("1", 100_000, "output")]
    results = []
    yard_img = _one_face()
    load_before = os.getloadavg()
    for key, n, kind in cases:
        img = load_canonical(images[key], label=key)  # decoded once, like the studio's canonical image
        options = PROFILES[kind]
        found = detect_faces(img, options=options)
        faces = int(key.split("-")[0])
        if len(found) != faces:
            print(f"FAIL: {key}-face image has {len(found)} faces", file=sys.stderr)
            return 2
        index = _index(n, [f.embedding for f in found], rng)
        for _ in range(2):  # warm-up (model load, caches; a large index builds its int8 screen at its second search)
            scan(img, index, options=options)
        times, cpu, yard = [], [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            scan(img, index, options=options)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            yard.append(_yardstick(yard_img))
        t, c, y = np.asarray(times), np.asarray(cpu), float(np.median(yard))
        row = {"faces": faces, "image": key, "scan": kind, "templates": n, "runs": args.runs,
               "p50_ms": round(float(np.percentile(t, 50)), 2), "p95_ms": round(float(np.percentile(t, 95)), 2),
               "cpu_p50_ms": round(float(np.percentile(c, 50)), 2), "cpu_p95_ms": round(float(np.percentile(c, 95)), 2),
               "yardstick_ms": round(y, 3), "p50_in_yardsticks": round(float(np.percentile(t, 50)) / y, 1),
               "p95_in_yardsticks": round(float(np.percentile(t, 95)) / y, 1)}
        results.append(row)
        print(f"{key:>12} face(s) {kind:>6} scan, {n:>7,} templates: p50 {row['p50_ms']:7.2f} ms  p95 {row['p95_ms']:7.2f} ms"
              f"  (cpu p50 {row['cpu_p50_ms']:.1f} ms; p95 {row['p95_in_yardsticks']} yardsticks of {y:.2f} ms)")
    gate = next(r for r in results if r["image"] == "1" and r["scan"] == "input" and r["templates"] == 100_000)
    fast = next(r for r in results if r["image"] == "1" and r["scan"] == "fast")
    passed = gate["p95_ms"] <= GOAL_MS
    report = {"image": "512x512", "opencv_threads": args.threads, "machine": platform.processor() or platform.machine(),
              "python": platform.python_version(), "opencv": cv2.__version__, "cpus": os.cpu_count(),
              "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "note": "shared machine: p95 is noisy when the load average exceeds the core count",
              "results": results,
              "goal": {"faces": 1, "templates": 100_000, "scan": "input (DEFAULT_SCAN)", "p95_ms_max": GOAL_MS,
                       "passed": passed, "fast_scan_passed": fast["p95_ms"] <= GOAL_MS}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(("OK" if passed else "FAIL") + f": p95 {gate['p95_ms']} ms for one face at 100k, input scan (goal ≤ {GOAL_MS} ms); "
          f"fast scan p95 {fast['p95_ms']} ms")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())

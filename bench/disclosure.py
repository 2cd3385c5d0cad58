"""Benchmark: disclose() at 512² and 2048², beside a JPEG q92 encode of the same image.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/disclosure.py [--reps N]

Reports, per size (medians over N runs, milliseconds, one thread):

- ``disclose_ms``: disclose() minus the output file's own encode (label, invisible
  watermark, XMP, C2PA sign, read-back and validation, atomic write) — the cost of
  disclosure itself, every mandatory layer included; target ≤ 20 ms at 512², ≤ 150 ms at
  2048² on one core.
- ``steps_ms``: the same, step by step.
- ``output_encode_ms``: the output encode (PNG at the level disclose uses, and at Pillow's
  default level 6 for comparison; JPEG q92), with file sizes.
- ``yardstick_jpeg_q92_ms``: a plain JPEG q92 encode of the same image, measured in the
  same run: compare numbers across machines by this ratio, not in absolute terms.

Printed and written to bench/results/disclosure.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from PIL import Image  # noqa: E402

from creator.disclosure import ConsentAssertion, DisclosureContext, LikenessEntry  # noqa: E402
from creator.disclosure._pipeline import PNG_COMPRESS_LEVEL, disclose  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "disclosure.json"


def _image(side: int) -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut()).resize((side, side), Image.BICUBIC)


def _context(payload: str | None = None) -> DisclosureContext:
    consent = ConsentAssertion(
        decision_id="bench-decision", decided_at=dt.datetime.now(dt.timezone.utc), purpose="film_reshoot",
        operation="likeness_generation", territories=("US",),
        likenesses=(LikenessEntry("subj_0123456789abcdef", "person", "declared", "g-bench", "5" * 64),),
    )
    return DisclosureContext("trainedAlgorithmicMedia", "bench-model", "1.0", "diffusion", True, consent,
                             watermark_payload=payload)


def _median_ms(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _encode(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, **kw)
    return buf.getvalue()


def _run_disclose(img, settings, out_dir, reps, watermarker=None, payload=None):
    rows = []
    for _ in range(reps + 1):
        out = disclose(img, _context(payload), settings=settings, out_dir=out_dir, watermarker=watermarker)
        rows.append(out.timings_ms)
    rows = rows[1:]  # the first run loads keys and warms caches
    steps = {k: round(statistics.median(r.get(k, 0.0) for r in rows), 2) for k in rows[0]}
    total = statistics.median(sum(v for k, v in r.items() if k != "encode") for r in rows)
    return round(total, 2), steps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=10)
    args = ap.parse_args()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover
        pass
    import cv2

    cv2.setNumThreads(1)
    from creator.disclosure.watermark import Watermarker, new_payload

    results = {"machine": platform.processor() or platform.machine(), "python": platform.python_version(),
               "threads": 1, "png_compress_level": PNG_COMPRESS_LEVEL, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("png", "jpeg"):
            settings = StudioSettings(data_dir=Path(tmp) / "data", output_format=fmt)
            for side, reps in ((512, args.reps * 2), (2048, args.reps)):
                img = _image(side)
                yard = _median_ms(lambda: _encode(img, format="JPEG", quality=92), reps)
                total, steps = _run_disclose(img, settings, Path(tmp) / "out", reps,
                                             watermarker=Watermarker(settings.watermark_key()), payload=new_payload())
                row = {
                    "disclose_ms": total,
                    "steps_ms": steps,
                    "yardstick_jpeg_q92_ms": round(yard, 2),
                    "disclose_over_yardstick": round(total / yard, 2),
                    "target_ms": 20 if side == 512 else 150,
                    "meets_target": total <= (20 if side == 512 else 150),
                }
                if fmt == "png":
                    for level in (PNG_COMPRESS_LEVEL, 6):
                        data = _encode(img, format="PNG", compress_level=level)
                        row[f"output_encode_png{level}_ms"] = round(
                            _median_ms(lambda: _encode(img, format="PNG", compress_level=level), reps), 2)
                        row[f"output_png{level}_bytes"] = len(data)
                else:
                    row["output_encode_jpeg_q92_ms"] = round(yard, 2)
                    row["output_jpeg_q92_bytes"] = len(_encode(img, format="JPEG", quality=92))
                results["sizes"][f"{fmt}_{side}"] = row
                print(f"{fmt:4} {side:5}²  disclose {total:7.2f} ms (target {row['target_ms']}) "
                      f"| jpeg q92 yardstick {yard:6.2f} ms | steps {steps}")
                for k, v in row.items():
                    if k.startswith("output_"):
                        print(f"      {k}: {v}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

"""The output scan's canonical images, before and after session 58, in one process (issue 17).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/scan_canonical_toggle.py [--pairs 80] [--out NAME]

bench/ab_pipeline.py's case ``gan_512_n4_enrolled`` (the packaged GAN, 4 × 512², one template
enrolled), one governed call after another in one worker, alternating call by call between
``consent.imaging.from_pil`` as it was at b813328 (the pixels' digest made at once, the pixels
read with ``np.asarray``) and as it is now (the digest made when first read, which the output
scan never does; the pixels packed in one piece): everything else is the same code in the same
process, so on a shared machine the paired difference of the scan stage is the measure (thread
CPU time of ``Studio._scan_outputs``; two worker processes, as ab_pipeline.py compares, differ
by more than this change on a loaded 2-core machine). Written to bench/results/ (``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent


def _before_from_pil():
    """``from_pil`` as at b813328 (its checks are the same; its pixels and digest the same values)."""
    from consent import imaging
    from consent.imaging import MAX_PIXELS, CanonicalImage, _frames, _pixels_digest

    to_rgb = imaging._to_rgb

    def old_to_rgb(im, *, as_mask=False):
        return (np.asarray(im), False) if im.mode == "RGB" else to_rgb(im, as_mask=as_mask)

    def from_pil(image, *, field="image", max_pixels=MAX_PIXELS):
        w, h = image.size
        if w * h > max_pixels or _frames(image) > 1:
            raise AssertionError("the bench's outputs are single 512² frames")
        image.load()
        imaging._to_rgb = old_to_rgb
        try:
            px, orientation, had_alpha = imaging._canonical_pixels(image, field)
        finally:
            imaging._to_rgb = to_rgb
        return CanonicalImage(field=field, data=None, sha256=_pixels_digest(px), format="RAW",
                              orientation=orientation, had_alpha=had_alpha, pixels=px)

    return from_pil


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=80)
    ap.add_argument("--out", default="scan_canonical_toggle.json")
    a = ap.parse_args()
    import sys

    sys.path.insert(0, str(HERE))
    import cv2

    cv2.setNumThreads(1)
    import ab_pipeline

    from consent import imaging
    from creator import studio as S

    scan_ms: list[float] = []
    real = S.Studio._scan_outputs

    def timed(*args, **kwargs):
        t = time.thread_time_ns()
        try:
            return real(*args, **kwargs)
        finally:
            scan_ms.append((time.thread_time_ns() - t) / 1e6)

    S.Studio._scan_outputs = timed
    one = ab_pipeline._pipeline_worker("gan_512_n4_enrolled")
    versions = {"before": _before_from_pil(), "after": imaging.from_pil}
    for v in versions.values():
        imaging.from_pil = v
        one()
    res: dict[str, list[dict]] = {"before": [], "after": []}
    load_before = os.getloadavg()
    for k in range(a.pairs):
        for name in ("before", "after") if k % 2 == 0 else ("after", "before"):
            imaging.from_pil = versions[name]
            scan_ms.clear()
            r = one()
            res[name].append({"scan": scan_ms[0], "governed": r["governed_cpu"], "bare": r["bare_cpu"]})
    imaging.from_pil = versions["after"]
    diff = [b["scan"] - f["scan"] for b, f in zip(res["before"], res["after"], strict=True)]
    gdiff = [b["governed"] - f["governed"] for b, f in zip(res["before"], res["after"], strict=True)]
    out = {
        "case": "gan_512_n4_enrolled", "pairs": a.pairs, "cpu": "thread CPU time, ms",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        **{name: {k: round(statistics.median(x[k] for x in rs), 2) for k in ("scan", "governed", "bare")}
           | {"ratio_cpu": round(statistics.median(x["governed"] / x["bare"] for x in rs), 3)}
           for name, rs in res.items()},
        "scan_saved_ms_paired_median": round(statistics.median(diff), 2),
        "scan_saved_ms_paired_quartiles": [round(q, 2) for q in statistics.quantiles(diff, n=4)],
        "scan_saved_pairs_positive": sum(d > 0 for d in diff),
        "governed_saved_ms_paired_median": round(statistics.median(gdiff), 2),
    }
    print(json.dumps(out, indent=1))
    (HERE / "results" / a.out).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

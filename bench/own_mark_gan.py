"""Measurement: does the studio's own disclosure (visible label + invisible mark) add face-like
regions to the packaged GAN's outputs (what users most often take into img2img)?

    HF_HUB_OFFLINE=1 .venv/bin/python bench/own_mark_gan.py [--outputs 120] [--keys 4]

Each output (512², seed = its index) is scanned before disclosure and after the label and the
mark (one of ``--keys`` random watermark keys, a fresh random payload each), with
``DEFAULT_SCAN`` (what an img2img source gets) and ``OUTPUT_SCAN``. Counted per profile: outputs
whose disclosed copy shows more regions than the bare one, and of those the ones with a region
covered by a flat patch (``occluded``: the "roughened bar" of tests/consent/test_own_mark_regions.py).
Written to bench/results/own_mark_gan.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
from pathlib import Path  # noqa: E402

from consent import likeness  # noqa: E402
from creator.disclosure.label import label_from_settings  # noqa: E402
from creator.disclosure.watermark import Watermarker, new_payload  # noqa: E402
from creator.engines.base import EngineCall  # noqa: E402
from creator.engines.gan import GanEngine  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "own_mark_gan.json"
PROFILES = {"DEFAULT_SCAN": likeness.DEFAULT_SCAN, "OUTPUT_SCAN": likeness.OUTPUT_SCAN}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--outputs", type=int, default=120)
    ap.add_argument("--keys", type=int, default=4)
    args = ap.parse_args()
    engine = GanEngine.builtin()
    settings = StudioSettings()
    marks = [Watermarker(secrets.token_bytes(32)) for _ in range(args.keys)]
    stats = {p: {"more_regions": [], "more_with_occluded": [], "fewer_regions": [], "regions_before": 0,
                 "regions_after": 0} for p in PROFILES}
    for i in range(args.outputs):
        (im,) = engine.generate(EngineCall(prompt="", negative_prompt="", width=512, height=512, steps=1, guidance=0.0,
                                           seed=i, num_images=1))
        labelled, _ = label_from_settings(im, settings, real_person_depicted=False)
        marked = marks[i % len(marks)].embed(labelled, new_payload())
        for name, opts in PROFILES.items():
            before = likeness.find_faces(likeness.load_canonical(im), options=opts).faces
            after = likeness.find_faces(likeness.load_canonical(marked), options=opts).faces
            s = stats[name]
            s["regions_before"] += len(before)
            s["regions_after"] += len(after)
            if len(after) > len(before):
                s["more_regions"].append(i)
                if any(f.occluded for f in after) and not any(f.occluded for f in before):
                    s["more_with_occluded"].append(i)
            elif len(after) < len(before):
                s["fewer_regions"].append(i)
        if (i + 1) % 20 == 0:
            print(i + 1, {n: (len(s["more_regions"]), len(s["more_with_occluded"])) for n, s in stats.items()}, flush=True)
    out = {"outputs": args.outputs, "keys": args.keys, "size": 512, "stats": stats}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

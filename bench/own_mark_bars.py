"""Measurement: does the studio's own-mark check (``scan_copy=Watermarker.unmark_array``) hide a face behind a bar?

    HF_HUB_OFFLINE=1 .venv/bin/python bench/own_mark_bars.py [--keys 2] [--amplitudes 0,4,8,12]

The studio checks a marked input's noisy patches against a copy with its own mark taken off
(docs/LIKENESS.md, "The studio's own mark"). An attacker who sends a studio output with a face
behind a bar wants that check to drop the bar. bench/noisy_bars.py's images (12 DCGAN faces
of seed 3 × 4 bar placements, a dark bar of value 20, every channel of every pixel moved by
seeded uniform noise of ±amplitude; ±0 is a flat bar) are marked with a random key and payload
in two orders: the bar painted on a marked picture (``mark, then bar``: the bar carries none of
the mark) and a barred picture marked (``bar, then mark``: the bar carries the mark, as an output
of a barred face would). Each is scanned with ``DEFAULT_SCAN`` as it is (the bare scan) and as
the studio scans it (``scan_copy=Watermarker(key).unmark_array``). Counted: images with a face
region left (``face`` or ``unverifiable``), of 48 per key, and copies ``unmark`` declined; a face
that the studio's scan misses and the bare scan finds is listed, and flagged when the same bar on
the picture never marked shows it too (the check then hides what no picture without the mark
hides: a hole it would have opened). Written to
bench/results/own_mark_bars.json (or ``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from noisy_bars import PLACEMENTS, _faces, barred  # noqa: E402

from consent.likeness import find_faces  # noqa: E402
from creator.disclosure.watermark import Watermarker  # noqa: E402


def _found(im: Image.Image, **kw) -> bool:
    return any(f.status in ("face", "unverifiable") for f in find_faces(im, **kw).faces)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=1)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--amplitudes", default="0,4,12")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "own_mark_bars.json"))
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    keys = [(bytes(rng.integers(0, 256, 32, dtype=np.uint8)), bytes(rng.integers(0, 256, 6, dtype=np.uint8)).hex())
            for _ in range(args.keys)]
    faces = _faces()
    n = len(faces) * len(PLACEMENTS)
    result: dict = {"images_per_case": n, "keys": args.keys, "seed": args.seed, "cases": {}}
    for amp in (int(v) for v in args.amplitudes.split(",")):
        # the same bar on the picture never marked (bench/noisy_bars.py's count)
        never = {(i, top, bottom): _found(barred(im, box, top, bottom, amp, "iid"))
                 for i, (im, box) in enumerate(faces) for top, bottom in PLACEMENTS}
        result["cases"][f"±{amp}, never marked"] = {"with_face_region": sum(never.values()), "of": n}
        print(f"±{amp}, never marked: face region {sum(never.values())} of {n}", flush=True)
        for order in ("mark, then bar", "bar, then mark"):
            as_sent = unmarked = declined = 0
            worse: list[str] = []
            new_holes: list[str] = []
            for k, (key, payload) in enumerate(keys):
                wm = Watermarker(key)
                for i, (im, box) in enumerate(faces):
                    for top, bottom in PLACEMENTS:
                        if order == "mark, then bar":
                            pic = barred(wm.embed(im, payload), box, top, bottom, amp, "iid")
                        else:
                            pic = wm.embed(barred(im, box, top, bottom, amp, "iid"), payload)
                        a = _found(pic)
                        declined += wm.unmark_array(np.asarray(pic)) is None
                        b = _found(pic, scan_copy=wm.unmark_array)
                        as_sent += a
                        unmarked += b
                        if a and not b:
                            worse.append(f"key {k} face {i} {int(top * 100)}-{int(bottom * 100)} %")
                            if never[(i, top, bottom)]:
                                new_holes.append(worse[-1])
            name = f"±{amp}, {order}"
            result["cases"][name] = {"with_face_region_as_sent": as_sent, "with_face_region_unmarked": unmarked,
                                     "of": n * len(keys), "unmark_declined": declined, "hidden_by_unmarking": worse,
                                     "hidden_by_unmarking_but_found_never_marked": new_holes}
            print(f"{name}: face region {as_sent} as sent, {unmarked} unmarked, of {n * len(keys)} "
                  f"(unmark declined {declined}); hidden by unmarking: {worse}, of which found on the picture "
                  f"never marked: {new_holes}", flush=True)
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps(result, indent=2) + "\n")  # after each case: a long run


if __name__ == "__main__":
    main()

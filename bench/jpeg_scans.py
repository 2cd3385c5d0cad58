"""JPEG scan bombs: what the scan count costs, and what counting it costs.

A progressive JPEG may repeat its scans; libjpeg walks every block of the picture for each,
so a file of thousands of tiny empty scans costs minutes of CPU within every byte and pixel
limit (tests/security/test_adversary14_jpeg_scans.py). ``consent.imaging`` counts the scans
from the markers before decoding and refuses more than ``MAX_JPEG_SCANS``. This times, in one
run and interleaved with the yardstick (an ordinary 12 MP quality-90 JPEG of noise decoded by
``consent.imaging.decode``):

- ``walk_*``: ``jpeg_scans`` on that 10 MB baseline file and on a progressive one (the cost
  the check adds to every JPEG input);
- ``at_limit``: ``decode`` of a 12 MP file of 1 DC + (MAX_JPEG_SCANS - 1) empty AC scans (the
  worst a file that passes can do with empty scans);
- ``bomb_refused``: ``decode`` of the ``--scans`` (default 23,300) bomb, refused.
  ``--bomb-decode`` also times Pillow's decode of that bomb (the cost before the fix; about a
  minute at the default).

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=.:tests/security:tests .venv/bin/python bench/jpeg_scans.py [--rounds 3]
Writes bench/results/jpeg_scans.json.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from pathlib import Path

import numpy as np
from PIL import Image

from consent.errors import ImageInvalid
from consent.imaging import MAX_JPEG_SCANS, decode, jpeg_scans
from test_adversary14_jpeg_scans import scan_bomb


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scans", type=int, default=23_300)
    ap.add_argument("--bomb-decode", action="store_true")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    photo = Image.fromarray(rng.integers(0, 255, (3000, 4000, 3), dtype=np.uint8))
    files = {}
    for name, kw in (("baseline", {}), ("progressive", {"progressive": True})):
        buf = io.BytesIO()
        photo.save(buf, "JPEG", quality=90, **kw)
        files[name] = buf.getvalue()
    at_limit = scan_bomb(4000, 3000, MAX_JPEG_SCANS - 1)
    bomb = scan_bomb(4000, 3000, a.scans)

    def refused():
        try:
            decode(bomb, field="bench")
        except ImageInvalid:
            return
        raise AssertionError("the bomb was decoded")

    cases = {
        "yardstick_decode_12mp_q90": lambda: decode(files["baseline"], field="bench"),
        "walk_baseline_12mp": lambda: jpeg_scans(files["baseline"]),
        "walk_progressive_12mp": lambda: jpeg_scans(files["progressive"]),
        "at_limit_decode_12mp": lambda: decode(at_limit, field="bench"),
        "bomb_refused": refused,
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    for r in range(a.rounds):
        for k in (list(cases) if r % 2 == 0 else list(reversed(cases))):
            times[k].append(_timed(cases[k]))
    out = {
        "bytes": {"baseline": len(files["baseline"]), "progressive": len(files["progressive"]),
                  "at_limit": len(at_limit), "bomb": len(bomb)},
        "scans": {"baseline": jpeg_scans(files["baseline"]), "progressive": jpeg_scans(files["progressive"]),
                  "at_limit": jpeg_scans(at_limit), "bomb": jpeg_scans(bomb)},
        "median_s": {k: round(statistics.median(v), 4) for k, v in times.items()},
        "all_s": {k: [round(x, 4) for x in v] for k, v in times.items()},
    }
    if a.bomb_decode:
        def pillow():
            with Image.open(io.BytesIO(bomb)) as im:
                im.load()
        out["bomb_pillow_decode_s"] = round(_timed(pillow), 2)
        out["yardstick_after_bomb_s"] = round(_timed(cases["yardstick_decode_12mp_q90"]), 4)
    Path("bench/results").mkdir(parents=True, exist_ok=True)
    Path("bench/results/jpeg_scans.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

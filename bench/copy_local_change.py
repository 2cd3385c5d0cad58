"""Held-out check of verify's region rule (``creator.verify.COPY_MAX_LOCAL_CHANGE``), on photos and
copies the threshold was not set on (it was set on five skimage photos × 17 whole-picture copies
and two face swaps; tests/creator/test_copy_local_change.py keeps those).

Held-out: nine other skimage photos (no person) and Grace Hopper's portrait, each copied nine ways
not used to set it (WebP q30, a median filter, a 3° turn, 0.8× scale, a screenshot border, JPEG q50
after a 0.7× resize, a warm colour cast, 'auto contrast', an 8-bit-per-channel palette); and, as
local edits, a patch of another photo pasted over 5 %, 8 % and 12 % of each picture at seeded
places. Prints and writes bench/results/copy_local_change.json: every copy's (resemblance, change),
how many whole-picture copies were called changed (false) and local edits not (missed).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/copy_local_change.py
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from creator.verify import COPY_MAX_LOCAL_CHANGE, COPY_MIN_DETAIL, COPY_MIN_RESEMBLANCE, resemblance  # noqa: E402

PHOTOS = ("immunohistochemistry", "clock", "hubble_deep_field", "page", "text", "brick", "grass",
          "gravel", "coins")


def _photos() -> dict[str, Image.Image]:
    from skimage import data
    import matplotlib.cbook as cbook

    out = {}
    for name in PHOTOS:
        a = getattr(data, name)()
        out[name] = Image.fromarray(a).convert("RGB").resize((512, 512), Image.BICUBIC)
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        out["grace_hopper"] = Image.open(f).convert("RGB").resize((512, 600), Image.BICUBIC)
    return out


def _enc(im: Image.Image, fmt: str, **kw) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return Image.open(buf).convert("RGB")


def _turn(im: Image.Image, deg: float) -> Image.Image:
    return im.rotate(deg, resample=Image.BICUBIC, expand=False, fillcolor=(128, 128, 128))


def _border(im: Image.Image) -> Image.Image:
    out = Image.new("RGB", (im.width + 120, im.height + 90), (240, 240, 240))
    out.paste(im, (60, 60))
    return out


COPIES = {  # name -> (make, scale, angle as the watermark would be read)
    "webp-q30": (lambda im: _enc(im, "WEBP", quality=30), 1.0, 0.0),
    "median-5": (lambda im: im.filter(ImageFilter.MedianFilter(5)), 1.0, 0.0),
    "turned-3deg": (lambda im: _turn(im, 3.0), 1.0, 3.0),
    "scaled-0.8": (lambda im: im.resize((round(im.width * 0.8), round(im.height * 0.8)), Image.LANCZOS), 0.8, 0.0),
    "screenshot-border": (_border, 1.0, 0.0),
    "0.7x-then-jpeg-q50": (lambda im: _enc(im.resize((round(im.width * 0.7), round(im.height * 0.7))), "JPEG", quality=50), 0.7, 0.0),
    "warm-cast": (lambda im: Image.merge("RGB", [c.point(lambda v, k=k: min(255, int(v * k))) for c, k in
                                                 zip(im.split(), (1.15, 1.0, 0.8))]), 1.0, 0.0),
    "autocontrast": (lambda im: ImageOps.autocontrast(im, cutoff=2), 1.0, 0.0),
    "palette-256": (lambda im: im.quantize(256).convert("RGB"), 1.0, 0.0),
}


def main() -> None:
    photos = _photos()
    rng = np.random.default_rng(31)
    rows, false_changed, missed = [], 0, 0
    names = list(photos)
    for name, im in photos.items():
        o = np.asarray(im)
        for copy_name, (make, scale, angle) in COPIES.items():
            score, change, detail = resemblance(np.asarray(make(im)), o, scale, angle, changed=True)
            bad = score >= COPY_MIN_RESEMBLANCE and (change > COPY_MAX_LOCAL_CHANGE or detail < COPY_MIN_DETAIL)
            false_changed += bad
            rows.append({"photo": name, "copy": copy_name, "resemblance": round(score, 3), "change": round(change, 3),
                         "detail": round(detail, 3), "called_changed": bool(bad)})
        for share in (0.05, 0.08, 0.12):
            donor = photos[names[(names.index(name) + 1 + int(rng.integers(len(names) - 1))) % len(names)]]
            side = int((share * im.width * im.height) ** 0.5)
            x, y = int(rng.integers(0, im.width - side)), int(rng.integers(0, im.height - side))
            dx, dy = int(rng.integers(0, donor.width - side)), int(rng.integers(0, donor.height - side))
            edited = im.copy()
            edited.paste(donor.crop((dx, dy, dx + side, dy + side)), (x, y))
            score, change, detail = resemblance(np.asarray(edited), o, 1.0, 0.0, changed=True)
            vouched = score >= COPY_MIN_RESEMBLANCE and change <= COPY_MAX_LOCAL_CHANGE and detail >= COPY_MIN_DETAIL
            missed += vouched
            rows.append({"photo": name, "copy": f"patch-{share:.0%}", "resemblance": round(score, 3),
                         "change": round(change, 3), "detail": round(detail, 3), "vouched": bool(vouched)})
    result = {"threshold": COPY_MAX_LOCAL_CHANGE, "min_detail": COPY_MIN_DETAIL, "whole_picture_copies": len(photos) * len(COPIES),
              "called_changed": false_changed, "local_edits": len(photos) * 3, "vouched_for": missed, "rows": rows}
    out = ROOT / "bench" / "results" / "copy_local_change.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"whole-picture copies called changed: {false_changed}/{result['whole_picture_copies']}; "
          f"local edits vouched for: {missed}/{result['local_edits']}  (wrote {out.relative_to(ROOT)})")
    for r in rows:
        if r.get("called_changed") or r.get("vouched"):
            print("  ", r)


if __name__ == "__main__":
    main()

"""Ordinary copies under verify's face put-in rules (``creator.verify.resemblance(..., faces=True)``
with the original's pixels: the coarse pass and :func:`creator.verify._faces_in_copy`, the pass at the
original's resolution over all of the copy's frame, red team 34): none may be refused for a face.

Originals: bench/copy_local_change.py's ten photos (Grace Hopper's portrait among them), skimage's
astronaut and cameraman, a 512² collage of 16 LFW faces at 56-80 px on the astronaut (many small
faces, the case a full-resolution pass could misread), and, with ``--archives``,
bench/copy_heldout2.py's 12 OpenCV photos (lena, messi5 ...). Copies: both benches' whole-picture
copies (19 kinds: re-encodes, resizes, crops, turns, a screenshot border, colour changes), and
three upscaled ones (1.25-2×, :data:`UPSCALED`, counted apart).
Also records the cosine of every face the copy shows where the original shows one
(:func:`creator.verify._faces_swapped`, threshold ``COPY_MIN_SAME_FACE``). Prints counts and writes ``bench/results/copy_faces_full.json`` (every copy's faces found).

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/copy_faces_full.py [--archives DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import creator.verify as _v  # noqa: E402
from creator.verify import resemblance  # noqa: E402

_COSINES: list = []
_identity_cosines = _v._identity_cosines


def _recorded(*a, **k):  # every same-place face pair's cosine (:func:`creator.verify._faces_swapped`)
    out = _identity_cosines(*a, **k)
    _COSINES.extend((min(box[2], box[3]), c, a) for box, c, a in out)
    return out


_v._identity_cosines = _recorded


def _up(a: np.ndarray, by: float, how: int, q: int | None = None) -> np.ndarray:
    im = Image.fromarray(a).resize((round(a.shape[1] * by), round(a.shape[0] * by)), how)
    if q is not None:
        import io

        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=q)
        im = Image.open(buf).convert("RGB")
    return np.asarray(im)


#: Upscaled copies (an "enhance" or resize to a larger size; red team 36b: ``_faces_in_copy``
#: detects at such a copy's own resolution), counted apart from the 19 kinds above.
UPSCALED = {
    "up-1.5x-lanczos": (lambda a: _up(a, 1.5, Image.LANCZOS), 1.5, 0.0),
    "up-2x-bicubic": (lambda a: _up(a, 2.0, Image.BICUBIC), 2.0, 0.0),
    "up-1.25x-jpeg-q80": (lambda a: _up(a, 1.25, Image.BILINEAR, 80), 1.25, 0.0),
}


def _collage() -> np.ndarray:
    from skimage import data

    base = np.asarray(Image.fromarray(data.astronaut()).resize((512, 512))).copy()
    faces = data.lfw_subset()[:16]
    rng = np.random.default_rng(34)
    for i, f in enumerate(faces):
        side = int(rng.integers(56, 81))
        g = np.asarray(Image.fromarray((f * 255).astype(np.uint8)).resize((side, side), Image.BICUBIC))
        x, y = 8 + (i % 4) * 126, 8 + (i // 4) * 126
        base[y:y + side, x:x + side] = g[..., None]
    return base


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archives", type=Path)
    args = ap.parse_args()
    import copy_local_change as clc
    from skimage import data

    originals = {k: np.asarray(v) for k, v in clc._photos().items()}
    originals["astronaut"] = np.asarray(data.astronaut())
    originals["camera"] = np.asarray(Image.fromarray(data.camera()).convert("RGB"))
    originals["lfw-collage"] = _collage()
    copies = {k: (lambda a, mk=mk: np.asarray(mk(Image.fromarray(a))), s, t) for k, (mk, s, t) in clc.COPIES.items()}
    try:
        import copy_heldout2 as ch
        copies.update({"cv-" + k: v for k, v in ch.COPIES.items()})
        if args.archives:
            photos = ch._read_archive(args.archives / ch.ARCHIVE)
            originals.update({"cv-" + n: ch._fit(photos[n]) for n in ch.PHOTOS if n in photos})
    except ImportError:
        pass
    base = len(copies)
    copies.update(UPSCALED)
    rows, refused, refused_up = [], 0, 0
    for name, o in originals.items():
        for cname, (make, scale, angle) in copies.items():
            c = make(o)
            _COSINES.clear()
            score, change, detail, put_in = resemblance(c, o, scale, angle, changed=True, faces=True, original_pixels=o)
            rows.append({"original": name, "copy": cname, "resemblance": round(float(score), 3), "faces_put_in": put_in,
                         "same_face_cosines": [round(c, 3) for _s, c, _a in _COSINES],
                         "same_face_agreement": [round(a, 4) for _s, _c, a in _COSINES]})
            refused += bool(put_in)
            refused_up += bool(put_in) and cname in UPSCALED
            if put_in:
                print("  refused:", name, cname, put_in)
    out = ROOT / "bench" / "results" / "copy_faces_full.json"
    cos = [c for r in rows for c in r["same_face_cosines"]]
    low = min(cos) if cos else None
    n_up = len(originals) * (len(copies) - base)
    out.write_text(json.dumps({"copies": len(rows), "refused_for_a_face": refused, "upscaled_copies": n_up,
                               "upscaled_refused_for_a_face": refused_up, "same_face_pairs": len(cos),
                               "same_face_min_cosine": low, "rows": rows}, indent=1))
    print(f"{len(rows)} ordinary copies ({n_up} of them upscaled); refused for a face: {refused} ({refused_up} "
          f"upscaled); same-place faces compared: {len(cos)}, "
          f"least cosine {low}  (wrote {out.relative_to(ROOT)})")
    for r in sorted(rows, key=lambda r: min(r["same_face_cosines"] or [9]))[:5]:
        print("  ", r["original"], r["copy"], r["same_face_cosines"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

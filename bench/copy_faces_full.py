"""Ordinary copies under verify's face put-in rules (``creator.verify.resemblance(..., faces=True)``
with the original's pixels: the coarse pass and :func:`creator.verify._faces_in_copy`, the pass at the
original's resolution over all of the copy's frame, red team 34): none may be refused for a face.

Originals: bench/copy_local_change.py's ten photos (Grace Hopper's portrait among them), skimage's
astronaut and cameraman, a 512² collage of 16 LFW faces at 56-80 px on the astronaut (many small
faces, the case a full-resolution pass could misread), and, with ``--archives``,
bench/copy_heldout2.py's 12 OpenCV photos (lena, messi5 ...). Copies: both benches' whole-picture
copies (19 kinds: re-encodes, resizes, crops, turns, a screenshot border, colour changes), and
three upscaled ones (1.25-2×, :data:`UPSCALED`, counted apart). Red team 36b's additions: four
originals with faces under 72 px (16 LFW faces at 36-56 px; the astronaut at 0.5-0.7× on a blurred
backdrop, her face 46-64 px), whose faces :func:`creator.verify._faces_in_copy` compares at full
resolution (cosines recorded, ``COPY_MIN_SMALL_SAME_FACE``; ``--all-places``: every place compared,
none skipped for agreeing with the original), and the attack on them: Grace Hopper's face laid
over each such face (1-1.5×, opacity 0.4-1.0, PNG and JPEG q85), refused or vouched.
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
_SMALL: list = []
_small_face_cosine = _v._small_face_cosine


def _small_recorded(original, original_pixels, box, g, row, *a):  # :func:`creator.verify._small_face_cosine`
    c = _small_face_cosine(original, original_pixels, box, g, row, *a)
    if c is not None:
        _SMALL.append((round(min(box[2] - box[0], box[3] - box[1]), 1), c))
    return c


_v._small_face_cosine = _small_recorded


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


def _small_collage() -> np.ndarray:
    """16 other LFW faces at 36-56 px on the astronaut (faces a copy check compares at full resolution)."""
    from skimage import data

    base = np.asarray(Image.fromarray(data.astronaut()).resize((512, 512))).copy()
    faces = data.lfw_subset()[16:32]
    rng = np.random.default_rng(36)
    for i, f in enumerate(faces):
        side = int(rng.integers(36, 57))
        g = np.asarray(Image.fromarray((f * 255).astype(np.uint8)).resize((side, side), Image.BICUBIC))
        x, y = 30 + (i % 4) * 126, 30 + (i // 4) * 126
        base[y:y + side, x:x + side] = g[..., None]
    return base


def _small_astronaut(by: float) -> np.ndarray:
    """The astronaut at ``by``× in the top right corner of a blurred copy of itself (512²): her
    face 46-64 px (tests/security/test_adversary36b_copy_faces.py's output at 0.7×)."""
    import cv2
    from skimage import data

    a = data.astronaut()
    back = cv2.GaussianBlur(a.astype(np.float32), (0, 0), 12).astype(np.uint8)
    side = round(512 * by)
    back[:side, 512 - side:] = np.asarray(Image.fromarray(a).resize((side, side), Image.LANCZOS))
    return back


def _laid_over(a: np.ndarray, face: np.ndarray, centre: tuple[int, int], side: int, opacity: float) -> np.ndarray:
    """``face`` (an RGB crop) ``side`` px wide as a feathered oval layer at ``opacity`` (the red
    team's attack, tests/security/test_adversary36b_copy_faces.py)."""
    import cv2

    src = cv2.resize(face, (side, round(side * face.shape[0] / face.shape[1])), interpolation=cv2.INTER_AREA)
    mask = np.zeros(src.shape[:2], np.uint8)
    cv2.ellipse(mask, (src.shape[1] // 2, src.shape[0] // 2), (src.shape[1] // 2 - 2, src.shape[0] // 2 - 2),
                0, 0, 360, 255, -1)
    m = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), max(1.0, side / 20))[..., None] * opacity
    out = a.copy()
    hh, ww = src.shape[:2]
    x0, y0 = max(0, centre[0] - ww // 2), max(0, centre[1] - hh // 2)
    hh, ww = min(hh, out.shape[0] - y0), min(ww, out.shape[1] - x0)
    region = out[y0:y0 + hh, x0:x0 + ww].astype(np.float32)
    out[y0:y0 + hh, x0:x0 + ww] = (region * (1 - m[:hh, :ww]) + src[:hh, :ww].astype(np.float32) * m[:hh, :ww]).astype(np.uint8)
    return out


def _faces_of(a: np.ndarray) -> list:
    import cv2

    from consent.likeness import DETECT_SCORE, grey_faces

    return [b for b in grey_faces(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)) if b[4] >= DETECT_SCORE]


def _attacks(originals: dict) -> list:
    """Grace Hopper's face laid over each face under 72 px of the small-face originals (opacity
    0.4-1.0, 1-1.5× the face), saved as PNG and as JPEG q85: refused or not, and the cosine."""
    import io

    import matplotlib.cbook as cbook

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        her = np.asarray(Image.open(fh).convert("RGB"))
    (hb,) = _faces_of(her)[:1]
    cx, cy, w, h = hb[0] + hb[2] / 2, hb[1] + hb[3] / 2, hb[2] * 1.4, hb[3] * 1.4
    face = her[max(0, int(cy - h / 2)):int(cy + h / 2), max(0, int(cx - w / 2)):int(cx + w / 2)]
    out = []
    for name, o in originals.items():
        for b in [b for b in _faces_of(o) if min(b[2], b[3]) < 72][:4]:
            for size in (1.0, 1.2, 1.5):
                for opacity in (0.4, 0.6, 0.8, 1.0):
                    copy = _laid_over(o, face, (int(b[0] + b[2] / 2), int(b[1] + b[3] / 2)), int(b[2] * size), opacity)
                    for enc in ("png", "jpeg-q85"):
                        c = copy
                        if enc != "png":
                            buf = io.BytesIO()
                            Image.fromarray(copy).save(buf, "JPEG", quality=85)
                            c = np.asarray(Image.open(buf).convert("RGB"))
                        _SMALL.clear()
                        _COSINES.clear()
                        score, change, detail, put_in = resemblance(c, o, 1.0, 0.0, changed=True, faces=True,
                                                                    original_pixels=o)
                        vouched = score >= _v.COPY_MIN_RESEMBLANCE and change <= _v.COPY_MAX_LOCAL_CHANGE and \
                            detail >= _v.COPY_MIN_DETAIL and not put_in
                        out.append({"original": name, "face": [round(v) for v in b[:4]], "size": size,
                                    "opacity": opacity, "encoding": enc, "vouched": bool(vouched),
                                    "small_cosines": [round(c, 3) for _s, c in _SMALL],
                                    "coarse_cosines": [round(c, 3) for _s, c, _a in _COSINES],
                                    "change": round(float(change), 3), "detail": round(float(detail), 3)})
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archives", type=Path)
    ap.add_argument("--all-places", action="store_true",
                    help="compare every face place by identity (no skip for places that agree: the cosines' spread)")
    args = ap.parse_args()
    if args.all_places:
        _v._SAME_FACE_CHECK_BELOW = 1.01
    import copy_local_change as clc
    from skimage import data

    originals = {k: np.asarray(v) for k, v in clc._photos().items()}
    originals["astronaut"] = np.asarray(data.astronaut())
    originals["camera"] = np.asarray(Image.fromarray(data.camera()).convert("RGB"))
    originals["lfw-collage"] = _collage()
    small = {"lfw-collage-small": _small_collage(), **{f"astronaut-{by}x": _small_astronaut(by) for by in (0.5, 0.6, 0.7)}}
    originals.update(small)
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
            _SMALL.clear()
            score, change, detail, put_in = resemblance(c, o, scale, angle, changed=True, faces=True, original_pixels=o)
            rows.append({"original": name, "copy": cname, "resemblance": round(float(score), 3), "faces_put_in": put_in,
                         "small_face_cosines": [(s, round(c, 3)) for s, c in _SMALL],
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
    n_small = len(small) * len(copies)
    small_cos = sorted(((c, s, r["original"], r["copy"]) for r in rows for s, c in r["small_face_cosines"]))
    attacks = _attacks(small)
    held = [a for a in attacks if not a["vouched"]]
    attack_cos = sorted(c for a in attacks for c in a["small_cosines"])
    out.write_text(json.dumps({"copies": len(rows), "refused_for_a_face": refused, "upscaled_copies": n_up,
                               "upscaled_refused_for_a_face": refused_up, "same_face_pairs": len(cos),
                               "same_face_min_cosine": low, "small_face_pairs": len(small_cos),
                               "small_face_min_cosine": small_cos[0][0] if small_cos else None,
                               "small_face_lowest": small_cos[:10], "all_places": args.all_places,
                               "attacks": len(attacks), "attacks_refused": len(held),
                               "attack_small_cosines_max": attack_cos[-1] if attack_cos else None,
                               "attack_rows": attacks, "rows": rows}, indent=1))
    print(f"copies of small-face originals: {n_small}; full-resolution face pairs compared: {len(small_cos)}, "
          f"least cosine {small_cos[0][0] if small_cos else None}; lowest: {small_cos[:6]}")
    print(f"attacks (a stranger over a face under 72 px): {len(attacks)}, refused {len(held)}; full-resolution "
          f"cosines {attack_cos[:1]}..{attack_cos[-1:]}; vouched: "
          f"{[(a['original'], a['size'], a['opacity'], a['encoding']) for a in attacks if a['vouched']][:12]}")
    print(f"{len(rows)} ordinary copies ({n_up} of them upscaled); refused for a face: {refused} ({refused_up} "
          f"upscaled); same-place faces compared: {len(cos)}, "
          f"least cosine {low}  (wrote {out.relative_to(ROOT)})")
    for r in sorted(rows, key=lambda r: min(r["same_face_cosines"] or [9]))[:5]:
        print("  ", r["original"], r["copy"], r["same_face_cosines"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
